/** `vantage decisions`, `lessons`, `decide` and `learn` end to end, on files in a scratch folder. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const { file } = scratch('vantage-decisions-');

/** A small plan in block style with comments everywhere, so an edit that reformats anything shows. */
const PLAN = `# Shop: a plan kept in git.
vantage: 1
program:
  id: shop   # short id
  name: Shop
  start: 2027-01-04
people:
  - {id: bo, name: Bo}
  - {id: zoe, name: Zoe}
items:
  - {id: A, title: Build the cart, estimate: 2, owner: bo}
  - {id: B, title: Pay, estimate: 3, owner: zoe, after: [A]}
risks:
  - {id: R1, title: Vendor slips, probability: 0.3, impact: {days: 5, items: [B]}}
decisions:
  # The first big call.
  - id: D1
    date: 2027-01-04
    title: Use a vendor
    owner: bo
    status: accepted   # agreed in steering
    items: [B]
    risks: [R1]

  - id: D2
    title: One page checkout
    status: proposed
lessons: []   # none yet
# trailing comment
`;

/** The lines of \`after\` that are not in \`before\`, after checking that every line of \`before\` is kept in order. */
function insertedLines(before: string, after: string): string[] {
  const a = after.split('\n');
  const b = before.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of a) {
    if (i < b.length && line === b[i]) i++;
    else added.push(line);
  }
  expect(i, 'every original line is kept, in order').toBe(b.length);
  return added;
}

const today = (args: string[]) => runCli(['--today', '2027-01-11', ...args]);

