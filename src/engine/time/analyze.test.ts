import { describe, expect, it } from 'vitest';
import { analyzeTime, classify, mergeIntervals, strategicNeeded, type LocalClock, type TimeEvent } from './analyze.js';
import { mondayOfIsoWeek } from './weeks.js';
import { isoDate } from '../dates.js';

const H = 3_600_000;
const utc: LocalClock = { toLocal: (t) => t, toUtc: (t) => t };
/** A fixed UTC−5 zone (no DST): local 09:00 is 14:00Z. */
const minus5: LocalClock = { toLocal: (t) => t - 5 * H, toUtc: (t) => t + 5 * H };
const rules = [
  { match: 'roadmap|strategy|okr', kind: 'strategic' as const },
  { match: 'standup|triage', kind: 'tactical' as const },
];
/** 2027-W03: Monday 2027-01-18. */
const at = (day: number, hour: number, minute = 0) => Date.UTC(2027, 0, 18 + day, hour, minute);
const ev = (title: string, day: number, from: number, to: number, extra: Partial<TimeEvent> = {}): TimeEvent => ({
  uid: `${title}-${day}-${from}`,
  title,
  start: at(day, Math.floor(from), Math.round((from % 1) * 60)),
  end: at(day, Math.floor(to), Math.round((to % 1) * 60)),
  ...extra,
});
const week = { from: at(0, 0), to: at(7, 0), zone: utc, rules, target: 0.4 };
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('analyzeTime: one hand-computed week (2027-W03, UTC)', () => {
  const events = [
    ev('Roadmap review', 0, 9, 10),
    ev('Standup', 0, 9.5, 10.5), // overlaps the review 09:30–10:00: each gets 15 min of it
    ev('Bug triage', 1, 13, 15),
    ev('OKR check-in', 2, 10, 11),
    ev('Strategy offsite prep', 2, 14, 16, { declined: true }),
    ev('Holiday', 3, 0, 24, { allDay: true }),
    ev('Lunch', 3, 12, 13, { transparent: true }),
    ev('Roadmap sync', 4, 9, 10, { status: 'cancelled' }),
  ];
  const r = analyzeTime(events, week);

  it('counts a double-booked minute once, split between the events', () => {
    // strategic 0.75 (review) + 1 (OKR) = 1.75 h; tactical 0.75 (standup) + 2 (triage) = 2.75 h; share 1.75 / 4.5.
    expect(r.weeks).toEqual([{ week: '2027-W03', strategicHours: 1.75, tacticalHours: 2.75, share: 0.389, target: 0.4 }]);
  });

  it('ignores declined, all-day, transparent and cancelled events, and says how many', () => {
    expect(r.ignored).toEqual({ allDay: 1, declined: 1, cancelled: 1, transparent: 1 });
  });

  it('plans one 2 h block for the 5 missing minutes, in the largest free slot', () => {
    expect(r.plan).toEqual([{ week: '2027-W03', neededHours: 0.08, plannedHours: 2, shareWithBlocks: 0.577, reachesTarget: true }]);
    // Largest slots are the whole free days, Thursday and Friday 09:00–17:00; the earlier wins.
    expect(r.focusBlocks.map((b) => `${iso(b.start)}–${iso(b.end).slice(11)}`)).toEqual(['2027-01-21T09:00–11:00']);
  });

  it('lists free slots of 2 h or more around the busy time, in working hours only', () => {
    expect(r.freeSlots.map((s) => `${iso(s.start)}–${iso(s.end).slice(11)}`)).toEqual([
      '2027-01-18T10:30–17:00',
      '2027-01-19T09:00–13:00',
      '2027-01-19T15:00–17:00',
      '2027-01-20T11:00–17:00',
      '2027-01-21T09:00–17:00',
      '2027-01-22T09:00–17:00',
    ]);
  });

  it('names the largest tactical sinks with their share of the time', () => {
    expect(r.sinks.map((s) => [s.title, s.hours, s.occurrences])).toEqual([
      ['Bug triage', 2, 1],
      ['Standup', 0.75, 1],
    ]);
    expect(r.sinks[0].suggestion).toMatch(/h a week/);
  });
});

