import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { appendEntry, removeEntry, replaceEntry, setEntryField } from './edit.js';

const BASE = `vantage: 1   # top
decisions:
  - {id: D1, title: "first: one"}   # kept
lessons:
  - id: L1
    title: block one
stakeholders: []
`;

const text = fc.string({ minLength: 1, maxLength: 30 });
const entry = fc.record({ id: fc.stringMatching(/^[A-Z][A-Z0-9-]{0,6}$/), title: text, items: fc.array(fc.stringMatching(/^[A-Z]{2,4}-\d{1,3}$/), { maxLength: 3 }), probability: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('edit properties', () => {
  it('appending any entry to any section parses back to the old list plus exactly that entry, other lines intact', () => {
    fc.assert(
      fc.property(fc.constantFrom('decisions', 'lessons', 'stakeholders', 'risks'), entry, (section, e) => {
        const out = appendEntry(BASE, section, e);
        const before = (parse(BASE) as Record<string, unknown[] | undefined>)[section] ?? [];
        const after = (parse(out) as Record<string, unknown[]>)[section];
        expect(after).toEqual([...before, e]);
        for (const line of BASE.split('\n').filter((l) => l !== 'stakeholders: []')) expect(out.split('\n')).toContain(line);
      }),
      { numRuns: 300 },
    );
  });

  it('setting any string field changes only that field', () => {
    fc.assert(
      fc.property(text, (value) => {
        const out = setEntryField(BASE, 'lessons', 'L1', 'title', value);
        const doc = parse(out) as { lessons: { title: string }[]; decisions: unknown[] };
        expect(doc.lessons[0]!.title).toBe(value);
        expect(doc.decisions).toEqual(parse(BASE).decisions);
      }),
      { numRuns: 300 },
    );
  });

  it('replacing any entry of any list changes that entry only; removing it drops exactly it', () => {
    const many = `${BASE}risks:\n  - id: R1\n    title: block   # c\n  - {id: R2, title: flow}\n  - id: R3\n    title: last\n`;
    fc.assert(
      fc.property(fc.constantFrom(['decisions', 'D1'], ['lessons', 'L1'], ['risks', 'R1'], ['risks', 'R2'], ['risks', 'R3']), entry, ([section, id], e) => {
        const before = parse(many) as Record<string, { id: string }[]>;
        const replaced = parse(replaceEntry(many, section, id, { ...e, id })) as Record<string, unknown[]>;
        expect(replaced[section]).toEqual(before[section]!.map((x) => (x.id === id ? { ...e, id } : x)));
        for (const other of Object.keys(before).filter((k) => k !== section)) expect(replaced[other]).toEqual(before[other]);
        const removed = parse(removeEntry(many, section, id)) as Record<string, unknown[]>;
        expect(removed[section]).toEqual(before[section]!.filter((x) => x.id !== id));
        for (const other of Object.keys(before).filter((k) => k !== section)) expect(removed[other]).toEqual(before[other]);
      }),
      { numRuns: 300 },
    );
  });

  it('editing a window of a long list gives the same text as editing the whole file', () => {
    // A tab (in a comment) sends the edit down the whole-file path: the fast parser does not take tabs.
    const fast = `${BASE}risks:\n  - id: R1\n    title: block   # c\n  - {id: R2, title: flow}\n  # before R3\n  - id: R3\n    title: last\n# tail\nx: 1\n`;
    const same = (a: string, b: string) => expect(a).toBe(b.replace('#\ttail', '# tail'));
    // The same list with a flow entry first: appending follows the style of the list's first entry.
    const flowFirst = fast.replace('  - id: R1\n    title: block   # c\n', '  - {id: R1, title: block}   # c\n');
    fc.assert(
      fc.property(fc.constantFrom('R1', 'R2', 'R3'), fc.boolean(), entry, (id, flowFirstList, e) => {
        const a = flowFirstList ? flowFirst : fast;
        const b = a.replace('# tail', '#\ttail');
        same(replaceEntry(a, 'risks', id, { ...e, id }), replaceEntry(b, 'risks', id, { ...e, id }));
        same(removeEntry(a, 'risks', id), removeEntry(b, 'risks', id));
        same(appendEntry(a, 'risks', e), appendEntry(b, 'risks', e));
        // The list last in a file without a final newline.
        const end = a.replace('# tail\nx: 1\n', '').trimEnd();
        expect(appendEntry(end, 'risks', e)).toBe(appendEntry(`${end}\n#\t`, 'risks', e).replace(/#\t$/, ''));
      }),
      { numRuns: 200 },
    );
  });
});
