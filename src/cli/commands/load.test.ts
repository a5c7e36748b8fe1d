/** `vantage load` end to end through main(), on small files written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratch } from '../../../test/cli.js';

const { dir } = scratch('vantage-load-');

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

const shop = join(dir, 'shop.vantage.yaml');
writeFileSync(
  shop,
  `vantage: 1
program:
  id: shop
  name: Shop
  start: 2027-01-04
  target: 2027-01-15
objectives:
  - {id: conv, title: Conversion, weight: 1, due: 2027-01-08}
people:
  - {id: bo, name: Bo, team: pay, skills: [pci]}
  - {id: wes, name: Wes, team: web}
teams:
  - {id: pay, name: Payments team, capacity: 1}
  - {id: web, name: Web team, capacity: 1}
workstreams:
  - {id: pay, title: Payments, lead: bo}
items:
  - {id: PAY-1, title: Vault, estimate: 2, owner: bo, workstream: pay}
  - {id: PAY-4, title: Saved cards, estimate: 3, owner: bo, after: [PAY-1], workstream: pay}
  - {id: WEB-1, title: Shell, estimate: 1, owner: wes}
milestones:
  - {id: beta, title: Beta, after: [PAY-4, WEB-1], objectives: [conv]}
`,
);

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
