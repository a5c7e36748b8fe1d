/** `vantage snapshot` and `vantage diff` end to end, in a scratch folder holding a copy of the demo program. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const { dir, file } = scratch('vantage-snapshot-');
const example = readFileSync(join(import.meta.dirname, '../../../examples/checkout.vantage.yaml'), 'utf8');
const plan = file('checkout.vantage.yaml', example);
const snapDir = join(dir, '.vantage', 'snapshots', 'checkout');

type DiffJson = {
  diff: {
    program: string;
    since: { id: string; label: string | null; statusDate: string };
    to: { id: string | null; statusDate: string };
    summary: Record<string, number>;
    changes: { kind: string; subject: { id: string }; before?: string | number; after?: string | number; days?: number; text: string }[];
  };
};

describe('vantage snapshot and diff', () => {
  it('says clearly when there is nothing to compare with (exit 1)', async () => {
    const r = await runCli(['--today', '2026-11-25', 'diff', plan]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no snapshot of this program was taken before 2026-11-25');
    expect(r.err).toContain('[no-snapshot]');
  });

  it('stores a snapshot beside the file and prints its id and path', async () => {
    const r = await runCli(['--today', '2026-11-18', 'snapshot', plan, '--label', 'baseline', '--trials', '300', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { snapshot: { id: string; path: string; label: string; forecast: { trials: number; seed: number } } };
    expect(out.snapshot.id).toMatch(/^2026-11-18T\d{6}Z$/);
    expect(out.snapshot.label).toBe('baseline');
    expect(out.snapshot.forecast).toMatchObject({ trials: 300, seed: 1 });
    expect(readdirSync(snapDir)).toEqual([`${out.snapshot.id}.json`]);
    const stored = JSON.parse(readFileSync(out.snapshot.path, 'utf8')) as { source: string; items: unknown[] };
    expect(stored.source).toBe(example);
    expect(stored.items).toHaveLength(49);
  });

  it('diffs the unchanged file at the same status date as nothing changed', async () => {
    const r = await runCli(['--today', '2026-11-18', 'diff', plan, '--since', 'baseline']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nothing changed.');
  });

  it('names the edits made since the snapshot, in words and JSON', async () => {
    const edited = example
      .replace('{id: PAY-8, title: Refunds on the new rails, workstream: payments,', '{id: PAY-8, title: Refunds on the new rails, workstream: payments, status: cut,')
      .replace('target: 2027-03-19', 'target: 2027-03-26')
      .replace(/(id: R4[\s\S]*?status: )open/, '$1closed')
      .replace('lessons:', '  - {id: D3, date: 2026-11-18, title: Stub the vault API, status: accepted, items: [PAY-3]}\n\nlessons:');
    expect(edited).not.toBe(example);
    writeFileSync(plan, edited);
    const r = await runCli(['--today', '2026-11-18', 'diff', plan, '--format', 'json', '--since', '2026-11-18']);
    expect(r.code).toBe(0);
    const d = (JSON.parse(r.out) as DiffJson).diff;
    expect(d.since.label).toBe('baseline');
    expect(d.to).toMatchObject({ id: null, statusDate: '2026-11-18' });
    const kinds = d.changes.filter((c) => !c.kind.endsWith('-dates') && !c.kind.endsWith('-forecast')).map((c) => `${c.kind} ${c.subject.id}`);
    expect(kinds).toEqual(['program-target checkout-revamp', 'scope-total checkout-revamp', 'item-cut PAY-8', 'risk-closed R4', 'decision-made D3']);
    expect(d.changes[0]).toMatchObject({ before: '2027-03-19', after: '2027-03-26', days: 7, text: 'The target date moved 7 days later, to 26 Mar 2027 (was 19 Mar 2027).' });
    expect(d.summary).toMatchObject({ scopeCut: 1, risksClosed: 1, decisionsMade: 1, scopeAdded: 0 });
    const text = await runCli(['--today', '2026-11-18', 'diff', plan, '--since', 'baseline']);
    expect(text.out).toContain('Refunds on the new rails (PAY-8) was cut from scope.');
    expect(text.out).toContain('Risk R4 (Load test reveals database hot spots) is now closed (was open).');
    const md = await runCli(['--today', '2026-11-18', 'diff', plan, '--since', 'baseline', '--format', 'md']);
    expect(md.out).toMatch(/^## Changes in Checkout revamp from snapshot .* "baseline"/);
    expect(md.out).toContain('### Decisions\n\n- New decision D3 (Stub the vault API), accepted.');
  });

  it('compares two stored snapshots with --since and --to, defaulting --since to the one before', async () => {
    const r = await runCli(['--today', '2026-11-25', 'snapshot', plan, '--no-forecast']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Snapshot 2026-11-25T\d{6}Z of Checkout revamp for 2026-11-25\./);
    const later = readdirSync(snapDir).sort()[1].replace('.json', '');
    const d = (JSON.parse((await runCli(['diff', plan, '--to', later, '--format', 'json'])).out) as DiffJson).diff;
    expect(d.since.label).toBe('baseline');
    expect(d.to.id).toBe(later);
    // One side has no forecast: the planned finish is compared.
    expect(d.changes.some((c) => c.kind === 'program-forecast' && c.text.startsWith('The planned finish'))).toBe(true);
    expect(d.changes.map((c) => c.kind)).toContain('item-cut');
  });

  it('rejects an unknown reference, a bad format and a portfolio', async () => {
    const unknown = await runCli(['--today', '2026-11-25', 'diff', plan, '--since', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no snapshot of this program matches --since nope');
    expect((await runCli(['diff', plan, '--format', 'html'])).code).toBe(2);
    expect((await runCli(['snapshot', plan, '--trials', '0'])).code).toBe(2);
    expect((await runCli(['snapshot', plan, '--label', 'a b'])).code).toBe(2);
    const portfolio = await runCli(['snapshot', join(import.meta.dirname, '../../../examples/commerce.portfolio.yaml')]);
    expect(portfolio.code).toBe(2);
    expect(portfolio.err).toContain('is a portfolio');
  });

  it('reports a damaged snapshot file by name (exit 1)', async () => {
    writeFileSync(join(snapDir, '2026-11-30T000000Z.json'), '{"oops": true}');
    const r = await runCli(['--today', '2026-12-01', 'diff', plan]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('2026-11-30T000000Z.json: not a version 1 Vantage snapshot');
  });
});
