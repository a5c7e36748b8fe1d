/**
 * Properties of the schedule on random plans. The checks are written independently of the engine: their own
 * working-day predicate, their own per-day resource count, their own naive fixed-point critical path.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schedulePortfolio, scheduleProgram, type ScheduleResult, type ScheduledItem } from './schedule.js';
import { dep, est, makeItem, makeMilestone, makePerson, makePortfolio, makeProgram, makeTeam } from '../model/builders.js';
import type { Item, Program, Weekday } from '../model/program.js';

const WEEK: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY = 86_400_000;
const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const toIso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const BASE = toDay('2027-01-01');
const EPS = 1e-6;

type PlanOptions = { fractional?: boolean; statuses?: boolean; offDays?: boolean };

const itemArb = (o: PlanOptions) =>
  fc.record({
    dur: o.fractional ? fc.constantFrom(0, 0.25, 0.5, 1, 1.5, 2, 3.25) : fc.integer({ min: 0, max: 5 }),
    deps: fc.array(fc.record({ back: fc.integer({ min: 1, max: 6 }), lag: o.fractional ? fc.constantFrom(0, 0, 0.5, 1, 2) : fc.constantFrom(0, 0, 0, 1, 2) }), { maxLength: 3 }),
    res: fc.constantFrom('none', 'p0', 'p1', 'p2', 'team', 'both'),
    units: fc.constantFrom(0.5, 1, 2),
    status: o.statuses
      ? fc.constantFrom<Item['status']>('todo', 'todo', 'todo', 'blocked', 'done', 'doing', 'cut')
      : fc.constant<Item['status']>('todo'),
    actualShift: fc.integer({ min: -8, max: 8 }),
    actualLength: fc.integer({ min: 0, max: 4 }),
  });

const planArb = (o: PlanOptions = {}) =>
  fc.record({
    workdays: fc.subarray(WEEK, { minLength: 1 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 90 }), { maxLength: 8 }),
    startShift: fc.integer({ min: 0, max: 6 }),
    todayShift: fc.integer({ min: -3, max: 12 }),
    off: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 6 })), { maxLength: o.offDays === false ? 0 : 2 }), {
      minLength: 3,
      maxLength: 3,
    }),
    teamCap: fc.integer({ min: 1, max: 3 }),
    items: fc.array(itemArb(o), { minLength: 1, maxLength: 18 }),
    milestones: fc.array(fc.record({ of: fc.uniqueArray(fc.integer({ min: 0, max: 17 }), { maxLength: 3 }), lag: fc.constantFrom(0, 0, 1) }), { maxLength: 3 }),
  });

type Plan = fc.Arbitrary<ReturnType<typeof planArb> extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer U> ? U : never;

function toProgram(plan: Plan): Program {
  const start = toIso(BASE + plan.startShift);
  const today = BASE + plan.todayShift;
  const people = plan.off.map((ranges, k) =>
    makePerson(`p${k}`, { off: ranges.map(([from, len]) => ({ from: toIso(BASE + from), to: toIso(BASE + from + len) })) }),
  );
  const items: Item[] = plan.items.map((it, i) => {
    const needs: Record<string, number> = {};
    if (it.res === 'team' || it.res === 'both') needs.team = Math.min(it.units, plan.teamCap);
    if (it.res.startsWith('p')) needs[it.res] = 1;
    if (it.res === 'both') needs.p0 = 1;
    const after = it.deps.filter((d) => i - d.back >= 0).map((d) => dep(`i${i - d.back}`, d.lag));
    const extra: Partial<Item> = {};
    const a = today + it.actualShift;
    if (it.status === 'done') Object.assign(extra, { started: toIso(a - it.actualLength - 2), finished: toIso(a - 2) });
    if (it.status === 'doing') Object.assign(extra, { started: toIso(a - it.actualLength), remaining: est(it.dur) });
    return makeItem(`i${i}`, {
      estimate: est(it.status === 'doing' ? it.dur + 1 : it.dur),
      needs,
      after,
      status: it.status,
      ...extra,
    });
  });
  const milestones = plan.milestones
    .map((m, k) => makeMilestone(`m${k}`, { after: m.of.filter((x) => x < items.length).map((x) => dep(`i${x}`, m.lag)) }));
  return makeProgram({
    program: { start, calendar: { workdays: plan.workdays, holidays: plan.holidays.map((h) => toIso(BASE + h)) } },
    people,
    teams: [makeTeam('team', plan.teamCap)],
    items,
    milestones,
  });
}

/** The test's own calendar: is this day worked by the program, and is this person off? */
function oracle(program: Program) {
  const holidays = new Set(program.program.calendar.holidays);
  const working = (day: number): boolean =>
    program.program.calendar.workdays.includes(WEEK[new Date(day * DAY).getUTCDay()]) && !holidays.has(toIso(day));
  const off = (personId: string, day: number): boolean => {
    const person = program.people.find((p) => p.id === personId);
    return !!person && person.off.some((r) => toDay(r.from) <= day && day <= toDay(r.to));
  };
  /** The days an item works: working days from its start to its finish date on which none of its people is off. */
  const workedDays = (item: Item, s: ScheduledItem): number[] => {
    const days: number[] = [];
    for (let d = toDay(s.start); d <= toDay(s.finish); d++) {
      if (working(d) && !Object.keys(item.needs).some((r) => off(r, d))) days.push(d);
    }
    return days;
  };
  return { working, off, workedDays };
}

