/**
 * The fast parser must agree with the `yaml` library whenever it answers: same data, and the same positions for
 * every key and value. Random documents are written out by `yaml` in many styles; random edits of them probe the
 * places where the fast parser must give up instead of guessing.
 */
import fc from 'fast-check';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParse } from './fast-parse.js';
import { parseJsonFast } from './json-positions.js';
import { documentLocator, LineIndex, tableLocator } from './positions.js';

const key = fc.oneof(
  fc.constantFrom('id', 'title', 'after', 'x-notes', 'a b', 'estimate', 'null', 'true', '1', 'key: colon', '#hash', '- dash', "it's", 'say "hi"', '', 'ü'),
  fc.string({ maxLength: 6 }),
);
const scalar = fc.oneof(
  fc.constantFrom('2027-01-04', 'yes', 'no', 'null', '~', '', ' lead', 'trail ', 'a: b', 'a #b', '#x', '- x', '[x]', '{x}', 'x,y', "it's", '"q"', 'multi\nline', 'tab\there', '3d', '0x1F', '1e3', '.inf', '@at', '`tick', '%pct', '&amp', '*star', '!bang', '|pipe', '>gt', '?q', ':c', 'ü', 'emoji 🎉'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;
const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });

const styles = fc.record({
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  flowLevel: fc.constantFrom(-1, 0, 1, 2, 3),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE') as fc.Arbitrary<null | 'PLAIN' | 'QUOTE_DOUBLE'>,
  lineWidth: fc.constantFrom(0, 20, 80),
});

type Style = { indent: number; indentSeq: boolean; flowLevel: number; defaultStringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'; defaultKeyType: null | 'PLAIN' | 'QUOTE_DOUBLE'; lineWidth: number };

function render(data: unknown, style: Style): string {
  const { flowLevel, ...options } = style;
  const text = stringify(data, { ...options, collectionStyle: flowLevel === 0 ? 'flow' : 'any' });
  if (flowLevel <= 0) return text;
  // Make collections below `flowLevel` flow, the way people write short lists and mappings.
  const d = parseDocument(text);
  const visit = (n: unknown, depth: number): void => {
    if (isMap(n) || isSeq(n)) {
      if (depth >= flowLevel) n.flow = true;
      for (const i of n.items) visit(isMap(n) ? (i as { value: unknown }).value : i, depth + 1);
    }
  };
  visit(d.contents, 0);
  return d.toString(options);
}

/** Every path of a parsed document, with its key and value nodes. */
function paths(node: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; key?: Node; value: Node }[] = [], key?: Node): typeof out {
  if (node && typeof node === 'object') out.push({ path, key, value: node as Node });
  if (isMap(node)) for (const p of node.items) paths(p.value, [...path, String((p.key as { value: unknown }).value)], out, p.key as Node);
  else if (isSeq(node)) node.items.forEach((item, i) => paths(item, [...path, i], out));
  return out;
}

function agrees(text: string): boolean {
  const fast = fastParse(text, 'all');
  if (!fast) return false;
  const d = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true });
  expect(d.errors).toEqual([]);
  expect(fast.value).toEqual(d.toJS());
  // Positions: the fast table and the yaml document agree on every key and non-empty value.
  const lines = new LineIndex(text);
  const a = tableLocator(text, fast, lines);
  const b = documentLocator(d, lines);
  for (const p of paths(d.contents)) {
    if (p.path.length === 0) continue;
    if (p.key) expect(a(p.path, 'key'), `key ${p.path.join('.')}`).toEqual(b(p.path, 'key'));
    const empty = isScalar(p.value) && p.value.value === null && p.value.source === '';
    if (!empty) expect(a(p.path), `value ${p.path.join('.')}`).toEqual(b(p.path));
  }
  return true;
}

describe('fastParse agrees with yaml', () => {
  it('on documents yaml writes, in many styles', () => {
    let answered = 0;
    fc.assert(
      fc.property(doc, styles, (data, style) => {
        if (agrees(render(data, style))) answered++;
      }),
      { numRuns: 400 },
    );
    // The fast path must actually be taken for most documents, or this test proves little.
    expect(answered).toBeGreaterThan(200);
  });

  it('on random edits of such documents (it gives up rather than guess)', () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.constantFrom('', ':', ' ', '-', '#', "'", '"', '[', ']', '{', '}', ',', '\n', '\n  ', '  ', 'x', '?', '|', '&', '*', '!', '\\') });
    fc.assert(
      fc.property(doc, styles, fc.array(edit, { minLength: 1, maxLength: 3 }), (data, style, edits) => {
        let text = render(data, style);
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        const fast = fastParse(text);
        if (!fast) return;
        const d = parseDocument(text, { uniqueKeys: true });
        expect(d.errors, text).toEqual([]);
        expect(fast.value, text).toEqual(d.toJS());
      }),
      { numRuns: 1500 },
    );
  });

  it('on hand-written plain scalars of every core-schema form', () => {
    const plain = fc.constantFrom(
      'True', 'TRUE', 'true', 'False', 'FALSE', 'tRUE', 'Null', 'NULL', 'nULL', '~', '0o17', '0o8', '0x1F', '0xG', '+12', '-0', '007',
      '1.', '.5', '+.5', '1e3', '1E-3', '1.5e+3', '.inf', '-.INF', '+.Inf', '.NaN', '.nan', 'nan', 'inf', '1_000', '2027-01-04',
      '3d', '4h', 'a:b', 'a#b', 'C#', 'x-y', '-x', '?x', ':x', 'é', "it's", '12:30', '1,5',
    );
    const line = fc.tuple(fc.constantFrom('k', 'key', 'x-a', 'n'), plain, fc.constantFrom('block', 'list', 'flow', 'flowmap'));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines
          .map(([k, v, form], i) => {
            if (form === 'block') return `${k}${i}: ${v}`;
            if (form === 'list') return `${k}${i}:\n  - ${v}\n  - ${v} # c`;
            if (form === 'flow') return `${k}${i}: [${v}, ${v}]`;
            return `${k}${i}: {a: ${v}, b: [${v}]}`;
          })
          .join('\n');
        const fast = fastParse(text);
        const d = parseDocument(text, { uniqueKeys: true });
        if (!fast) return;
        expect(d.errors, text).toEqual([]);
        expect(fast.value, text).toEqual(d.toJS());
      }),
      { numRuns: 500 },
    );
  });

  it('JSON fast path: JSON.parse data with the same entity positions as the YAML path', () => {
    fc.assert(
      fc.property(doc, fc.constantFrom(0, 1, 2), (data, indent) => {
        const text = JSON.stringify(data, null, indent);
        const json = parseJsonFast(text);
        const d = parseDocument(text, { uniqueKeys: true });
        if (!json) return;
        expect(json.value).toEqual(d.toJS());
        const lines = new LineIndex(text);
        const a = tableLocator(text, json, lines);
        const b = documentLocator(d, lines);
        for (const p of paths(d.contents)) {
          if (p.key) expect(a(p.path, 'key')).toEqual(b(p.path, 'key'));
          expect(a(p.path)).toEqual(b(p.path));
        }
      }),
      { numRuns: 300 },
    );
  });
});
