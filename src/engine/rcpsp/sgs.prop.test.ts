import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Instance } from './instance.js';
import { SgsKernel, forwardBackward, justifyLeft, justifyRight, listByPriority, priorityOrder, serialSgs } from './sgs.js';
import { naiveCheck, leftShiftable, rightShiftable } from '../../../test/rcpsp/naive-check.js';
import { arbitraryInstance } from '../../../test/rcpsp/arbitrary.js';

/** A random precedence-feasible activity list from random priorities. */
const withOrder = (inst: Instance, keys: number[]): Int32Array => listByPriority(inst, Float64Array.from({ length: inst.n }, (_, j) => keys[j % keys.length]));

const general = fc.tuple(arbitraryInstance({ pauses: true, fixed: true, fractional: true }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }));
const plain = fc.tuple(arbitraryInstance({ maxN: 12 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }));

describe('serial SGS properties', () => {
  it('gives a feasible schedule where no activity could start earlier on its own', () => {
    fc.assert(
      fc.property(general, ([inst, keys]) => {
        const sol = serialSgs(inst, withOrder(inst, keys));
        expect(naiveCheck(inst, sol)).toEqual([]);
        expect(leftShiftable(inst, sol)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives feasible schedules for every priority rule', () => {
    fc.assert(
      fc.property(general, fc.constantFrom('lft', 'lst', 'mts', 'grpw' as const), ([inst], rule) => {
        expect(naiveCheck(inst, serialSgs(inst, priorityOrder(inst, rule)))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parallel SGS properties (SgsKernel.decodeParallel)', () => {
  const noPauses = fc.tuple(arbitraryInstance({ fractional: true }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }));

  it('gives a feasible, active schedule that the serial SGS reproduces from its start order', () => {
    fc.assert(
      fc.property(noPauses, ([inst, keys]) => {
        const kernel = new SgsKernel(inst);
        const order = withOrder(inst, keys);
        const mk = kernel.decodeParallel(order);
        const sol = kernel.solution(mk);
        expect(naiveCheck(inst, sol)).toEqual([]);
        expect(leftShiftable(inst, sol)).toEqual([]);
        // A non-delay schedule is active: the serial SGS of its start order gives it back.
        expect(Array.from(serialSgs(inst, sortedByStart(inst, sol.start)).start)).toEqual(Array.from(sol.start));
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to the serial SGS on instances with pauses or pinned starts', () => {
    fc.assert(
      fc.property(general, ([inst, keys]) => {
        const order = withOrder(inst, keys);
        const kernel = new SgsKernel(inst);
        const sol = kernel.solution(kernel.decodeParallel(order));
        expect(naiveCheck(inst, sol)).toEqual([]);
        if (inst.pauses || (inst.fixedStart && inst.fixedStart.some((s) => s >= 0))) expect(Array.from(sol.start)).toEqual(Array.from(serialSgs(inst, order).start));
      }),
      { numRuns: 150 },
    );
  });
});

/** Activities by start (ties by a topological order): a precedence-feasible list for a feasible schedule. */
function sortedByStart(inst: Instance, start: Int32Array): Int32Array {
  const topo = priorityOrder(inst, 'lft');
  const rank = new Int32Array(inst.n);
  topo.forEach((j, i) => (rank[j] = i));
  return Int32Array.from(Array.from(topo).sort((a, b) => start[a] - start[b] || rank[a] - rank[b]));
}

describe('justification properties', () => {
  it('justifyRight is feasible, right-active, never moves anything earlier nor the makespan later', () => {
    fc.assert(
      fc.property(general, ([inst, keys]) => {
        const sol = serialSgs(inst, withOrder(inst, keys));
        const right = justifyRight(inst, sol);
        expect(naiveCheck(inst, right)).toEqual([]);
        expect(rightShiftable(inst, right)).toEqual([]);
        for (let j = 0; j < inst.n; j++) expect(right.start[j]).toBeGreaterThanOrEqual(sol.start[j]);
        expect(right.makespan).toBeLessThanOrEqual(sol.makespan);
      }),
      { numRuns: 300 },
    );
  });

  it('justifyLeft after justifyRight never moves anything later than the right schedule', () => {
    fc.assert(
      fc.property(general, ([inst, keys]) => {
        const right = justifyRight(inst, serialSgs(inst, withOrder(inst, keys)));
        const left = justifyLeft(inst, right);
        expect(naiveCheck(inst, left)).toEqual([]);
        for (let j = 0; j < inst.n; j++) expect(left.start[j]).toBeLessThanOrEqual(right.start[j]);
      }),
      { numRuns: 200 },
    );
  });

  it('forward-backward improvement never worsens the makespan', () => {
    fc.assert(
      fc.property(plain, ([inst, keys]) => {
        const sol = serialSgs(inst, withOrder(inst, keys));
        const { solution } = forwardBackward(inst, sol);
        expect(naiveCheck(inst, solution)).toEqual([]);
        expect(solution.makespan).toBeLessThanOrEqual(sol.makespan);
      }),
      { numRuns: 200 },
    );
  });

  it('a kernel reused across many decodes matches fresh kernels', () => {
    fc.assert(
      fc.property(general, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), ([inst, k1], k2) => {
        const kernel = new SgsKernel(inst);
        const o1 = withOrder(inst, k1);
        const o2 = withOrder(inst, k2);
        kernel.decode(o1);
        kernel.justifyRight(kernel.start.slice(), kernel.finish.slice());
        kernel.decode(o2);
        expect(Array.from(kernel.start)).toEqual(Array.from(serialSgs(inst, o2).start));
      }),
      { numRuns: 100 },
    );
  });
});

describe('justification with other tie orders (SgsKernel.setTies)', () => {
  it('stays feasible and monotone for any topological tie order', () => {
    fc.assert(
      fc.property(general, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), ([inst, keys], tieKeys) => {
        const sol = serialSgs(inst, withOrder(inst, keys));
        const kernel = new SgsKernel(inst);
        kernel.setTies(withOrder(inst, tieKeys));
        const mk = kernel.justifyRight(sol.start, sol.finish, sol.makespan);
        const right = kernel.solution(mk);
        expect(naiveCheck(inst, right)).toEqual([]);
        expect(mk).toBeLessThanOrEqual(sol.makespan);
        for (let j = 0; j < inst.n; j++) expect(right.start[j]).toBeGreaterThanOrEqual(sol.start[j]);
        const left = kernel.solution(kernel.justifyLeft(right.start));
        expect(naiveCheck(inst, left)).toEqual([]);
        for (let j = 0; j < inst.n; j++) expect(left.start[j]).toBeLessThanOrEqual(right.start[j]);
        // Restoring the default order gives the same result as a fresh kernel.
        kernel.setTies(null);
        const again = kernel.solution(kernel.justifyRight(sol.start, sol.finish, sol.makespan));
        expect(Array.from(again.start)).toEqual(Array.from(justifyRight(inst, sol).start));
      }),
      { numRuns: 200 },
    );
  });
});
