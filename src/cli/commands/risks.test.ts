/** `vantage risks` end to end through main(): the demo program, small files in a temporary folder, --propose. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';
import { snapshotDir } from '../../io/snapshot/store.js';
import { RULES } from '../../model/risk-rules.js';
import type { Snapshot } from '../../model/snapshot.js';

const { file } = scratch('vantage-risks-');
const CHECKOUT = 'examples/checkout.vantage.yaml';
const demo = (args: string[]) => runCli(['--today', '2026-11-25', 'risks', CHECKOUT, ...args]);

type Json = {
  risks: { id: string; exposure: number; exposureUnit: string; scheduleDays?: number; impactDays?: number; probability?: number }[];
  findings: { rule: string; message: string; items: string[]; people: string[]; action: string; severity: string; key: string }[];
  overdueReviews: string[];
  firedTriggers: string[];
  missingMitigation: string[];
  heatMap: { cells: string[][][] };
  proposed?: string[];
};

describe('vantage risks on the checkout demo (2026-11-25)', () => {
  it('prints the JSON contract: {risks: [{id, exposure}], findings: [{rule, message, items, people, action}]}', async () => {
    const r = await demo(['--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Json;
    expect(Object.keys(json.risks[0]).slice(0, 2)).toEqual(['id', 'exposure']);
    expect(Object.keys(json.findings[0]).slice(0, 5)).toEqual(['rule', 'message', 'items', 'people', 'action']);
    // Exposure is the expected delay: never more than probability x the days it costs when it fires (its impact, or
    // the tornado bar when larger); sorted by it (days first).
    for (const e of json.risks.filter((x) => x.scheduleDays !== undefined && x.impactDays !== undefined)) {
      expect(e.exposure).toBeLessThanOrEqual(1.1 * e.probability! * Math.max(e.impactDays!, e.scheduleDays!) + 0.01); // 10%: sampling noise in how often it fires
    }
    const days = json.risks.filter((x) => x.exposureUnit === 'days' && x.exposure > 0).map((x) => x.exposure);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    // R4's review (2026-11-20) is past and it has no mitigation; R1's trigger date (2026-12-04) is still ahead.
    expect(json.overdueReviews).toEqual(['R4']);
    expect(json.missingMitigation).toEqual(['R4']);
    expect(json.firedTriggers).toEqual([]);
    expect(json.heatMap.cells.flat().flat().sort()).toEqual(['I1', 'R1', 'R2', 'R3', 'R4']);
    // The demo's known trouble: vault-live is unlikely on its date, WEB-3 is old, CMP-4 (external) is critical.
    const has = (rule: string, item: string) => json.findings.some((f) => f.rule === rule && f.items.includes(item));
    expect(has('commitment-at-risk', 'vault-live')).toBe(true);
    expect(has('ageing-wip', 'WEB-3')).toBe(true);
    expect(has('external-on-critical-path', 'CMP-4')).toBe(true);
    expect(json.findings.some((f) => f.rule === 'stakeholder-overdue' && f.people.includes('support'))).toBe(true);
  });

  it('gives identical findings for the same seed', async () => {
    const a = await demo(['--format', 'json', '--seed', '3', '--trials', '500']);
    const b = await demo(['--format', 'json', '--seed', '3', '--trials', '500']);
    expect(a.out).toBe(b.out);
  });

  it('prints a table with the 5x5 heat map, and Markdown', async () => {
    const t = await demo([]);
    expect(t.code).toBe(0);
    expect(t.out).toContain('Overdue reviews: R4');
    expect(t.out).toMatch(/\| 2 <=30% +\| \. +\| \. +\| R1,R2 \| R3 +\| \. +\|/);
    expect(t.out.split('\n').filter((l) => /^\| [1-5] /.test(l))).toHaveLength(5);
    const md = await demo(['--format', 'md', '--trials', '300']);
    expect(md.out).toContain('## Heat map');
    expect(md.out).toContain('`commitment-at-risk`');
  });

  it('runs only the rules named with --rule, and rejects an unknown one', async () => {
    const r = await demo(['--format', 'json', '--rule', 'ageing-wip', '--trials', '100']);
    const json = JSON.parse(r.out) as Json;
    expect(json.findings.map((f) => f.rule)).toEqual(['ageing-wip']);
    const bad = await demo(['--rule', 'ageing-wp']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('did you mean ageing-wip?');
  });
});

const small = (rules = '') => `# A small shop program.
vantage: 1
program: {id: shop, name: Shop, start: 2027-01-04, tpm: ana}
people:
  - {id: ana, name: Ana}   # the TPM
  - {id: bo, name: Bo}
objectives:
  - {id: brand, title: Brand}
items:
  - {id: A, title: Build, owner: bo, estimate: {low: 1, likely: 3, high: 10}}
  - {id: B, title: Ship, owner: bo, estimate: 2, after: [A]}

risks:
  # Known risks
  - id: R1
    title: Vendor late
    probability: 0.3
    impact: {days: 5, items: [A]}
    owner: bo
    mitigation: Chase them
${rules}
`;

describe('vantage risks --propose', () => {
  it('appends each finding once as a draft risk, keeping every other byte of the file', async () => {
    const path = file('shop.vantage.yaml', small('# the end\n'));
    const before = readFileSync(path, 'utf8');
    const r = await runCli(['--today', '2027-01-04', 'risks', path, '--propose', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Json;
    expect(json.proposed!.length).toBe(json.findings.length);
    expect(json.proposed!.length).toBeGreaterThan(0);
    const after = readFileSync(path, 'utf8');
    // Only lines were added, all inside the risks list, after R1.
    let p = 0;
    while (before[p] === after[p]) p++;
    let s = 0;
    while (s < before.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
    expect(p + s).toBe(before.length);
    const added = after.slice(p, after.length - s);
    expect(before.slice(0, p)).toContain('mitigation: Chase them');
    expect(added).toContain('x-finding: wide-estimate-on-critical-path:A');
    expect(added).toContain('x-rule: objective-no-metric');
    // The file still loads, with the drafts in it (ids R2...), and a second run proposes nothing.
    const check = await runCli(['check', path]);
    expect(check.code).toBe(0);
    const again = await runCli(['--today', '2027-01-04', 'risks', path, '--propose', '--format', 'json']);
    expect((JSON.parse(again.out) as Json).proposed).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(after);
    const register = (JSON.parse(again.out) as Json).risks.map((x) => x.id).sort();
    expect(register).toEqual(['R1', ...json.proposed!].sort());
  });
});

describe('vantage risks: rules, snapshots and errors', () => {
  it('reads thresholds from the rules: section', async () => {
    const quiet = file('quiet.vantage.yaml', small('rules:\n  wide-estimate-on-critical-path: {ratio: 20}\n  objective-no-metric: {enabled: false}\n'));
    const r = await runCli(['--today', '2027-01-04', 'risks', quiet, '--format', 'json']);
    const rules = (JSON.parse(r.out) as Json).findings.map((f) => f.rule);
    expect(rules).not.toContain('wide-estimate-on-critical-path');
    expect(rules).not.toContain('objective-no-metric');
  });

  it('reports a bad rules: section with file:line:col and exit 1', async () => {
    const bad = file('bad.vantage.yaml', small('rules:\n  ageing-wp: {percentile: 0.9}\n'));
    const r = await runCli(['--today', '2027-01-04', 'risks', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("bad.vantage.yaml:22:3: error: unknown rule 'ageing-wp' in rules; did you mean 'ageing-wip'? [unknown-rule]");
  });

  it('finds scope growth against the last snapshot on disk', async () => {
    const path = file('grown.vantage.yaml', small());
    const dir = snapshotDir(path);
    mkdirSync(dir, { recursive: true });
    const snap: Snapshot = {
      vantageSnapshot: 1,
      id: '2026-12-28T090000Z',
      takenAt: '2026-12-28T09:00:00.000Z',
      statusDate: '2026-12-28',
      program: { id: 'shop', name: 'Shop', start: '2027-01-04', confidence: 0.85 },
      items: [{ id: 'A', title: 'Build', status: 'todo', must: false, estimateDays: 3.833, objectives: [] }],
      milestones: [],
      risks: [],
      objectives: [],
      decisions: [],
      planned: '2027-01-12',
      source: '',
    };
    writeFileSync(join(dir, `${snap.id}.json`), JSON.stringify(snap));
    const r = await runCli(['--today', '2027-01-04', 'risks', path, '--format', 'json', '--rule', 'scope-growth']);
    const json = JSON.parse(r.out) as Json;
    expect(json.findings).toMatchObject([{ rule: 'scope-growth', items: ['B'], people: ['ana'] }]);
  });

  it('refuses a portfolio and bad numbers', async () => {
    expect((await runCli(['--today', '2026-11-25', 'risks', 'examples/commerce.portfolio.yaml'])).code).toBe(2);
    expect((await demo(['--trials', '0'])).code).toBe(2);
  });
});

describe('docs/risk-rules.md', () => {
  it('documents every rule with its thresholds and defaults', () => {
    const doc = readFileSync('docs/risk-rules.md', 'utf8');
    for (const rule of RULES) {
      const at = doc.indexOf(`### \`${rule.id}\``);
      expect(at, rule.id).toBeGreaterThan(0);
      const next = doc.indexOf('\n### ', at + 1);
      const section = doc.slice(at, next < 0 ? undefined : next);
      for (const t of rule.thresholds) {
        expect(section, `${rule.id}.${t.name}`).toContain(`\`${t.name}\``);
        if (t.default !== undefined) expect(section, `${rule.id}.${t.name}`).toContain(`default ${t.default}`);
      }
      for (const heading of ['**Reads**', '**Fires**', '**Example**', '**Action**']) expect(section, rule.id).toContain(heading);
    }
  });

  it("has a rules: example that checks clean and takes effect", async () => {
    const doc = readFileSync('docs/risk-rules.md', 'utf8');
    const example = /```yaml\n(rules:\n[\s\S]*?)```/.exec(doc)![1];
    const path = file('doc-example.vantage.yaml', small(example));
    expect((await runCli(['check', path])).code).toBe(0);
    const r = await runCli(['--today', '2027-01-04', 'risks', path, '--format', 'json', '--trials', '100']);
    expect((JSON.parse(r.out) as Json).findings.map((f) => f.rule)).not.toContain('objective-no-metric');
  });
});
