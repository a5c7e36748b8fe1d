import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

// History: payments work took twice its estimate (10 entries), web work as estimated (9 entries) but its bugs took
// three times (3 entries, too few for their own group). Dates are Mon-Fri, 2027-01-04 is a Monday.
const weeks = (k: number): string => new Date(Date.UTC(2027, 0, 4 + 7 * k)).toISOString().slice(0, 10);
const plusDays = (iso: string, d: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
const history = [
  // Monday start, 2-day estimate, finished Thursday: 4 working days, ratio 2.
  ...Array.from({ length: 10 }, (_, i) => `  - {id: P${i}, started: ${weeks(i)}, finished: ${plusDays(weeks(i), 3)}, estimate: 2, workstream: payments, type: story}`),
  // Friday start, 2-day estimate, finished Monday: 2 working days over the weekend, ratio 1.
  ...Array.from({ length: 9 }, (_, i) => `  - {id: W${i}, started: ${plusDays(weeks(i), 4)}, finished: ${plusDays(weeks(i), 7)}, estimate: 2, workstream: web, type: story}`),
  ...Array.from({ length: 3 }, (_, i) => `  - {id: B${i}, started: ${weeks(i)}, finished: ${plusDays(weeks(i), 2)}, estimate: 1, workstream: web, type: bug}`),
  '  - {id: N1, started: 2027-01-04, finished: 2027-01-05}',
].join('\n');

const PROGRAM = (h: string): string => `vantage: 1
program: {id: shop, name: Shop, start: 2027-04-05}
workstreams:
  - {id: payments, title: Payments}
  - {id: web, title: Web}
items:
  - {id: A, title: Pay API, workstream: payments, estimate: {low: 4, likely: 5, high: 8}}
  - {id: B, title: Web UI, workstream: web, estimate: {low: 3, likely: 4, high: 6}, after: [A]}
  - {id: C, title: Ops, estimate: 2}
history:
${h}
`;

const s = scratch('vantage-calibration-');
const FILE = s.file('shop.vantage.yaml', PROGRAM(history));
const FEW = s.file('few.vantage.yaml', PROGRAM(history.split('\n').slice(0, 5).join('\n')));
const TODAY = ['--today', '2027-04-01'];

type CalJson = {
  calibration: {
    entries: number;
    historyEntries: number;
    skipped: { noEstimate: number };
    overall: { count: number; p50: number };
    groups: { level: string; workstream?: string; type?: string; trusted: boolean; count: number; p50: number; p85: number }[];
  };
  backtest?: {
    entries: number;
    uncalibrated: { coverageP50: number; coverageP85: number; medianAbsLogError: number };
    calibrated: { coverageP50: number; coverageP85: number; medianAbsLogError: number };
  };
};

describe('vantage calibration', () => {
  it('reports the ratio distributions by group, as JSON', async () => {
    const r = await runCli(['calibration', FILE, '--format', 'json', ...TODAY]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as CalJson;
    expect(j.calibration.entries).toBe(22);
    expect(j.calibration.historyEntries).toBe(23);
    expect(j.calibration.skipped.noEstimate).toBe(1);
    const g = (level: string, ws?: string, type?: string) => j.calibration.groups.find((x) => x.level === level && x.workstream === ws && x.type === type);
    expect(g('workstream', 'payments')).toMatchObject({ count: 10, p50: 2, p85: 2, trusted: true });
    expect(g('workstream', 'web')).toMatchObject({ count: 12, p50: 1, trusted: true });
    expect(g('workstream+type', 'web', 'bug')).toMatchObject({ count: 3, p50: 3, trusted: false });
    expect(j.backtest).toBeUndefined();
  });

  it('says it in words in a table and in Markdown', async () => {
    const table = await runCli(['calibration', FILE, ...TODAY]);
    expect(table.code).toBe(0);
    expect(table.out).toContain('estimates run 2.0x long in workstream payments');
    expect(table.out).toMatch(/workstream web, type bug\s+3\s+3\.00x\s+3\.00x\s+fewer than 8: uses workstream web/);
    const md = await runCli(['calibration', FILE, '--format', 'md', ...TODAY]);
    expect(md.out).toContain('# Estimate calibration: Shop');
    expect(md.out).toContain('| workstream payments | 10 | 2.00x | 2.00x | estimates run 2.0x long in workstream payments |');
  });

  it('backtests walking forward: calibrated predictions cover what estimates alone miss', async () => {
    const r = await runCli(['calibration', FILE, '--backtest', '--format', 'json', ...TODAY]);
    const b = (JSON.parse(r.out) as CalJson).backtest!;
    expect(b.entries).toBeGreaterThan(8);
    // Estimates as given: payments entries (twice as long) and web bugs are all missed.
    expect(b.uncalibrated.coverageP85).toBeLessThan(0.7);
    expect(b.calibrated.coverageP85).toBeGreaterThan(b.uncalibrated.coverageP85);
    expect(b.calibrated.medianAbsLogError).toBeLessThanOrEqual(b.uncalibrated.medianAbsLogError);
    const text = await runCli(['calibration', FILE, '--backtest', '--details', ...TODAY]);
    expect(text.out).toMatch(/P85 coverage \(actual <= P85\)\s+\d+%\s+\d+%\s+85%/);
    expect(text.out).toContain('P9');
  });

  it('exits 1 naming what is missing when the history is too thin, and 2 on usage mistakes', async () => {
    const r = await runCli(['calibration', FEW, ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('calibration needs at least 8 history entries with an estimate, a started and a finished date');
    expect(r.err).toContain('only 5 of the 5 entries finished by 2027-04-01 qualify');
    expect(r.err).toMatch(/few\.vantage\.yaml:10:1: error: .*\[calibration-too-little-history\]/);
    expect((await runCli(['calibration', FILE, '--format', 'csv', ...TODAY])).code).toBe(2);
    expect((await runCli(['calibration', FILE, '--min-entries', '0', ...TODAY])).code).toBe(2);
    expect((await runCli(['calibration', FILE, '--details', ...TODAY])).code).toBe(2);
  });

  it('ignores history finished after the status date', async () => {
    const r = await runCli(['calibration', FILE, '--format', 'json', '--today', '2027-02-10']);
    const j = JSON.parse(r.out) as CalJson;
    expect(j.calibration.entries).toBeLessThan(22);
  });
});

describe('vantage forecast --calibrate', () => {
  const base = ['forecast', FILE, '--format', 'json', '--trials', '2000', '--seed', '7', ...TODAY];
  type ForecastJson = {
    program: { p85: string };
    calibration?: { used: boolean; entries: number; groups: { level: string; workstream?: string; items: number; p50: number }[]; uncalibratedP85: string; p85: string; p85ShiftDays: number; backtest: { entries: number; uncalibrated: { coverageP85: number }; calibrated: { coverageP85: number } } };
  };

  it('samples the ratios on top of the estimates and reports the groups and the P85 move', async () => {
    const plain = await runCli(base);
    const cal = await runCli([...base, '--calibrate']);
    expect(cal.code).toBe(0);
    const p = JSON.parse(plain.out) as ForecastJson;
    const c = JSON.parse(cal.out) as ForecastJson;
    expect(p.calibration).toBeUndefined();
    expect(c.calibration).toMatchObject({ used: true, entries: 22, uncalibratedP85: p.program.p85, p85: c.program.p85 });
    expect(c.calibration!.groups.map((g) => [g.level, g.workstream, g.items])).toEqual([
      ['workstream', 'payments', 1],
      ['workstream', 'web', 1],
      ['overall', undefined, 1],
    ]);
    // Payments work runs twice its estimate and is on the critical path: P85 moves out by days.
    expect(c.calibration!.p85ShiftDays).toBeGreaterThanOrEqual(4);
    expect(c.calibration!.backtest.entries).toBeGreaterThan(0);
    expect(c.calibration!.backtest.calibrated.coverageP85).toBeGreaterThan(c.calibration!.backtest.uncalibrated.coverageP85);
    expect(c.program.p85 > p.program.p85).toBe(true);
    // Without --calibrate, exactly the forecast as before: only the calibration key is new.
    const { calibration: _, ...rest } = c;
    expect(Object.keys(rest)).toEqual(Object.keys(p));
  });

  it('gives byte-identical JSON for the same seed, whatever the thread count', async () => {
    const one = await runCli([...base, '--calibrate', '--threads', '1']);
    expect((await runCli([...base, '--calibrate', '--threads', '1'])).out).toBe(one.out);
    expect((await runCli([...base, '--calibrate', '--threads', '2'])).out).toBe(one.out);
    expect((await runCli([...base.slice(0, -2), '--seed', '8', ...TODAY, '--calibrate'])).out).not.toBe(one.out);
  });

  it('says the forecast is calibrated in text and Markdown', async () => {
    const text = await runCli(['forecast', FILE, '--calibrate', '--trials', '500', ...TODAY]);
    expect(text.out.split('\n')[1]).toMatch(/^Calibrated on 22 history entries \(workstream payments: median 2\.00x for 1 item; .*\): P85 moved \+\d+ working days, from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\. Walking forward through this history, the calibrated P85 held for \d+% of \d+ entries \(estimates alone: \d+%\)\.$/);
    const md = await runCli(['forecast', FILE, '--calibrate', '--trials', '500', '--format', 'md', ...TODAY]);
    expect(md.out).toMatch(/^# Forecast: Shop\n\n\*\*.*\*\*\n\n\*Calibrated on 22 history entries/);
  });

  it('exits 1 without enough history, and 2 combined with a throughput question', async () => {
    const r = await runCli(['forecast', FEW, '--calibrate', ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[calibration-too-little-history]');
    expect(r.out).toBe('');
    expect((await runCli(['forecast', FILE, '--calibrate', '--throughput', ...TODAY])).code).toBe(2);
  });
});
