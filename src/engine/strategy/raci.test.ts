import { describe, expect, it } from 'vitest';
import { est, makeItem, makeProgram, type ProgramOverrides } from '../../model/builders.js';
import type { Program, Stakeholder, Workstream } from '../../model/program.js';
import { itemRaci, raciReport, type RaciCheck, type RaciOptions } from './raci.js';

const ws = (id: string, overrides: Partial<Workstream> = {}): Workstream => ({
  id,
  title: `Workstream ${id}`,
  lead: `${id}-lead`,
  objectives: [`${id}-goal`],
  raci: { r: [`${id}-lead`, `${id}-dev`], a: `${id}-lead`, i: ['sh'] },
  ...overrides,
});
const sh: Stakeholder = { id: 'sh', name: 'Stakeholder', caresAbout: ['w1-goal'] };

/** Three balanced, clean workstreams (each A of a third of the effort), one item each, a TPM and an informed stakeholder. */
function base(overrides: ProgramOverrides = {}): Program {
  return makeProgram({
    program: { tpm: 'tp' },
    objectives: [
      { id: 'top', title: 'Top', weight: 1 },
      { id: 'w1-goal', title: 'W1', weight: 1, parent: 'top' },
    ],
    workstreams: [ws('w1'), ws('w2'), ws('w3')],
    items: [
      makeItem('i1', { workstream: 'w1', owner: 'w1-dev', estimate: est(2) }),
      makeItem('i2', { workstream: 'w2', owner: 'w2-dev', estimate: est(2) }),
      makeItem('i3', { workstream: 'w3', owner: 'w3-dev', estimate: est(2) }),
    ],
    stakeholders: [sh],
    ...overrides,
  });
}

const checks = (program: Program, options?: RaciOptions): [RaciCheck, string][] =>
  raciReport(program, options).findings.map((f) => [f.check, f.subject]);

describe('itemRaci', () => {
  it('overrides the workstream role by role, and takes the owner as R only when no R results', () => {
    const p = base();
    const w = p.workstreams[0];
    expect(itemRaci(p, makeItem('x', { workstream: 'w1', raci: { a: 'boss' } }))).toEqual({
      raci: { r: ['w1-lead', 'w1-dev'], a: 'boss', c: [], i: ['sh'] },
      overridden: true,
    });
    expect(itemRaci(p, makeItem('y', { workstream: 'w1', owner: 'o' })).raci).toEqual({ r: w.raci?.r, a: 'w1-lead', c: [], i: ['sh'] });
    expect(itemRaci(p, makeItem('z', { owner: 'o' }))).toEqual({ raci: { r: ['o'], c: [], i: [] }, overridden: true });
  });
});

