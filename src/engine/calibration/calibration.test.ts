import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { est, est3, makeItem, makeProgram } from '../../model/builders.js';
import type { HistoryEntry } from '../../model/program.js';
import { createCalendar } from '../calendar.js';
import { compileProgram } from '../network.js';
import { backtestCalibration, estimateQuantile } from './backtest.js';
import { buildCalibration, groupFor, quantileSorted, ratioDistribution } from './groups.js';
import { actualWorkingDays, calibrationSamples, expectedDays, type CalibrationSample } from './samples.js';
import { calibrationTable } from './table.js';

const monFri = createCalendar({}, '2027-01-04');

/** A sample with a fixed estimate of `estimate` days and the given ratio. */
function sample(id: string, ratio: number, o: Partial<CalibrationSample> = {}): CalibrationSample {
  const estimateDays = o.estimateDays ?? 2;
  return { id, finished: '2027-01-01', estimateDays, estimate: est(estimateDays), actualDays: ratio * estimateDays, ratio, ...o };
}

describe('ratios from history', () => {
  it('counts working days from started to finished, both included, across a weekend', () => {
    // Friday 2027-01-08 to Monday 2027-01-11: Friday and Monday.
    expect(actualWorkingDays(monFri, '2027-01-08', '2027-01-11')).toBe(2);
    expect(actualWorkingDays(monFri, '2027-01-11', '2027-01-11')).toBe(1);
    // Saturday to Sunday: no working day at all still counts as one day of work.
    expect(actualWorkingDays(monFri, '2027-01-09', '2027-01-10')).toBe(1);
    // Two full weeks Monday to Friday.
    expect(actualWorkingDays(monFri, '2027-01-04', '2027-01-15')).toBe(10);
  });

  it('skips holidays of the program calendar', () => {
    const cal = createCalendar({ holidays: ['2027-01-11'] }, '2027-01-04');
    expect(actualWorkingDays(cal, '2027-01-08', '2027-01-12')).toBe(2);
  });

  it('divides by the expected value of the estimate', () => {
    expect(expectedDays(est(3))).toBe(3);
    expect(expectedDays(est3(2, 4, 12))).toBe(5);
    expect(expectedDays(est3(1, 2, 6, 'triangular'))).toBe(3);
    // Lognormal with 5th/95th percentiles 2 and 8: median 4, mean above it.
    expect(expectedDays(est3(2, 3, 8, 'lognormal'))).toBeGreaterThan(4);
    const history: HistoryEntry[] = [
      { id: 'a', started: '2027-01-08', finished: '2027-01-11', estimate: est(1), workstream: 'pay', type: 'bug' },
      { id: 'b', started: '2027-01-04', finished: '2027-01-08', estimate: est3(2, 4, 12) },
      { id: 'c', started: '2027-01-04', finished: '2027-01-05' },
      { id: 'd', started: '2027-01-04', estimate: est(2) },
      { id: 'e', started: '2027-01-04', finished: '2027-01-05', estimate: est(0) },
    ];
    const r = calibrationSamples(history, monFri);
    expect(r.samples.map((s) => [s.id, s.actualDays, s.ratio])).toEqual([
      ['a', 2, 2],
      ['b', 5, 1],
    ]);
    expect(r.samples[0]).toMatchObject({ workstream: 'pay', type: 'bug' });
    expect(r.skipped).toEqual({ noEstimate: 1, notFinished: 1, zeroEstimate: 1 });
  });
});

describe('distributions and groups', () => {
  it('computes type-7 quantiles and log moments', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.85)).toBeCloseTo(3.55, 12);
    const d = ratioDistribution([4, 1, 2]);
    expect([d.count, d.p50, d.min, d.max]).toEqual([3, 2, 1, 4]);
    expect(d.meanLog).toBeCloseTo(Math.log(2), 12);
    expect(Array.from(d.sorted)).toEqual([1, 2, 4]);
  });

  it('falls back from workstream+type to workstream, type, then overall when a group has too few entries', () => {
    const samples = [
      ...Array.from({ length: 8 }, (_, i) => sample(`p${i}`, 2, { workstream: 'pay', type: 'story' })),
      ...Array.from({ length: 3 }, (_, i) => sample(`b${i}`, 3, { workstream: 'pay', type: 'bug' })),
      ...Array.from({ length: 8 }, (_, i) => sample(`w${i}`, 0.5, { workstream: 'web', type: 'task' })),
      ...Array.from({ length: 4 }, (_, i) => sample(`x${i}`, 1, { workstream: 'ops', type: 'task' })),
      ...Array.from({ length: 2 }, (_, i) => sample(`y${i}`, 1, { workstream: 'ops' })),
    ];
    const cal = buildCalibration(samples);
    const used = (ws?: string, type?: string) => {
      const g = groupFor(cal, ws, type);
      return [g.level, g.workstream, g.type];
    };
    expect(used('pay', 'story')).toEqual(['workstream+type', 'pay', 'story']);
    // pay+bug has 3 entries: the pay workstream (11) decides.
    expect(used('pay', 'bug')).toEqual(['workstream', 'pay', undefined]);
    expect(groupFor(cal, 'pay', 'bug').distribution.count).toBe(11);
    // ops has 6 entries in all: type task (12 entries) decides.
    expect(used('ops', 'task')).toEqual(['type', undefined, 'task']);
    // ops without a type: overall.
    expect(used('ops', undefined)).toEqual(['overall', undefined, undefined]);
    expect(used(undefined, undefined)).toEqual(['overall', undefined, undefined]);
    expect(cal.overall.count).toBe(samples.length);
    expect(cal.groups.find((g) => g.level === 'workstream+type' && g.type === 'bug')?.trusted).toBe(false);
  });

  it('maps each open item of a network to its workstream group, and done items to none', () => {
    const cal = buildCalibration([
      ...Array.from({ length: 8 }, (_, i) => sample(`p${i}`, 2, { workstream: 'pay' })),
      sample('w', 1, { workstream: 'web' }),
    ]);
    const program = makeProgram({
      items: [
        makeItem('a', { workstream: 'pay', estimate: est(2) }),
        makeItem('b', { workstream: 'web', estimate: est(2) }),
        makeItem('c', { workstream: 'pay', estimate: est(2), status: 'done', started: '2027-01-04', finished: '2027-01-05' }),
        makeItem('d', { estimate: est(2) }),
      ],
    });
    const net = compileProgram(program, { today: '2027-01-04' });
    const { table, uses } = calibrationTable(net, cal);
    expect(uses.map((u) => [u.group.level, u.group.workstream, u.items])).toEqual([
      ['workstream', 'pay', 1],
      ['overall', undefined, 2],
    ]);
    expect(Array.from(table.nodeGroup)).toEqual([0, 1, -1, 1]);
    expect(Array.from(table.groupStart)).toEqual([0, 8, 17]);
  });
});

