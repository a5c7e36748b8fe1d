import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const FLOW = 'examples/flow/team-flow.vantage.yaml';
const CHECKOUT = 'examples/checkout.vantage.yaml';

/**
 * A small program whose metrics are computed by hand (status date Wednesday 2027-01-20):
 *   A 04→06 (3d, W01)  B 05→08 (4d, W01)  C 11→12 (2d, W02; the item's dates win over the history row)
 *   Y 14→15 (2d, W02)  D 07→19 (13d, W03)  E started 06, open (age 15 > P85 13)  X doing since 18 (age 3)
 *   cycle times [2, 2, 3, 4, 13] → P50 3 (rank 3), P85 13 (rank 5), P95 13
 *   burn-up (known: history created, else started) 01-10: 5 known (A B C D E), 2 done; 01-17: 6 (+Y), 4 (+C Y);
 *   01-20: 7 (+X), 5 (+D)
 * Snapshot of 2027-01-08 forecast M1 (after C, reached 01-12) by 01-13: hit, -1; M2 (after Y, reached 01-15) by
 * 01-14: miss, +1.
 */
const small = scratch('vantage-metrics-');
const SMALL = small.file(
  'small.vantage.yaml',
  `vantage: 1
program: {id: small, name: Small flow, start: 2027-01-04}
items:
  - {id: C, title: Item C, status: done, started: 2027-01-11, finished: 2027-01-12, estimate: 1}
  - {id: X, title: Item X, status: doing, started: 2027-01-18, estimate: 3}
  - {id: Y, title: Item Y, status: done, started: 2027-01-14, finished: 2027-01-15, estimate: 1}
milestones:
  - {id: M1, title: First, after: [C]}
  - {id: M2, title: Second, after: [Y]}
history: history.csv
`,
);
small.file(
  'history.csv',
  `id,created,started,finished
A,2027-01-04,2027-01-04,2027-01-06
B,2027-01-04,2027-01-05,2027-01-08
C,2027-01-06,2027-01-11,2027-01-11
D,2027-01-07,2027-01-07,2027-01-19
E,2027-01-05,2027-01-06,
`,
);
const snapDir = join(small.dir, '.vantage', 'snapshots', 'small');
mkdirSync(snapDir, { recursive: true });
writeFileSync(
  join(snapDir, '2027-01-08T090000Z.json'),
  JSON.stringify({
    vantageSnapshot: 1,
    id: '2027-01-08T090000Z',
    takenAt: '2027-01-08T09:00:00.000Z',
    statusDate: '2027-01-08',
    program: { id: 'small', name: 'Small flow', start: '2027-01-04', confidence: 0.85 },
    items: [],
    milestones: [
      { id: 'M1', title: 'First', p50: '2027-01-12', p85: '2027-01-13', p95: '2027-01-14' },
      { id: 'M2', title: 'Second', p50: '2027-01-13', p85: '2027-01-14', p95: '2027-01-15' },
    ],
    risks: [],
    objectives: [],
    decisions: [],
    planned: '2027-01-20',
    forecast: { trials: 2000, seed: 1, p50: '2027-01-20', p85: '2027-01-22', p95: '2027-01-25', atConfidence: '2027-01-22' },
    source: '',
  }),
);

type MetricsJson = {
  today: string;
  window: { from: string; to: string };
  throughput: { week: string; count: number }[];
  cycleTime: { p50: number | null; p85: number | null; p95: number | null; items: number };
  wip: number;
  ageing: { id: string; days: number; aboveP85: boolean }[];
  burnup: { date: string; scope: number; done: number }[];
  forecastAccuracy: { hits: number; hitRateP85: number | null; checks: { target: string; hit: boolean; errorDays: number }[] };
  charts?: string[];
  notes: string[];
};

