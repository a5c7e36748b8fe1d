import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { appendEntry, setEntryField } from './edit.js';

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
});
