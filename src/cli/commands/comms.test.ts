import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';
import type { CommsPlan } from '../../engine/brief/comms.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TODAY = ['--today', '2026-11-25'];

function copyCheckout(): string {
  const dir = scratch('vantage-comms-').dir;
  const file = join(dir, 'checkout.vantage.yaml');
  copyFileSync(join(root, 'examples/checkout.vantage.yaml'), file);
  return file;
}

describe('vantage comms', () => {
  const example = join(root, 'examples/checkout.vantage.yaml');

  it('shows the grid, who is due this week by cadence and channel, and what each cares about', async () => {
    const r = await runCli(['comms', example, ...TODAY]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Communication plan: Checkout revamp, week 2026-W48 (23 Nov 2026 to 29 Nov 2026)');
    expect(r.out).toContain('Manage closely (high influence, high interest): VP Commerce');
    expect(r.out).toContain('Keep satisfied (high influence): Chief Marketing Officer, CTO');
    expect(r.out).toContain('UPDATES (3 of 5 due this week)');
    expect(r.out).toMatch(/Customer support lead \(support\) +slack +biweekly +6 Nov 2026 +DUE: overdue since 20 Nov 2026/);
    expect(r.out).toMatch(/CTO \(cto\) +doc +monthly +2 Nov 2026 +next due 2 Dec 2026/);
    expect(r.out).toMatch(/VP Commerce by email:\n {4}- Raise checkout conversion from 2\.1% to 2\.6%: at risk; work done by \d+ \w{3} 2027 at 85% \(due 19 Mar 2027\); checkout_conversion 2\.1% → 2\.2% → 2\.6% \(milestone-below-confidence: Beta to 5% of traffic is now \d+% likely/);
  });

  it('as JSON: the plan with each stakeholder\'s quadrant, due flag and objectives', async () => {
    const r = await runCli(['comms', example, ...TODAY, '--format', 'json']);
    const plan = JSON.parse(r.out) as CommsPlan & { program: string };
    expect(plan.program).toBe('checkout-revamp');
    expect(plan.week).toEqual({ id: '2026-W48', from: '2026-11-23', to: '2026-11-29' });
    expect(plan.due).toEqual(['vp-commerce', 'cmo', 'support']);
    const vp = plan.stakeholders.find((s) => s.id === 'vp-commerce')!;
    expect(vp).toMatchObject({ quadrant: 'manage-closely', channel: 'email', cadence: 'weekly', nextDue: '2026-11-27', due: true });
    // Both are served by the beta and GA milestones, below the confidence by their committed dates.
    expect(vp.caresAbout.map((c) => [c.id, c.status])).toEqual([['conv', 'at-risk'], ['growth', 'at-risk']]);
  });

  it('plans another week with --week, and md has the same content', async () => {
    const r = await runCli(['comms', example, ...TODAY, '--week', '2026-W49', '--format', 'json']);
    expect((JSON.parse(r.out) as CommsPlan).due).toEqual(['vp-commerce', 'cmo', 'cto', 'legal', 'support']);
    const md = await runCli(['comms', example, ...TODAY, '--format', 'md']);
    expect(md.out).toContain('| Customer support lead | slack | biweekly | 6 Nov 2026 | **due**: overdue since 20 Nov 2026 |');
    expect(md.out).toContain('### VP Commerce (email)');
  });

  it('rejects a malformed week and format with exit 2', async () => {
    expect((await runCli(['comms', example, ...TODAY, '--week', '2026-48'])).code).toBe(2);
    expect((await runCli(['comms', example, ...TODAY, '--week', '2027-W53'])).err).toContain('--week must be an ISO week like 2026-W48');
    expect((await runCli(['comms', example, ...TODAY, '--format', 'html'])).code).toBe(2);
  });
});

describe('vantage comms --mark-sent', () => {
  it('records the status date as last_update of those stakeholders and changes nothing else', async () => {
    const file = copyCheckout();
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['comms', file, ...TODAY, '--mark-sent', 'vp-commerce', 'support']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Recorded an update to VP Commerce (vp-commerce) on 2026-11-25 in ${file}.\nRecorded an update to Customer support lead (support) on 2026-11-25 in ${file}.\n`);
    const after = readFileSync(file, 'utf8');
    const changed = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    expect(changed).toEqual([
      '  - {id: vp-commerce, name: VP Commerce, influence: high, interest: high, cares_about: [conv, growth], channel: email, cadence: weekly, last_update: 2026-11-25}',
      '  - {id: support, name: Customer support lead, influence: low, interest: high, cares_about: [conv], channel: slack, cadence: biweekly, last_update: 2026-11-25}',
    ]);
    expect(after.split('\n')).toHaveLength(before.split('\n').length);
    // They are no longer due this week; the file still loads.
    const plan = JSON.parse((await runCli(['comms', file, ...TODAY, '--format', 'json'])).out) as CommsPlan;
    expect(plan.due).toEqual(['cmo']);
  });

  it('an unknown id: exit 1 with "did you mean", and nothing written', async () => {
    const file = copyCheckout();
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['comms', file, ...TODAY, '--mark-sent', 'vp-commerce', 'vp-comerce']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(file);
    expect(r.err).toContain("--mark-sent vp-comerce: no stakeholder has this id; did you mean 'vp-commerce'?");
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('vantage comms on a file without stakeholders', () => {
  it('says so and what to add, exit 0', async () => {
    const file = scratch('vantage-comms-empty-').file('mini.vantage.yaml', 'vantage: 1\nprogram: {id: mini, name: Mini, start: 2026-11-02}\nitems:\n  - {id: A, title: Only thing, estimate: 3}\n');
    const r = await runCli(['comms', file, ...TODAY]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('The file lists no stakeholders: add them under stakeholders:');
    const json = JSON.parse((await runCli(['comms', file, ...TODAY, '--format', 'json'])).out) as CommsPlan;
    expect(json.stakeholders).toEqual([]);
  });
});
