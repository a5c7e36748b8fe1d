import { describe, expect, it } from 'vitest';
import { buildInstance, type ActivitySpec } from './build-instance.js';
import { SgsKernel, forwardBackward, justifyLeft, justifyRight, priorityOrder, serialSgs } from './sgs.js';
import { naiveCheck, leftShiftable, rightShiftable } from '../../../test/rcpsp/naive-check.js';

const ids = (a: Int32Array): number[] => Array.from(a);

describe('serialSgs', () => {
  it('queues activities on a unit resource in list order', () => {
    const inst = buildInstance(
      [
        { duration: 2, demands: [[0, 1]] },
        { duration: 3, demands: [[0, 1]] },
        { duration: 1, demands: [[0, 1]] },
      ],
      [1],
    );
    const sol = serialSgs(inst, Int32Array.from([2, 0, 1]));
    expect(ids(sol.start)).toEqual([1, 3, 0]);
    expect(ids(sol.finish)).toEqual([3, 6, 1]);
    expect(sol.makespan).toBe(6);
  });

  it('honours lags, releases and a predecessor chain', () => {
    const inst = buildInstance([{ duration: 2 }, { duration: 1, preds: [[0, 3]] }, { duration: 1, release: 9 }], []);
    const sol = serialSgs(inst, Int32Array.from([0, 1, 2]));
    expect(ids(sol.start)).toEqual([0, 5, 9]);
    expect(sol.makespan).toBe(10);
  });

  it('fills a gap left of a busy stretch when the activity fits there (serial SGS is not a queue)', () => {
    const inst = buildInstance(
      [
        { duration: 2, demands: [[0, 2]] },
        { duration: 4, demands: [[0, 1]], release: 3 },
        { duration: 2, demands: [[0, 1]] },
      ],
      [2],
    );
    const sol = serialSgs(inst, Int32Array.from([1, 0, 2]));
    expect(ids(sol.start)).toEqual([0, 3, 2]);
  });

  it('works around pauses: no start inside a pause, no work during one', () => {
    const inst = buildInstance(
      [
        { duration: 2, demands: [[0, 1]] },
        { duration: 3, demands: [[0, 1]], pauses: [2, 4, 5, 6] },
      ],
      [1],
    );
    const sol = serialSgs(inst, Int32Array.from([0, 1]));
    // Slot 2-3 paused, so it starts at 4, works 4, pauses at 5, works 6 and 7.
    expect(ids(sol.start)).toEqual([0, 4]);
    expect(ids(sol.finish)).toEqual([2, 8]);
    expect(naiveCheck(inst, sol)).toEqual([]);
  });

  it('places pinned activities first, even over capacity, and never moves them', () => {
    const inst = buildInstance(
      [
        { duration: 3, demands: [[0, 1]], fixedStart: 1 },
        { duration: 2, demands: [[0, 1]], fixedStart: 2 },
        { duration: 2, demands: [[0, 1]] },
        { duration: 1, preds: [1] },
      ],
      [1],
    );
    const sol = serialSgs(inst, Int32Array.from([2, 3, 0, 1]));
    expect(ids(sol.start)).toEqual([1, 2, 4, 4]);
    expect(naiveCheck(inst, sol)).toEqual([]);
  });

  it('handles fractional units and a demand above capacity (it takes the whole resource)', () => {
    const inst = buildInstance(
      [
        { duration: 2, demands: [[0, 0.5]] },
        { duration: 2, demands: [[0, 0.5]] },
        { duration: 2, demands: [[0, 0.25]] },
        { duration: 1, demands: [[0, 3]] },
      ],
      [1],
    );
    const sol = serialSgs(inst, Int32Array.from([0, 1, 2, 3]));
    expect(ids(sol.start)).toEqual([0, 0, 2, 4]);
    expect(naiveCheck(inst, sol)).toEqual([]);
  });

  it('jumps over a long saturated stretch (thousands of slots) correctly', () => {
    const acts: ActivitySpec[] = Array.from({ length: 3000 }, () => ({ duration: 3, demands: [[0, 1]] }));
    acts.push({ duration: 2, demands: [[0, 1], [1, 1]] });
    const inst = buildInstance(acts, [1, 1]);
    const sol = serialSgs(inst, Int32Array.from({ length: 3001 }, (_, i) => i));
    expect(sol.start[3000]).toBe(9000);
    expect(sol.makespan).toBe(9002);
  });

  it('throws on a list that is not precedence-feasible (a caller bug)', () => {
    const inst = buildInstance([{ duration: 1 }, { duration: 1, preds: [0] }], []);
    expect(() => serialSgs(inst, Int32Array.from([1, 0]))).toThrow(/precedence/);
  });

  it('returns an empty schedule for an empty instance', () => {
    const sol = serialSgs(buildInstance([], [1]), new Int32Array(0));
    expect(sol.makespan).toBe(0);
  });
});

