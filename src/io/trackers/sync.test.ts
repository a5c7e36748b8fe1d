import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParse } from '../yaml/fast-parse.js';
import { parseProgram } from '../yaml/load.js';
import { jiraRecord, linkDependencies } from './jira.js';
import { DEFAULT_MAPPING } from './mapping.js';
import type { TrackerRecord } from './records.js';
import { applySync, planSync, setItemField, setSyncState, syncSources } from './sync.js';
import { buildProgram, programText } from './to-program.js';

const fixture = (name: string): { issues: unknown[] } => JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/trackers/jira', name), 'utf8'));
const records = (...names: string[]): TrackerRecord[] => linkDependencies(names.flatMap((n) => fixture(n).issues).map((i, k) => jiraRecord(i, DEFAULT_MAPPING, `issue ${k}`)));
const keys = (name: string) => new Set(fixture(name).issues.map((i) => (i as { key: string }).key));

/** The imported fixture program, then edited by the TPM: a comment, a value, must turned off, an x- note. */
function editedFile(): string {
  const { doc } = buildProgram(records('search-page-1.json', 'search-page-2.json'), DEFAULT_MAPPING, {
    source: 'jira',
    id: 'pay',
    name: 'Payments',
    today: '2027-02-01',
    sync: { query: { jql: 'project = PAY' }, updated: '2027-01-20T00:00:00.000Z' },
  });
  let text = programText(doc);
  text = text.replace('  - id: PAY-3\n    title: PCI review\n', '  # The QSA visit is booked; keep an eye on it.\n  - id: PAY-3\n    title: PCI review\n    value: 8\n    x-note: ask legal\n');
  text = text.replace(/( {2}- id: PAY-3\n(?: {4}.*\n)*?) {4}must: true\n/, '$1    must: false\n');
  return text;
}

const state = { query: { jql: 'project = PAY' }, updated: '2027-02-01T00:00:00.000Z' };

describe('planSync', () => {
  it('updates tracker fields, adds new issues and reports deleted ones', () => {
    const text = editedFile();
    const plan = planSync(text, 'jira', records('search-updated.json'), keys('search-keys-after-delete.json'), DEFAULT_MAPPING);
    expect(plan.added.map((a) => a.id)).toEqual(['PAY-6']);
    expect(plan.workstreams).toEqual([{ id: 'PAY-7', title: 'Resilience' }]);
    expect(plan.gone).toEqual([{ id: 'PAY-4', key: 'PAY-4' }]);
    const pay3 = plan.updated.find((u) => u.id === 'PAY-3')!;
    expect(Object.fromEntries(pay3.changes.map((c) => [c.field, [c.from, c.to]]))).toEqual({
      title: ['PCI review', 'PCI review (QSA)'],
      status: ['todo', 'doing'],
      started: [null, '2027-01-25'],
      'x-status-history': [null, ['2027-01-25 To Do -> In Progress']],
    });
    // must is the TPM's: never compared, never planned.
    expect(pay3.changes.some((c) => c.field === 'must')).toBe(false);
  });

  it('an unchanged record plans nothing', () => {
    const text = editedFile();
    const plan = planSync(text, 'jira', records('search-page-1.json').filter((r) => r.key === 'PAY-1'), undefined, DEFAULT_MAPPING);
    expect(plan).toMatchObject({ added: [], updated: [], gone: [], unchanged: 1 });
  });
});

