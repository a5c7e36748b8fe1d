/** `vantage load` end to end through main(), on small files written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../test/cli.js';

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

const shop = fileURLToPath(new URL('../../../test/fixtures/ok/delegation.vantage.yaml', import.meta.url));

describe('vantage load', () => {
  it('json: allocation per week and single points of failure', async () => {
    const r = await run(['load', shop, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { periods: { id: string }[]; rows: { id: string; cells: { allocated: number; capacity: number }[] }[]; singlePoints: { kind: string }[] };
    expect(j.periods.map((p) => p.id)).toEqual(['2027-W01']);
    expect(j.rows.find((x) => x.id === 'bo')!.cells[0]).toEqual({ allocated: 5, capacity: 5, utilisation: 1 });
    expect(j.singlePoints.map((s) => s.kind).sort()).toEqual(['critical-path-person', 'lead-only-contributor', 'single-skill']);
  });

  it('table and markdown by month', async () => {
    const t = await run(['load', shop]);
    expect(t.out).toContain('2027-W01');
    expect(t.out).toMatch(/bo\s+1\s+100%/);
    const md = await run(['load', shop, '--by', 'month', '--format', 'md']);
    expect(md.out).toContain('| Resource | Cap/day | 2027-01 | Total |');
    expect(md.out).toContain('## Single points of failure');
  });
});
