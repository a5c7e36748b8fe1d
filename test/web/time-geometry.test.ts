/** My time's pure helpers: the stacked-bar geometry (web/src/time/time-geometry.ts) and the model (time-model.ts). */
import { describe, expect, it } from 'vitest';
import { timeChart, type TimeWeek } from '../../web/src/time/time-geometry.js';
import { focusBlocksIcs, hoursText, isoWeekOfDate, shiftIsoWeek } from '../../web/src/time/time-model.js';

const week = (w: string, strategicHours: number, tacticalHours: number, target = 0.4): TimeWeek => ({
  week: w,
  strategicHours,
  tacticalHours,
  share: strategicHours + tacticalHours > 0 ? strategicHours / (strategicHours + tacticalHours) : 0,
  target,
});

describe('time chart geometry', () => {
  const size = { width: 400, height: 200, margin: { top: 10, right: 50, bottom: 30, left: 40 } };

  it('stacks strategic under tactical to the full height, split at the share', () => {
    const c = timeChart([week('2026-W45', 1.5, 3.75), week('2026-W46', 4, 0)], size);
    expect(c.plot).toEqual({ left: 40, right: 350, top: 10, bottom: 170 });
    const [a, b] = c.bars;
    // 1.5 / 5.25 = 0.2857 of 160 px.
    expect(a.strategic.height).toBeCloseTo(160 * (1.5 / 5.25), 6);
    expect(a.strategic.y + a.strategic.height).toBeCloseTo(170, 6);
    expect(a.tactical.y).toBe(10);
    expect(a.tactical.height + a.strategic.height).toBeCloseTo(160, 6);
    expect(a.belowTarget).toBe(true);
    expect(b.strategic.height).toBeCloseTo(160, 6);
    expect(b.tactical.height).toBeCloseTo(0, 6);
    expect(b.belowTarget).toBe(false);
  });

  it('draws the target line at the target share and gridlines every 25 %', () => {
    const c = timeChart([week('2026-W45', 1, 1, 0.4)], size);
    expect(c.target).toBe(0.4);
    expect(c.targetY).toBeCloseTo(170 - 0.4 * 160, 6);
    expect(c.grid.map((g) => g.y)).toEqual([170, 130, 90, 50, 10]);
  });

  it('lays bars side by side inside the plot, centred in equal bands, at most 48 px wide', () => {
    const c = timeChart([week('a', 1, 1), week('b', 1, 1), week('c', 1, 1)], size);
    const band = 310 / 3;
    for (const [k, bar] of c.bars.entries()) {
      expect(bar.cx).toBeCloseTo(40 + band * k + band / 2, 6);
      expect(bar.x).toBeGreaterThanOrEqual(40);
      expect(bar.x + bar.width).toBeLessThanOrEqual(350);
    }
    expect(c.bars[0].width).toBe(48);
  });

  it('leaves a week with no meetings empty and never below target; no weeks, no target line', () => {
    const c = timeChart([week('2026-W52', 0, 0)], size);
    expect(c.bars[0]).toMatchObject({ empty: true, belowTarget: false, strategic: { height: 0 }, tactical: { height: 0 } });
    const none = timeChart([], size);
    expect(none.bars).toEqual([]);
    expect(none.targetY).toBeUndefined();
  });

  it('widens with the number of weeks when no width is given', () => {
    expect(timeChart(Array.from({ length: 12 }, (_, k) => week(`w${k}`, 1, 1))).width).toBeGreaterThan(timeChart([week('a', 1, 1)]).width);
  });
});

describe('time model', () => {
  it('steps ISO weeks across a year with 53 weeks', () => {
    expect(shiftIsoWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftIsoWeek('2026-W48', 8)).toBe('2027-W03');
    expect(shiftIsoWeek('2026-48', 1)).toBeUndefined();
    expect(isoWeekOfDate('2026-11-25')).toBe('2026-W48');
    expect(isoWeekOfDate('2027-01-01')).toBe('2026-W53');
  });

  it('writes the focus blocks as an importable calendar (CRLF, UTC times, escaped and folded text)', () => {
    const text = focusBlocksIcs([{ week: '2026-W48', start: '2026-11-27T14:00:00Z', end: '2026-11-27T16:15:00Z', hours: 2.25, local: 'Fri' }], { programName: 'Checkout, revamp; web', target: 0.4, today: '2026-11-25' });
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(lines).toContain('DTSTART:20261127T140000Z');
    expect(lines).toContain('DTEND:20261127T161500Z');
    expect(lines).toContain('DTSTAMP:20261125T000000Z');
    expect(lines).toContain('UID:focus-20261127T140000Z-20261127T161500Z@vantage');
    expect(text).toContain('X-WR-CALNAME:Focus blocks: Checkout\\, revamp\\; web');
    for (const l of lines) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(text.replace(/\r\n /g, '')).toContain('(2026-W48\\, target 40%).');
    expect((text.match(/BEGIN:VEVENT/g) ?? []).length).toBe(1);
  });

  it('says hours as people read them', () => {
    expect(hoursText(0)).toBe('0 h');
    expect(hoursText(0.75)).toBe('45 min');
    expect(hoursText(3.75)).toBe('3 h 45 min');
    expect(hoursText(2)).toBe('2 h');
    expect(hoursText(1.13)).toBe('1 h 8 min');
  });
});