describe('analyzeTime: focus blocks', () => {
  it('takes the fewest slots: one block cut to what is missing from the largest slot', () => {
    // Tactical 6 h on Monday (09–15), nothing else; target 0.5 needs 6 h strategic. Free: Mon 15–17 (2 h), Tue–Fri whole days.
    const r = analyzeTime([ev('Escalation', 0, 9, 15)], { ...week, target: 0.5 });
    expect(r.plan[0]).toMatchObject({ neededHours: 6, plannedHours: 6, shareWithBlocks: 0.5, reachesTarget: true });
    expect(r.focusBlocks.map((b) => `${iso(b.start)}–${iso(b.end).slice(11)}`)).toEqual(['2027-01-19T09:00–15:00']);
  });

  it('says so when the free slots cannot reach the target', () => {
    // Busy every working hour except Friday 09:00–11:00: 38 h tactical, and only one 2 h slot.
    const busy = [0, 1, 2, 3].map((d) => ev('Firefight', d, 9, 17));
    const r = analyzeTime([...busy, ev('Firefight', 4, 11, 17)], { ...week, target: 0.5 });
    expect(r.focusBlocks.map((b) => iso(b.start))).toEqual(['2027-01-22T09:00']);
    expect(r.plan[0]).toMatchObject({ neededHours: 38, plannedHours: 2, reachesTarget: false });
    expect(r.plan[0].reason).toBe('the free slots hold only 2 h of the 38 h needed');
  });

  it('plans nothing in the past (before notBefore) and says why', () => {
    const r = analyzeTime([ev('Standup', 0, 9, 10)], { ...week, notBefore: at(7, 0) });
    expect(r.freeSlots).toEqual([]);
    expect(r.plan[0]).toMatchObject({ reachesTarget: false, reason: 'the week is over: nothing left to plan' });
    // From Friday on, only Friday is left to plan.
    const friday = analyzeTime([ev('Standup', 0, 9, 10)], { ...week, notBefore: at(4, 0) });
    expect(friday.focusBlocks.map((b) => iso(b.start))).toEqual(['2027-01-22T09:00']);
    const full = analyzeTime([ev('Standup', 0, 9, 10), ev('Firefight', 4, 9, 17)], { ...week, notBefore: at(4, 0) });
    expect(full.plan[0].reason).toBe('no free slot of 2 h or more left in working hours');
  });

  it('needs nothing when the target is already met', () => {
    const r = analyzeTime([ev('Roadmap', 0, 9, 12), ev('Standup', 0, 13, 14)], week);
    expect(r.plan[0]).toMatchObject({ neededHours: 0, plannedHours: 0, reachesTarget: true });
    expect(r.focusBlocks).toEqual([]);
  });

  it('cannot reach a target of 100% with any tactical time', () => {
    const r = analyzeTime([ev('Standup', 0, 9, 10)], { ...week, target: 1 });
    expect(r.plan[0]).toMatchObject({ neededHours: null, reachesTarget: false });
  });
});

describe('analyzeTime: weeks and zones', () => {
  it("splits time into ISO weeks in the TPM's zone (an event Sunday 23:00 local is that week's)", () => {
    // UTC−5: Sunday 2027-01-24 23:00 local is Monday 04:00Z, still 2027-W03 locally.
    const sunday = { uid: 's', title: 'Roadmap', start: Date.UTC(2027, 0, 25, 4), end: Date.UTC(2027, 0, 25, 5) };
    const monday = { uid: 'm', title: 'Standup', start: Date.UTC(2027, 0, 25, 14), end: Date.UTC(2027, 0, 25, 15) };
    const r = analyzeTime([sunday, monday], { ...week, from: Date.UTC(2027, 0, 18, 5), to: Date.UTC(2027, 1, 1, 5), zone: minus5 });
    expect(r.weeks.map((w) => [w.week, w.strategicHours, w.tacticalHours])).toEqual([
      ['2027-W03', 1, 0],
      ['2027-W04', 0, 1],
    ]);
    // Working hours are local: Monday of W04 is free from 10:00 local (15:00Z) to 17:00 local (22:00Z).
    expect(r.freeSlots.find((s) => s.week === '2027-W04')).toMatchObject({ start: Date.UTC(2027, 0, 25, 15), end: Date.UTC(2027, 0, 25, 22) });
  });

  it('reports an empty week with share null', () => {
    const r = analyzeTime([], week);
    expect(r.weeks).toEqual([{ week: '2027-W03', strategicHours: 0, tacticalHours: 0, share: null, target: 0.4 }]);
    expect(r.freeSlots).toHaveLength(5);
  });

  it('honours other working hours', () => {
    const r = analyzeTime([], { ...week, dayStartMinute: 8 * 60, dayEndMinute: 12 * 60 });
    expect(r.freeSlots[0]).toMatchObject({ start: at(0, 8), end: at(0, 12), hours: 4 });
  });
});

describe('helpers', () => {
  it('classifies by the first matching rule, case-insensitively; unmatched is tactical', () => {
    const c = classify(
      [
        { uid: 'a', title: 'ROADMAP triage', start: 0, end: 1 },
        { uid: 'b', title: 'Lunch & learn', start: 0, end: 1 },
      ],
      [...rules, { match: '(broken', kind: 'strategic' }],
    );
    expect(c.map((e) => e.kind)).toEqual(['strategic', 'tactical']);
  });

  it('computes the strategic hours missing for a target', () => {
    const x = strategicNeeded(2 * H, 8 * H, 0.4);
    expect((2 * H + x) / (10 * H + x)).toBeCloseTo(0.4, 12);
    expect(strategicNeeded(5 * H, 5 * H, 0.4)).toBe(0);
  });

  it('merges touching and overlapping intervals', () => {
    expect(mergeIntervals([[5, 6], [1, 3], [3, 4], [2, 2.5]])).toEqual([[1, 4], [5, 6]]);
  });

  it('finds the Monday of an ISO week', () => {
    expect(isoDate(mondayOfIsoWeek('2027-W03') ?? NaN)).toBe('2027-01-18');
    expect(isoDate(mondayOfIsoWeek('2026-W53') ?? NaN)).toBe('2026-12-28');
    expect(mondayOfIsoWeek('2027-W53')).toBeUndefined();
    expect(mondayOfIsoWeek('2027-3')).toBeUndefined();
  });
});
