import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HistoryEntry } from '../../model/program.js';
import { dayNumber, isoDate } from './days.js';
import { forecastThroughput, type ForecastPoint } from './forecast.js';

const TODAY = '2027-06-30';

/** History with `perDay[i]` items finished on the i-th of the `perDay.length` days ending today. */
function historyOf(perDay: number[], today = TODAY): HistoryEntry[] {
  const end = dayNumber(today);
  const out: HistoryEntry[] = [];
  perDay.forEach((n, i) => {
    for (let k = 0; k < n; k++) out.push({ id: `H${i}-${k}`, finished: isoDate(end - perDay.length + 1 + i) });
  });
  return out;
}

const codes = (r: { diagnostics: { code: string }[] }): string[] => r.diagnostics.map((d) => d.code);

describe('forecastThroughput', () => {
  it('is exact for a team that finishes one item every day', () => {
    const history = historyOf(new Array<number>(300).fill(1));
    const many = forecastThroughput(history, { today: TODAY, question: { kind: 'how-many', by: '2027-07-28' } });
    expect(codes(many)).toEqual([]);
    const f = many.forecast!;
    expect(f.horizonDays).toBe(28);
    expect(f.window).toEqual({ from: '2027-04-08', to: TODAY, days: 84, items: 84, perDay: 1 });
    expect([f.standard.p50, f.standard.p85, f.standard.p95]).toEqual([28, 28, 28]);
    expect([f.calibrated.p50, f.calibrated.p85, f.calibrated.p95]).toEqual([28, 28, 28]);
    expect(f.calibrated.basis).toBe('calibrated');
    expect(f.standard.histogram).toEqual([{ value: 28, share: 1 }]);

    const when = forecastThroughput(history, { today: TODAY, question: { kind: 'when', items: 40 } }).forecast!;
    expect(when.standard.p85).toBe('2027-08-09'); // 40 days after 2027-06-30
    expect(when.calibrated.points.map((p: ForecastPoint) => p.days)).toEqual([40, 40, 40]);
  });

  it('adds requested percentiles and keeps both questions in the right order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(4), { minLength: 200, maxLength: 400 }).filter((xs) => xs.slice(-84).some((x) => x > 0)),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        (perDay, h, items) => {
          const history = historyOf(perDay);
          const by = isoDate(dayNumber(TODAY) + h);
          const many = forecastThroughput(history, { today: TODAY, question: { kind: 'how-many', by }, trials: 300, percentiles: [0.7] }).forecast!;
          for (const m of [many.standard, many.calibrated]) {
            const c = m.points.map((p) => p.count ?? -1);
            expect(m.points.map((p) => p.confidence)).toEqual([0.5, 0.7, 0.85, 0.95]);
            for (let i = 1; i < c.length; i++) expect(c[i]).toBeLessThanOrEqual(c[i - 1]);
          }
          const when = forecastThroughput(history, { today: TODAY, question: { kind: 'when', items }, trials: 300 }).forecast!;
          for (const m of [when.standard, when.calibrated]) {
            const d = m.points.map((p) => p.days ?? Infinity);
            for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1]);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('gives identical results for the same seed', () => {
    const history = historyOf(Array.from({ length: 250 }, (_, i) => (i * 7) % 5 === 0 ? 3 : i % 3 === 0 ? 1 : 0));
    const ask = (seed: number) =>
      forecastThroughput(history, { today: TODAY, question: { kind: 'when', items: 30 }, seed, trials: 2000 });
    expect(ask(42)).toEqual(ask(42));
    expect(ask(42).forecast!.standard.histogram).not.toEqual(ask(43).forecast!.standard.histogram);
  });

  it('refuses to forecast without finished work or without throughput in the window', () => {
    expect(codes(forecastThroughput([{ id: 'A' }], { today: TODAY, question: { kind: 'when', items: 3 } }))).toEqual([
      'history-nothing-finished',
    ]);
    const old = historyOf(new Array<number>(100).fill(1), '2027-01-31');
    const r = forecastThroughput(old, { today: TODAY, question: { kind: 'when', items: 3 } });
    expect(r.forecast).toBeUndefined();
    expect(codes(r)).toEqual(['throughput-window-empty']);
    expect(r.diagnostics[0].hint).toBe('the history ends on 2027-01-31; is it up to date?');
  });

  it('warns about stale, future and short histories', () => {
    const stale = historyOf([...new Array<number>(400).fill(1), ...new Array<number>(20).fill(0)]);
    expect(codes(forecastThroughput(stale, { today: TODAY, question: { kind: 'when', items: 3 } }))).toEqual(['history-stale']);
    const future = [...historyOf(new Array<number>(200).fill(1)), { id: 'F', finished: '2027-07-02' }];
    expect(codes(forecastThroughput(future, { today: TODAY, question: { kind: 'when', items: 3 } }))).toEqual(['history-after-today']);
    const short = historyOf(new Array<number>(60).fill(2));
    const r = forecastThroughput(short, { today: TODAY, question: { kind: 'how-many', by: '2027-07-14' } });
    expect(codes(r)).toEqual(['throughput-uncalibrated']);
    expect(r.forecast!.calibrated.basis).toBe('standard');
    expect(r.forecast!.calibrated.points).toEqual(r.forecast!.standard.points);
  });

  it('extrapolates the calibration beyond the horizons the history can check', () => {
    const history = historyOf(new Array<number>(400).fill(1));
    const far = forecastThroughput(history, { today: TODAY, question: { kind: 'how-many', by: '2028-06-30' } }).forecast!;
    expect(far.calibrated.basis).toBe('extrapolated');
    expect(far.calibrated.calibrationHorizonDays).toBeLessThan(far.horizonDays!);
    expect(far.calibrated.p85).toBe(far.horizonDays);
  });

  it('rejects caller bugs', () => {
    const history = historyOf(new Array<number>(100).fill(1));
    expect(() => forecastThroughput(history, { today: TODAY, question: { kind: 'how-many', by: TODAY } })).toThrow(RangeError);
    expect(() => forecastThroughput(history, { today: TODAY, question: { kind: 'when', items: 0 } })).toThrow(RangeError);
    expect(() => forecastThroughput(history, { today: TODAY, question: { kind: 'when', items: 1 }, percentiles: [1.2] })).toThrow(RangeError);
  });
});