describe('vantage decide and learn', () => {
  it('appends a decision with the next id, changing no other byte', async () => {
    const plan = file('a.vantage.yaml', PLAN);
    const r = await today(['decide', plan, '--title', 'Ship web first', '--owner', 'zoe', '--item', 'A', '--item', 'B', '--option', 'web', '--option', 'app', '--context', 'Fewer moving parts: web']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Recorded decision D3 (Ship web first) in ${plan}.\n`);
    const text = readFileSync(plan, 'utf8');
    expect(insertedLines(PLAN, text)).toEqual([
      '  - id: D3',
      '    date: 2027-01-11',
      '    title: Ship web first',
      '    owner: zoe',
      '    status: accepted',
      '    context: "Fewer moving parts: web"',
      '    options: [web, app]',
      '    items: [A, B]',
    ]);
    // The new entry sits after the last decision, before the next section.
    expect(text.indexOf('id: D3')).toBeGreaterThan(text.indexOf('id: D2'));
    expect(text.indexOf('id: D3')).toBeLessThan(text.indexOf('lessons:'));
    const second = await today(['decide', plan, '--title', 'Keep the vendor', '--format', 'json']);
    expect(JSON.parse(second.out)).toMatchObject({ added: { id: 'D4', date: '2027-01-11', status: 'accepted' }, superseded: null });
    const listed = JSON.parse((await runCli(['decisions', plan, '--format', 'json'])).out) as { decisions: { id: string; context: string | null }[] };
    expect(listed.decisions.map((d) => d.id)).toEqual(['D1', 'D2', 'D3', 'D4']);
    expect(listed.decisions[2].context).toBe('Fewer moving parts: web');
  });

  it('marks the superseded decision and lists the chain', async () => {
    const plan = file('b.vantage.yaml', PLAN);
    const r = await today(['decide', plan, '--title', 'Build it in-house', '--supersedes', 'D1', '--status', 'proposed', '--date', '2027-01-08']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('D1 is now superseded');
    const text = readFileSync(plan, 'utf8');
    // Only the status value of D1 changed (its comment kept) and the new entry was added.
    expect(text.replace('status: superseded   # agreed in steering', 'status: accepted   # agreed in steering').replace(/ {2}- id: D3\n(?: {4}.*\n)+/, '')).toBe(PLAN);
    expect(text).toContain('    supersedes: D1\n');
    const listed = JSON.parse((await runCli(['decisions', plan, '--format', 'json'])).out) as {
      decisions: { id: string; status: string; supersededBy: string | null; current: string; chain: string[]; superseded: boolean }[];
    };
    expect(listed.decisions[0]).toMatchObject({ id: 'D1', status: 'superseded', supersededBy: 'D3', current: 'D3', chain: ['D3', 'D1'], superseded: true });
    const table = (await runCli(['decisions', plan])).out;
    expect(table).toMatch(/D1 +2027-01-04 +superseded by D3 +Use a vendor +bo +B Pay; R1 Vendor slips +D3 > D1/);
    // Superseding D1 again would fork the chain.
    const again = await today(['decide', plan, '--title', 'Fork', '--supersedes', 'D1']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('decision D1 is already superseded by D3; use --supersedes D3');
  });

  it('writes nothing when a reference is bad, and says which and what was meant', async () => {
    const plan = file('c.vantage.yaml', PLAN);
    const r = await today(['decide', plan, '--title', 'x', '--owner', 'zoee', '--item', 'Z', '--risk', 'R9', '--supersedes', 'D7']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('decision D3 (--owner) is owned by zoee, who is not in people; did you mean zoe?');
    expect(r.err).toContain('decision D3 (--item) links item Z, which does not exist');
    expect(r.err).toContain('decision D3 (--risk) links risk R9, which does not exist; did you mean R1?');
    expect(r.err).toContain('decision D3 (--supersedes) supersedes decision D7, which does not exist');
    expect(readFileSync(plan, 'utf8')).toBe(PLAN);
    const dup = await today(['decide', plan, '--title', 'x', '--id', 'D2']);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('the file already has a decision D2');
    expect((await today(['decide', plan, '--title', 'x', '--status', 'maybe'])).code).toBe(2);
    expect((await today(['decide', plan, '--title', 'x', '--date', '2027-02-30'])).code).toBe(2);
    expect((await today(['decide', plan])).code).toBe(2); // --title is required
    expect(readFileSync(plan, 'utf8')).toBe(PLAN);
  });

  it('records lessons into an empty list, then with the next id, keeping comments', async () => {
    const plan = file('d.vantage.yaml', PLAN);
    const r = await today(['learn', plan, '--title', 'Vendors are slow', '--change', 'Ask early', '--risk', 'R1']);
    expect(r.code).toBe(0);
    const second = await today(['learn', plan, '--title', 'Demo weekly', '--item', 'A', '--date', '2027-01-12']);
    expect(second.out).toContain('Recorded lesson L2');
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain('lessons:   # none yet\n  - {id: L1, date: 2027-01-11, title: Vendors are slow, change: Ask early, risks: [R1]}\n  - {id: L2, date: 2027-01-12, title: Demo weekly, items: [A]}\n# trailing comment\n');
    expect(insertedLines(PLAN.replace('lessons: []   # none yet', 'lessons:   # none yet'), text)).toHaveLength(2);
    const bad = await today(['learn', plan, '--title', 'x', '--item', 'C']);
    expect(bad.code).toBe(1);
    expect(readFileSync(plan, 'utf8')).toBe(text);
  });
});

describe('vantage decide on flow-style lists and files without the section', () => {
  it('adds one flow line to the demo program and changes only the superseded status', async () => {
    const original = readFileSync(new URL('../../../examples/checkout.vantage.yaml', import.meta.url), 'utf8');
    const plan = file('checkout.vantage.yaml', original);
    const r = await runCli(['--today', '2026-11-25', 'decide', plan, '--title', 'Second vault vendor', '--owner', 'bo', '--supersedes', 'D1', '--item', 'PAY-2']);
    expect(r.code).toBe(0);
    const text = readFileSync(plan, 'utf8');
    const before = original.split('\n');
    const after = text.split('\n');
    expect(after).toHaveLength(before.length + 1);
    const d2 = before.findIndex((l) => l.startsWith('  - {id: D2,'));
    expect(after[d2 + 1]).toBe('  - {id: D3, date: 2026-11-25, title: Second vault vendor, owner: bo, status: accepted, supersedes: D1, items: [PAY-2]}');
    const changed = before.flatMap((line, k) => (line === after[k <= d2 ? k : k + 1] ? [] : [k]));
    expect(changed).toEqual([d2 - 1]);
    expect(after[d2 - 1]).toBe(before[d2 - 1].replace('status: accepted', 'status: superseded'));
  });

  it('creates the decisions list when the file has none', async () => {
    const bare = 'vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}  # tiny\n';
    const plan = file('bare.vantage.yaml', bare);
    expect((await today(['decide', plan, '--title', 'Start small'])).code).toBe(0);
    expect(readFileSync(plan, 'utf8')).toBe(`${bare}decisions:\n  - {id: D1, date: 2027-01-11, title: Start small, status: accepted}\n`);
  });
});

describe('vantage decisions and lessons', () => {
  const example = new URL('../../../examples/checkout.vantage.yaml', import.meta.url).pathname;

  it('filter by status, item, risk, date and text', async () => {
    const ids = async (args: string[]) =>
      (JSON.parse((await runCli(['decisions', example, '--format', 'json', ...args])).out) as { decisions: { id: string }[] }).decisions.map((d) => d.id);
    expect(await ids([])).toEqual(['D1', 'D2']);
    expect(await ids(['--item', 'WEB-3'])).toEqual(['D2']);
    expect(await ids(['--risk', 'R1'])).toEqual(['D1']);
    expect(await ids(['--since', '2026-10-01'])).toEqual(['D2']);
    expect(await ids(['--search', 'pci scope'])).toEqual(['D1']);
    expect(await ids(['--status', 'rejected'])).toEqual([]);
    const md = await runCli(['decisions', example, '--format', 'md', '--item', 'PAY-2']);
    expect(md.out).toContain('1 of 2 decisions match.');
    expect(md.out).toContain('| D1 | 2026-09-28 | accepted | Use a vendor card vault | bo | PAY-2 Card vault vendor integration; R1 Card vault vendor misses the integration sandbox date |  |');
  });

  it('report a supersedes naming no decision, and a loop, with their codes (exit 1)', async () => {
    const dangling = file('e.vantage.yaml', PLAN.replace('    status: proposed\n', '    status: proposed\n    supersedes: D9\n'));
    const r = await runCli(['decisions', dangling]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/e\.vantage\.yaml:\d+:\d+: error: decision D2 supersedes decision D9, which does not exist.*\[unknown-ref\]/);
    const loop = file('f.vantage.yaml', PLAN.replace('    status: proposed\n', '    status: proposed\n    supersedes: D1\n').replace('    owner: bo\n', '    owner: bo\n    supersedes: D2\n'));
    const l = await runCli(['decisions', loop]);
    expect(l.code).toBe(1);
    expect(l.err).toContain('[supersede-cycle]');
  });

  it('list lessons with their links', async () => {
    const r = await runCli(['lessons', example, '--format', 'json']);
    expect(JSON.parse(r.out)).toEqual({
      program: 'checkout-revamp',
      total: 1,
      lessons: [
        {
          id: 'L1',
          date: '2026-11-13',
          title: 'Vendor legal reviews take six weeks',
          change: 'Start contract reviews at kickoff, not at design',
          items: [{ id: 'CMP-1', title: 'Card vault vendor contract and DPA' }],
          risks: [],
        },
      ],
    });
    expect((await runCli(['lessons', example, '--since', 'soon'])).code).toBe(2);
  });
});
