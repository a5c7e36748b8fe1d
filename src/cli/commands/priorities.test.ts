/** `vantage priorities` end to end through main(), on small files written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const { file } = scratch('vantage-priorities-');

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

const shop = file(
  'shop.vantage.yaml',
  `vantage: 1
program: {id: shop, name: Shop, start: 2027-01-04}
objectives:
  - {id: sales, title: More sales, weight: 1, metric: {name: orders}}
  - {id: trust, title: More trust, weight: 3}
workstreams:
  - {id: web, title: Web, objectives: [sales]}
items:
  - {id: A, title: Cart, workstream: web, estimate: 4, value: 6, time_criticality: 4, risk_reduction: 2, reach: 100, impact: 2, confidence: 0.5}
  - {id: B, title: Badges, estimate: 1, objectives: [sales, trust], value: 3, time_criticality: 1, risk_reduction: 1, reach: 10, impact: 1, confidence: 1}
  - {id: C, title: Chores, estimate: {low: 1, likely: 2, high: 9}}
  - {id: D, title: Done, estimate: 3, status: done, started: 2027-01-04, finished: 2027-01-06}
`,
);

describe('vantage priorities', () => {
  it('ranks by WSJF and reports alignment (json)', async () => {
    const r = await run(['priorities', shop, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      method: string;
      items: { id: string; rank: number; score: number; objectives: string[]; jobSize: number; missing: string[] }[];
      alignment: { unalignedItems: string[]; noMetric: string[]; objectives: { id: string; effortShare: number; weightShare: number; mismatch: string | null }[] };
    };
    expect(j.method).toBe('wsjf');
    // A: 12 / 4 = 3; B: 5 / 1 = 5; C: job size (1 + 8 + 9) / 6 = 3, defaults 3 / 3 = 1.
    expect(j.items.map((i) => [i.id, i.rank, i.score, i.objectives, i.jobSize])).toEqual([
      ['B', 1, 5, ['sales', 'trust'], 1],
      ['A', 2, 3, ['sales'], 4],
      ['C', 3, 1, [], 3],
    ]);
    expect(j.items[2].missing).toEqual(['value', 'time_criticality', 'risk_reduction']);
    // aligned effort 5: sales 4 + 0.5 = 90% vs weight 25%; trust 10% vs 75%.
    expect(j.alignment.objectives).toMatchObject([
      { id: 'sales', effortShare: 0.9, weightShare: 0.25, mismatch: 'over' },
      { id: 'trust', effortShare: 0.1, weightShare: 0.75, mismatch: 'under' },
    ]);
    expect(j.alignment.unalignedItems).toEqual(['C']);
    expect(j.alignment.noMetric).toEqual(['trust']);
  });

  it('--method rice, as a table', async () => {
    const r = await run(['priorities', shop, '--method', 'rice']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Shop (shop): priorities by RICE = reach x impact x confidence / job size; status date 2027-01-04');
    // A: 100 * 2 * 0.5 / 4 = 25 before B: 10 / 1 = 10 before C: 0.
    expect(r.out).toMatch(/\n\s+1\s+A\s+Cart\s+25\s/);
    expect(r.out).toMatch(/\n\s+2\s+B\s+Badges\s+10\s/);
    expect(r.out).toContain('! 90% of effort serves sales, an objective weighted 25%: more than its weight warrants');
    expect(r.out).toContain('! 1 open item(s) serve no objective (38% of open effort): C;');
    expect(r.out).toContain('Missing scoring inputs (scored with defaults): C (reach, impact, confidence)');
  });

  it('writes Markdown', async () => {
    const r = await run(['priorities', shop, '--format', 'md', '--method', 'value']);
    expect(r.out.startsWith('# Priorities: Shop\n\nRanked by value; status date 2027-01-04.\n')).toBe(true);
    expect(r.out).toContain('| 1 | A: Cart | 6 | 4 |');
    expect(r.out).toContain('| trust: More trust | 75% | 10% | 0.5 | no | under-served |');
  });

  it('says so in one sentence when no item has an input of the method', async () => {
    const bare = file('bare.vantage.yaml', 'vantage: 1\nprogram: {id: bare, name: Bare, start: 2027-01-04}\nitems:\n  - {id: X, title: X, estimate: 1, value: 2}\n  - {id: Y, title: Y, estimate: 2, value: 9}\n');
    const r = await run(['priorities', bare, '--method', 'rice']);
    expect(r.out).toContain('No open item has reach, impact, confidence: every item was scored with the defaults');
    // all scores 0: the critical item (Y, the longer one) first
    expect(r.out).toMatch(/\n\s+1\s+Y\s/);
  });

  it('refuses a bad method and a portfolio (usage)', async () => {
    expect((await run(['priorities', shop, '--method', 'moscow'])).code).toBe(2);
    const folio = file('all.vantage.yaml', 'vantage: 1\nportfolio: {id: all, name: All}\nprograms: [shop.vantage.yaml]\n');
    const r = await run(['priorities', folio]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('priorities works on one program file');
  });
});
