/**
 * fmt on random program-like files written in random styles, with comments here and there: the result is stable
 * (fmt(fmt(x)) === fmt(x) byte for byte), holds the same data, and keeps every comment.
 */
import fc from 'fast-check';
import { Document, isMap, isPair, isSeq, parse, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatProgramText } from './format.js';

const text = fc.oneof(
  fc.constantFrom('Tokenise card storage', 'a: b', 'it\'s', '"quoted"', '#not a comment', 'yes', 'null', '3d', '2027-01-04', '- dash', 'x, y', '', ' padded ', 'multi\nline', 'ü 🎉', '{braces}'),
  fc.string({ maxLength: 10 }),
);
const scalar = fc.oneof(text, fc.integer({ min: -5, max: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

/** A mapping with `keys` (some of them) in random order, plus maybe an x- key and an unknown one. */
function mapping(keys: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(keys);
  return fc
    .tuple(fc.shuffledSubarray(names, { minLength: 1 }), fc.option(scalar, { nil: undefined }), fc.boolean())
    .chain(([chosen, ext, unknown]) =>
      fc.tuple(...chosen.map((k) => keys[k])).map((values) => {
        const o: Record<string, unknown> = {};
        chosen.forEach((k, i) => (o[k] = values[i]));
        if (ext !== undefined) o['x-ext'] = ext;
        if (unknown) o.zzz = 1;
        return o;
      }),
    );
}

const estimate = fc.oneof(fc.constantFrom(3, '2w', '4h'), mapping({ high: fc.constant(9), low: fc.constant(1), likely: fc.constant(3), dist: fc.constant('pert') }));
const item = mapping({
  id: fc.constantFrom('PAY-1', 'UI-2'),
  title: text,
  estimate,
  after: fc.array(fc.oneof(fc.constant('PAY-0'), mapping({ lag: fc.constant(2), id: fc.constant('UI-2') })), { maxLength: 3 }),
  needs: fc.dictionary(fc.constantFrom('backend', 'bo', 'web'), fc.constantFrom(1, 2)),
  tags: fc.array(text, { maxLength: 3 }),
  status: fc.constantFrom('todo', 'doing'),
  links: fc.dictionary(fc.constantFrom('jira', 'github'), text),
});
const program = mapping({
  vantage: fc.constant(1),
  program: mapping({ start: fc.constant('2027-01-04'), id: fc.constant('p'), name: text, calendar: mapping({ holidays: fc.array(fc.constant('2027-05-31'), { maxLength: 2 }), workdays: fc.constant(['mon', 'tue']) }) }),
  items: fc.array(item, { maxLength: 4 }),
  people: fc.array(mapping({ name: text, id: fc.constant('ana'), off: fc.constant([['2027-02-15', '2027-02-19']]) }), { maxLength: 2 }),
  rules: fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 3 }),
});

const style = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  indentSeq: fc.boolean(),
  flow: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  comments: fc.array(fc.constantFrom('none', 'before', 'after', 'none', 'none'), { minLength: 64, maxLength: 64 }),
  quote: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
});

type Style = { indent: number; indentSeq: boolean; flow: boolean[]; comments: string[]; quote: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' };

/** Writes `data` as YAML in the given style, with numbered comments: returns the text, every comment, and for each
 * comment written above a key, that key. */
function write(data: unknown, s: Style): { text: string; comments: string[]; above: Map<string, string> } {
  const doc = new Document(data, { aliasDuplicateObjects: false }); // no anchors here (see format.test.ts)
  const comments: string[] = [];
  const above = new Map<string, string>();
  let n = 0;
  // (A comment above the first key of an entry in a list reads as the entry's own: not generated here.)
  const visit = (node: unknown, inFlow: boolean, inSeq = false): void => {
    const k = n++ % 64;
    if (isMap(node) || isSeq(node)) {
      const flow = inFlow || (s.flow[k] && k % 3 === 0);
      if (node.items.length > 0) node.flow = flow; // (yaml writes an empty block collection wrongly)
      if (flow && !inFlow && node.items.length > 0 && s.comments[k] === 'after') {
        node.comment = ` tail ${comments.length}`; // after a flow collection, on its line
        comments.push(`tail ${comments.length}`);
      }
      node.items.forEach((i: unknown, index: number) => {
        if (isPair(i)) {
          const c = s.comments[n++ % 64];
          if (!flow && c === 'before' && i.key && typeof i.key === 'object' && !(inSeq && index === 0)) {
            (i.key as Node).commentBefore = ` note ${comments.length}`;
            above.set(`note ${comments.length}`, String((i.key as { value: unknown }).value));
            comments.push(`note ${comments.length}`);
          }
          visit(i.value, flow);
        } else {
          visit(i, flow, true);
        }
      });
    } else if (node && typeof node === 'object' && !inFlow && s.comments[k] === 'after') {
      (node as Node).comment = ` tail ${comments.length}`;
      comments.push(`tail ${comments.length}`);
    }
  };
  visit(doc.contents, false);
  return { text: doc.toString({ indent: s.indent, indentSeq: s.indentSeq, defaultStringType: s.quote, lineWidth: 0 }), comments, above };
}

describe('fmt properties', () => {
  it('is idempotent, keeps the data and keeps every comment', () => {
    fc.assert(
      fc.property(program, style, (data, s) => {
        const { text, comments, above } = write(data, s);
        const once = formatProgramText(text, 'p.yaml');
        expect(once.diagnostics).toEqual([]);
        const twice = formatProgramText(once.text!, 'p.yaml');
        expect(twice.text, `source:\n${text}\nformatted:\n${once.text}`).toBe(once.text);
        expect(parse(once.text!)).toEqual(parse(text));
        for (const c of comments) expect(once.text).toContain(`# ${c}`);
        // A comment written above a key stays above that key (the next line that is not a comment).
        const lines = once.text!.split('\n');
        for (const [c, key] of above) {
          if (!/^[a-z][a-z_-]*$/.test(key)) continue;
          let k = lines.findIndex((l) => l.trim() === `# ${c}`);
          while (lines[k].trim().startsWith('#') || lines[k].trim() === '') k++;
          expect(lines[k].trim().replace(/^- /, ''), `${c} above ${key} in\n${once.text}`).toMatch(new RegExp(`^${key}:`));
        }
      }),
      { numRuns: 500 },
    );
  });
});
