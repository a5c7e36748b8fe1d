import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { searchSchedule } from './search.js';
import { priorityOrder, serialSgs } from './sgs.js';
import { naiveCheck } from '../../../test/rcpsp/naive-check.js';
import { arbitraryInstance } from '../../../test/rcpsp/arbitrary.js';

const general = arbitraryInstance({ pauses: true, fixed: true, fractional: true, maxN: 12 });
/** Without releases, pauses and pinned starts: the search runs its bi-population mode (backward decoding, mirrored lists). */
const plain = arbitraryInstance({ fractional: true, maxN: 14 }).map((inst) => ({ ...inst, release: new Int32Array(inst.n) }));

type Params = NonNullable<Parameters<typeof searchSchedule>[1]['params']>;

/**
 * The search on `inst` is sound: its schedule passes the independent checker, stays within the budget, is no worse
 * than one LFT pass and no better than the lower bound, and the same seed gives the same starts and schedule count.
 */
function expectSound(inst: Parameters<typeof searchSchedule>[0], budget: number, seed: number, params?: Partial<Params>): void {
  const result = searchSchedule(inst, { schedules: budget, seed, ...(params ? { params } : {}) });
  expect(naiveCheck(inst, result.solution)).toEqual([]);
  expect(result.schedules).toBeLessThanOrEqual(budget);
  expect(result.solution.makespan).toBeLessThanOrEqual(serialSgs(inst, priorityOrder(inst, 'lft')).makespan);
  expect(result.solution.makespan).toBeGreaterThanOrEqual(result.lowerBound);
  const again = searchSchedule(inst, { schedules: budget, seed, ...(params ? { params } : {}) });
  expect(Array.from(again.solution.start)).toEqual(Array.from(result.solution.start));
  expect(again.schedules).toBe(result.schedules);
}

describe('search properties', () => {
  it('outputs a feasible schedule, within budget, no worse than LFT, on general instances', () => {
    fc.assert(
      fc.property(general, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1000 }), (inst, budget, seed) => expectSound(inst, budget, seed)),
      { numRuns: 150 },
    );
  });

  it('outputs a feasible schedule, within budget, no worse than LFT, on plain instances (bi-population)', () => {
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 1000 }), (inst, budget, seed) => expectSound(inst, budget, seed)),
      { numRuns: 150 },
    );
  });

  it('stays feasible, within budget and deterministic with the experiment knobs on (decomposition, random ties, ...)', () => {
    const params = { decompShare: 0.5, decompStart: 0, decompBudget: 12, decompTail: 0.5, decompSize: 0.4, randomJustify: 0.5, crossDecode: 0.5, betterFather: 1, minPasses: 1, diffPeak: 1 };
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 1000 }), (inst, budget, seed) => expectSound(inst, budget, seed, params)),
      { numRuns: 150 },
    );
  });

  it('stays feasible, within budget and deterministic with the later knobs on (seen set, restart, crowding, focus, parallel SGS)', () => {
    const params = { seen: 1, restartAt: 0.3, restartKeep: 0.5, crowding: 0.7, focusAt: 0.5, focusProb: 0.5, parallel: 0.5, diffPeak: 0 };
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 1000 }), (inst, budget, seed) => expectSound(inst, budget, seed, params)),
      { numRuns: 150 },
    );
  });

  it('stays feasible, within budget and deterministic with peak crossovers only (either parent gives the block)', () => {
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 1000 }), (inst, budget, seed) => expectSound(inst, budget, seed, { peakShare: 1, nsProb: 0 })),
      { numRuns: 150 },
    );
  });

  it('stays feasible, within budget and deterministic with every mother from the other population (flipped in time)', () => {
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 1), fc.integer({ min: 1, max: 6 }), (inst, budget, seed, peakShare, mates) => {
        // A flipped mother's list must be precedence-feasible in the child's frame: decode throws on one that is not.
        expectSound(inst, budget, seed, { crossPop: 1, peakShare, mates, nsProb: 0 });
      }),
      { numRuns: 150 },
    );
  });

  it('stays feasible, within budget and deterministic with critical-chain children from the start (precedence-feasible moves, repeated lists skipped)', () => {
    fc.assert(
      fc.property(plain, fc.integer({ min: 1, max: 150 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 }), (inst, budget, seed, nsBest) => {
        // Every child a critical move of the best: decode throws on a list that is not precedence-feasible, and the
        // same move of an unchanged best repeats its list (skipped uncounted, at most 50 in a row).
        expectSound(inst, budget, seed, { nsProb: 1, nsAt: 0, nsBest, listSeen: 1 });
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same result for the same seed', () => {
    fc.assert(
      fc.property(general, fc.integer({ min: 0, max: 1000 }), (inst, seed) => {
        const a = searchSchedule(inst, { schedules: 40, seed });
        const b = searchSchedule(inst, { schedules: 40, seed });
        expect(Array.from(a.solution.start)).toEqual(Array.from(b.solution.start));
        expect(a.schedules).toBe(b.schedules);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a given initial schedule or improves on it', () => {
    fc.assert(
      fc.property(general, fc.integer({ min: 0, max: 1000 }), (inst, seed) => {
        const initial = serialSgs(inst, priorityOrder(inst, 'grpw'));
        const result = searchSchedule(inst, { schedules: 30, seed, initial });
        expect(naiveCheck(inst, result.solution)).toEqual([]);
        expect(result.solution.makespan).toBeLessThanOrEqual(initial.makespan);
      }),
      { numRuns: 80 },
    );
  });
});
