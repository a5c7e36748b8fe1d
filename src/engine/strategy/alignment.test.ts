import { describe, expect, it } from 'vitest';
import { est, makeItem, makeProgram } from '../../model/builders.js';
import type { Objective } from '../../model/program.js';
import { alignmentReport } from './alignment.js';

const metric = { name: 'm' };
const obj = (id: string, weight: number, extra: Partial<Objective> = {}): Objective => ({ id, title: `Objective ${id}`, weight, metric, ...extra });

describe('alignmentReport', () => {
  it('splits an item serving two objectives equally (the documented example)', () => {
    const program = makeProgram({
      objectives: [obj('a', 1), obj('b', 3)],
      items: [makeItem('x', { estimate: est(4), objectives: ['a'] }), makeItem('y', { estimate: est(4), objectives: ['a', 'b'] })],
    });
    const r = alignmentReport(program);
    expect(r.objectives.map((o) => [o.id, o.effort, o.effortShare, o.weightShare, o.mismatch])).toEqual([
      ['a', 6, 0.75, 0.25, 'over'],
      ['b', 2, 0.25, 0.75, 'under'],
    ]);
    expect(r.mismatches.map((m) => m.message)).toEqual([
      '75% of effort serves a, an objective weighted 25%: more than its weight warrants',
      '25% of effort serves b, an objective weighted 75%: less than its weight warrants',
    ]);
  });

  it('rolls effort up the objective tree, shares weight down it, and lists gaps', () => {
    const program = makeProgram({
      objectives: [
        obj('g', 1, { metric: undefined }),
        obj('c1', 3, { parent: 'g' }),
        obj('c2', 1, { parent: 'g' }),
        obj('r', 1),
        obj('old', 1),
        obj('lonely', 1, { metric: undefined }),
      ],
      workstreams: [{ id: 'ws', title: 'WS', objectives: ['r'] }],
      items: [
        makeItem('i1', { estimate: est(6), objectives: ['c1'] }),
        makeItem('i2', { estimate: est(2), objectives: ['c2'] }),
        makeItem('i3', { estimate: est(2), workstream: 'ws' }),
        makeItem('i4', { estimate: est(5) }),
        makeItem('i5', { estimate: est(9), status: 'done', objectives: ['old'] }),
        makeItem('i6', { estimate: est(9), status: 'cut', objectives: ['lonely'] }),
      ],
    });
    const r = alignmentReport(program);
    expect([r.totalEffort, r.alignedEffort, r.unalignedEffort]).toEqual([15, 10, 5]);
    expect(r.unalignedItems).toEqual(['i4']);
    const rows = Object.fromEntries(r.objectives.map((o) => [o.id, [o.effort, o.effortShare, o.weightShare, o.mismatch]]));
    // roots g, r, old, lonely: 1/4 each; c1 = 3/4 of g, c2 = 1/4 of g
    expect(rows).toEqual({
      g: [8, 0.8, 0.25, 'over'],
      c1: [6, 0.6, 0.1875, 'over'],
      c2: [2, 0.2, 0.0625, 'over'],
      r: [2, 0.2, 0.25, null],
      old: [0, 0, 0.25, null],
      lonely: [0, 0, 0.25, null],
    });
    expect(r.objectives.find((o) => o.id === 'r')?.items).toEqual(['i3']);
    expect(r.noWork).toEqual(['lonely']);
    expect(r.noOpenWork).toEqual(['old']);
    expect(r.noMetric).toEqual(['g', 'lonely']);
    expect(r.mismatches.map((m) => m.id)).toEqual(['g', 'c1', 'c2']);
  });

  it('does not flag a small gap even at a large ratio', () => {
    // a: 3% effort vs 1% weight... built as 1 day of 33 against weight 1 of 100
    const program = makeProgram({
      objectives: [obj('a', 1), obj('b', 99)],
      items: [makeItem('x', { estimate: est(1), objectives: ['a'] }), makeItem('y', { estimate: est(32), objectives: ['b'] })],
    });
    expect(alignmentReport(program).mismatches).toEqual([]);
  });

  it('handles a program without objectives or work', () => {
    const r = alignmentReport(makeProgram());
    expect(r).toMatchObject({ totalEffort: 0, alignedEffort: 0, unalignedItems: [], objectives: [], mismatches: [] });
  });
});
