import { describe, expect, it } from 'vitest';
import { generatePlan } from '../../../bench/gen-plan.js';
import { parseProgram } from '../../io/yaml/load.js';
import { est, makeItem, makeMilestone, makePerson, makePortfolio, makeProgram, makeTeam } from '../../model/builders.js';
import { prepareWhatIf, whatIf, whatIfOnce } from './whatif.js';

// Mon 2027-01-04 start. a (2d) -> b (3d) -> beta; c (1d, web) -> beta. Objective conv (due Fri 2027-01-08) served by beta.
const base = makeProgram({
  objectives: [
    { id: 'conv', title: 'Conversion', weight: 1, due: '2027-01-08' },
    { id: 'side', title: 'Side', weight: 1, due: '2027-01-29' },
  ],
  people: [makePerson('ann', { team: 'pay' }), makePerson('wes', { team: 'web' })],
  workstreams: [{ id: 'ws-side', title: 'Side work', objectives: ['side'] }],
  items: [
    makeItem('a', { estimate: est(2), owner: 'ann' }),
    makeItem('b', { estimate: est(3), owner: 'ann', after: ['a'] }),
    makeItem('c', { estimate: est(1), owner: 'wes' }),
    makeItem('d', { estimate: est(1), owner: 'wes', after: ['b'], workstream: 'ws-side' }),
  ],
  milestones: [makeMilestone('beta', { after: ['b', 'c'], objectives: ['conv'] })],
});
const today = '2027-01-04';

