import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { est3, makeItem, makeProgram } from '../../model/builders.js';
import type { Item, Objective, PrioritizeMethod } from '../../model/program.js';
import { alignmentReport } from './alignment.js';
import { prioritize } from './priorities.js';

const statuses: Item['status'][] = ['todo', 'doing', 'done', 'blocked', 'cut'];
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** Random small programs: up to 12 items with optional inputs, random objectives (a forest) and backward dependencies. */
const programs = fc
  .record({
    nObjectives: fc.integer({ min: 0, max: 5 }),
    items: fc.array(
      fc.record({
        status: fc.constantFrom(...statuses),
        low: fc.integer({ min: 0, max: 5 }),
        spread: fc.integer({ min: 0, max: 8 }),
        hasEstimate: fc.boolean(),
        value: maybe(fc.integer({ min: 1, max: 10 })),
        tc: maybe(fc.integer({ min: 0, max: 10 })),
        rr: maybe(fc.integer({ min: 0, max: 10 })),
        reach: maybe(fc.integer({ min: 0, max: 1000 })),
        objectives: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        dep: maybe(fc.nat()),
      }),
      { maxLength: 12 },
    ),
    weights: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 5 }),
    parents: fc.array(maybe(fc.nat()), { minLength: 5, maxLength: 5 }),
  })
  .map(({ nObjectives, items, weights, parents }) => {
    const objectives: Objective[] = [];
    for (let k = 0; k < nObjectives; k++) {
      const p = parents[k];
      const o: Objective = { id: `o${k}`, title: `O${k}`, weight: weights[k] };
      if (p !== undefined && k > 0) o.parent = `o${p % k}`;
      objectives.push(o);
    }
    return makeProgram({
      objectives,
      items: items.map((x, k) =>
        makeItem(`i${k}`, {
          status: x.status,
          estimate: x.hasEstimate ? est3(x.low, x.low + x.spread / 2, x.low + x.spread) : undefined,
          value: x.value,
          timeCriticality: x.tc,
          riskReduction: x.rr,
          reach: x.reach,
          objectives: [...new Set(x.objectives.filter((o) => o < nObjectives).map((o) => `o${o}`))],
          after: x.dep !== undefined && k > 0 ? [`i${x.dep % k}`] : [],
        }),
      ),
    });
  });

describe('priorities properties', () => {
  it('ranks every open item once, by non-increasing score, critical first among equal scores', () => {
    fc.assert(
      fc.property(programs, fc.constantFrom<PrioritizeMethod>('wsjf', 'rice', 'value'), (program, method) => {
        const r = prioritize(program, { today: '2027-01-04', method });
        const open = program.items.filter((i) => i.status !== 'done' && i.status !== 'cut').map((i) => i.id);
        expect(r.items.map((i) => i.id).sort()).toEqual(open.sort());
        expect(r.items.map((i) => i.rank)).toEqual(r.items.map((_, k) => k + 1));
        for (let k = 1; k < r.items.length; k++) {
          const a = r.items[k - 1];
          const b = r.items[k];
          expect(Number.isFinite(b.score)).toBe(true);
          expect(a.score).toBeGreaterThanOrEqual(b.score - 1e-9 * Math.max(1, Math.abs(a.score)));
          if (Math.abs(a.score - b.score) <= 1e-12 && !a.critical) expect(b.critical).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('alignment: effort is conserved and shares add up', () => {
    fc.assert(
      fc.property(programs, (program) => {
        const a = alignmentReport(program);
        expect(a.alignedEffort + a.unalignedEffort).toBeCloseTo(a.totalEffort, 9);
        const direct = a.objectives.reduce((s, o) => s + o.directEffort, 0);
        expect(direct).toBeCloseTo(a.alignedEffort, 9);
        const roots = a.objectives.filter((o) => o.parent === undefined);
        if (a.alignedEffort > 0) expect(roots.reduce((s, o) => s + o.effortShare, 0)).toBeCloseTo(1, 9);
        if (roots.some((o) => o.weight > 0)) expect(roots.reduce((s, o) => s + o.weightShare, 0)).toBeCloseTo(1, 9);
        for (const o of a.objectives) expect(o.effort).toBeGreaterThanOrEqual(o.directEffort - 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
