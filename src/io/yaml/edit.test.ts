import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appendEntry, EditError, removeEntry, replaceEntry, setEntryField } from './edit.js';

const FLOW = `# Program
vantage: 1
decisions:
  - {id: D1, date: 2026-12-01, title: Use a vendor card vault, status: accepted}   # agreed at kickoff
  # D2 pending legal
lessons: []   # none yet
stakeholders:
  - id: exec
    name: VP Commerce
    cadence: weekly
    last_update: 2027-01-08   # sent by email
  - {id: cto, name: CTO}
`;

/** The lines of `after` that are not in `before`, in order (a line-level diff for insert-only edits). */
function addedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return b.slice(i, b.length - j);
}

describe('appendEntry', () => {
  it('adds a flow entry after the last one, keeping every other byte', () => {
    const out = appendEntry(FLOW, 'decisions', { id: 'D2', date: '2026-12-05', title: 'Defer wallets: not now', items: ['PAY-1', 'UI-3'], owner: undefined });
    expect(addedLines(FLOW, out)).toEqual(['  - {id: D2, date: 2026-12-05, title: "Defer wallets: not now", items: [PAY-1, UI-3]}']);
    expect(parse(out).decisions[1]).toEqual({ id: 'D2', date: '2026-12-05', title: 'Defer wallets: not now', items: ['PAY-1', 'UI-3'] });
    expect(out).toContain('# agreed at kickoff\n  - {id: D2');
  });

  it('turns an empty list into a block list and keeps its comment', () => {
    const out = appendEntry(FLOW, 'lessons', { id: 'L1', title: 'Legal reviews take 3 weeks' });
    expect(out).toContain('lessons:   # none yet\n  - {id: L1, title: Legal reviews take 3 weeks}\nstakeholders:');
    expect(parse(out).lessons).toEqual([{ id: 'L1', title: 'Legal reviews take 3 weeks' }]);
  });

  it('adds a missing section at the end', () => {
    const out = appendEntry('vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}', 'risks', { id: 'R1', title: 'x' });
    expect(parse(out).risks).toEqual([{ id: 'R1', title: 'x' }]);
    expect(out.startsWith('vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}\n')).toBe(true);
  });

  it('writes block entries in block lists, at their indentation', () => {
    const text = 'risks:\n    - id: R1\n      title: a\nx: 1\n';
    const out = appendEntry(text, 'risks', { id: 'R2', title: 'b c', probability: 0.3 });
    expect(out).toBe('risks:\n    - id: R1\n      title: a\n    - id: R2\n      title: b c\n      probability: 0.3\nx: 1\n');
  });

  it('appends inside a non-empty flow list', () => {
    expect(appendEntry('lessons: [{id: L1, title: a}]\n', 'lessons', { id: 'L2', title: 'b' })).toBe('lessons: [{id: L1, title: a}, {id: L2, title: b}]\n');
  });

  it('refuses a section that is not a list and a file that does not parse', () => {
    expect(() => appendEntry('risks: {a: 1}\n', 'risks', { id: 'R1' })).toThrow(EditError);
    expect(() => appendEntry('risks: [\n', 'risks', { id: 'R1' })).toThrow(/does not parse at line/);
  });
});

describe('setEntryField on block values', () => {
  const BLOCK = 'items:\n  - id: A\n    tags:\n      - x\n      - y\n  - id: B\n    title: b\nz: 1\n';

  it('replaces a block list with a flow list on the key line, leaving the next entry intact', () => {
    expect(setEntryField(BLOCK, 'items', 'A', 'tags', ['p', 'q'])).toBe('items:\n  - id: A\n    tags: [p, q]\n  - id: B\n    title: b\nz: 1\n');
  });

  it('adds a key after an entry that ends in a block list', () => {
    const out = setEntryField(BLOCK, 'items', 'A', 'status', 'done');
    expect(parse(out)).toEqual({ items: [{ id: 'A', tags: ['x', 'y'], status: 'done' }, { id: 'B', title: 'b' }], z: 1 });
  });
});

