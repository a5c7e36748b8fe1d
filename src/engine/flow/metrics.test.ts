import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeItem, makeProgram } from '../../model/builders.js';
import type { HistoryEntry, Item } from '../../model/program.js';
import { dayNumber, isoDate } from '../dates.js';
import { flowMetrics } from './metrics.js';
import { isoWeek } from './iso-week.js';

describe('isoWeek', () => {
  it('follows ISO 8601 at year ends', () => {
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2027-01-10')).toBe('2027-W01');
    expect(isoWeek('2027-01-11')).toBe('2027-W02');
    // 2024-12-30 (a Monday) already belongs to 2025-W01; 2021-01-03 to 2020-W53.
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2015-02-05')).toBe('2015-W06');
  });
});

/**
 * A small hand-computed history (status date Wednesday 2027-01-20; 2027-01-04 is the Monday of 2027-W01):
 *   history  A 04→06 (3d)  B 05→08 (4d)  C 11→11 (overridden by item C)  D 07→19 (13d)  E started 06, open
 *            (E created 05)  F created 13, not started   G started 10, finished 25 (after today: still open on the 20th)
 *   items    C done, finished 12 (item wins: 11→12 = 2d)   X doing since 18   Y done 14→15 (2d)
 *            Z todo   W cut (left out)   V done without a finished date (undated, left out)
 */
function smallProgram() {
  const history: HistoryEntry[] = [
    { id: 'A', created: '2027-01-04', started: '2027-01-04', finished: '2027-01-06' },
    { id: 'B', created: '2027-01-04', started: '2027-01-05', finished: '2027-01-08' },
    { id: 'C', created: '2027-01-06', started: '2027-01-11', finished: '2027-01-11' },
    { id: 'D', created: '2027-01-07', started: '2027-01-07', finished: '2027-01-19' },
    { id: 'E', created: '2027-01-05', started: '2027-01-06' },
    { id: 'F', created: '2027-01-13' },
    { id: 'G', created: '2027-01-05', started: '2027-01-10', finished: '2027-01-25' },
    { id: 'W', created: '2027-01-04', started: '2027-01-04', finished: '2027-01-05' },
  ];
  const items: Item[] = [
    makeItem('C', { status: 'done', finished: '2027-01-12' }),
    makeItem('X', { status: 'doing', started: '2027-01-18' }),
    makeItem('Y', { status: 'done', started: '2027-01-14', finished: '2027-01-15' }),
    makeItem('Z'),
    makeItem('W', { status: 'cut' }),
    makeItem('V', { status: 'done' }),
  ];
  return makeProgram({ program: { start: '2027-01-04' }, items, history });
}

describe('flowMetrics on a hand-computed history', () => {
  const m = flowMetrics(smallProgram(), { today: '2027-01-20' });

  it('windows from the first finish to the status date', () => {
    expect(m.window).toEqual({ from: '2027-01-06', to: '2027-01-20' });
  });

  it('counts weekly throughput per ISO week', () => {
    expect(m.throughput).toEqual([
      { week: '2027-W01', count: 2 }, // A, B
      { week: '2027-W02', count: 2 }, // C (item date), Y
      { week: '2027-W03', count: 1 }, // D; G finishes after today
    ]);
  });

  it('takes nearest-rank cycle-time percentiles of [2, 2, 3, 4, 13]', () => {
    expect(m.cycleTime).toEqual({ p50: 3, p85: 13, p95: 13, items: 5 });
    expect(m.cycleTimes.map((c) => `${c.id}:${c.days}`)).toEqual(['A:3', 'B:4', 'C:2', 'Y:2', 'D:13']);
  });

  it('counts WIP and ages it oldest first against P85', () => {
    expect(m.wip).toBe(3); // E, G (finishes after today), X
    expect(m.ageing.map(({ id, days, aboveP85 }) => ({ id, days, aboveP85 }))).toEqual([
      { id: 'E', days: 15, aboveP85: true },
      { id: 'G', days: 11, aboveP85: false },
      { id: 'X', days: 3, aboveP85: false },
    ]);
  });

  it('builds a weekly burn-up of scope vs done', () => {
    expect(m.burnup).toEqual([
      { date: '2027-01-10', scope: 7, done: 2 }, // A B C D E G Z known; A B done
      { date: '2027-01-17', scope: 9, done: 4 }, // + F Y; + C Y
      { date: '2027-01-20', scope: 10, done: 5 }, // + X; + D
    ]);
  });

  it('reports undated done items', () => {
    expect(m.undated).toEqual([{ id: 'V', reason: 'done-without-finished' }]);
  });

  it('narrows to the last N ISO weeks', () => {
    const w = flowMetrics(smallProgram(), { today: '2027-01-20', weeks: 2 });
    expect(w.window.from).toBe('2027-01-11');
    expect(w.throughput).toEqual([{ week: '2027-W02', count: 2 }, { week: '2027-W03', count: 1 }]);
    expect(w.cycleTime).toEqual({ p50: 2, p85: 13, p95: 13, items: 3 });
    expect(w.burnup).toEqual([{ date: '2027-01-17', scope: 9, done: 4 }, { date: '2027-01-20', scope: 10, done: 5 }]);
  });

  it('zero-fills weeks without finishes and sees nothing after the status date', () => {
    const p = makeProgram({ history: [
      { id: 'a', started: '2026-12-28', finished: '2026-12-31' },
      { id: 'b', started: '2027-01-12', finished: '2027-01-12' },
      { id: 'c', started: '2027-01-13', finished: '2027-01-30' },
    ] });
    const r = flowMetrics(p, { today: '2027-01-13' });
    expect(r.throughput).toEqual([{ week: '2026-W53', count: 1 }, { week: '2027-W01', count: 0 }, { week: '2027-W02', count: 1 }]);
    expect(r.wip).toBe(1);
    expect(r.ageing).toMatchObject([{ id: 'c', days: 1 }]);
  });

  it('an undated doing item counts in WIP without an age', () => {
    const r = flowMetrics(makeProgram({ items: [makeItem('d', { status: 'blocked' })] }), { today: '2027-02-01' });
    expect(r.wip).toBe(1);
    expect(r.ageing).toEqual([]);
    expect(r.undated).toEqual([{ id: 'd', reason: 'doing-without-started' }]);
    expect(r.cycleTime).toEqual({ p50: null, p85: null, p95: null, items: 0 });
    expect(r.throughput).toEqual([{ week: '2027-W05', count: 0 }]);
  });
});

