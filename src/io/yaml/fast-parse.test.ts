import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParse, resolvePlain } from './fast-parse.js';

describe('fastParse', () => {
  it('parses block mappings, sequences, flow collections and scalars as yaml does', () => {
    const text = `# comment
vantage: 1
program:   # trailing comment
  id: "a\\tb"
  name: 'it''s'
  start: 2027-01-04
people:
  - {id: ana, name: Ana Ruiz, capacity: 0.8, off: [[2027-02-15, 2027-02-19]]}
  -   id: bo
      skills: [a, "b c", 'd']
items:
- id: PAY-1
  title: C# and F# are fine, so is a:b
  empty:
  list:
  - x
  -
  - - nested
nums: [0o17, 0x1F, -1.5e3, .inf, -.Inf, .nan, ~, Null, TRUE, false, 12, +3, .5, 1.]
json: {"a": [1, 2, {"b": null}], "c": "\\u00e9"}
`;
    const fast = fastParse(text);
    // "- - nested" is a compact nested sequence, which the fast parser leaves to yaml.
    expect(fast).toBeUndefined();
    const simpler = text.replace('  - - nested\n', '  - [nested]\n');
    expect(fastParse(simpler)?.value).toEqual(parse(simpler));
  });

  it('parses JSON', () => {
    const text = JSON.stringify({ a: [1, { b: 'x\ny"' }], c: null, d: -0.5e-3, e: true }, null, 1);
    expect(fastParse(text)?.value).toEqual(JSON.parse(text));
  });

  it.each([
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['non-string keys', '1: a\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF', 'a: 1\r\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['nested mapping on one line', 'a: b: c\n'],
    ['bad indentation', 'a:\n  b: 1\n   c: 2\n'],
    ['a comment inside a flow collection', 'a: [1, # one\n  2]\n'],
    ['unclosed flow', 'a: [1, 2\n'],
    ['merge keys', '<<: {a: 1}\n'],
    ['complex keys', '? a\n: b\n'],
  ])('leaves %s to yaml', (_, text) => {
    expect(fastParse(text)).toBeUndefined();
  });

  it('records where the root entries and the entities start', () => {
    const text = 'vantage: 1\nitems:\n  - id: a\n  - {id: b}\n';
    const r = fastParse(text)!;
    const root = r.value as { items: unknown[] };
    expect(r.positions.get(root)?.keys?.get('items')).toEqual([text.indexOf('items'), text.indexOf('- id') ]);
    expect(r.positions.get(root.items)?.elements).toEqual([text.indexOf('id: a'), text.indexOf('{id: b}')]);
    expect(r.positions.get(root.items[0] as object)).toBeUndefined(); // deeper only with 'all'
    const all = fastParse(text, 'all')!;
    const first = (all.value as typeof root).items[0] as object;
    const at = text.indexOf('id: a');
    expect(all.positions.get(first)?.keys?.get('id')).toEqual([at, at + 4]);
  });
});

describe('resolvePlain (YAML 1.2 core schema)', () => {
  it.each([
    ['', null],
    ['~', null],
    ['NULL', null],
    ['True', true],
    ['FALSE', false],
    ['yes', 'yes'],
    ['0o17', 15],
    ['0x1f', 31],
    ['-12', -12],
    ['1e3', 1000],
    ['.5', 0.5],
    ['2027-01-04', '2027-01-04'],
    ['1_000', '1_000'],
    ['-.inf', -Infinity],
  ])('%j resolves like yaml', (plain, value) => {
    expect(resolvePlain(plain)).toEqual(value);
    expect(parse(`v: ${plain}`).v).toEqual(value);
  });
});