describe('raciReport', () => {
  it('finds nothing on a clean program and builds the matrix', () => {
    const r = raciReport(base());
    expect(r.findings).toEqual([]);
    expect(r.people).toEqual(['w1-lead', 'w1-dev', 'sh', 'w2-lead', 'w2-dev', 'w3-lead', 'w3-dev']);
    expect(r.workstreams.map((w) => [w.id, w.raci.a])).toEqual([['w1', 'w1-lead'], ['w2', 'w2-lead'], ['w3', 'w3-lead']]);
    expect(r.items.map((i) => [i.id, i.overridden])).toEqual([['i1', false], ['i2', false], ['i3', false]]);
  });

  it('no-accountable and no-responsible: on a workstream (not repeated on its items) and on loose items', () => {
    const p = base({
      workstreams: [ws('w1'), ws('w2', { raci: { r: [], i: ['sh'] } }), ws('w3')],
      items: [
        makeItem('i1', { workstream: 'w1', estimate: est(2) }),
        makeItem('i2', { workstream: 'w2', estimate: est(2) }),
        makeItem('i3', { workstream: 'w3', estimate: est(2) }),
        makeItem('loose', { owner: 'o', estimate: est(0.1) }),
        makeItem('orphan', { estimate: est(0.1) }),
      ],
    });
    const r = raciReport(p);
    expect(r.findings.map((f) => [f.check, f.subject, f.severity])).toEqual([
      ['no-accountable', 'w2', 'error'],
      ['no-responsible', 'w2', 'error'],
      ['lead-not-r-or-a', 'w2', 'warning'],
      ['no-accountable', 'loose', 'error'],
      ['no-accountable', 'orphan', 'error'],
      ['no-responsible', 'orphan', 'error'],
    ]);
    expect(r.findings[0].fix).toBe('set raci.a of workstream w2 to w2-lead');
    expect(r.findings[3].fix).toBe('put loose in a workstream with an Accountable, or set raci.a on it (e.g. o)');
  });

  it('multiple-accountable: an item whose own raci.a and owner differ', () => {
    const two = base({ items: [makeItem('i1', { workstream: 'w1', owner: 'w1-dev', raci: { a: 'w1-lead' } }), ...base().items.slice(1)] });
    expect(checks(two)).toEqual([['multiple-accountable', 'i1']]);
    const one = base({ items: [makeItem('i1', { workstream: 'w1', owner: 'w1-dev', raci: { a: 'w1-dev' } }), ...base().items.slice(1)] });
    expect(checks(one)).toEqual([]);
  });

  it('lead-not-r-or-a: fires when the lead holds neither role, not when R only', () => {
    const bad = base({ workstreams: [ws('w1', { raci: { r: ['w1-dev'], a: 'w1-dev', i: ['sh'] } }), ws('w2'), ws('w3')] });
    expect(checks(bad)).toEqual([['lead-not-r-or-a', 'w1']]);
    const ok = base({ workstreams: [ws('w1', { raci: { r: ['w1-lead'], a: 'w1-dev', i: ['sh'] } }), ws('w2'), ws('w3')] });
    expect(checks(ok)).toEqual([]);
  });

  it('accountable-overload: by number of workstreams and by share of open effort, with overridable limits', () => {
    const boss = (id: string): Workstream => ws(id, { lead: 'boss', raci: { r: ['boss'], a: 'boss', i: ['sh'] } });
    const many = base({ workstreams: [boss('w1'), boss('w2'), boss('w3'), boss('w4')], items: [] });
    expect(checks(many)).toEqual([['accountable-overload', 'boss']]);
    expect(raciReport(many).findings[0].message).toContain('4 workstreams (w1, w2, w3, w4; limit 3)');
    expect(checks(many, { maxAccountableWorkstreams: 4 })).toEqual([]);
    // w1-lead is A of 6 of 10 days = 60% > 40%
    const heavy = base({ items: [makeItem('i1', { workstream: 'w1', estimate: est(6) }), ...base().items.slice(1)] });
    expect(checks(heavy)).toEqual([['accountable-overload', 'w1-lead']]);
    expect(raciReport(heavy).findings[0].message).toContain('60% of the open effort (limit 40%)');
    expect(checks(heavy, { maxAccountableShare: 0.6 })).toEqual([]);
  });

  it('stakeholder-not-informed: on the workstream serving the objective or a child of it; item overrides count', () => {
    const uninformed = base({ workstreams: [ws('w1', { raci: { r: ['w1-lead'], a: 'w1-lead' } }), ws('w2'), ws('w3')] });
    expect(checks(uninformed)).toEqual([['stakeholder-not-informed', 'w1']]);
    const top: Stakeholder = { id: 'boss', name: 'Boss', caresAbout: ['top'] };
    const r = raciReport(base({ stakeholders: [sh, top] }));
    expect(r.findings.map((f) => [f.check, f.subject, f.people])).toEqual([['stakeholder-not-informed', 'w1', ['boss']]]);
    expect(r.findings[0].message).toBe('boss cares about top but is not Informed on workstream w1 (i1), which serves it: they will hear of its problems late');
    const override = base({ items: [makeItem('i1', { workstream: 'w1', raci: { i: [] } }), ...base().items.slice(1)] });
    const f = raciReport(override).findings;
    expect(f.map((x) => [x.check, x.subject])).toEqual([['stakeholder-not-informed', 'w1']]);
    expect(f[0].fix).toBe('add sh to raci.i of workstream w1 and of items i1 (they set their own i)');
    // consulted counts as involved
    const consulted = base({ items: [makeItem('i1', { workstream: 'w1', raci: { i: [], c: ['sh'] } }), ...base().items.slice(1)] });
    expect(checks(consulted)).toEqual([]);
  });

  it('tpm-responsible: R of a workstream with engineering work or of an engineering item; coordination work is exempt', () => {
    const tpmWs = base({ workstreams: [ws('w1', { raci: { r: ['w1-lead', 'tp'], a: 'w1-lead', i: ['sh'] } }), ws('w2'), ws('w3')] });
    expect(checks(tpmWs)).toEqual([['tpm-responsible', 'w1']]);
    const gate = makeItem('gate', { workstream: 'w4', owner: 'tp', needs: {}, estimate: est(0.1) });
    const coordination = base({
      workstreams: [ws('w1'), ws('w2'), ws('w3'), ws('w4', { lead: 'tp', raci: { r: ['tp'], a: 'tp', i: ['sh'] } })],
      items: [...base().items, gate, makeItem('train', { owner: 'tp', raci: { a: 'tp' }, tags: ['release'], estimate: est(0.1) })],
    });
    expect(checks(coordination)).toEqual([]);
    const coding = base({ items: [...base().items, makeItem('code', { owner: 'tp', raci: { a: 'tp' }, estimate: est(0.1) })] });
    expect(checks(coding)).toEqual([['tpm-responsible', 'code']]);
  });
});
