import { describe, expect, it } from 'vitest';
import { est, est3, makeItem, makeProgram } from '../../model/builders.js';
import { estimateMean, itemObjectives, jobSizes, MIN_JOB_SIZE_DAYS, prioritize } from './priorities.js';

const today = '2027-01-04';
const ranks = (r: ReturnType<typeof prioritize>): [string, number, number][] => r.items.map((i) => [i.id, i.rank, Math.round(i.score * 1000) / 1000]);

describe('estimateMean and jobSizes', () => {
  it('uses each distribution mean, remaining for doing items, a floor, and the median for unestimated items', () => {
    expect(estimateMean(est(4))).toBe(4);
    expect(estimateMean(est3(2, 5, 14))).toBe(6); // (2 + 20 + 14) / 6
    expect(estimateMean(est3(1, 2, 6, 'triangular'))).toBe(3);
    // lognormal with P5 = 2 and P95 = 8: median 4, mean 4 * exp(sigma^2 / 2), sigma = ln 4 / (2 * 1.6449) = 0.4214.
    expect(estimateMean(est3(2, 4, 8, 'lognormal'))).toBeCloseTo(4.3714, 3);
    const program = makeProgram({
      items: [
        makeItem('a', { estimate: est(3) }),
        makeItem('z', { estimate: est(0) }),
        makeItem('d', { status: 'doing', estimate: est(10), remaining: est(2) }),
        makeItem('n', { estimate: undefined }),
        makeItem('x', { status: 'done', estimate: est(50) }),
      ],
    });
    const { sizes, unestimated } = jobSizes(program);
    // known open sizes 3, 0.1, 2 -> median 2
    expect([...sizes]).toEqual([['a', 3], ['z', MIN_JOB_SIZE_DAYS], ['d', 2], ['n', 2]]);
    expect([...unestimated]).toEqual(['n']);
  });

  it('itemObjectives adds the workstream objectives after the item own, without duplicates', () => {
    const program = makeProgram({ workstreams: [{ id: 'w', title: 'W', objectives: ['o2', 'o1'] }] });
    expect(itemObjectives(program, makeItem('a', { workstream: 'w', objectives: ['o1', 'o3'] }))).toEqual(['o1', 'o3', 'o2']);
    expect(itemObjectives(program, makeItem('b'))).toEqual([]);
  });
});

describe('prioritize', () => {
  const wsjf = makeProgram({
    items: [
      makeItem('a', { estimate: est(3), value: 8, timeCriticality: 2, riskReduction: 2 }), // 12 / 3 = 4
      makeItem('b', { estimate: est(1), value: 6, timeCriticality: 0, riskReduction: 0 }), // 6 / 1 = 6
      makeItem('c', { estimate: est3(2, 5, 14), value: 6, timeCriticality: 6, riskReduction: 6 }), // 18 / 6 = 3, critical
      makeItem('d', { status: 'done', value: 10 }),
      makeItem('e', { status: 'cut', value: 10 }),
      makeItem('f', { status: 'doing', estimate: est(10), remaining: est(2), value: 1, timeCriticality: 1, riskReduction: 2 }), // 4 / 2 = 2
      makeItem('g', { estimate: undefined, value: 3, timeCriticality: 3, riskReduction: 2 }), // 8 / median(3, 1, 6, 2, 1) = 8 / 2 = 4, ties with a (less slack)
      makeItem('aa', { estimate: est(1) }), // defaults 1 + 1 + 1 = 3, ties with c but not critical
    ],
  });

  it('ranks open items by WSJF with documented defaults; ties go to the critical item, then less slack', () => {
    const r = prioritize(wsjf, { today });
    expect(r.method).toBe('wsjf');
    expect(ranks(r)).toEqual([['b', 1, 6], ['a', 2, 4], ['g', 3, 4], ['c', 4, 3], ['aa', 5, 3], ['f', 6, 2]]);
    expect(r.items.find((i) => i.id === 'c')?.critical).toBe(true);
    expect(r.missing).toEqual([
      { id: 'g', fields: ['estimate'] },
      { id: 'aa', fields: ['value', 'time_criticality', 'risk_reduction'] },
    ]);
  });

  it('breaks remaining ties by less slack, then id', () => {
    const program = makeProgram({
      items: [
        makeItem('q', { estimate: est(1), value: 1, timeCriticality: 0, riskReduction: 0 }), // slack 3
        makeItem('s', { estimate: est(2), after: ['r'], value: 2, timeCriticality: 0, riskReduction: 0 }), // slack 1
        makeItem('r', { estimate: est(1), value: 1, timeCriticality: 0, riskReduction: 0 }), // slack 1
        makeItem('p', { estimate: est(4), value: 4, timeCriticality: 0, riskReduction: 0 }), // critical
      ],
    });
    const r = prioritize(program, { today });
    expect(r.items.map((i) => [i.id, i.score, i.critical, i.slack])).toEqual([
      ['p', 1, true, 0],
      ['r', 1, false, 1],
      ['s', 1, false, 1],
      ['q', 1, false, 3],
    ]);
    expect(r.items.map((i) => [i.id, i.waitsOn])).toEqual([['p', []], ['r', []], ['s', ['r']], ['q', []]]);
    // a finished predecessor is not waited on
    const done = makeProgram({ items: [makeItem('r', { status: 'done' }), makeItem('s', { after: ['r'] })] });
    expect(prioritize(done, { today }).items[0].waitsOn).toEqual([]);
  });

  it('RICE and value methods, from the program or overridden', () => {
    const items = [
      makeItem('x', { estimate: est(4), reach: 100, impact: 2, confidence: 0.5, value: 5 }), // 100 / 4 = 25
      makeItem('y', { estimate: est(1), reach: 50, impact: 1, confidence: 1, value: 8 }), // 50
      makeItem('z', { estimate: est(1) }), // reach 0 -> 0
    ];
    const rice = prioritize(makeProgram({ program: { prioritize: 'rice' }, items }), { today });
    expect(rice.method).toBe('rice');
    expect(ranks(rice)).toEqual([['y', 1, 50], ['x', 2, 25], ['z', 3, 0]]);
    expect(rice.missing).toEqual([{ id: 'z', fields: ['reach', 'impact', 'confidence'] }]);
    const value = prioritize(makeProgram({ program: { prioritize: 'rice' }, items }), { today, method: 'value' });
    expect(ranks(value)).toEqual([['y', 1, 8], ['x', 2, 5], ['z', 3, 1]]);
    expect(value.missing).toEqual([{ id: 'z', fields: ['value'] }]);
  });

  it('an empty program or one with only finished work ranks nothing', () => {
    expect(prioritize(makeProgram(), { today }).items).toEqual([]);
    expect(prioritize(makeProgram({ items: [makeItem('d', { status: 'done' })] }), { today }).items).toEqual([]);
  });
});
