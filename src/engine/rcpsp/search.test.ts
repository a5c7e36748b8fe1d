import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildInstance, instanceFromJobs } from './build-instance.js';
import { improveSchedule, searchSchedule } from './search.js';
import { priorityOrder, serialSgs } from './sgs.js';
import { parseSm } from '../../io/psplib/sm.js';
import { naiveCheck } from '../../../test/rcpsp/naive-check.js';

const psplib = fileURLToPath(new URL('../../../../shared/benchdata/psplib/', import.meta.url));
const hasData = existsSync(`${psplib}j30`);
if (!hasData) console.warn(`PSPLIB data not found at ${psplib}: the PSPLIB search tests are skipped`);

/** Two chains competing for one unit resource; the LFT list is not optimal here. */
const trap = buildInstance(
  [
    { duration: 1, demands: [[0, 1]] },
    { duration: 4, demands: [[0, 1]] },
    { duration: 4, preds: [1] },
    { duration: 1, preds: [0], demands: [[0, 1]] },
    { duration: 3, demands: [[0, 1]] },
  ],
  [1],
);

describe('improveSchedule', () => {
  it('finds the optimum of a small trap instance and reports the schedules it used', () => {
    const result = searchSchedule(trap, { schedules: 200, seed: 7 });
    expect(naiveCheck(trap, result.solution)).toEqual([]);
    expect(result.solution.makespan).toBe(9);
    expect(result.schedules).toBeLessThanOrEqual(200);
    expect(result.lowerBound).toBe(8);
  });

  it('is deterministic for a seed', () => {
    const a = improveSchedule(trap, { schedules: 100, seed: 3 });
    const b = improveSchedule(trap, { schedules: 100, seed: 3 });
    expect(Array.from(a.start)).toEqual(Array.from(b.start));
  });

  it('stops at the critical-path lower bound', () => {
    const easy = buildInstance([{ duration: 3, demands: [[0, 1]] }, { duration: 2, preds: [0], demands: [[0, 1]] }], [1]);
    const result = searchSchedule(easy, { schedules: 5000, seed: 1 });
    expect(result.solution.makespan).toBe(5);
    expect(result.schedules).toBe(1);
  });

  it('never returns something worse than the schedule it was given', () => {
    const initial = serialSgs(trap, Int32Array.from([1, 2, 0, 3, 4]));
    const result = improveSchedule(trap, { schedules: 3, seed: 1, initial });
    expect(result.makespan).toBeLessThanOrEqual(initial.makespan);
    expect(naiveCheck(trap, result)).toEqual([]);
  });

  it('honours a budget of a single schedule (the LFT decoding)', () => {
    const result = searchSchedule(trap, { schedules: 1, seed: 1 });
    expect(result.schedules).toBe(1);
    expect(result.solution.makespan).toBe(serialSgs(trap, priorityOrder(trap, 'lft')).makespan);
  });

  it('handles an empty instance', () => {
    expect(improveSchedule(buildInstance([], [1]), { schedules: 10, seed: 1 }).makespan).toBe(0);
  });
});

describe.skipIf(!hasData)('improveSchedule on PSPLIB j30', () => {
  // Instances where a single LFT pass misses the optimum and the optimum is above the critical-path bound, and that
  // the search solves with 500 schedules for every seed tried (1-8).
  const cases: [string, number][] = [
    ['j302_1', 38],
    ['j3010_7', 49],
    ['j3011_4', 63],
    ['j3042_7', 66],
  ];
  it.each(cases)('%s reaches its optimum %i with 500 schedules', (name, optimum) => {
    const { project } = parseSm(readFileSync(`${psplib}j30/${name}.sm`, 'utf8'));
    const { instance } = instanceFromJobs(project!);
    expect(serialSgs(instance, priorityOrder(instance, 'lft')).makespan).toBeGreaterThan(optimum);
    const result = searchSchedule(instance, { schedules: 500, seed: 1 });
    expect(naiveCheck(instance, result.solution)).toEqual([]);
    expect(result.solution.makespan).toBe(optimum);
  });
});
