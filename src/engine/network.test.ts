import { describe, expect, it } from 'vitest';
import { chooseSlotsPerDay, compilePortfolio, compileProgram, instanceOf, NODE_DOING, NODE_DONE, NODE_MILESTONE, NODE_OPEN } from './network.js';
import { dep, est, est3, makeItem, makeMilestone, makePerson, makePortfolio, makeProgram, makeTeam } from '../model/builders.js';

describe('compileProgram', () => {
  const program = makeProgram({
    people: [makePerson('bo', { off: [{ from: '2027-01-05', to: '2027-01-05' }] })],
    teams: [makeTeam('backend', 2)],
    items: [
      makeItem('a', { estimate: est3(1, 2, 6, 'triangular'), owner: 'bo' }),
      makeItem('b', { estimate: est(3), needs: { backend: 1.5 }, after: [dep('a', 1)] }),
      makeItem('c', { estimate: est(1), status: 'done', started: '2027-01-04', finished: '2027-01-04', owner: 'bo' }),
      makeItem('d', { estimate: est(4), remaining: est3(1, 2, 3), status: 'doing', started: '2027-01-05', after: ['b'] }),
      makeItem('x', { status: 'cut' }),
    ],
    milestones: [makeMilestone('m', { after: ['b', 'd'] })],
  });
  const net = compileProgram(program, { today: '2027-01-06' });

  it('indexes items (cut ones left out), then milestones, with CSR edges and a topological order', () => {
    expect(net.ids).toEqual(['a', 'b', 'c', 'd', 'm']);
    expect([net.n, net.nItems]).toEqual([5, 4]);
    expect(Array.from(net.status)).toEqual([NODE_OPEN, NODE_OPEN, NODE_DONE, NODE_DOING, NODE_MILESTONE]);
    expect(Array.from(net.predStart)).toEqual([0, 0, 1, 1, 2, 4]);
    expect(Array.from(net.predIdx)).toEqual([0, 1, 1, 3]);
    expect(Array.from(net.predLag)).toEqual([1, 0, 0, 0]);
    expect(Array.from(net.succStart)).toEqual([0, 1, 3, 3, 4, 4]);
    expect(Array.from(net.succIdx)).toEqual([1, 3, 4, 4]);
    const pos = new Map(Array.from(net.topo).map((j, k) => [j, k]));
    for (let j = 0; j < net.n; j++) for (let e = net.predStart[j]; e < net.predStart[j + 1]; e++) expect(pos.get(net.predIdx[e])!).toBeLessThan(pos.get(j)!);
    expect(net.index.get('m')).toBe(4);
  });

  it('keeps durations, estimates for sampling, releases and actual dates', () => {
    // Today Wednesday the 6th is offset 2.
    expect(net.todayOffset).toBe(2);
    expect(Array.from(net.duration)).toEqual([2, 3, 1, 2, 0]);
    expect(Array.from(net.release)).toEqual([2, 2, 2, 2, 0]);
    expect([net.fixedStart[2], net.fixedFinish[2], net.fixedStart[3]]).toEqual([0, 1, 1]);
    expect([net.estLow[0], net.estLikely[0], net.estHigh[0]]).toEqual([1, 2, 6]);
    expect([net.estLow[3], net.estHigh[3]]).toEqual([1, 3]); // the remaining estimate of the doing item
  });

  it('lists resource demands (none for done items) and pauses for days off', () => {
    expect(net.resources).toEqual([
      { id: 'bo', kind: 'person', capacity: 1 },
      { id: 'backend', kind: 'team', capacity: 2 },
    ]);
    expect(Array.from(net.demStart)).toEqual([0, 1, 2, 2, 2, 2]);
    expect(Array.from(net.demRes)).toEqual([0, 1]);
    expect(Array.from(net.demUnits)).toEqual([1, 1.5]);
    expect(Array.from(net.pauses[0] ?? [])).toEqual([1, 2]);
    expect(net.pauses[1]).toBeNull();
  });

  it('breaks a dependency cycle with an error instead of looping', () => {
    const cyclic = compileProgram(
      makeProgram({ items: [makeItem('a', { after: ['c'] }), makeItem('b', { after: ['a'] }), makeItem('c', { after: ['b'] }), makeItem('d', { after: ['c'] })] }),
      { today: '2027-01-04' },
    );
    expect(cyclic.topo.length).toBe(4);
    expect(cyclic.warnings.map((w) => [w.code, w.severity])).toEqual([['dependency-cycle', 'error']]);
    expect(cyclic.warnings[0].message).toContain('a, b, c');
    expect(Array.from(cyclic.predIdx)).toEqual([2]); // only d after c survives
  });

  it('caps warnings of one kind', () => {
    const items = Array.from({ length: 30 }, (_, i) => makeItem(`i${i}`, { estimate: undefined }));
    const w = compileProgram(makeProgram({ items }), { today: '2027-01-04' }).warnings;
    expect(w.length).toBe(21);
    expect(w[20].message).toBe('... and 10 more like this');
  });
});