describe('walk-forward backtest', () => {
  it("uses an estimate's own quantiles uncalibrated", () => {
    expect(estimateQuantile(est(3), 0.85)).toBe(3);
    expect(estimateQuantile(est3(1, 2, 3, 'triangular'), 0.5)).toBeCloseTo(2, 3);
    // Lognormal with 5th/95th percentiles 2 and 8: median 4.
    expect(estimateQuantile(est3(2, 3, 8, 'lognormal'), 0.5)).toBeCloseTo(4, 9);
    expect(estimateQuantile(est3(2, 4, 12), 0.85)).toBeGreaterThan(estimateQuantile(est3(2, 4, 12), 0.5));
  });

  it('learns only from entries finished strictly before, and beats estimates that always run twice as long', () => {
    const day = (k: number): string => `2027-02-${String(k + 1).padStart(2, '0')}`;
    // Every entry took twice its estimate; two finish on each day.
    const samples = Array.from({ length: 20 }, (_, i) => sample(`s${String(i).padStart(2, '0')}`, 2, { finished: day(Math.floor(i / 2)) }));
    const r = backtestCalibration(samples);
    // The first 8 are warm-up; entries 8 and 9 finish together, so both see exactly 8 before them.
    expect(r.warmUp).toBe(8);
    expect(r.entries).toBe(12);
    expect(r.uncalibrated).toEqual({ coverageP50: 0, coverageP85: 0, medianAbsLogError: Math.log(2) });
    expect(r.calibrated.coverageP50).toBe(1);
    expect(r.calibrated.coverageP85).toBe(1);
    expect(r.calibrated.medianAbsLogError).toBeCloseTo(0, 12);
    expect(r.details[0].calibrated.p50).toBeCloseTo(4, 12);
  });

  it('counts same-day finishes as not known yet', () => {
    // 9 entries all finishing the same day: none has any earlier entry, all are warm-up.
    const r = backtestCalibration(Array.from({ length: 9 }, (_, i) => sample(`s${i}`, 1)));
    expect([r.entries, r.warmUp]).toEqual([0, 9]);
    expect(r.calibrated.coverageP50).toBeNaN();
  });
});

describe('walk-forward backtest against a rebuild per entry', () => {
  it('predicts each entry exactly as buildCalibration + groupFor on the entries finished before it', () => {
    const sampleArb = fc.record({
      day: fc.integer({ min: 1, max: 20 }),
      ratio: fc.constantFrom(0.5, 1, 1.25, 2, 3),
      estimateDays: fc.constantFrom(1, 2, 5),
      workstream: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      type: fc.option(fc.constantFrom('bug', 'story'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(sampleArb, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (raw, minEntries) => {
        const samples = raw.map((r, i) => {
          const { day, workstream, type, ...rest } = r;
          return sample(`s${String(i).padStart(3, '0')}`, r.ratio, {
            ...rest,
            finished: `2027-03-${String(day).padStart(2, '0')}`,
            ...(workstream !== undefined ? { workstream } : {}),
            ...(type !== undefined ? { type } : {}),
          });
        });
        const r = backtestCalibration(samples, { minEntries, minTraining: minEntries });
        expect(r.entries + r.warmUp).toBe(samples.length);
        for (const d of r.details) {
          const s = samples.find((x) => x.id === d.id)!;
          const before = samples.filter((x) => x.finished < s.finished);
          expect(before.length).toBeGreaterThanOrEqual(minEntries);
          const g = groupFor(buildCalibration(before, minEntries), s.workstream, s.type);
          expect(d.calibrated.p50).toBeCloseTo(s.estimateDays * g.distribution.p50, 12);
          expect(d.calibrated.p85).toBeCloseTo(s.estimateDays * g.distribution.p85, 12);
        }
      }),
      { numRuns: 200 },
    );
  });
});