async function metricsJson(args: string[]): Promise<MetricsJson> {
  const r = await runCli(['metrics', ...args, '--format', 'json']);
  expect(r.err).not.toMatch(/error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as MetricsJson;
}

describe('vantage metrics on a hand-computed program', () => {
  it('gives the contract JSON with the hand-computed numbers', async () => {
    const m = await metricsJson([SMALL, '--today', '2027-01-20']);
    expect(m.throughput).toEqual([
      { week: '2027-W01', count: 2 },
      { week: '2027-W02', count: 2 },
      { week: '2027-W03', count: 1 },
    ]);
    expect(m.cycleTime).toEqual({ p50: 3, p85: 13, p95: 13, items: 5 });
    expect(m.wip).toBe(2);
    expect(m.ageing.map(({ id, days, aboveP85 }) => ({ id, days, aboveP85 }))).toEqual([
      { id: 'E', days: 15, aboveP85: true },
      { id: 'X', days: 3, aboveP85: false },
    ]);
    expect(m.burnup).toEqual([
      { date: '2027-01-10', scope: 5, done: 2 },
      { date: '2027-01-17', scope: 6, done: 4 },
      { date: '2027-01-20', scope: 7, done: 5 },
    ]);
    expect(m.forecastAccuracy.checks.map((c) => [c.target, c.hit, c.errorDays])).toEqual([
      ['M1', true, -1],
      ['M2', false, 1],
    ]);
    expect(m.forecastAccuracy.hitRateP85).toBe(0.5);
  });

  it('reads the status date from VANTAGE_TODAY and windows by --weeks', async () => {
    const before = process.env.VANTAGE_TODAY;
    process.env.VANTAGE_TODAY = '2027-01-20';
    try {
      const m = await metricsJson([SMALL, '--weeks', '1']);
      expect(m.window).toEqual({ from: '2027-01-18', to: '2027-01-20' });
      expect(m.throughput).toEqual([{ week: '2027-W03', count: 1 }]);
      expect(m.cycleTime).toEqual({ p50: 13, p85: 13, p95: 13, items: 1 });
    } finally {
      if (before === undefined) delete process.env.VANTAGE_TODAY;
      else process.env.VANTAGE_TODAY = before;
    }
  });

  it('renders a table and Markdown with the same figures', async () => {
    const t = await runCli(['metrics', SMALL, '--today', '2027-01-20']);
    expect(t.code).toBe(0);
    expect(t.out).toContain('Cycle time: P50 3 · P85 13 · P95 13 days (5 items)');
    expect(t.out).toContain('WIP on 2027-01-20: 2');
    expect(t.out).toMatch(/! E\s+15 days {2}since 2027-01-06/);
    expect(t.out).toContain('5 of 7 done on 2027-01-20');
    expect(t.out).toContain('P85 held 1 of 2 times (50%');
    const md = await runCli(['metrics', SMALL, '--today', '2027-01-20', '--format', 'md']);
    expect(md.out).toContain('| 2027-W02 | 2 |');
    expect(md.out).toContain('| E | 15 | 2027-01-06 | yes |');
    expect(md.out).toContain('| 2027-01-08 | Second | 2027-01-14 | 2027-01-15 | +1 | miss |');
  });

  it('writes the four SVG charts when there is open estimated work', async () => {
    const dir = join(small.dir, 'charts');
    const m = await metricsJson([SMALL, '--today', '2027-01-20', '--svg-dir', dir]);
    expect(m.charts?.map((c) => c.slice(dir.length + 1))).toEqual(['burnup.svg', 'cycle-time.svg', 'throughput.svg', 'forecast.svg']);
    for (const name of ['burnup.svg', 'cycle-time.svg', 'throughput.svg', 'forecast.svg']) {
      expect(readFileSync(join(dir, name), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<\/svg>\n$/);
    }
    expect(readFileSync(join(dir, 'cycle-time.svg'), 'utf8')).toContain('P85 = P95 13d');
  });
});

describe('vantage metrics on real history', () => {
  // Independent count straight from the CSV: rows finished / in progress on the status date.
  const rows = readFileSync('examples/flow/team-history.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const today = '2017-10-31';
  const finished = rows.filter(([, , , f]) => f && f <= today).length;
  const inProgress = rows.filter(([, , s, f]) => s && s <= today && !(f && f <= today)).length;

  it('matches counts taken straight from the CSV', async () => {
    const m = await metricsJson([FLOW, '--today', today]);
    expect(m.burnup[m.burnup.length - 1]).toMatchObject({ date: today, done: finished });
    expect(m.throughput.reduce((s, w) => s + w.count, 0)).toBe(finished);
    expect(m.wip).toBe(inProgress);
    expect(m.throughput[0].week).toBe('2015-W06'); // first finish 2015-02-05
    expect(m.throughput[m.throughput.length - 1].week).toBe('2017-W44');
    expect(m.throughput.every((w) => /^\d{4}-W\d{2}$/.test(w.week))).toBe(true);
    const c = m.cycleTime;
    expect(c.p50).not.toBeNull();
    expect(c.p50 ?? 0).toBeLessThanOrEqual(c.p85 ?? 0);
    expect(c.p85 ?? 0).toBeLessThanOrEqual(c.p95 ?? 0);
    const days = m.ageing.map((a) => a.days);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(m.ageing.filter((a) => a.aboveP85).every((a) => a.days > (c.p85 ?? Infinity))).toBe(true);
  });

  it('skips the forecast chart without estimates, with a note', async () => {
    const dir = join(small.dir, 'flow-charts');
    const r = await runCli(['metrics', FLOW, '--today', today, '--svg-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('forecast.svg not written');
    expect(existsSync(join(dir, 'throughput.svg'))).toBe(true);
    expect(existsSync(join(dir, 'forecast.svg'))).toBe(false);
  });
});

describe('vantage metrics errors', () => {
  it.each([
    [['--weeks', '0'], /--weeks must be a whole number from 1/],
    [['--weeks', '2', '--from', '2017-01-01'], /choose one of --weeks and --from/],
    [['--to', '2018-01-01'], /--to must not be after the status date 2017-10-31/],
    [['--from', '2017-13-01'], /--from must be a date like/],
    [['--format', 'xml'], /format/],
  ])('%j is a usage error (exit 2)', async (flags, message) => {
    const r = await runCli(['metrics', FLOW, '--today', '2017-10-31', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('rejects a portfolio', async () => {
    const r = await runCli(['metrics', 'examples/commerce.portfolio.yaml', '--today', '2026-11-25']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/portfolio/);
  });

  it('names a broken snapshot file (exit 1)', async () => {
    const broken = scratch('vantage-metrics-bad-');
    const file = broken.file('p.vantage.yaml', 'vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}\nitems: []\n');
    mkdirSync(join(broken.dir, '.vantage', 'snapshots', 'p'), { recursive: true });
    writeFileSync(join(broken.dir, '.vantage', 'snapshots', 'p', 'x.json'), '{not json');
    const r = await runCli(['metrics', file, '--today', '2027-01-20']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/x\.json: not a readable snapshot/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('works on the checkout example', async () => {
    const m = await metricsJson([CHECKOUT, '--today', '2026-11-25']);
    expect(m.wip).toBeGreaterThan(0);
    expect(m.burnup.every((p) => p.done <= p.scope)).toBe(true);
  });
});
