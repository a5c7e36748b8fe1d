/**
 * Properties of the Monte Carlo trials on random plans, checked against the deterministic engines: with fixed
 * estimates every trial must reproduce the critical-path method exactly (finish, milestones, zero-slack set), the
 * levelling decision must be `vantage schedule`'s, and levelled trials must stay between the dependency-only bound
 * and the deterministic levelled schedule.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dep, est, est3, makeItem, makeMilestone, makePerson, makeProgram, makeTeam } from '../../model/builders.js';
import type { Item, Program } from '../../model/program.js';
import { criticalPathMethod } from '../cpm.js';
import { chooseSlotsPerDay, compileProgram, NODE_MILESTONE } from '../network.js';
import { scheduleNetwork } from '../schedule.js';
import { needsLevelling } from './levelling.js';
import { buildForecastModel } from './model.js';
import { quantileSorted } from './summary.js';
import { runTrials } from './trials.js';

const DAY = 86_400_000;
const toIso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const BASE = Date.parse('2027-01-04T00:00:00Z') / DAY;

const planArb = fc.record({
  items: fc.array(
    fc.record({
      dur: fc.constantFrom(0, 0.5, 1, 2, 3, 4.25),
      spread: fc.constantFrom(0, 0, 1, 3),
      dist: fc.constantFrom<'pert' | 'triangular' | 'lognormal'>('pert', 'triangular', 'lognormal'),
      deps: fc.array(fc.record({ back: fc.integer({ min: 1, max: 5 }), lag: fc.constantFrom(0, 0, 1, 2) }), { maxLength: 3 }),
      res: fc.constantFrom('none', 'p0', 'p1', 'team'),
      status: fc.constantFrom<Item['status']>('todo', 'todo', 'todo', 'done', 'doing'),
    }),
    { minLength: 1, maxLength: 14 },
  ),
  off: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 2 }),
  teamCap: fc.integer({ min: 1, max: 3 }),
  todayShift: fc.integer({ min: -2, max: 6 }),
  milestones: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { maxLength: 3 }), { maxLength: 2 }),
});

type Plan = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

/** The plan as a program; `fixed`: every estimate fixed at its likely value. */
function toProgram(plan: Plan, fixed: boolean): { program: Program; today: string } {
  const today = BASE + plan.todayShift;
  const items = plan.items.map((it, i) => {
    const needs: Record<string, number> = {};
    if (it.res === 'team') needs.team = 1;
    else if (it.res !== 'none') needs[it.res] = 1;
    const estimate = fixed || it.spread === 0 ? est(it.dur) : est3(Math.max(0.5, it.dur), it.dur + 1, it.dur + 1 + it.spread, it.dist);
    const extra: Partial<Item> = {};
    if (it.status === 'done') Object.assign(extra, { started: toIso(today - 4), finished: toIso(today - 2) });
    if (it.status === 'doing') Object.assign(extra, { started: toIso(today - 1), remaining: estimate });
    return makeItem(`i${i}`, {
      estimate,
      needs,
      status: it.status,
      after: it.deps.filter((d) => i - d.back >= 0).map((d) => dep(`i${i - d.back}`, d.lag)),
      ...extra,
    });
  });
  const program = makeProgram({
    items,
    people: [makePerson('p0', { off: plan.off.map(([from, len]) => ({ from: toIso(BASE + from), to: toIso(BASE + from + len) })) }), makePerson('p1')],
    teams: [makeTeam('team', plan.teamCap)],
    milestones: plan.milestones.map((of, k) => makeMilestone(`m${k}`, { after: of.filter((x) => x < items.length).map((x) => `i${x}`) })),
  });
  return { program, today: toIso(today) };
}

describe('trials against the deterministic engines', () => {
  it('with fixed estimates, every dependency-only trial is the critical-path schedule, zero-slack set included', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { program, today } = toProgram(plan, true);
        const net = compileProgram(program, { today });
        const cpm = criticalPathMethod(net);
        const info = buildForecastModel(net, { level: false });
        const N = 3;
        const block = runTrials(info.model, 0, N, 1);
        const milestones: number[] = [];
        for (let j = 0; j < net.n; j++) if (net.status[j] === NODE_MILESTONE) milestones.push(j);
        for (let t = 0; t < N; t++) {
          expect(block.finish[t]).toBeCloseTo(cpm.finish, 9);
          milestones.forEach((j, m) => expect(block.milestone[t * milestones.length + m]).toBeCloseTo(cpm.es[j], 9));
        }
        for (let j = 0; j < net.nItems; j++) expect(block.critical[j]).toBe(cpm.critical[j] * N);
      }),
      { numRuns: 150 },
    );
  });

  it('levels exactly when `vantage schedule` would', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { program, today } = toProgram(plan, true);
        const net = compileProgram(program, { today });
        const decided = needsLevelling(net, criticalPathMethod(net), chooseSlotsPerDay(net).slotsPerDay);
        expect(decided).toBe(scheduleNetwork(net, { today, schedules: 0 }).levelled);
        expect(buildForecastModel(net).model.levelled).toBe(decided);
      }),
      { numRuns: 150 },
    );
  });

  it('levelled trials with fixed estimates finish between the dependency-only bound and the deterministic levelled plan', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const { program, today } = toProgram(plan, true);
        const net = compileProgram(program, { today });
        const info = buildForecastModel(net, { level: true });
        const block = runTrials(info.model, 0, 2, 1);
        const bound = criticalPathMethod(net).finish;
        const planned = Math.max(...info.deterministicProgramFinish);
        for (const f of block.finish) {
          expect(f).toBeGreaterThanOrEqual(bound - 0.25 - 1e-9);
          expect(f).toBeLessThanOrEqual(planned + 1e-9);
        }
        // Someone is always on the driving chain when there is open work.
        if (plan.items.some((it) => it.status !== 'done')) expect(Math.max(...block.critical)).toBe(2);
      }),
      { numRuns: 100 },
    );
  });

  it('with three-point estimates, P50 <= P85 <= P95 and no trial beats the optimistic critical path', () => {
    fc.assert(
      fc.property(planArb, fc.boolean(), (plan, level) => {
        const { program, today } = toProgram(plan, false);
        const net = compileProgram(program, { today });
        const info = buildForecastModel(net, { level });
        const block = runTrials(info.model, 0, 64, 3);
        const sorted = Float64Array.from(block.finish).sort();
        expect(quantileSorted(sorted, 0.5)).toBeLessThanOrEqual(quantileSorted(sorted, 0.85));
        expect(quantileSorted(sorted, 0.85)).toBeLessThanOrEqual(quantileSorted(sorted, 0.95));
        // Lower bound: every open estimate at its low point (lognormal can go below low: excluded from the bound).
        const low = Float64Array.from(net.duration);
        for (let j = 0; j < net.nItems; j++) if (net.status[j] !== 2) low[j] = net.estDist[j] === 4 ? 0 : net.estLow[j];
        const bound = criticalPathMethod(net, low).finish;
        // Levelled trials round work to quarter days: allow that much per item.
        expect(sorted[0]).toBeGreaterThanOrEqual(bound - (level ? 0.125 * net.nItems : 0) - 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});
