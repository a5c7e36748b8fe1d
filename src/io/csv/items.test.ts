import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dep, est, est3, makeItem, makeProgram } from '../../model/builders.js';
import { hasErrors } from '../../model/diagnostic.js';
import type { Item, Program } from '../../model/program.js';
import { programText } from '../mspdi/program-text.js';
import { formatProgramText } from '../yaml/format.js';
import { parseProgram } from '../yaml/load.js';
import { itemsProgramDoc, mergeItemsIntoProgram, parseItemsCsv, writeItemsCsv } from './items.js';

const here = dirname(fileURLToPath(import.meta.url));

/** CSV text → a loaded program (a new minimal one), failing the test on any error. */
function load(csv: string): Program {
  const r = parseItemsCsv(csv, 'items.csv');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const text = programText(itemsProgramDoc(r.rows, { id: 'p', name: 'P', start: '2027-01-04' }), 'p.vantage.yaml').text!;
  const loaded = parseProgram(text, 'p.vantage.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.program!;
}

/** The fields the CSV carries, for comparing items. */
const columns = (i: Item) => ({
  id: i.id, title: i.title, workstream: i.workstream, owner: i.owner, estimate: i.estimate, after: i.after.map((d) => ({ id: d.id, lag: d.lag, program: d.program })),
  must: i.must, status: i.status, started: i.started, finished: i.finished, remaining: i.remaining?.likely, value: i.value, tags: i.tags,
});

describe('parseItemsCsv', () => {
  it('reads every column form: durations with units, three points with dist, after with lags, booleans, tags', () => {
    const csv = [
      'ID,Title,workstream,owner,estimate,estimate_low,estimate_likely,estimate_high,dist,after,must,status,started,finished,remaining,value,tags,x-note',
      'A,Design,web,dee,3d,,,,,,yes,done,2027-01-04,2027-01-06,,7,ux;research,ignored',
      'B,"Build, test",web,kai,,2,4,1w,triangular,A+2 ; other/X,no,doing,2027-01-07,,2,,,',
      'C,Ship,,,,,,,,A B+0.5,,todo,,,,,,',
    ].join('\n');
    const r = parseItemsCsv(csv, 'items.csv');
    expect(r.diagnostics).toEqual([]);
    expect(r.rows.map((x) => x.item)).toEqual([
      { id: 'A', title: 'Design', workstream: 'web', owner: 'dee', estimate: '3d', must: true, value: 7, status: 'done', started: '2027-01-04', finished: '2027-01-06', tags: ['ux', 'research'] },
      { id: 'B', title: 'Build, test', workstream: 'web', owner: 'kai', estimate: { low: 2, likely: 4, high: '1w', dist: 'triangular' }, after: [{ id: 'A', lag: 2 }, 'other/X'], must: false, status: 'doing', started: '2027-01-07', remaining: 2 },
      { id: 'C', title: 'Ship', after: ['A', { id: 'B', lag: 0.5 }], status: 'todo' },
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 3, 4]);
  });

  it('reports each bad field at its line and column, and keeps going', () => {
    const csv = [
      'id,title,estimate,estimate_low,estimate_likely,estimate_high,after,must,status,started,value,tags,estimat',
      'A,Design,3x,,,,,maybe,todo,2027-02-30,11,,',
      'A,Again,,5,3,8,"B, !!",,started,,,,',
      'bad id,,1,,,,,,,,,,',
      'D,Partial,,1,,,,,,,,,,extra',
    ].join('\n');
    const r = parseItemsCsv(csv, 'items.csv');
    const got = r.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.code}`);
    expect(got).toEqual([
      '1:99 warning csv-unknown-column',
      '2:10 error csv-bad-estimate',
      '2:17 error csv-bad-bool',
      '2:28 error csv-bad-date',
      '2:39 error csv-bad-number',
      '3:1 error csv-duplicate-id',
      '3:10 error csv-estimate-order',
      // Inside the quoted field: 'B,' (a comma is not a separator) and '!!', each at its own column.
      '3:17 error csv-bad-after',
      '3:20 error csv-bad-after',
      '3:25 error csv-bad-status',
      '4:1 error csv-bad-id',
      '4:8 error csv-missing-value',
      '5:12 error csv-estimate-partial',
      '5:23 error csv-extra-field',
    ]);
    expect(r.diagnostics[0].hint).toBe("did you mean 'estimate'? (the column is ignored)");
    expect(r.diagnostics.filter((d) => d.code === 'csv-bad-after')[1].message).toBe("after '!!' is not an item id (optionally +lag, e.g. PAY-1+2d)");
    expect(r.diagnostics.every((d) => d.file === 'items.csv')).toBe(true);
  });

  it('needs id and title columns, and a header', () => {
    expect(parseItemsCsv('', 'e.csv').diagnostics.map((d) => d.code)).toEqual(['csv-empty']);
    expect(parseItemsCsv('id,estimate\nA,1\n', 'e.csv').diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['1:1 csv-missing-column']);
    expect(parseItemsCsv('id,title\nA,"unclosed\n', 'e.csv').diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(['2:3 csv-unterminated-quote']);
  });
});

describe('writeItemsCsv → parseItemsCsv', () => {
  for (const file of ['checkout.vantage.yaml', 'loyalty.vantage.yaml']) {
    it(`${file}: every item's columns come back`, () => {
      const program = parseProgram(readFileSync(resolve(here, '../../../examples', file), 'utf8'), file).program!;
      const back = load(writeItemsCsv(program));
      expect(back.items.map(columns)).toEqual(program.items.map((i) => ({ ...columns(i), estimate: i.estimate })));
    });
  }

  it('property: any items survive the round trip (titles with commas, quotes and newlines)', () => {
    const title = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.trim() !== '' && !s.includes('\r'));
    const items = fc.array(fc.record({ title, days: fc.integer({ min: 0, max: 30 }), three: fc.boolean(), must: fc.boolean(), lag: fc.constantFrom(0, 1, 2.5), tags: fc.array(fc.constantFrom('a', 'b c', 'd-e'), { maxLength: 2 }) }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(items, (rows) => {
        const program = makeProgram({
          items: rows.map((r, i) =>
            makeItem(`I${i}`, { title: r.title, estimate: r.three ? est3(r.days, r.days + 1, r.days + 5) : est(r.days), must: r.must, tags: [...new Set(r.tags)], after: i > 0 ? [dep(`I${i - 1}`, r.lag)] : [] }),
          ),
        });
        const back = load(writeItemsCsv(program));
        expect(back.items.map(columns)).toEqual(program.items.map(columns));
      }),
      { numRuns: 60, seed: 3 },
    );
  });
});

