import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeItem, makeProgram } from '../../model/builders.js';
import type { Decision, Lesson } from '../../model/program.js';
import { decisionViews, filterDecisions, filterLessons, lessonViews, nextId } from './decisions.js';

function decision(id: string, overrides: Partial<Decision> = {}): Decision {
  return { id, title: `Decision ${id}`, options: [], items: [], risks: [], ...overrides };
}

const lesson = (id: string, overrides: Partial<Lesson> = {}): Lesson => ({ id, title: `Lesson ${id}`, items: [], risks: [], ...overrides });

const program = makeProgram({
  items: [makeItem('PAY-2', { title: 'Vault integration' }), makeItem('WEB-3', { title: 'Checkout shell' })],
  risks: [{ id: 'R1', kind: 'risk', title: 'Vendor slips', status: 'open' }],
  decisions: [
    decision('D1', { date: '2026-09-28', status: 'accepted', title: 'Use a vendor vault', items: ['PAY-2'], risks: ['R1'], options: ['vendor', 'in-house'] }),
    decision('D2', { date: '2026-10-20', status: 'accepted', title: 'One-page checkout', items: ['WEB-3'], context: 'Research says so' }),
    decision('D3', { date: '2026-11-10', status: 'accepted', title: 'Second vendor', supersedes: 'D1', items: ['PAY-2'] }),
    decision('D4', { date: '2026-11-20', status: 'proposed', title: 'In-house after all', supersedes: 'D3' }),
  ],
  lessons: [lesson('L1', { date: '2026-11-13', title: 'Legal takes six weeks', change: 'Start at kickoff', items: ['PAY-2'] }), lesson('L2', { risks: ['R1'] })],
});

describe('decisionViews', () => {
  it('links titles and follows a supersession chain to the decision in force', () => {
    const { views, problems } = decisionViews(program);
    expect(problems).toEqual([]);
    const [d1, d2, d3, d4] = views;
    expect(d1.items).toEqual([{ id: 'PAY-2', title: 'Vault integration' }]);
    expect(d1.risks).toEqual([{ id: 'R1', title: 'Vendor slips' }]);
    expect(d1).toMatchObject({ supersededBy: 'D3', current: 'D4', chain: ['D4', 'D3', 'D1'], superseded: true });
    expect(d3).toMatchObject({ supersededBy: 'D4', current: 'D4', superseded: true });
    expect(d4).toMatchObject({ current: 'D4', chain: ['D4', 'D3', 'D1'], superseded: false });
    expect(d4.supersededBy).toBeUndefined();
    expect(d2).toMatchObject({ current: 'D2', chain: ['D2'], superseded: false });
  });

  it('reports a loop, a dangling reference and a decision superseded twice, without hanging', () => {
    const p = makeProgram({
      decisions: [
        decision('A', { supersedes: 'B' }),
        decision('B', { supersedes: 'A' }),
        decision('C', { supersedes: 'Z' }),
        decision('E'),
        decision('F', { supersedes: 'E' }),
        decision('G', { supersedes: 'E' }),
      ],
    });
    const { views, problems } = decisionViews(p);
    expect(problems.map((x) => [x.code, x.ids])).toEqual([
      ['supersedes-unknown', ['C', 'Z']],
      ['superseded-twice', ['F', 'G', 'E']],
      ['supersede-cycle', ['A', 'B']],
    ]);
    expect(problems[2].message).toBe('decisions supersede each other in a loop: A -> B -> A');
    expect(views.find((v) => v.decision.id === 'E')).toMatchObject({ supersededBy: 'F', current: 'F', chain: ['F', 'E'] });
    expect(views.find((v) => v.decision.id === 'G')).toMatchObject({ current: 'G', chain: ['G'] });
  });

  it('property: chains start at their current decision, hold distinct ids and end for any supersedes graph', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }), { minLength: 1, maxLength: 10 }), (targets) => {
        const p = makeProgram({ decisions: targets.map((t, i) => decision(`D${i}`, t === undefined ? {} : { supersedes: `D${t}` })) });
        const { views } = decisionViews(p);
        for (const v of views) {
          expect(v.chain[0]).toBe(v.current);
          expect(new Set(v.chain).size).toBe(v.chain.length);
          if (v.supersededBy === undefined) expect(v.current).toBe(v.decision.id);
          else expect(v.superseded).toBe(true);
        }
      }),
    );
  });
});

describe('filters', () => {
  const { views } = decisionViews(program);
  const ids = (f: Parameters<typeof filterDecisions>[1]) => filterDecisions(views, f).map((v) => v.decision.id);

  it('filter decisions by status, item, risk, date and text', () => {
    expect(ids({})).toEqual(['D1', 'D2', 'D3', 'D4']);
    expect(ids({ status: 'Proposed' })).toEqual(['D4']);
    expect(ids({ item: 'PAY-2' })).toEqual(['D1', 'D3']);
    expect(ids({ risk: 'R1' })).toEqual(['D1']);
    expect(ids({ since: '2026-10-20' })).toEqual(['D2', 'D3', 'D4']);
    expect(ids({ search: 'RESEARCH' })).toEqual(['D2']);
    expect(ids({ search: 'in-house' })).toEqual(['D1', 'D4']);
    expect(ids({ item: 'PAY-2', since: '2026-11-01' })).toEqual(['D3']);
  });

  it('filter lessons the same way (undated ones drop out of --since)', () => {
    const lessons = lessonViews(program);
    expect(lessons[0].items).toEqual([{ id: 'PAY-2', title: 'Vault integration' }]);
    expect(filterLessons(lessons, { risk: 'R1' }).map((l) => l.lesson.id)).toEqual(['L2']);
    expect(filterLessons(lessons, { since: '2026-01-01' }).map((l) => l.lesson.id)).toEqual(['L1']);
    expect(filterLessons(lessons, { search: 'kickoff' }).map((l) => l.lesson.id)).toEqual(['L1']);
  });
});

describe('nextId', () => {
  it('is one more than the largest number in use with the prefix', () => {
    expect(nextId(['D1', 'D4', 'x', 'D2b'], 'D')).toBe('D5');
    expect(nextId([], 'L')).toBe('L1');
    expect(nextId(['L1', 'L02'], 'L')).toBe('L3');
  });
});
