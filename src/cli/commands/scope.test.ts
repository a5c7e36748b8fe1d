/** `vantage scope` end to end through main(), on small files written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const { file } = scratch('vantage-scope-');

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

// M (must, 3d) then X (value 9, 2d) and Y (value 1, 2d), all on bo: 7 days; only M + X fit by Fri 8 Jan.
const shop = file(
  'shop.vantage.yaml',
  `vantage: 1
program:
  id: shop
  name: Shop
  start: 2027-01-04
  target: 2027-01-08
  prioritize: value
people:
  - {id: bo, name: Bo}
items:
  - {id: M, title: Must, estimate: 3, owner: bo, must: true}
  - {id: Y, title: Nice, estimate: 2, owner: bo, after: [M], value: 1}
  - {id: X, title: Valuable, estimate: 2, owner: bo, after: [M], value: 9}
`,
);

const noTarget = file(
  'open.vantage.yaml',
  `vantage: 1
program: {id: open, name: Open, start: 2027-01-04}
items:
  - {id: A, title: A, estimate: 5, must: true}
`,
);

describe('vantage scope', () => {
  it('prints the JSON shape issue 5 specifies', async () => {
    const r = await run(['scope', shop, '--format', 'json', '--trials', '50']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(json).toMatchObject({
      deferred: ['Y'],
      kept: ['M', 'X'],
      valueKept: 9,
      valueTotal: 10,
      date: '2027-01-08',
      confidence: 0.85,
      probabilityBefore: 0,
      probabilityAfter: 1,
      feasible: true,
    });
  });

  it('reports the cut line in a table, and --by moves the date', async () => {
    const r = await run(['scope', shop, '--by', '2027-01-12', '--trials', '50']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Everything fits');
    const t = await run(['scope', shop, '--trials', '50']);
    expect(t.out).toContain('Defer 1 item(s) to make 2027-01-08 at 85% confidence: 0% -> 100%.');
    expect(t.out).toMatch(/^Y\s+-\s+1\s+2d\s+\+100%$/m);
    expect(t.out).toContain('Value kept: 9 of 10 (90%).');
  });

  it('says when the must-haves alone cannot make the date, and the date they make', async () => {
    const r = await run(['scope', shop, '--by', '2027-01-05', '--format', 'json', '--trials', '50']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ feasible: false, mustDate: '2027-01-06', deferred: ['Y', 'X'] });
  });

  it('rejects bad flags and a program without target or --by (exit 2)', async () => {
    expect((await run(['scope', shop, '--confidence', '1.5'])).code).toBe(2);
    expect((await run(['scope', shop, '--by', 'soon'])).code).toBe(2);
    const r = await run(['scope', noTarget]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('has no target');
  });
});
