import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatProgramText } from '../yaml/format.js';
import { parseProgram } from '../yaml/load.js';
import { jiraRecord, linkDependencies } from './jira.js';
import { DEFAULT_MAPPING, parseMapping } from './mapping.js';
import type { TrackerRecord } from './records.js';
import { breakCycles, buildProgram, programText, type ItemEntry } from './to-program.js';

const fixture = (name: string): { issues: unknown[] } => JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/trackers/jira', name), 'utf8'));

function fixtureRecords(): TrackerRecord[] {
  const raw = [...fixture('search-page-1.json').issues, ...fixture('search-page-2.json').issues];
  return linkDependencies(raw.map((i, n) => jiraRecord(i, DEFAULT_MAPPING, `issue ${n}`)));
}

const sync = { query: { jql: 'project = PAY' }, updated: '2027-02-01T00:00:00.000Z' };

describe('buildProgram', () => {
  it('turns the fixture issues into items with the documented rules', () => {
    const { doc } = buildProgram(fixtureRecords(), DEFAULT_MAPPING, { source: 'jira', id: 'pay', name: 'Payments', today: '2027-02-01', sync });
    const items = doc.items as ItemEntry[];
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(doc.program).toEqual({ id: 'pay', name: 'Payments', start: '2027-01-04' });
    expect(doc.workstreams).toEqual([{ id: 'PAY-1', title: 'Card vault' }]);
    // In progress, 3 points = 3 days, blocked by PAY-3, in the epic's workstream, started at the move to In Progress.
    expect(byId['PAY-2']).toMatchObject({ status: 'doing', estimate: 3, after: ['PAY-3'], workstream: 'PAY-1', started: '2027-01-18', links: { jira: 'PAY-2' } });
    expect(byId['PAY-2'].finished).toBeUndefined();
    // 16 hours of original estimate = 2 days; the "must" label.
    expect(byId['PAY-3']).toMatchObject({ status: 'todo', estimate: 2, must: true });
    // Done with resolution Won't Do: cut.
    expect(byId['PAY-4'].status).toBe('cut');
    // The search's cut-short changelog only shows In Review -> Done: no move to an in-progress status, no start.
    expect(byId['PAY-5']).toMatchObject({ status: 'done', finished: '2027-01-29', estimate: 2 });
    expect(byId['PAY-5'].started).toBeUndefined();
    expect(byId['PAY-1']).toMatchObject({ status: 'done', started: '2027-01-05', finished: '2027-02-10' });
    expect(doc.history).toEqual([
      { id: 'PAY-1', created: '2027-01-04', started: '2027-01-05', finished: '2027-02-10', type: 'Epic' },
      { id: 'PAY-2', created: '2027-01-06', started: '2027-01-18', estimate: 3, type: 'Story', workstream: 'PAY-1' },
      { id: 'PAY-5', created: '2027-01-07', finished: '2027-01-29', estimate: 2, type: 'Story' },
    ]);
    expect(doc['x-sync']).toEqual({ jira: { jql: 'project = PAY', updated: '2027-02-01T00:00:00.000Z' } });
  });

  it('applies the map: points in half days, High priority is must, In Review is doing', () => {
    const m = parseMapping(readFileSync(join(process.cwd(), 'test/fixtures/trackers/map/good.yaml'), 'utf8'), 'good.yaml').mapping!;
    const items = buildProgram(fixtureRecords(), m, { source: 'jira', id: 'pay', name: 'Payments', today: '2027-02-01', sync }).doc.items as ItemEntry[];
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(byId['PAY-2'].estimate).toBe(1.5);
    expect(byId['PAY-3'].estimate).toBeUndefined(); // use: points ignores the time estimate
    expect(byId['PAY-3'].must).toBe(true); // priority High
  });

  it('writes a valid program file in the canonical layout', () => {
    const { doc } = buildProgram(fixtureRecords(), DEFAULT_MAPPING, { source: 'jira', id: 'pay', name: 'Payments', today: '2027-02-01', sync });
    const text = programText(doc);
    expect(text).toContain('    links: {jira: PAY-2}\n');
    expect(text).toContain('    after: [PAY-3]\n');
    const r = parseProgram(text, 'pay.vantage.yaml');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.program!.items).toHaveLength(5);
  });

  it('leaves out links to issues outside the import and says so', () => {
    const recs = fixtureRecords();
    recs[0].blockedBy.push('OPS-9');
    const { doc, notes } = buildProgram(recs, DEFAULT_MAPPING, { source: 'jira', id: 'pay', name: 'P', today: '2027-02-01', sync });
    expect((doc.items as ItemEntry[])[0].after).toBeUndefined();
    expect(notes.join('\n')).toMatch(/1 blocking link.*OPS-9 blocks PAY-1/);
  });
});

describe('breakCycles', () => {
  it('drops the edge that closes a cycle, naming it', () => {
    const items: ItemEntry[] = [
      { id: 'A', title: 'a', status: 'todo', links: {}, after: ['B'] },
      { id: 'B', title: 'b', status: 'todo', links: {}, after: ['A'] },
    ];
    expect(breakCycles(items)).toEqual(['A -> B']);
    expect(items[1].after).toBeUndefined();
    expect(items[0].after).toEqual(['B']);
  });

  it('property: the result is acyclic and keeps every edge not reported as dropped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 40 }))), ([n, edges]) => {
        const items: ItemEntry[] = Array.from({ length: n }, (_, i) => ({ id: `I${i}`, title: 't', status: 'todo', links: {} }));
        const before = new Set<string>();
        for (const [a, b] of edges) {
          if (a === b || before.has(`I${a} -> I${b}`)) continue;
          before.add(`I${a} -> I${b}`);
          (items[b].after ??= []).push(`I${a}`);
        }
        const dropped = breakCycles(items);
        const after = new Set(items.flatMap((i) => (i.after ?? []).map((d) => `${d} -> ${i.id}`)));
        expect(new Set([...after, ...dropped])).toEqual(before);
        // Acyclic: Kahn's algorithm removes every node.
        const indeg = new Map(items.map((i) => [i.id, (i.after ?? []).length]));
        const queue = items.filter((i) => indeg.get(i.id) === 0).map((i) => i.id);
        let seen = 0;
        while (queue.length > 0) {
          const id = queue.pop()!;
          seen++;
          for (const i of items) if (i.after?.includes(id)) {
            indeg.set(i.id, indeg.get(i.id)! - 1);
            if (indeg.get(i.id) === 0) queue.push(i.id);
          }
        }
        expect(seen).toBe(n);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('programText', () => {
  it('is already in the canonical layout: vantage fmt changes nothing', () => {
    const recs = fixtureRecords();
    recs[1].title = 'Tokenise: "card" storage #2, [phase 1]';
    recs[1].labels.push('true', '2027', 'a, b');
    const { doc } = buildProgram(recs, DEFAULT_MAPPING, { source: 'jira', id: 'pay', name: 'Payments: 2027', today: '2027-02-01', sync });
    const text = programText(doc);
    expect(formatProgramText(text, 'p.yaml').text).toBe(text);
    expect(parse(text)).toEqual(doc);
  });

  it('property: any strings round-trip through the writer', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 3 }), (title, tags) => {
        const doc = { vantage: 1, items: [{ id: 'A', title, tags, links: { jira: title } }] };
        expect(parse(programText(doc))).toEqual(doc);
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});
