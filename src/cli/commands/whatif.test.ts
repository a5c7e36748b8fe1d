/** `vantage whatif` end to end through main(), on small files written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../test/cli.js';
import { parseChanges } from './whatif.js';

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

const shop = fileURLToPath(new URL('../../../test/fixtures/ok/delegation.vantage.yaml', import.meta.url));

describe('vantage whatif', () => {
  it('prints the JSON shape of issue 5', async () => {
    const r = await run(['whatif', shop, '--slip', 'PAY-1=2', '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j.milestones).toEqual([{ id: 'beta', before: '2027-01-08', after: '2027-01-12', deltaDays: 2 }]);
    expect(j.objectives).toEqual([
      { id: 'conv', due: '2027-01-08', before: '2027-01-08', after: '2027-01-12', deltaDays: 2, atRisk: true, wasAtRisk: false },
    ]);
    expect(j.program).toEqual({ id: 'shop', before: '2027-01-08', after: '2027-01-12', deltaDays: 2 });
    expect(j.chains).toEqual([['PAY-1', 'PAY-4', 'beta', 'conv']]);
    expect(j.anomalies).toEqual([]);
  });

  it('prints a readable chain in the table format', async () => {
    const r = await run(['whatif', shop, '--slip', 'PAY-1=2']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Program shop: 2027-01-08 -> 2027-01-12 (+2d working days)');
    expect(r.out).toContain('PAY-1 +2d -> PAY-4 -> beta milestone +2d -> objective conv +2d at risk');
    expect(r.out).toContain('AT RISK');
  });

  it('markdown, capacity and forecast flags', async () => {
    const r = await run(['whatif', shop, '--cut', 'WEB-1', '--capacity', 'bo=+1', '--forecast', '300', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# What if: cut WEB-1, capacity bo \+1/);
    expect(r.out).toContain('P85 forecast:');
  });

  it('rejects unknown ids and malformed flags as usage errors (exit 2)', async () => {
    expect((await run(['whatif', shop, '--slip', 'NOPE=3'])).code).toBe(2);
    expect((await run(['whatif', shop, '--slip', 'PAY-1'])).code).toBe(2);
    expect((await run(['whatif', shop])).code).toBe(2);
  });

  it('parses change flags', () => {
    expect(parseChanges({ slip: ['PAY-1=10', 'X=2.5d'], remove: ['R'], cut: ['C'], capacity: ['backend=+1', 'bo=0.5', 'qa=-1'] })).toEqual([
      { kind: 'slip', id: 'PAY-1', days: 10 },
      { kind: 'slip', id: 'X', days: 2.5 },
      { kind: 'remove', id: 'R' },
      { kind: 'cut', id: 'C' },
      { kind: 'capacity', resource: 'backend', delta: 1 },
      { kind: 'capacity', resource: 'bo', value: 0.5 },
      { kind: 'capacity', resource: 'qa', delta: -1 },
    ]);
  });
});