describe('setEntryField', () => {
  it('replaces a value in a block entry, keeping its comment', () => {
    const out = setEntryField(FLOW, 'stakeholders', 'exec', 'last_update', '2027-01-15');
    expect(out).toBe(FLOW.replace('last_update: 2027-01-08   # sent', 'last_update: 2027-01-15   # sent'));
  });

  it('adds a missing key to a flow entry and to a block entry', () => {
    const flow = setEntryField(FLOW, 'stakeholders', 'cto', 'last_update', '2027-01-15');
    expect(flow).toBe(FLOW.replace('{id: cto, name: CTO}', '{id: cto, name: CTO, last_update: 2027-01-15}'));
    const block = setEntryField(FLOW, 'stakeholders', 'exec', 'channel', 'email');
    expect(parse(block).stakeholders[0]).toEqual({ id: 'exec', name: 'VP Commerce', cadence: 'weekly', last_update: '2027-01-08', channel: 'email' });
    expect(addedLines(FLOW, block)).toEqual(['    channel: email']);
  });

  it('replaces a value in a flow entry', () => {
    const out = setEntryField(FLOW, 'decisions', 'D1', 'status', 'superseded');
    expect(out).toBe(FLOW.replace('status: accepted}', 'status: superseded}'));
  });

  it('fails clearly for an unknown id or section', () => {
    expect(() => setEntryField(FLOW, 'stakeholders', 'cfo', 'last_update', 'x')).toThrow(/no entry with id 'cfo'/);
    expect(() => setEntryField(FLOW, 'people', 'x', 'a', 1)).toThrow(/no 'people' list/);
  });
});

const MIXED = `vantage: 1
risks:   # the log
  - id: R1
    title: a   # c1
    probability: 0.3
  # about R2
  - {id: R2, title: b}   # flow
  - id: R3
    title: c
lessons: [{id: L1, title: x}, {id: L2, title: y}]
x: 1
`;

describe('replaceEntry', () => {
  it('rewrites a flow entry in place, keeping the comment after it', () => {
    const out = replaceEntry(MIXED, 'risks', 'R2', { id: 'R2', title: 'b: new', probability: 0.5, owner: undefined });
    expect(out).toBe(MIXED.replace('{id: R2, title: b}   # flow', '{id: R2, title: "b: new", probability: 0.5}   # flow'));
  });

  it('rewrites a block entry as a block at its indentation, and nothing else', () => {
    const out = replaceEntry(MIXED, 'risks', 'R1', { id: 'R1', title: 'a2', impact: { days: 3, items: ['X-1'] } });
    expect(out).toBe(MIXED.replace('  - id: R1\n    title: a   # c1\n    probability: 0.3\n', '  - id: R1\n    title: a2\n    impact: {days: 3, items: [X-1]}\n'));
  });

  it('replaces an element of a flow list', () => {
    expect(replaceEntry(MIXED, 'lessons', 'L2', { id: 'L2', title: 'z' })).toBe(MIXED.replace('{id: L2, title: y}', '{id: L2, title: z}'));
  });

  it('fails clearly for an unknown id or section', () => {
    expect(() => replaceEntry(MIXED, 'risks', 'R9', { id: 'R9' })).toThrow(/no entry with id 'R9' in 'risks'/);
    expect(() => replaceEntry(MIXED, 'items', 'R1', { id: 'R1' })).toThrow(EditError);
  });
});

describe('removeEntry', () => {
  it('removes a block entry with its lines, keeping the comment above the next one', () => {
    expect(removeEntry(MIXED, 'risks', 'R1')).toBe(MIXED.replace('  - id: R1\n    title: a   # c1\n    probability: 0.3\n', ''));
  });

  it('removes a flow entry of a block list and the last entry of a list', () => {
    expect(removeEntry(MIXED, 'risks', 'R2')).toBe(MIXED.replace('  - {id: R2, title: b}   # flow\n', ''));
    expect(removeEntry(MIXED, 'risks', 'R3')).toBe(MIXED.replace('  - id: R3\n    title: c\n', ''));
  });

  it('removes an element of a flow list with one comma', () => {
    expect(removeEntry(MIXED, 'lessons', 'L1')).toBe(MIXED.replace('{id: L1, title: x}, ', ''));
    expect(removeEntry(MIXED, 'lessons', 'L2')).toBe(MIXED.replace(', {id: L2, title: y}', ''));
  });

  it('leaves an emptied list as [] (keeping the comment after its key)', () => {
    const out = removeEntry(removeEntry(removeEntry(MIXED, 'risks', 'R1'), 'risks', 'R2'), 'risks', 'R3');
    expect(out.startsWith('vantage: 1\nrisks: []   # the log\n')).toBe(true);
    expect(parse(out).risks).toEqual([]);
    expect(parse(removeEntry(removeEntry(MIXED, 'lessons', 'L1'), 'lessons', 'L2')).lessons).toEqual([]);
  });

  it('fails clearly for an unknown id', () => {
    expect(() => removeEntry(MIXED, 'lessons', 'L9')).toThrow(/no entry with id 'L9' in 'lessons'/);
  });
});
