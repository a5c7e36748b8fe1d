import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { est, makeItem, makeMilestone, makeProgram } from '../../model/builders.js';
import type { Program } from '../../model/program.js';
import { forecastProgram } from '../forecast/forecast.js';
import { scheduleProgram } from '../schedule.js';
import { loadReport } from '../strategy/load.js';
import { buildBrief } from './brief.js';
import { worstStatus, type HealthStatus } from './health.js';
import { withObjectiveMilestones } from './objectives.js';

const TODAY = '2027-01-01';
const RANK: Record<HealthStatus, number> = { 'on-track': 0, 'at-risk': 1, 'off-track': 2 };

/** A chain-and-fan plan of fixed estimates without resources (no levelling), a milestone and a due objective. */
function plan(durations: number[], links: number[], milestoneAt: number, targetDay: number): Program {
  const items = durations.map((d, i) =>
    makeItem(`IT-${i}`, { title: `Work ${String.fromCharCode(65 + i)}`, estimate: est(d), objectives: ['goal'], after: i > 0 ? [`IT-${links[i]! % i}`] : [] }),
  );
  const target = new Date(Date.UTC(2027, 0, 4 + targetDay)).toISOString().slice(0, 10);
  return makeProgram({
    program: { target },
    objectives: [{ id: 'goal', title: 'The goal', weight: 1, due: target }],
    items,
    milestones: [makeMilestone('m', { title: 'The milestone', after: [`IT-${milestoneAt % durations.length}`], date: target })],
  });
}

function headline(p: Program): { rank: number; reasons: { status: HealthStatus; text: string }[] } {
  const forecast = forecastProgram(withObjectiveMilestones(p), { today: TODAY, trials: 50, seed: 3, percentiles: [0.85] });
  const b = buildBrief({ program: p, schedule: scheduleProgram(p, { today: TODAY }), forecast, load: loadReport(p, { today: TODAY }), today: TODAY, changes: null });
  return { rank: RANK[b.headline.status], reasons: b.headline.reasons };
}

describe('brief headline (properties)', () => {
  it('never improves when an estimate grows, is the worst of its reasons and names no item id', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 2, max: 30 }),
        fc.nat(),
        fc.integer({ min: 1, max: 15 }),
        (durations, links, milestoneAt, targetDay, slipAt, slip) => {
          const before = headline(plan(durations, links, milestoneAt, targetDay));
          const longer = durations.map((d, i) => (i === slipAt % durations.length ? d + slip : d));
          const after = headline(plan(longer, links, milestoneAt, targetDay));
          expect(after.rank).toBeGreaterThanOrEqual(before.rank);
          for (const h of [before, after]) {
            expect(RANK[worstStatus(h.reasons)]).toBe(h.rank);
            for (const r of h.reasons) expect(r.text).not.toMatch(/IT-\d/);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
