import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const TODAY = ['--today', '2026-11-25'];
const checkout = 'examples/checkout.vantage.yaml';
const fixture = (name: string) => join('test/fixtures/mspdi', name);

type Scheduled = { items: { id: string; start: string; finish: string }[]; milestones: { id: string; date: string }[] };

async function scheduleOf(file: string): Promise<Record<string, string>> {
  const r = await runCli([...TODAY, 'schedule', file, '--format', 'json']);
  expect(r.code).toBe(0);
  const s = JSON.parse(r.out) as Scheduled;
  return Object.fromEntries([...s.items.map((i) => [i.id, `${i.start}..${i.finish}`]), ...s.milestones.map((m) => [m.id, m.date])]);
}

describe('vantage import mspdi', () => {
  const dir = scratch('vantage-import-mspdi-');

  it('writes a program file that loads, reports what it read, and warns with file:line:col', async () => {
    const out = join(dir.dir, 'outline.vantage.yaml');
    const r = await runCli([...TODAY, 'import', 'mspdi', fixture('outline-links.xml'), '-o', out]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`imported 12 tasks from ${fixture('outline-links.xml')}: 2 workstreams, 6 items, 1 milestones, 9 dependencies (7 links), 3 people, 1 teams\n`);
    expect(r.err).toContain(`${fixture('outline-links.xml')}:199:7: warning: task '3-D Secure' has a start-to-start link`);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Imported from outline-links.xml/);
    expect(text).toContain('- {id: beta, title: Beta, after: [PAY-2, UI-1], date: 2027-03-01, x-mspdi: "9"}');
    const check = await runCli([...TODAY, 'check', out]);
    expect(check.code).toBe(0);
  });

  it('never replaces an existing file without --force, and does with it', async () => {
    const out = dir.file('taken.vantage.yaml', 'precious\n');
    const r = await runCli([...TODAY, 'import', 'mspdi', fixture('outline-links.xml'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`vantage: ${out} already exists; give --force to replace it, or another -o\n`);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    const forced = await runCli([...TODAY, 'import', 'mspdi', fixture('outline-links.xml'), '-o', out, '--force', '--format', 'json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out)).toMatchObject({ kind: 'mspdi', output: out, stats: { tasks: 12, items: 6, links: 7 }, warnings: 5 });
    expect(readFileSync(out, 'utf8')).toContain('vantage: 1');
  });

  it('a malformed file: exit 1, the error at file:line:col, and nothing written', async () => {
    const sub = scratch('vantage-import-bad-');
    const out = join(sub.dir, 'bad.vantage.yaml');
    const r = await runCli([...TODAY, 'import', 'mspdi', fixture('malformed.xml'), '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${fixture('malformed.xml')}:6:19: error: the XML is malformed: Expected closing tag 'Name'`);
    expect(r.err).toContain('  6 |       <Name>Design</Task>');
    expect(readdirSync(sub.dir)).toEqual([]);
  });

  it('a file that is not a project: exit 1 with a specific message', async () => {
    const r = await runCli([...TODAY, 'import', 'mspdi', fixture('not-a-project.xml'), '-o', join(dir.dir, 'x.vantage.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not-a-project.xml:3:1: error: the root element is <workbook>, not <Project>');
    expect(existsSync(join(dir.dir, 'x.vantage.yaml'))).toBe(false);
  });

  it('a missing input file is an environment error (exit 3)', async () => {
    const r = await runCli([...TODAY, 'import', 'mspdi', join(dir.dir, 'nope.xml'), '-o', join(dir.dir, 'y.vantage.yaml')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^vantage: cannot read .*nope\.xml/);
  });
});

describe('vantage export mspdi | csv | ics', () => {
  const dir = scratch('vantage-export-');

  it('export mspdi then import mspdi gives the same schedule (checkout example)', async () => {
    const xml = join(dir.dir, 'checkout.xml');
    const exported = await runCli([...TODAY, 'export', 'mspdi', checkout, '-o', xml]);
    expect(exported.code).toBe(0);
    expect(exported.out).toBe(`exported 49 items and 5 milestones (finish 2027-02-22) to ${xml}\n`);
    const back = join(dir.dir, 'checkout-back.vantage.yaml');
    const imported = await runCli([...TODAY, 'import', 'mspdi', xml, '-o', back]);
    expect(imported.code).toBe(0);
    expect(imported.err).toBe('');
    expect(await scheduleOf(back)).toEqual(await scheduleOf(checkout));
  });

  it('export without -o prints the file; the summary goes to stderr', async () => {
    const r = await runCli([...TODAY, 'export', 'csv', checkout]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('id,title,workstream,owner,estimate,estimate_low,estimate_likely,estimate_high,dist,after,must,status,started,finished,remaining,value,tags');
    expect(r.out.trim().split('\n')).toHaveLength(50);
    expect(r.err).toBe('exported 49 items to stdout\n');
  });

  it('export csv → import csv gives the items back in a new program', async () => {
    const csv = join(dir.dir, 'items.csv');
    expect((await runCli([...TODAY, 'export', 'csv', checkout, '-o', csv])).code).toBe(0);
    const out = join(dir.dir, 'from-csv.vantage.yaml');
    const r = await runCli([...TODAY, 'import', 'csv', csv, '-o', out, '--id', 'from-csv', '--start', '2026-10-05']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`imported 49 items from ${csv}: 49 added, 0 updated\n`);
    const again = await runCli([...TODAY, 'export', 'csv', out]);
    expect(again.out).toBe(readFileSync(csv, 'utf8'));
  });

  it('import csv --into updates the program file in place (same ids updated, new ones added)', async () => {
    const plan = dir.file('plan.vantage.yaml', 'vantage: 1\nprogram: {id: plan, start: 2027-01-04}\npeople:\n  - {id: dee, name: Dee}\nitems:\n  - {id: A, title: Design, owner: dee, estimate: 3}\n');
    const csv = dir.file('more.csv', 'id,title,estimate,after\nA,Design v2,5,\nB,Build,2,A\n');
    const r = await runCli([...TODAY, 'import', 'csv', csv, '--into', plan]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`imported 2 items from ${csv}: 1 added, 1 updated\n`);
    const s = await scheduleOf(plan);
    expect(s).toEqual({ A: '2027-01-04..2027-01-08', B: '2027-01-11..2027-01-12' });
  });

  it('a malformed CSV: exit 1 with file:line:col, and the program file is untouched', async () => {
    const text = 'vantage: 1\nprogram: {id: plan, start: 2027-01-04}\nitems: []\n';
    const plan = dir.file('keep.vantage.yaml', text);
    const csv = dir.file('bad.csv', 'id,title,estimate\nA,Design,soon\n');
    const r = await runCli([...TODAY, 'import', 'csv', csv, '--into', plan]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${csv}:2:10: error: estimate 'soon' is not a duration such as 5, 0.5, 4h, 3d or 2w [csv-bad-estimate]`);
    expect(readFileSync(plan, 'utf8')).toBe(text);
    expect(readdirSync(dir.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a CSV whose items do not load (a dependency cycle) writes nothing', async () => {
    const csv = dir.file('cycle.csv', 'id,title,after\nA,One,B\nB,Two,A\n');
    const out = join(dir.dir, 'cycle.vantage.yaml');
    const r = await runCli([...TODAY, 'import', 'csv', csv, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('A -> B -> A');
    expect(existsSync(out)).toBe(false);
  });

  it('export ics: the milestones and target parse back with ical.js', async () => {
    const out = join(dir.dir, 'checkout.ics');
    const r = await runCli([...TODAY, 'export', 'ics', checkout, '-o', out, '--format', 'json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { events: number };
    const cal = new ICAL.Component(ICAL.parse(readFileSync(out, 'utf8')));
    const events = cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events).toHaveLength(summary.events);
    const committed = events.filter((e) => e.uid.endsWith('/committed@vantage'));
    expect(committed.map((e) => e.uid.split('/')[1]).sort()).toEqual(['beta', 'design-done', 'ga', 'pci-certified', 'vault-live'].sort());
    expect(events.some((e) => e.uid === 'checkout-revamp/target@vantage' && e.startDate.toString() === '2027-03-19')).toBe(true);
  });

  it('a portfolio cannot be exported to one of these formats', async () => {
    const r = await runCli([...TODAY, 'export', 'mspdi', 'examples/commerce.portfolio.yaml', '-o', join(dir.dir, 'p.xml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is a portfolio; export one of its program files');
  });
});