describe('compilePortfolio', () => {
  it('shares people by id across programs and resolves <program>/<item> references', () => {
    const a = makeProgram({ program: { id: 'A' }, people: [makePerson('ana')], items: [makeItem('x', { owner: 'ana' })] });
    const b = makeProgram({
      program: { id: 'B' },
      people: [makePerson('ana', { capacity: 0.5 })],
      items: [makeItem('x', { owner: 'ana', needs: { ana: 0.5 }, after: [dep('x', 0, 'A')] })],
    });
    const net = compilePortfolio(makePortfolio([a, b]), { today: '2027-01-04' });
    expect(net.keys).toEqual(['A/x', 'B/x']);
    expect(net.resources).toEqual([{ id: 'ana', kind: 'person', capacity: 1 }]);
    expect(Array.from(net.demRes)).toEqual([0, 0]);
    expect(Array.from(net.predIdx)).toEqual([0]);
    expect(net.warnings.map((w) => w.code)).toEqual(['resource-capacity-differs']);
  });
});

describe('instanceOf', () => {
  it('chooses the coarsest exact slot grid', () => {
    const whole = compileProgram(makeProgram({ items: [makeItem('a', { estimate: est(2) })] }), { today: '2027-01-04' });
    expect(chooseSlotsPerDay(whole)).toEqual({ slotsPerDay: 1, exact: true });
    const half = compileProgram(makeProgram({ items: [makeItem('a', { estimate: est(0.5) }), makeItem('b', { after: [dep('a', 0.25)] })] }), { today: '2027-01-04' });
    expect(chooseSlotsPerDay(half)).toEqual({ slotsPerDay: 4, exact: true });
    const odd = compileProgram(makeProgram({ items: [makeItem('a', { estimate: est(0.3) })] }), { today: '2027-01-04' });
    expect(chooseSlotsPerDay(odd)).toEqual({ slotsPerDay: 8, exact: false });
  });

  it('scales to slots, pins work in progress and drops edges into fixed nodes', () => {
    const net = compileProgram(
      makeProgram({
        people: [makePerson('bo', { off: [{ from: '2027-01-06', to: '2027-01-06' }] })],
        items: [
          makeItem('a', { estimate: est(1.5), owner: 'bo' }),
          makeItem('b', { estimate: est(2), remaining: est(0.5), status: 'doing', started: '2027-01-04', after: ['a'] }),
          makeItem('c', { estimate: est(1), status: 'done', started: '2027-01-04', finished: '2027-01-05' }),
          makeItem('d', { estimate: est(0), after: [dep('a', 1)] }),
        ],
      }),
      { today: '2027-01-05' },
    );
    const inst = instanceOf(net, 2);
    expect(Array.from(inst.duration)).toEqual([3, 1, 4, 0]);
    expect(Array.from(inst.release)).toEqual([2, 2, 0, 2]);
    expect(Array.from(inst.fixedStart!)).toEqual([-1, 2, 0, -1]);
    expect(Array.from(inst.predIdx)).toEqual([0]); // b's edge from a is inactive: b is in progress
    expect(Array.from(inst.predLag)).toEqual([2]);
    expect(Array.from(inst.pauses![0]!)).toEqual([4, 6]);
    expect(Array.from(inst.demUnits)).toEqual([1]);
  });
});