describe('applySync', () => {
  it('keeps the TPM\'s comment, value, must and x- keys, and writes a valid program', () => {
    const text = editedFile();
    const plan = planSync(text, 'jira', records('search-updated.json'), keys('search-keys-after-delete.json'), DEFAULT_MAPPING);
    const out = applySync(text, plan, { prune: false, state });
    expect(out).toContain('  # The QSA visit is booked; keep an eye on it.\n  - id: PAY-3\n    title: PCI review (QSA)\n    value: 8\n    x-note: ask legal\n');
    const doc = parse(out) as { items: Record<string, unknown>[]; workstreams: { id: string }[]; 'x-sync': unknown; history: { id: string }[] };
    const pay3 = doc.items.find((i) => i.id === 'PAY-3')!;
    expect(pay3).toMatchObject({ status: 'doing', started: '2027-01-25', must: false, value: 8 });
    expect(doc.items.find((i) => i.id === 'PAY-6')).toMatchObject({ workstream: 'PAY-7', estimate: 1, links: { jira: 'PAY-6' } });
    expect(doc.items.some((i) => i.id === 'PAY-4')).toBe(true); // reported, not removed
    expect(doc.workstreams.map((w) => w.id)).toContain('PAY-7');
    expect(doc.history.filter((h) => h.id === 'PAY-3')).toHaveLength(1);
    expect(doc['x-sync']).toEqual({ jira: { jql: 'project = PAY', updated: '2027-02-01T00:00:00.000Z' } });
    expect(out).toMatch(/x-sync:\n {2}jira:\n {4}jql: project = PAY\n {4}updated: 2027-02-01T00:00:00.000Z\n$/);
    const r = parseProgram(out, 'pay.vantage.yaml');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('with prune removes items gone upstream (and their history rows)', () => {
    const text = editedFile();
    const plan = planSync(text, 'jira', [], keys('search-keys-after-delete.json'), DEFAULT_MAPPING);
    const out = applySync(text, plan, { prune: true, state });
    const doc = parse(out) as { items: { id: string }[] };
    expect(doc.items.map((i) => i.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-5']);
    expect(parseProgram(out, 'p.yaml').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a reopened issue loses its finished date', () => {
    const text = editedFile();
    const reopened = records('search-page-1.json').find((r) => r.key === 'PAY-1')!;
    reopened.status = 'Reopened';
    reopened.category = 'todo';
    delete reopened.resolved;
    const plan = planSync(text, 'jira', [reopened], undefined, DEFAULT_MAPPING);
    const out = applySync(text, plan, { prune: false, state });
    expect((parse(out) as { items: Record<string, unknown>[] }).items[0]).toMatchObject({ id: 'PAY-1', status: 'todo', finished: null });
  });
});

describe('setSyncState', () => {
  it('replaces the source entry in place, or adds x-sync at the end', () => {
    const text = 'vantage: 1\nx-sync:\n  jira: {jql: a, updated: "1"}\n  github: {repo: o/r, updated: "2"}\n';
    expect(setSyncState(text, 'jira', { jql: 'a', updated: '3' })).toBe('vantage: 1\nx-sync:\n  jira: {jql: a, updated: "3"}\n  github: {repo: o/r, updated: "2"}\n');
    expect(setSyncState('vantage: 1\n', 'linear', { team: 'ENG', updated: 'u' })).toBe('vantage: 1\nx-sync:\n  linear:\n    team: ENG\n    updated: u\n');
    const block = 'x-sync:\n  jira:\n    jql: a\n    updated: 2027-01-01T00:00:00Z\n# end\n';
    expect(setSyncState(block, 'jira', { jql: 'a', updated: '2027-02-01T00:00:00Z' })).toBe(block.replace('2027-01-01', '2027-02-01'));
    expect(syncSources(text)).toEqual(['jira', 'github']);
  });
});

describe('setItemField', () => {
  const text = 'items:\n  - id: A\n    status: todo\n    x-status-history:\n      - 2026-01-02 To Do -> In Progress # seen\n  - id: B\n    title: b\n';
  it('replaces a block list by a flow list on its key line', () => {
    expect(setItemField(text, 'A', 'x-status-history', ['x', 'y'])).toBe('items:\n  - id: A\n    status: todo\n    x-status-history: [x, y] # seen\n  - id: B\n    title: b\n');
  });
  it('adds a key after an entry that ends in a block list', () => {
    expect(setItemField(text, 'A', 'started', '2026-01-02')).toBe('items:\n  - id: A\n    status: todo\n    x-status-history:\n      - 2026-01-02 To Do -> In Progress # seen\n    started: 2026-01-02\n  - id: B\n    title: b\n');
  });
  it('other fields go through setEntryField unchanged', () => {
    expect(setItemField(text, 'B', 'title', 'bee')).toBe(text.replace('title: b', 'title: bee'));
  });
});

describe('applySync in one pass', () => {
  it('rewrites a block status history, adds a field after it, replaces and removes history rows', () => {
    const text = editedFile();
    const pay1 = records('search-page-1.json').find((r) => r.key === 'PAY-1')!;
    pay1.transitions.push({ at: '2027-02-11T09:00:00.000+0000', date: '2027-02-11', from: 'Done', to: 'Reopened' });
    pay1.transitions.push({ at: '2027-02-12T09:00:00.000+0000', date: '2027-02-12', from: 'Reopened', to: 'Done' });
    pay1.labels = ['ops'];
    const plan = planSync(text, 'jira', [pay1], new Set(['PAY-1', 'PAY-3', 'PAY-4', 'PAY-5']), DEFAULT_MAPPING);
    expect(plan.gone.map((g) => g.id)).toEqual(['PAY-2']);
    const out = applySync(text, plan, { prune: true, state });
    const doc = parse(out) as { items: Record<string, unknown>[]; history: { id: string }[] };
    expect(doc.items.map((i) => i.id)).toEqual(['PAY-1', 'PAY-3', 'PAY-4', 'PAY-5']);
    expect(doc.items[0]).toMatchObject({ tags: ['ops'], 'x-status-history': ['2027-01-05 To Do -> In Progress', '2027-02-10 In Progress -> Done', '2027-02-11 Done -> Reopened', '2027-02-12 Reopened -> Done'] });
    expect(doc.history.map((h) => h.id)).toEqual(['PAY-1', 'PAY-5']);
    expect(out).toContain('  # The QSA visit is booked; keep an eye on it.\n  - id: PAY-3\n');
    expect(parseProgram(out, 'p.yaml').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('applySync: the line-based path and the complete path agree', () => {
  it('gives the same data whether the fast parser reads the file or the yaml library must', () => {
    const text = editedFile();
    expect(fastParse(text, 'all')).toBeDefined();
    // An alias is outside the fast parser's subset: this copy goes through the yaml library's path.
    const slowText = `${text}x-anchor: &a 1\nx-ref: *a\n`;
    expect(fastParse(slowText, 'all')).toBeUndefined();
    const pay1 = () => {
      const r = records('search-page-1.json').find((x) => x.key === 'PAY-1')!;
      r.transitions.push({ at: '2027-02-11T09:00:00.000+0000', date: '2027-02-11', from: 'Done', to: 'Reopened' });
      r.status = 'Reopened';
      r.category = 'todo';
      delete r.resolved;
      return r;
    };
    const run = (t: string) => {
      const plan = planSync(t, 'jira', [pay1(), ...records('search-updated.json')], keys('search-keys-after-delete.json'), DEFAULT_MAPPING);
      return parse(applySync(t, plan, { prune: true, state })) as Record<string, unknown>;
    };
    const fast = run(text);
    const slow = run(slowText);
    delete slow['x-anchor'];
    delete slow['x-ref'];
    expect(fast).toEqual(slow);
    expect((fast.items as { id: string }[]).map((i) => i.id)).toEqual(['PAY-1', 'PAY-2', 'PAY-3', 'PAY-5', 'PAY-6']);
  });
});