describe('whatIf', () => {
  it('reports milestone, objective and program deltas and the chain for a slip', () => {
    const r = whatIfOnce({ kind: 'program', program: base }, [{ kind: 'slip', id: 'a', days: 2 }], { today, level: false });
    // beta: Fri 2027-01-08 -> Tue 2027-01-12, +2 working days.
    expect(r.milestones).toEqual([{ id: 'beta', before: '2027-01-08', after: '2027-01-12', deltaDays: 2 }]);
    expect(r.objectives).toEqual([
      { id: 'conv', due: '2027-01-08', before: '2027-01-08', after: '2027-01-12', deltaDays: 2, atRisk: true, wasAtRisk: false },
      { id: 'side', due: '2027-01-29', before: '2027-01-11', after: '2027-01-13', deltaDays: 2, atRisk: false, wasAtRisk: false },
    ]);
    expect(r.program).toEqual({ id: 'test', before: '2027-01-11', after: '2027-01-13', deltaDays: 2 });
    expect(r.chains).toEqual([
      ['a', 'b', 'beta', 'conv'],
      ['a', 'b', 'd', 'side'],
    ]);
    expect(r.chainText[0]).toBe('a +2d -> b -> beta milestone +2d -> objective conv +2d at risk');
    expect(r.chainText[1]).toBe('a +2d -> b -> d +2d -> objective side +2d');
    expect(r.moved).toEqual({ items: ['a', 'b', 'd'], teams: ['pay', 'web'], workstreams: ['ws-side'] });
    expect(r.anomalies).toEqual([]);
  });

  it('names other teams whose moved work feeds the milestone', () => {
    const p = makeProgram({
      people: [makePerson('ann', { team: 'pay' }), makePerson('wes', { team: 'web' })],
      teams: [makeTeam('pay', 1), makeTeam('web', 1)],
      items: [
        makeItem('a', { estimate: est(2), owner: 'ann' }),
        makeItem('b', { estimate: est(3), owner: 'ann', after: ['a'] }),
        makeItem('w', { estimate: est(1), owner: 'wes', after: ['a'] }),
      ],
      milestones: [makeMilestone('rel', { after: ['b', 'w'] })],
    });
    const r = whatIfOnce({ kind: 'program', program: p }, [{ kind: 'slip', id: 'a', days: 1 }], { today, level: false });
    expect(r.chainText).toEqual(['a +1d -> b -> rel milestone +1d; team web also delayed']);
  });

  it('a slip off the critical path inside the slack moves no milestone', () => {
    const r = whatIfOnce({ kind: 'program', program: base }, [{ kind: 'slip', id: 'c', days: 3 }], { today, level: false });
    expect(r.milestones[0].deltaDays).toBe(0);
    expect(r.chains).toEqual([]);
  });

  it('remove and cut pull successors earlier and name the removed item as the chain start', () => {
    const r = whatIfOnce({ kind: 'program', program: base }, [{ kind: 'remove', id: 'a' }], { today, level: false });
    expect(r.milestones[0]).toMatchObject({ after: '2027-01-06', deltaDays: -2 });
    expect(r.chains[0]).toEqual(['a', 'b', 'beta', 'conv']);
    expect(r.chainText[0]).toMatch(/^a removed -> b -> beta milestone -2d/);
    expect(r.anomalies).toEqual([]);
    const cut = whatIfOnce({ kind: 'program', program: base }, [{ kind: 'cut', id: 'b' }], { today, level: false });
    // b cut: beta waits for c only (Mon), d depends on nothing any more.
    expect(cut.milestones[0]).toMatchObject({ after: '2027-01-04', deltaDays: -4 });
  });

  it('capacity changes reschedule the levelled plan', () => {
    const p = makeProgram({
      teams: [makeTeam('be', 1)],
      items: [makeItem('x', { estimate: est(2), needs: { be: 1 } }), makeItem('y', { estimate: est(2), needs: { be: 1 } })],
      milestones: [makeMilestone('m', { after: ['x', 'y'] })],
    });
    const r = whatIfOnce({ kind: 'program', program: p }, [{ kind: 'capacity', resource: 'be', delta: 1 }], { today });
    expect(r.levelled).toEqual({ before: true, after: false });
    expect(r.milestones[0]).toMatchObject({ before: '2027-01-07', after: '2027-01-05', deltaDays: -2 });
    expect(r.anomalies).toEqual([]);
  });

  it('a prepared baseline can be reused: the same changes give the same result as a one-shot call', () => {
    const p = makeProgram({
      people: [makePerson('p')],
      items: [
        makeItem('s', { estimate: est(1), owner: 'p' }),
        makeItem('z', { estimate: est(5), owner: 'p' }),
        makeItem('t', { estimate: est(3), owner: 'p', after: ['s'] }),
      ],
    });
    const once = whatIfOnce({ kind: 'program', program: p }, [{ kind: 'slip', id: 's', days: 1 }], { today, level: true });
    const prepared = prepareWhatIf({ kind: 'program', program: p }, { today, level: true });
    expect(whatIf(prepared, [{ kind: 'slip', id: 'z', days: 2 }]).program.deltaDays).toBe(2);
    expect(whatIf(prepared, [{ kind: 'slip', id: 's', days: 1 }])).toEqual(once);
    // The baseline was not mutated by the copy-on-write changes.
    expect(p.items.map((i) => i.estimate!.likely)).toEqual([1, 5, 3]);
  });

  it('the incremental slip path gives the same answer as recompiling the changed copy', () => {
    const p = makeProgram({
      people: [makePerson('p', { off: [{ from: '2027-01-07', to: '2027-01-07' }] }), makePerson('q')],
      items: [
        makeItem('s', { estimate: est(1.5), owner: 'p' }),
        makeItem('z', { estimate: est(5), owner: 'p' }),
        makeItem('t', { estimate: est(3), owner: 'q', after: ['s'] }),
        makeItem('u', { status: 'doing', started: '2027-01-04', estimate: est(4), owner: 'q' }),
      ],
      milestones: [makeMilestone('m', { after: ['t', 'z'] })],
    });
    for (const level of [false, true]) {
      const prepared = prepareWhatIf({ kind: 'program', program: p }, { today, level });
      const slips = [{ kind: 'slip', id: 's', days: 2 }, { kind: 'slip', id: 'u', days: 1 }] as const;
      const fast = whatIf(prepared, slips);
      // A no-op capacity change forces the recompiling path.
      const slow = whatIf(prepared, [...slips, { kind: 'capacity', resource: 'q', value: 1 }]);
      // Anomaly checks depend on the change set (a capacity change disables 'more-than-slip'), the rest must agree.
      expect({ ...fast, anomalies: [] }).toEqual({ ...slow, anomalies: [] });
      expect(fast.milestones[0].deltaDays).toBeGreaterThan(0);
      if (!level) {
        // s (1.5d, then +2) runs across p's day off on Thursday: t starts 3 working days later, more than the slip.
        expect(fast.anomalies).toEqual([{ id: 't', deltaDays: 3, reason: 'more-than-slip' }]);
      }
    }
  });

  it('reports unknown ids and closed items as diagnostics and applies the rest', () => {
    const done = makeProgram({ ...base, items: [...base.items, makeItem('e', { status: 'done', started: '2027-01-04', finished: '2027-01-04' })] });
    const r = whatIfOnce({ kind: 'program', program: done }, [
      { kind: 'slip', id: 'nope', days: 1 },
      { kind: 'slip', id: 'e', days: 1 },
      { kind: 'capacity', resource: 'nobody', delta: 1 },
      { kind: 'slip', id: 'a', days: 1 },
    ], { today, level: false });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['whatif-unknown-item', 'whatif-slip-closed', 'whatif-unknown-resource']);
    expect(r.milestones[0].deltaDays).toBe(1);
  });

  it('slips a doing item through its remaining work', () => {
    const p = makeProgram({
      items: [makeItem('a', { status: 'doing', started: '2027-01-04', estimate: est(5), remaining: est(2) }), makeItem('b', { after: ['a'] })],
      milestones: [makeMilestone('m', { after: ['b'] })],
    });
    const r = whatIfOnce({ kind: 'program', program: p }, [{ kind: 'slip', id: 'a', days: 3 }], { today: '2027-01-05', level: false });
    expect(r.milestones[0].deltaDays).toBe(3);
  });

  it('works on a portfolio with program-qualified ids and reports each program', () => {
    const p1 = makeProgram({ program: { id: 'p1', name: 'One' }, items: [makeItem('a', { estimate: est(2) })], milestones: [makeMilestone('m', { after: ['a'] })] });
    const p2 = makeProgram({
      program: { id: 'p2', name: 'Two' },
      items: [makeItem('a', { estimate: est(1), after: [{ id: 'a', program: 'p1', lag: 0 }] })],
      milestones: [makeMilestone('m', { after: ['a'] })],
    });
    const r = whatIfOnce({ kind: 'portfolio', portfolio: makePortfolio([p1, p2]) }, [{ kind: 'slip', id: 'p1/a', days: 2 }], { today, level: false });
    expect(r.milestones).toEqual([
      { id: 'm', program: 'p1', before: '2027-01-05', after: '2027-01-07', deltaDays: 2 },
      { id: 'm', program: 'p2', before: '2027-01-06', after: '2027-01-08', deltaDays: 2 },
    ]);
    expect(r.programs?.map((x) => x.deltaDays)).toEqual([2, 2]);
    expect(r.chains).toContainEqual(['p1/a', 'p2/a', 'p2/m']);
  });

  it('forecast before and after when asked, reproducibly', () => {
    const p = makeProgram({ ...base, program: { target: '2027-01-12' } });
    const opts = { today, level: false as const, forecastTrials: 200, forecastSeed: 3 };
    const r = whatIfOnce({ kind: 'program', program: p }, [{ kind: 'slip', id: 'a', days: 5 }], opts);
    expect(r.forecast).toMatchObject({ trials: 200, seed: 3, confidence: 0.85 });
    expect(r.forecast!.after >= r.forecast!.before).toBe(true);
    expect(whatIfOnce({ kind: 'program', program: p }, [{ kind: 'slip', id: 'a', days: 5 }], opts).forecast).toEqual(r.forecast);
  });

  it('handles a generated 1,000-item plan (speed is measured in the report, not asserted)', () => {
    const program = parseProgram(generatePlan({ items: 1000, seed: 1, resources: true }), 'gen.vantage.yaml').program!;
    const prepared = prepareWhatIf({ kind: 'program', program }, { today: program.program.start });
    const id = program.items[0].id;
    const r = whatIf(prepared, [{ kind: 'slip', id, days: 10 }]);
    expect(r.program.deltaDays).toBeGreaterThanOrEqual(-1000);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
