import { describe, expect, it } from 'vitest';
import { est, makeItem, makePerson, makeProgram } from '../../model/builders.js';
import { planScope, scopeProblem } from './scope.js';

const today = '2027-01-04'; // Monday, the programs' start

describe('planScope', () => {
  it('defers the one optional item that makes the date miss', () => {
    // A (must, 5d) Mon 4 - Fri 8 Jan; B (5d) after A: 11 - 15 Jan. Target Fri 8 Jan.
    const program = makeProgram({
      program: { target: '2027-01-08', prioritize: 'value' },
      items: [makeItem('A', { estimate: est(5), must: true }), makeItem('B', { estimate: est(5), after: ['A'], value: 4 })],
    });
    const r = planScope(program, { today, trials: 50 });
    expect(r).toMatchObject({
      deferred: ['B'],
      kept: ['A'],
      valueKept: 0,
      valueTotal: 4,
      date: '2027-01-08',
      confidence: 0.85,
      probabilityBefore: 0,
      probabilityAfter: 1,
      feasible: true,
      dateBefore: '2027-01-15',
      dateAfter: '2027-01-08',
    });
    expect(r.cuts).toEqual([{ id: 'B', with: [], value: 4, daysBought: 5, probabilityGain: 1 }]);
  });

  it('keeps everything when the plan already makes the date', () => {
    const program = makeProgram({
      program: { target: '2027-01-15' },
      items: [makeItem('A', { estimate: est(5), must: true }), makeItem('B', { estimate: est(5), after: ['A'] })],
    });
    const r = planScope(program, { today, trials: 50 });
    expect(r.deferred).toEqual([]);
    expect(r.kept).toEqual(['A', 'B']);
    expect(r.feasible).toBe(true);
    expect(r.evaluations).toBe(1);
  });

  it('never defers an optional item a must-have depends on, and says when the must-haves cannot make it', () => {
    // A (optional, 5d) -> B (must, 5d): A is undeferrable; the must-haves finish Fri 15 Jan, after the 8 Jan target.
    const program = makeProgram({
      program: { target: '2027-01-08' },
      items: [makeItem('A', { estimate: est(5) }), makeItem('B', { estimate: est(5), after: ['A'], must: true })],
    });
    expect(scopeProblem(program).undeferrable).toEqual(['A', 'B']);
    const r = planScope(program, { today, trials: 50 });
    expect(r.feasible).toBe(false);
    expect(r.deferred).toEqual([]);
    expect(r.mustDate).toBe('2027-01-15');
    expect(r.probabilityAfter).toBe(0);
  });

  it('keeps the more valuable of two items competing for one person', () => {
    // M (must, 3d), then X (value 9, 2d) and Y (value 1, 2d), all on person p: 7 days in all, 5 fit by Fri 8 Jan.
    const program = makeProgram({
      program: { target: '2027-01-08', prioritize: 'value' },
      people: [makePerson('p')],
      items: [
        makeItem('M', { estimate: est(3), must: true, owner: 'p' }),
        makeItem('Y', { estimate: est(2), after: ['M'], owner: 'p', value: 1 }),
        makeItem('X', { estimate: est(2), after: ['M'], owner: 'p', value: 9 }),
      ],
    });
    const r = planScope(program, { today, trials: 50 });
    expect(r.deferred).toEqual(['Y']);
    expect(r.kept).toEqual(['M', 'X']);
    expect(r.valueKept).toBe(9);
    expect(r.valueTotal).toBe(10);
    expect(r.feasible).toBe(true);
  });

  it('defers dependents with the item, and --by / --confidence override the program', () => {
    // A (2d) -> B (2d) optional chain beside must M (3d); by Wed 6 Jan (3 days) only M fits.
    const program = makeProgram({
      program: { target: '2027-03-01', prioritize: 'value' },
      items: [
        makeItem('M', { estimate: est(3), must: true }),
        makeItem('A', { estimate: est(4), value: 5 }),
        makeItem('B', { estimate: est(1), after: ['A'], value: 2 }),
      ],
    });
    const r = planScope(program, { today, by: '2027-01-06', confidence: 0.5, trials: 50 });
    expect(r.date).toBe('2027-01-06');
    expect(r.confidence).toBe(0.5);
    expect(r.deferred).toEqual(['A', 'B']);
    expect(r.cuts[0]).toMatchObject({ id: 'A', with: ['B'], value: 7, daysBought: 2 });
  });

  it('when infeasible, defers only what the must-haves\' date needs', () => {
    // M (must, 5d) ends Fri 8 Jan, after the 5 Jan target. Z (2d, parallel) does not delay it; W (3d) after M does.
    const program = makeProgram({
      program: { target: '2027-01-05', prioritize: 'value' },
      items: [
        makeItem('M', { estimate: est(5), must: true }),
        makeItem('Z', { estimate: est(2), value: 3 }),
        makeItem('W', { estimate: est(3), after: ['M'], value: 8 }),
      ],
    });
    const r = planScope(program, { today, trials: 50 });
    expect(r).toMatchObject({ feasible: false, mustDate: '2027-01-08', deferred: ['W'], kept: ['M', 'Z'], valueKept: 3, valueTotal: 11 });
  });

  it('handles a program with no open work', () => {
    const program = makeProgram({ program: { target: '2027-01-08' }, items: [makeItem('A', { status: 'cut' })] });
    const r = planScope(program, { today, trials: 20 });
    expect(r).toMatchObject({ deferred: [], kept: [], valueKept: 0, valueTotal: 0, feasible: true });
  });
});
