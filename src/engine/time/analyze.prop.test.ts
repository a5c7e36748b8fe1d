import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTime, mergeIntervals, type LocalClock, type TimeEvent } from './analyze.js';

const H = 3_600_000;
const Q = 15 * 60_000;
const utc: LocalClock = { toLocal: (t) => t, toUtc: (t) => t };
const FROM = Date.UTC(2027, 0, 18);
const TO = Date.UTC(2027, 1, 1); // two ISO weeks: W03 and W04
const rules = [{ match: 'strat', kind: 'strategic' as const }];

/** Events on a quarter-hour grid inside 2027-W03 and W04 (UTC), some across the week boundary. */
const events = fc.array(
  fc.record({
    startQ: fc.integer({ min: 0, max: 14 * 96 - 1 }),
    lengthQ: fc.integer({ min: 1, max: 40 }),
    strategic: fc.boolean(),
  }),
  { maxLength: 40 },
).map((list) =>
  list.map(
    (e, i): TimeEvent => ({
      uid: `e${i}`,
      title: e.strategic ? 'strat' : 'tact',
      start: FROM + e.startQ * Q,
      end: Math.min(TO, FROM + (e.startQ + e.lengthQ) * Q),
    }),
  ),
);

const target = fc.integer({ min: 1, max: 9 }).map((t) => t / 10);

describe('analyzeTime properties', () => {
  it('strategic + tactical hours = the busy time (each minute once)', () => {
    fc.assert(
      fc.property(events, target, (evs, t) => {
        const r = analyzeTime(evs, { from: FROM, to: TO, zone: utc, rules, target: t });
        const busy = mergeIntervals(evs.map((e) => [e.start, e.end] as const)).reduce((s, [a, b]) => s + b - a, 0) / H;
        expect(r.weeks.map((w) => w.week)).toEqual(['2027-W03', '2027-W04']);
        const counted = r.weeks.reduce((sum, w) => sum + w.strategicHours + w.tacticalHours, 0);
        expect(counted).toBeCloseTo(busy, 1);
      }),
    );
  });

  it('focus blocks lie in free working time, never on a busy minute, and reach the target when they say so', () => {
    fc.assert(
      fc.property(events, target, (evs, t) => {
        const r = analyzeTime(evs, { from: FROM, to: TO, zone: utc, rules, target: t });
        for (const b of r.focusBlocks) {
          expect(b.end - b.start).toBeGreaterThanOrEqual(2 * H);
          expect(r.freeSlots.some((s) => s.start <= b.start && b.end <= s.end)).toBe(true);
          expect(evs.some((e) => e.start < b.end && e.end > b.start)).toBe(false);
          const hourOfDay = (b.start - Date.UTC(2027, 0, 18)) % (24 * H);
          expect(hourOfDay).toBeGreaterThanOrEqual(9 * H);
        }
        for (const p of r.plan) {
          if (p.reachesTarget && p.shareWithBlocks !== null) expect(p.shareWithBlocks).toBeGreaterThanOrEqual(t - 0.001);
          if (!p.reachesTarget) {
            // Every usable slot of that week was used: nothing left could have been a block.
            expect(r.focusBlocks.filter((b) => b.week === p.week).length).toBe(r.freeSlots.filter((x) => x.week === p.week).length);
          }
        }
      }),
    );
  });

  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(events, target, (evs, t) => {
        const a = analyzeTime(evs, { from: FROM, to: TO, zone: utc, rules, target: t });
        const b = analyzeTime([...evs].reverse(), { from: FROM, to: TO, zone: utc, rules, target: t });
        expect(b.weeks).toEqual(a.weeks);
        expect(b.focusBlocks).toEqual(a.focusBlocks);
      }),
    );
  });
});
