import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatProgramText } from './format.js';

const fmt = (text: string): string => {
  const r = formatProgramText(text, 'p.yaml');
  expect(r.diagnostics).toEqual([]);
  return r.text!;
};

describe('formatProgramText', () => {
  it('writes the canonical layout, keeping comments with their entries', () => {
    const source = `# Checkout program
vantage: 1
items:
- title: 'Tokenise card storage'   # why it matters
  id: "PAY-1"

  # the estimate is a guess
  estimate: {likely: 5, high: 10, low: 3}
  x-notes: kept
  must: True
  finished: ~
program:
    start: 2027-01-04
    id: checkout
people:
  - {name: Ana Ruiz, id: ana}
`;
    expect(fmt(source)).toBe(`# Checkout program
vantage: 1
program:
  id: checkout
  start: 2027-01-04
people:
  - {id: ana, name: Ana Ruiz}
items:
  - id: PAY-1
    title: Tokenise card storage # why it matters

    # the estimate is a guess
    estimate: {low: 3, likely: 5, high: 10}
    must: true
    finished: null
    x-notes: kept
`);
  });

  it('quotes only where YAML needs it, with double quotes', () => {
    const out = fmt(`vantage: 1\nprogram: {id: 'p', name: 'a: b', start: '2027-01-04'}\nitems:\n  - {id: "1", title: 'it''s', tags: ['yes', "#x"]}\n`);
    expect(out).toBe(`vantage: 1\nprogram: {id: p, name: "a: b", start: 2027-01-04}\nitems:\n  - {id: "1", title: it's, tags: [yes, "#x"]}\n`);
    expect(parse(out)).toEqual(parse(`vantage: 1\nprogram: {id: 'p', name: 'a: b', start: '2027-01-04'}\nitems:\n  - {id: "1", title: 'it''s', tags: ['yes', "#x"]}\n`));
  });

  it("keeps the author's flow collections, on one line, and makes the file and its entity lists block", () => {
    const out = fmt(`vantage: 1
decisions:
  - {id: D1, date: 2026-12-01, title: Use a vendor card vault, owner: bo, status: accepted,
     context: "the full story", options: [vendor, in-house]}
  - {title: Short, id: D2}
people: [{id: ana}, {id: bo}]
`);
    expect(out).toBe(`vantage: 1
people:
  - {id: ana}
  - {id: bo}
decisions:
  - {id: D1, date: 2026-12-01, title: Use a vendor card vault, owner: bo, status: accepted, context: the full story, options: [vendor, in-house]}
  - {id: D2, title: Short}
`);
    const json = JSON.stringify({ vantage: 1, program: { id: 'p', start: '2027-01-04' }, items: [{ id: 'T0', title: 'Task 0', estimate: 3, after: ['T1'] }] }, null, 1);
    expect(fmt(json)).toBe('vantage: 1\nprogram: {id: p, start: 2027-01-04}\nitems:\n  - {id: T0, title: Task 0, estimate: 3, after: [T1]}\n');
  });

  it('turns a flow collection with comments inside into a block, keeping the comments', () => {
    const out = fmt('vantage: 1\nprogram: {id: p, # the id\n  start: 2027-01-04}\n');
    expect(out).toBe('vantage: 1\nprogram:\n  id: p # the id\n  start: 2027-01-04\n');
  });

  it('keeps unknown and x- keys after the known ones, in their order', () => {
    expect(fmt('x-b: 1\nzzz: 2\nvantage: 1\nx-a: {b: 1, a: 2}\n')).toBe('vantage: 1\nx-b: 1\nzzz: 2\nx-a: {b: 1, a: 2}\n');
  });

  it('orders portfolio files too', () => {
    expect(fmt('programs: [a.yaml]\nportfolio: {name: C, id: c}\nvantage: 1\n')).toBe('vantage: 1\nportfolio: {id: c, name: C}\nprograms: [a.yaml]\n');
  });

  it('is stable on the fixtures, and keeps their data', () => {
    for (const name of ['checkout.vantage.yaml', 'web.vantage.yaml', 'portfolio.vantage.yaml']) {
      const text = readFileSync(new URL(`../../../test/fixtures/ok/${name}`, import.meta.url), 'utf8');
      const once = fmt(text);
      expect(fmt(once)).toBe(once);
      expect(parse(once)).toEqual(parse(text));
      for (const comment of text.matchAll(/#[^\n]*/g)) expect(once).toContain(comment[0].trim());
    }
  });

  it('keeps the key order of a file with aliases, whose anchors must come first', () => {
    const source = 'vantage: 1\nitems:\n  - tags: &t [a, b]\n    id: A\n  - {title: B, tags: *t, id: B}\n';
    const out = fmt(source);
    expect(out).toBe(source);
    expect(parse(out)).toEqual(parse(source));
  });

  it('refuses text with YAML syntax errors', () => {
    const r = formatProgramText('vantage: 1\nprogram:\n  id: x\n   start: 2027-01-04\n', 'p.yaml');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-syntax', 3]]);
  });
});