const TODAY = (plan: Plan): string => toIso(BASE + plan.todayShift);
const index = (r: ScheduleResult) => new Map(r.items.map((i) => [i.id, i]));

function checkPrecedence(program: Program, r: ScheduleResult, today: string): void {
  const got = index(r);
  for (const item of program.items) {
    const s = got.get(item.id);
    if (item.status === 'cut') {
      expect(s).toBeUndefined();
      continue;
    }
    expect(s).toBeDefined();
    if (item.status !== 'todo' && item.status !== 'blocked') continue;
    const releaseDate = today > program.program.start ? today : program.program.start;
    expect(s!.start >= releaseDate).toBe(true);
    for (const d of item.after) {
      const p = got.get(d.id);
      if (!p) continue; // cut
      expect(s!.es).toBeGreaterThanOrEqual(p.ef + d.lag - EPS);
    }
  }
}

describe('schedule properties', () => {
  it('never starts an item before its predecessors finish + lag, nor before the data date (both modes)', () => {
    fc.assert(
      fc.property(planArb({ statuses: true, fractional: true }), fc.boolean(), (plan, levelled) => {
        const program = toProgram(plan);
        const r = scheduleProgram(program, { today: TODAY(plan), level: levelled ? true : false });
        checkPrecedence(program, r, TODAY(plan));
      }),
      { numRuns: 300 },
    );
  });

  it('never schedules work on a non-working day or a day off, and works exactly the estimate (whole days)', () => {
    fc.assert(
      fc.property(planArb(), fc.boolean(), (plan, levelled) => {
        const program = toProgram(plan);
        const { working, workedDays } = oracle(program);
        const r = scheduleProgram(program, { today: TODAY(plan), level: levelled });
        const got = index(r);
        for (const item of program.items) {
          const s = got.get(item.id)!;
          expect(working(toDay(s.start))).toBe(true);
          expect(working(toDay(s.finish))).toBe(true);
          const d = item.estimate!.likely;
          if (d === 0) continue;
          const days = workedDays(item, s);
          expect(days.length).toBe(d);
          expect(days[0]).toBe(toDay(s.start));
          expect(days[days.length - 1]).toBe(toDay(s.finish));
        }
        for (const m of r.milestones) expect(working(toDay(m.date))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every resource within capacity on every day when levelled', () => {
    fc.assert(
      fc.property(planArb(), (plan) => {
        const program = toProgram(plan);
        const { workedDays } = oracle(program);
        const r = scheduleProgram(program, { today: TODAY(plan), level: true });
        const got = index(r);
        const use = new Map<string, number>();
        for (const item of program.items) {
          if (!(item.estimate!.likely > 0)) continue;
          for (const day of workedDays(item, got.get(item.id)!)) {
            for (const [res, units] of Object.entries(item.needs)) {
              const key = `${res}@${day}`;
              use.set(key, (use.get(key) ?? 0) + units);
            }
          }
        }
        const cap = new Map<string, number>(program.people.map((p) => [p.id, p.capacity]));
        cap.set('team', plan.teamCap);
        for (const [key, units] of use) expect(units).toBeLessThanOrEqual(cap.get(key.split('@')[0])! + 1e-9);
        // Levelled slack is right-justification slack: never negative, zero exactly on the critical items.
        for (const s of r.items) {
          expect(s.slack).toBeGreaterThanOrEqual(-EPS);
          expect(s.critical).toBe(s.slack <= EPS);
        }
        const unlevelled = scheduleProgram(program, { today: TODAY(plan), level: false });
        expect(r.program.finishOffset).toBeGreaterThanOrEqual(unlevelled.program.finishOffset - EPS);
      }),
      { numRuns: 300 },
    );
  });

  it('CPM: slack is zero exactly on the critical items, and the finish is the latest ef', () => {
    fc.assert(
      fc.property(planArb({ statuses: true, fractional: true }), (plan) => {
        const program = toProgram(plan);
        const r = scheduleProgram(program, { today: TODAY(plan), level: false });
        let maxEf = -Infinity;
        for (const s of r.items) {
          maxEf = Math.max(maxEf, s.ef);
          if (s.status === 'done') {
            expect(s.critical).toBe(false);
            continue;
          }
          expect(s.slack).toBeGreaterThanOrEqual(-EPS);
          expect(s.critical).toBe(Math.abs(s.slack) <= EPS);
          expect(s.freeSlack).toBeLessThanOrEqual(s.slack + EPS);
          expect(s.freeSlack).toBeGreaterThanOrEqual(-EPS);
        }
        for (const m of r.milestones) maxEf = Math.max(maxEf, m.offset);
        expect(r.program.finishOffset).toBeCloseTo(Math.max(0, maxEf), 9);
        // Every item ending the program is critical unless done; the critical path is ordered by es.
        const ordered = r.criticalPath.map((id) => index(r).get(id)!.es);
        expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
        for (const chain of r.criticalChains) for (const id of chain) expect(index(r).get(id)!.critical).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('CPM matches a naive fixed-point computation (no days off)', () => {
    fc.assert(
      fc.property(planArb({ offDays: false, fractional: true }), (plan) => {
        const program = toProgram(plan);
        const r = scheduleProgram(program, { today: TODAY(plan), level: false });
        const { working } = oracle(program);
        // Working-day offset of the release: count working days from the program's first working day.
        let origin = toDay(program.program.start);
        while (!working(origin)) origin++;
        let release = 0;
        for (let d = origin; d < toDay(TODAY(plan)); d++) if (working(d)) release++;
        const items = program.items;
        const dur = items.map((i) => i.estimate!.likely);
        const es = items.map(() => release);
        for (let round = 0; round <= items.length; round++) {
          items.forEach((it, j) => {
            for (const d of it.after) {
              const p = items.findIndex((x) => x.id === d.id);
              es[j] = Math.max(es[j], es[p] + dur[p] + d.lag);
            }
          });
        }
        const ef = es.map((e, j) => e + dur[j]);
        let finish = Math.max(0, ...ef);
        for (const m of program.milestones) for (const d of m.after) finish = Math.max(finish, ef[items.findIndex((x) => x.id === d.id)] + d.lag);
        const lf = items.map(() => finish);
        for (let round = 0; round <= items.length; round++) {
          items.forEach((it, j) => {
            for (const d of it.after) {
              const p = items.findIndex((x) => x.id === d.id);
              lf[p] = Math.min(lf[p], lf[j] - dur[j] - d.lag);
            }
          });
          program.milestones.forEach((m) => {
            // A milestone's late date is the finish unless something follows it (nothing does here).
            for (const d of m.after) {
              const p = items.findIndex((x) => x.id === d.id);
              lf[p] = Math.min(lf[p], finish - d.lag);
            }
          });
        }
        const got = index(r);
        items.forEach((it, j) => {
          const s = got.get(it.id)!;
          expect([s.es, s.ef, s.lf, s.ls]).toEqual([es[j], ef[j], lf[j], lf[j] - dur[j]].map((x) => Math.round(x * 1e6) / 1e6 + 0));
        });
        expect(r.program.finishOffset).toBeCloseTo(finish, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('portfolio: cross-program dependencies hold and each item works on its own program\'s days', () => {
    fc.assert(
      fc.property(planArb({ offDays: false }), planArb({ offDays: false }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }), fc.boolean(), (pa, pb, cross, levelled) => {
        const a = toProgram(pa);
        a.program.id = 'A';
        const b = toProgram(pb);
        b.program.id = 'B';
        for (const [x, y] of cross) b.items[y % b.items.length].after.push(dep(a.items[x % a.items.length].id, 0, 'A'));
        const r = schedulePortfolio(makePortfolio([a, b]), { today: TODAY(pa), level: levelled });
        const got = new Map(r.items.map((i) => [`${i.program}/${i.id}`, i]));
        for (const [program, pid] of [[a, 'A'], [b, 'B']] satisfies [Program, string][]) {
          const { working, workedDays } = oracle(program);
          for (const item of program.items) {
            const s = got.get(`${pid}/${item.id}`)!;
            // Zero-duration items do no work: like milestones they may sit on a day only another program works.
            if (item.estimate!.likely > 0) {
              expect(working(toDay(s.start))).toBe(true);
              expect(working(toDay(s.finish))).toBe(true);
              expect(workedDays(item, s).length).toBe(item.estimate!.likely);
            }
            for (const d of item.after) {
              const p = got.get(`${d.program ?? pid}/${d.id}`)!;
              const pDur = p.ef - p.es;
              // A successor starts after the last working day of its predecessor (same day only after zero work).
              if (pDur > 0 && item.estimate!.likely > 0) expect(s.start > p.finish).toBe(true);
              else expect(s.start >= p.start).toBe(true);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
