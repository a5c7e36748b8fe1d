import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInstance } from './build-instance.js';
import { mirrorInstance, windowProblem } from './window.js';
import { SgsKernel, priorityOrder, serialSgs } from './sgs.js';
import { searchSchedule } from './search.js';
import { naiveCheck } from '../../../test/rcpsp/naive-check.js';
import { arbitraryInstance } from '../../../test/rcpsp/arbitrary.js';

/** 0 -> 2, 1 -> 2 -> 3, 1 -> 4; one resource of 2 units. */
const small = buildInstance(
  [
    { duration: 2, demands: [[0, 1]] },
    { duration: 3, demands: [[0, 2]] },
    { duration: 1, preds: [0, [1, 1]], demands: [[0, 1]] },
    { duration: 2, preds: [2], demands: [[0, 2]] },
    { duration: 2, preds: [1], demands: [[0, 1]] },
  ],
  [2],
);

describe('windowProblem', () => {
  it('pins the head, frees the window, drops the tail and keeps the edges among kept activities', () => {
    const list = Int32Array.from([0, 1, 2, 4, 3]);
    const sol = serialSgs(small, list);
    const { sub, ids } = windowProblem(small, list, sol.start, 2, 2);
    expect(Array.from(ids)).toEqual([0, 1, 2, 4]);
    expect(Array.from(sub.fixedStart!)).toEqual([sol.start[0], sol.start[1], -1, -1]);
    // Activity 2 (local 2) keeps its predecessors 0 and 1 (lag 1); activity 3 is gone, so 2 has no successor.
    expect(Array.from(sub.predIdx.subarray(sub.predStart[2], sub.predStart[3]))).toEqual([0, 1]);
    expect(Array.from(sub.predLag.subarray(sub.predStart[2], sub.predStart[3]))).toEqual([0, 1]);
    expect(sub.succStart[3] - sub.succStart[2]).toBe(0);
    expect(Array.from(sub.duration)).toEqual([2, 3, 1, 2]);
  });

  it('a sub-problem solution spliced back into the list decodes to a feasible schedule no longer than the window', () => {
    fc.assert(
      fc.property(arbitraryInstance({ maxN: 12 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 1000 }), (raw, a, b, seed) => {
        const inst = { ...raw, release: new Int32Array(raw.n) };
        const n = inst.n;
        const list = priorityOrder(inst, 'lft');
        const sol = serialSgs(inst, list);
        const size = 1 + (a % n);
        const from = b % (n - size + 1);
        const { sub, ids } = windowProblem(inst, list, sol.start, from, size);
        const subSol = searchSchedule(sub, { schedules: 30, seed }).solution;
        expect(naiveCheck(sub, subSol)).toEqual([]);
        // The pinned head stays where it was.
        for (let i = 0; i < from; i++) expect(subSol.start[i]).toBe(sol.start[ids[i]]);
        // Splice: head, window by sub-problem start (ties in list order), tail; the list stays precedence-feasible.
        const window = Array.from({ length: size }, (_, k) => from + k).sort((x, y) => subSol.start[x] - subSol.start[y] || x - y);
        const spliced = list.slice();
        window.forEach((i, k) => (spliced[from + k] = ids[i]));
        const kernel = new SgsKernel(inst);
        kernel.decode(spliced);
        const out = kernel.solution();
        expect(naiveCheck(inst, out)).toEqual([]);
        // The head decodes where it was pinned; no window activity starts later than in the sub-problem's schedule.
        for (let i = 0; i < from; i++) expect(out.start[ids[i]]).toBe(subSol.start[i]);
        for (let i = from; i < from + size; i++) expect(out.start[ids[i]]).toBeLessThanOrEqual(subSol.start[i]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('mirrorInstance', () => {
  it('reverses time: a mirrored schedule read backwards is feasible for the original', () => {
    fc.assert(
      fc.property(arbitraryInstance({ maxN: 12, fractional: true }), (raw) => {
        const inst = { ...raw, release: new Int32Array(raw.n) };
        const mirror = mirrorInstance(inst);
        const m = serialSgs(mirror, priorityOrder(mirror, 'lft'));
        const start = Int32Array.from(m.finish, (f) => m.makespan - f);
        const finish = Int32Array.from(m.start, (s) => m.makespan - s);
        expect(naiveCheck(inst, { start, finish, makespan: m.makespan })).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