describe('mergeItemsIntoProgram', () => {
  const base = [
    '# The plan',
    'vantage: 1',
    'program: {id: p, start: 2027-01-04}',
    'people:',
    '  - {id: dee, name: Dee}',
    'items:',
    '  # kept comment',
    '  - {id: A, title: Design, owner: dee, estimate: 3, value: 8}',
    '',
  ].join('\n');

  it('updates items by id (non-empty cells only), appends new ones, adds stub people and workstreams with warnings', () => {
    const r = parseItemsCsv('id,title,owner,workstream,estimate,after\nA,Design v2,,,5,\nB,Build,kai,web,2,A\n', 'new.csv');
    const merged = mergeItemsIntoProgram(base, 'plan.vantage.yaml', r.rows);
    expect(merged.added).toBe(1);
    expect(merged.updated).toBe(1);
    expect(merged.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['3 csv-added-person', '3 csv-added-workstream']);
    const text = formatProgramText(merged.text!, 'plan.vantage.yaml').text!;
    expect(text).toContain('# kept comment');
    const program = parseProgram(text, 'plan.vantage.yaml');
    expect(hasErrors(program.diagnostics)).toBe(false);
    const [a, b] = program.program!.items;
    expect([a.title, a.owner, a.estimate?.likely, a.value]).toEqual(['Design v2', 'dee', 5, 8]);
    expect([b.id, b.owner, b.workstream, b.after.map((d) => d.id)]).toEqual(['B', 'kai', 'web', ['A']]);
  });

  it('refuses a file that is not a program mapping, naming the position', () => {
    const merged = mergeItemsIntoProgram('items: [\n', 'broken.yaml', []);
    expect(merged.text).toBeUndefined();
    expect(merged.diagnostics[0]).toMatchObject({ code: 'csv-into-not-program', severity: 'error', file: 'broken.yaml' });
    expect(merged.diagnostics[0].line).toBeGreaterThan(0);
  });
});