const BASE = dayNumber('2026-12-01');
const historyArb = fc.array(
  fc.record({
    created: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    started: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    length: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  }),
  { maxLength: 60 },
).map((rows) =>
  rows.map((r, i): HistoryEntry => {
    const started = r.started === undefined ? undefined : isoDate(BASE + r.started);
    const finished = r.started === undefined || r.length === undefined ? undefined : isoDate(BASE + r.started + r.length);
    return { id: `h${i}`, ...(r.created !== undefined ? { created: isoDate(BASE + r.created) } : {}), ...(started ? { started } : {}), ...(finished ? { finished } : {}) };
  }),
);

describe('flowMetrics properties', () => {
  it('throughput sums to the items finished in the window; weeks are consecutive', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 160 }), fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), (history, todayOffset, weeks) => {
        const today = isoDate(BASE + todayOffset);
        const m = flowMetrics(makeProgram({ program: { start: '2026-12-01' }, history }), { today, ...(weeks ? { weeks } : {}) });
        const expected = history.filter((h) => h.finished !== undefined && h.finished >= m.window.from && h.finished <= m.window.to).length;
        expect(m.throughput.reduce((s, w) => s + w.count, 0)).toBe(expected);
        for (let i = 1; i < m.throughput.length; i++) {
          expect(dayNumber(weekMonday(m.throughput[i].week)) - dayNumber(weekMonday(m.throughput[i - 1].week))).toBe(7);
        }
      }),
    );
  });

  it('burn-up: done <= scope, both non-decreasing, last point on the window end', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 160 }), (history, todayOffset) => {
        const today = isoDate(BASE + todayOffset);
        const m = flowMetrics(makeProgram({ program: { start: '2026-12-01' }, history }), { today });
        m.burnup.forEach((p, i) => {
          expect(p.done).toBeLessThanOrEqual(p.scope);
          if (i > 0) {
            expect(p.scope).toBeGreaterThanOrEqual(m.burnup[i - 1].scope);
            expect(p.done).toBeGreaterThanOrEqual(m.burnup[i - 1].done);
          }
        });
        expect(m.burnup[m.burnup.length - 1]?.date).toBe(m.window.to);
        expect(m.cycleTime.p50 ?? 0).toBeLessThanOrEqual(m.cycleTime.p85 ?? 0);
        expect(m.cycleTime.p85 ?? 0).toBeLessThanOrEqual(m.cycleTime.p95 ?? 0);
        expect(m.ageing.length).toBeLessThanOrEqual(m.wip);
      }),
    );
  });
});

/** The Monday of an ISO week label, by a plain search (independent of the arithmetic under test). */
function weekMonday(week: string): string {
  for (let d = dayNumber(`${Number(week.slice(0, 4)) - 1}-12-25`); ; d++) {
    if (new Date(d * 86_400_000).getUTCDay() === 1 && isoWeek(isoDate(d)) === week) return isoDate(d);
  }
}
