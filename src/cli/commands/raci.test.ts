/** `vantage raci` end to end through main(), on a small file written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratch } from '../../../test/cli.js';

const { dir } = scratch('vantage-raci-');

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

const shop = join(dir, 'shop.vantage.yaml');
writeFileSync(
  shop,
  `vantage: 1
program: {id: shop, name: Shop, start: 2027-01-04, tpm: ana}
objectives:
  - {id: sales, title: More sales}
people:
  - {id: ana, name: Ana}
  - {id: bo, name: Bo}
  - {id: cy, name: Cy}
workstreams:
  - {id: web, title: Web, lead: bo, objectives: [sales], raci: {r: [bo, cy], a: bo, i: [vp]}}
  - {id: ops, title: Ops, lead: cy, raci: {r: [ana]}}
items:
  - {id: A, title: Cart, workstream: web, owner: cy, estimate: 2}
  - {id: B, title: Deploy, workstream: ops, estimate: 2, raci: {a: cy}}
  - {id: C, title: Kick-off, owner: ana, needs: {}, estimate: 1, raci: {a: ana}}
stakeholders:
  - {id: vp, name: VP, cares_about: [sales]}
  - {id: cfo, name: CFO, cares_about: [sales]}
`,
);

describe('vantage raci', () => {
  it('prints the matrix and the findings with fixes (table)', async () => {
    const r = await run(['raci', shop]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('By workstream\n     bo   cy  vp  ana\nweb  A/R  R   I\nops               R\n');
    expect(r.out).toContain('Items with their own RACI (or an owner as R)\n   cy  ana\nB  A   R\nC      A/R\n');
    expect(r.out).toContain('1 open item(s) inherit their workstream\'s RACI unchanged');
    expect(r.out).toContain('error: workstream ops has no Accountable: nobody owns its outcome, so decisions and escalations stall [no-accountable]\n  fix: set raci.a of workstream ops to cy\n');
    expect(r.out).toContain('[lead-not-r-or-a]');
    expect(r.out).toContain('the TPM ana is Responsible for workstream ops, which has engineering work (B)');
    expect(r.out).toContain('cfo cares about sales but is not Informed on workstream web (A)');
    expect(r.out).not.toContain('item C'); // coordination work of the TPM
  });

  it('json findings have stable fields', async () => {
    const r = await run(['raci', shop, '--format', 'json']);
    const j = JSON.parse(r.out) as { people: string[]; items: { id: string; raci: unknown }[]; findings: { check: string; severity: string; subject: string; people: string[]; message: string; fix: string }[] };
    expect(j.people).toEqual(['bo', 'cy', 'vp', 'ana']);
    expect(j.items.find((i) => i.id === 'B')?.raci).toEqual({ r: ['ana'], a: 'cy', c: [], i: [] });
    expect(j.findings.map((f) => [f.check, f.severity, f.subject, f.people])).toEqual([
      ['no-accountable', 'error', 'ops', ['cy']],
      ['lead-not-r-or-a', 'warning', 'ops', ['cy']],
      ['stakeholder-not-informed', 'warning', 'web', ['cfo']],
      ['tpm-responsible', 'warning', 'ops', ['ana']],
    ]);
  });

  it('limits are flags; csv and md', async () => {
    // bo and cy are each Accountable for 2 of 5 open days (40%): within the default 40%, over 30%.
    const strict = await run(['raci', shop, '--format', 'json', '--max-accountable-share', '0.3']);
    const overload = (JSON.parse(strict.out) as { findings: { check: string; subject: string; message: string }[] }).findings.filter((f) => f.check === 'accountable-overload');
    expect(overload.map((f) => f.subject)).toEqual(['bo', 'cy']);
    expect(overload[0].message).toContain('bo is Accountable for 40% of the open effort (limit 30%)');
    const csv = await run(['raci', shop, '--format', 'csv']);
    expect(csv.out.split('\r\n').slice(0, 3)).toEqual(['kind,id,title,workstream,lead,bo,cy,vp,ana', 'workstream,web,Web,web,bo,A/R,R,I,', 'workstream,ops,Ops,ops,cy,,,,R']);
    const md = await run(['raci', shop, '--format', 'md']);
    expect(md.out).toContain('| Item | bo | cy | vp | ana |');
    expect(md.out).toContain('| C: Kick-off |  |  |  | A/R |');
    expect(md.out).toContain('| error | no-accountable | ops |');
  });

  it('rejects bad limits (usage)', async () => {
    expect((await run(['raci', shop, '--max-accountable-share', '2'])).code).toBe(2);
    expect((await run(['raci', shop, '--max-accountable', 'x'])).code).toBe(2);
  });
});
