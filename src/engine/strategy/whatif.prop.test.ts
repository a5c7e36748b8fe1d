import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { est, makeItem, makeMilestone, makePerson, makeProgram } from '../../model/builders.js';
import type { Program } from '../../model/program.js';
import { scheduleProgram } from '../schedule.js';
import { whatIfOnce } from './whatif.js';

const EPS = 1e-6;

/** Random DAG plans: item i depends on some earlier items; durations in half days; a milestone after the last items. */
const plans = (withPeople: boolean, minHalfDays = 0) =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 12 }),
      durations: fc.array(fc.integer({ min: minHalfDays, max: 10 }), { minLength: 12, maxLength: 12 }),
      edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 2 })), { maxLength: 20 }),
      owners: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }),
      slipAt: fc.nat(),
      days: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ n, durations, edges, owners, slipAt, days }) => {
      const after: { id: string; lag: number }[][] = Array.from({ length: n }, () => []);
      for (const [x, y, lag] of edges) {
        const a = x % n;
        const b = y % n;
        if (a < b && !after[b].some((d) => d.id === `i${a}`)) after[b].push({ id: `i${a}`, lag });
      }
      const program: Program = makeProgram({
        people: withPeople ? [makePerson('p0'), makePerson('p1'), makePerson('p2')] : [],
        items: Array.from({ length: n }, (_, i) =>
          makeItem(`i${i}`, {
            estimate: est(durations[i] / 2),

            ...(withPeople ? { owner: `p${owners[i]}` } : {}),
          }),
        ).map((it, i) => ({ ...it, after: after[i].map((d) => ({ id: d.id, lag: d.lag })) })),
        milestones: [makeMilestone('end', { after: [`i${n - 1}`] })],
      });
      return { program, slip: `i${slipAt % n}`, days };
    });

describe('whatIf properties', () => {
  it('dependency-only: a slip never moves anything earlier nor by more than the slip', () => {
    fc.assert(
      fc.property(plans(false), ({ program, slip, days }) => {
        const today = '2027-01-04';
        const before = scheduleProgram(program, { today, level: false });
        const changed = { ...program, items: program.items.map((it) => (it.id === slip ? { ...it, estimate: est(it.estimate!.likely + days) } : it)) };
        const after = scheduleProgram(changed, { today, level: false });
        for (let k = 0; k < before.items.length; k++) {
          const b = before.items[k];
          const a = after.items[k];
          expect(a.es).toBeGreaterThanOrEqual(b.es - EPS);
          expect(a.ef).toBeGreaterThanOrEqual(b.ef - EPS);
          expect(a.es - b.es).toBeLessThanOrEqual(days + EPS);
          expect(a.ef - b.ef).toBeLessThanOrEqual(days + EPS);
        }
        const r = whatIfOnce({ kind: 'program', program }, [{ kind: 'slip', id: slip, days }], { today, level: false });
        expect(r.anomalies).toEqual([]);
        for (const m of r.milestones) {
          expect(m.deltaDays).toBeGreaterThanOrEqual(0);
          expect(m.deltaDays).toBeLessThanOrEqual(days);
        }
        expect(r.program.deltaDays).toBeGreaterThanOrEqual(0);
        expect(r.program.deltaDays).toBeLessThanOrEqual(days);
        // Every chain starts at the slipped item.
        for (const c of r.chains) expect(c[0]).toBe(slip);
      }),
      { numRuns: 150 },
    );
  });

  it('levelled: every item moved earlier or by more than the slip is listed as an anomaly', () => {
    fc.assert(
      fc.property(plans(true), ({ program, slip, days }) => {
        const today = '2027-01-04';
        const before = scheduleProgram(program, { today, level: true });
        const changed = { ...program, items: program.items.map((it) => (it.id === slip ? { ...it, estimate: est(it.estimate!.likely + days) } : it)) };
        const after = scheduleProgram(changed, { today, level: true });
        const r = whatIfOnce({ kind: 'program', program }, [{ kind: 'slip', id: slip, days }], { today, level: true });
        const flagged = new Set(r.anomalies.map((a) => a.id));
        for (let k = 0; k < before.items.length; k++) {
          const b = before.items[k];
          const a = after.items[k];
          if (b.id === slip) continue;
          const earlier = a.es < b.es - EPS || a.ef < b.ef - EPS;
          const tooLate = a.es - b.es > days + EPS || a.ef - b.ef > days + EPS;
          expect(flagged.has(b.id)).toBe(earlier || tooLate);
        }
      }),
      { numRuns: 100 },
    );
  });
});