describe('priorityOrder', () => {
  const inst = buildInstance(
    [
      { duration: 1 },
      { duration: 5, preds: [0] },
      { duration: 1, preds: [0] },
      { duration: 1, preds: [2] },
      { duration: 1, preds: [3] },
      { duration: 1, preds: [1, 4] },
    ],
    [],
  );

  it('orders by latest finish with ties by index', () => {
    // lf: 0->1, 1->6, 2->4, 3->5, 4->6, 5->7.
    expect(ids(priorityOrder(inst, 'lft'))).toEqual([0, 2, 3, 1, 4, 5]);
  });

  it('orders by latest start', () => {
    // ls: 1->1, 2->3, 3->4, 4->5.
    expect(ids(priorityOrder(inst, 'lst'))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('orders by most total successors', () => {
    expect(ids(priorityOrder(inst, 'mts'))).toEqual([0, 2, 3, 1, 4, 5]);
  });

  it('orders by rank positional weight (own + immediate successors durations)', () => {
    // w: 1 -> 6, 2 -> 2, 3 -> 2, 4 -> 2.
    expect(ids(priorityOrder(inst, 'grpw'))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps milestones after their zero-lag predecessors even when their index is lower', () => {
    const ms = buildInstance([{ duration: 0, preds: [1] }, { duration: 0 }], []);
    expect(ids(priorityOrder(ms, 'lft'))).toEqual([1, 0]);
  });
});

describe('justification', () => {
  const inst = buildInstance(
    [
      { duration: 2, demands: [[0, 1]] },
      { duration: 2, demands: [[0, 1]] },
      { duration: 3, preds: [[0, 1]], demands: [[0, 1]], pauses: [5, 7] },
      { duration: 1 },
    ],
    [1],
  );

  it('right-justifies against successors, resources and the makespan, and never moves anything earlier', () => {
    const sol = serialSgs(inst, Int32Array.from([0, 1, 2, 3]));
    expect(ids(sol.start)).toEqual([0, 2, 4, 0]);
    const right = justifyRight(inst, sol);
    // Activity 2 keeps its slots 4, 7, 8; 1 moves into 5-6 (free while 2 pauses); 0 must end by 4 - 1; 3 goes last.
    expect(ids(right.start)).toEqual([1, 5, 4, 8]);
    expect(right.makespan).toBe(9);
    expect(naiveCheck(inst, right)).toEqual([]);
    expect(rightShiftable(inst, right)).toEqual([]);
  });

  it('left-justifies back without moving anything later', () => {
    const right = justifyRight(inst, serialSgs(inst, Int32Array.from([0, 1, 2, 3])));
    const left = justifyLeft(inst, right);
    expect(naiveCheck(inst, left)).toEqual([]);
    expect(leftShiftable(inst, left)).toEqual([]);
    for (let j = 0; j < inst.n; j++) expect(left.start[j]).toBeLessThanOrEqual(right.start[j]);
  });

  it('forward-backward improvement shortens a poor list schedule', () => {
    // Two chains on one resource: a bad list starts the short chain first.
    const two = buildInstance(
      [
        { duration: 1, demands: [[0, 1]] },
        { duration: 4, demands: [[0, 1]] },
        { duration: 4, preds: [1] },
        { duration: 1, preds: [0], demands: [[0, 1]] },
      ],
      [1],
    );
    const sol = serialSgs(two, Int32Array.from([0, 3, 1, 2]));
    expect(sol.makespan).toBe(10);
    const { solution, schedules } = forwardBackward(two, sol);
    expect(solution.makespan).toBe(8);
    expect(schedules).toBeGreaterThanOrEqual(2);
    expect(naiveCheck(two, solution)).toEqual([]);
  });

  it('a reused kernel gives the same schedule as a fresh one', () => {
    const kernel = new SgsKernel(inst);
    const order = priorityOrder(inst, 'lft');
    kernel.decode(Int32Array.from([1, 0, 3, 2]));
    kernel.decode(order);
    expect(ids(kernel.start)).toEqual(ids(serialSgs(inst, order).start));
  });
});
