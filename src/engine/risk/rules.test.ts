import { describe, expect, it } from 'vitest';
import { dep, est, est3, makeItem, makeMilestone, makePerson, makeProgram, type ProgramOverrides } from '../../model/builders.js';
import type { Program } from '../../model/program.js';
import { ruleSettings, type RuleId } from '../../model/risk-rules.js';
import type { Snapshot, SnapshotItem, SnapshotObjective } from '../../model/snapshot.js';
import { forecastProgram } from '../forecast/forecast.js';
import { scheduleProgram } from '../schedule.js';
import { detectRisks } from './detect.js';
import type { Finding } from './finding.js';

const TODAY = '2027-01-04'; // the builders' program start, a Monday

/** Findings of one rule on a program (schedule and a small seeded forecast computed here). */
function run(rule: RuleId, program: Program, o: { today?: string; snapshots?: Snapshot[]; rules?: Record<string, unknown> } = {}): Finding[] {
  const today = o.today ?? TODAY;
  const schedule = scheduleProgram(program, { today });
  const forecast = forecastProgram(program, { today, trials: 300, seed: 1 });
  const settings = ruleSettings(o.rules ?? {});
  return detectRisks({ program, schedule, forecast, snapshots: o.snapshots ?? [], today }, { settings, only: [rule] });
}

const program = (o: ProgramOverrides): Program => makeProgram({ people: ['ana', 'bo', 'cy'].map((id) => makePerson(id)), ...o, program: { tpm: 'ana', ...o.program } });

/** A hand-written snapshot (the format of src/model/snapshot.ts). */
function snapshot(statusDate: string, items: Partial<SnapshotItem>[], objectives: SnapshotObjective[] = []): Snapshot {
  return {
    vantageSnapshot: 1,
    id: `${statusDate}T090000Z`,
    takenAt: `${statusDate}T09:00:00.000Z`,
    statusDate,
    program: { id: 'test', name: 'Test program', start: '2027-01-04', confidence: 0.85 },
    items: items.map((i) => ({ id: 'x', title: 'x', status: 'todo', must: false, estimateDays: 0, objectives: [], ...i })),
    milestones: [],
    risks: [],
    objectives,
    decisions: [],
    planned: statusDate,
    source: '',
  };
}

describe('commitment-at-risk', () => {
  it('fires for a committed milestone date the forecast makes unlikely, and for the target', () => {
    const p = program({
      program: { target: '2027-01-08' },
      items: [makeItem('a', { owner: 'ana', estimate: est(10) })],
      milestones: [makeMilestone('m', { after: ['a'], date: '2027-01-08' })],
    });
    const f = run('commitment-at-risk', p);
    // Same severity and rule: the target (no items) sorts before the milestone.
    expect(f.map((x) => x.subject)).toEqual(['program', 'm']);
    expect(f[1]).toMatchObject({ severity: 'high', items: ['m'], people: ['ana'] });
    expect(f[1].evidence).toMatchObject({ committed: '2027-01-08', probability: 0, confidence: 0.85, dateAtConfidence: '2027-01-15' });
    expect(f[1].action).toContain('2027-01-15');
  });

  it('is quiet when the commitment holds at the confidence', () => {
    const p = program({
      program: { target: '2027-02-26' },
      items: [makeItem('a', { owner: 'ana', estimate: est3(8, 10, 14) })],
      milestones: [makeMilestone('m', { after: ['a'], date: '2027-02-26' })],
    });
    expect(run('commitment-at-risk', p)).toEqual([]);
  });

  it('is quiet for a milestone already reached, even late', () => {
    const p = program({
      items: [makeItem('a', { owner: 'ana', estimate: est(10), status: 'done', started: '2026-12-01', finished: '2026-12-14' })],
      milestones: [makeMilestone('m', { after: ['a'], date: '2026-12-11' })],
    });
    expect(run('commitment-at-risk', p)).toEqual([]);
  });

  it('uses the rule confidence over the program confidence', () => {
    // 10 days fixed: P(finish by 2027-01-15) = 1; a PERT item 8..14 around 10 days has maybe half a chance by then.
    const p = program({ items: [makeItem('a', { owner: 'ana', estimate: est3(8, 10, 14) })], milestones: [makeMilestone('m', { after: ['a'], date: '2027-01-15' })] });
    const strict = run('commitment-at-risk', p, { rules: { 'commitment-at-risk': { confidence: 0.99 } } });
    const lax = run('commitment-at-risk', p, { rules: { 'commitment-at-risk': { confidence: 0.01 } } });
    expect(strict).toHaveLength(1);
    expect(lax).toEqual([]);
  });
});

describe('single-person-critical-path', () => {
  it('fires when one person has more than half of the critical working days', () => {
    const p = program({ items: [makeItem('a', { owner: 'ana', estimate: est(6) }), makeItem('b', { owner: 'bo', estimate: est(2), after: ['a'] })] });
    const f = run('single-person-critical-path', p);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', people: ['ana'], items: ['a'], subject: 'ana' });
    expect(f[0].evidence).toMatchObject({ share: 0.75, personDays: 6, criticalDays: 8 });
  });

  it('is quiet at exactly half, and above a raised threshold', () => {
    const even = program({ items: [makeItem('a', { owner: 'ana', estimate: est(3) }), makeItem('b', { owner: 'bo', estimate: est(3), after: ['a'] })] });
    expect(run('single-person-critical-path', even)).toEqual([]);
    const skewed = program({ items: [makeItem('a', { owner: 'ana', estimate: est(6) }), makeItem('b', { owner: 'bo', estimate: est(2), after: ['a'] })] });
    expect(run('single-person-critical-path', skewed, { rules: { 'single-person-critical-path': { share: 0.8 } } })).toEqual([]);
  });
});

describe('critical-owner-away', () => {
  it('fires when the owner of a critical item is off while it is scheduled', () => {
    const p = program({
      people: [makePerson('ana', { off: [{ from: '2027-01-06', to: '2027-01-07' }] }), makePerson('bo')],
      items: [makeItem('a', { owner: 'ana', estimate: est(5) })],
    });
    const f = run('critical-owner-away', p);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ items: ['a'], people: ['ana'], subject: 'a/ana', severity: 'medium' });
    expect(f[0].evidence).toMatchObject({ daysOff: 2, awayFrom: '2027-01-06', awayTo: '2027-01-07' });
  });

  it('is quiet for time off outside the item, off a non-critical item, or below minDays', () => {
    const later = program({
      people: [makePerson('ana', { off: [{ from: '2027-02-01', to: '2027-02-05' }] }), makePerson('bo', { off: [{ from: '2027-01-05', to: '2027-01-05' }] })],
      // b (bo, 2 days around his day off) runs beside a (ana, 5 days) with slack: bo's day off is off the critical path.
      items: [makeItem('a', { owner: 'ana', estimate: est(5) }), makeItem('b', { owner: 'bo', estimate: est(2) })],
    });
    expect(run('critical-owner-away', later)).toEqual([]);
    // Without a, b is the critical path and the same day off fires.
    expect(run('critical-owner-away', { ...later, items: later.items.slice(1) })).toMatchObject([{ subject: 'b/bo', evidence: { daysOff: 1 } }]);
    const short = program({ people: [makePerson('ana', { off: [{ from: '2027-01-06', to: '2027-01-06' }] })], items: [makeItem('a', { owner: 'ana', estimate: est(5) })] });
    expect(run('critical-owner-away', short)).toHaveLength(1);
    expect(run('critical-owner-away', short, { rules: { 'critical-owner-away': { minDays: 2 } } })).toEqual([]);
  });
});

describe('ageing-wip', () => {
  // Cycle times 3, 4, 5, 6, 10 calendar days: P85 by nearest rank is the 5th, 10 days.
  const history = [3, 4, 5, 6, 10].map((d, i) => ({ id: `H${i}`, started: '2026-10-01', finished: `2026-10-${String(d).padStart(2, '0')}` }));

  it('fires for an item in progress longer than the P85 cycle time', () => {
    const p = program({ history, items: [makeItem('a', { owner: 'bo', status: 'doing', started: '2026-12-20', estimate: est(5) })] });
    const f = run('ageing-wip', p);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ items: ['a'], people: ['bo'], severity: 'medium' });
    expect(f[0].evidence).toMatchObject({ ageDays: 16, cycleTimeDays: 10, historySize: 5 });
  });

  it('rates a blocked item high', () => {
    const p = program({ history, items: [makeItem('a', { owner: 'bo', status: 'blocked', started: '2026-12-20', estimate: est(5) })] });
    expect(run('ageing-wip', p)[0].severity).toBe('high');
  });

  it('is quiet for a young item, and with too little history', () => {
    const young = program({ history, items: [makeItem('a', { owner: 'bo', status: 'doing', started: '2026-12-30', estimate: est(5) })] });
    expect(run('ageing-wip', young)).toEqual([]);
    const old = program({ history: history.slice(0, 4), items: [makeItem('a', { owner: 'bo', status: 'doing', started: '2026-11-01', estimate: est(5) })] });
    expect(run('ageing-wip', old)).toEqual([]);
    // History finished after the status date was not known then: 4 entries known, too few.
    const late = [...history.slice(0, 4), { id: 'H9', started: '2027-01-02', finished: '2027-01-05' }];
    expect(run('ageing-wip', { ...old, history: late })).toEqual([]);
    expect(run('ageing-wip', { ...old, history: late }, { today: '2027-01-05' })).toHaveLength(1);
  });
});

describe('external-on-critical-path', () => {
  it('fires for a critical item tagged external and for a critical cross-program dependency', () => {
    const tagged = program({ items: [makeItem('a', { owner: 'ana', estimate: est(5), tags: ['external'] })] });
    expect(run('external-on-critical-path', tagged)).toMatchObject([{ items: ['a'], severity: 'medium', evidence: { external: true } }]);
    const cross = program({ items: [makeItem('a', { owner: 'ana', estimate: est(5), after: [dep('X-1', 0, 'billing')] })] });
    expect(run('external-on-critical-path', cross)).toMatchObject([{ items: ['a'], severity: 'high', evidence: { crossProgram: ['billing/X-1'] } }]);
  });

  it('is quiet for an external item with slack, and a done one', () => {
    const p = program({
      items: [
        makeItem('a', { owner: 'ana', estimate: est(5) }),
        makeItem('b', { owner: 'bo', estimate: est(1), tags: ['external'] }),
        makeItem('c', { owner: 'cy', estimate: est(1), tags: ['external'], status: 'done', started: '2026-12-28', finished: '2026-12-28' }),
      ],
    });
    expect(run('external-on-critical-path', p)).toEqual([]);
  });
});

describe('wide-estimate-on-critical-path', () => {
  it('fires for a critical estimate with high/low above 4', () => {
    const p = program({ items: [makeItem('a', { owner: 'ana', estimate: est3(1, 3, 10) })] });
    expect(run('wide-estimate-on-critical-path', p)).toMatchObject([{ items: ['a'], severity: 'high', evidence: { ratio: 10, low: 1, high: 10 } }]);
  });

  it('reads the remaining estimate of a doing item', () => {
    const p = program({ items: [makeItem('a', { owner: 'ana', estimate: est3(1, 3, 10), status: 'doing', started: '2027-01-04', remaining: est3(2, 3, 4) })] });
    expect(run('wide-estimate-on-critical-path', p)).toEqual([]);
  });

  it('is quiet at a ratio of exactly 4, and for a wide estimate off the critical path', () => {
    const p = program({ items: [makeItem('a', { owner: 'ana', estimate: est3(2, 3, 8) }), makeItem('b', { owner: 'bo', estimate: est3(0.1, 0.2, 1) })] });
    expect(run('wide-estimate-on-critical-path', p)).toEqual([]);
  });
});

describe('scope-growth', () => {
  const before = snapshot('2027-01-01', [
    { id: 'a', estimateDays: 5 },
    { id: 'b', estimateDays: 5 },
  ]);

  it('fires when estimated days grew more than 10% since the last snapshot', () => {
    const p = program({ items: [makeItem('a', { estimate: est(5) }), makeItem('b', { estimate: est(5) }), makeItem('c', { estimate: est(2) })] });
    const f = run('scope-growth', p, { snapshots: [before] });
    expect(f).toHaveLength(1);
    // 20% is twice the threshold: high.
    expect(f[0]).toMatchObject({ items: ['c'], people: ['ana'], severity: 'high', subject: 'program' });
    expect(f[0].evidence).toMatchObject({ previousDays: 10, currentDays: 12, growth: 0.2, added: 1, since: '2027-01-01' });
  });

  it('is quiet at exactly 10%, without a snapshot, and against a snapshot of today', () => {
    const p = program({ items: [makeItem('a', { estimate: est(5) }), makeItem('b', { estimate: est(5) }), makeItem('c', { estimate: est(1) })] });
    expect(run('scope-growth', p, { snapshots: [before] })).toEqual([]);
    const grown = program({ items: [makeItem('a', { estimate: est(9) }), makeItem('b', { estimate: est(5) })] });
    expect(run('scope-growth', grown)).toEqual([]);
    expect(run('scope-growth', grown, { snapshots: [snapshot(TODAY, [{ id: 'a', estimateDays: 5 }])] })).toEqual([]);
    expect(run('scope-growth', grown, { snapshots: [before] })).toMatchObject([{ items: ['a'], evidence: { added: 0 } }]);
  });
});

describe('stakeholder-overdue', () => {
  const exec = { id: 'exec', name: 'VP', caresAbout: [], influence: 'high' as const, cadence: 'weekly' as const, channel: 'email' as const };

  it('fires for a stakeholder past their cadence, and one never updated', () => {
    const p = program({ stakeholders: [{ ...exec, lastUpdate: '2026-12-20' }, { ...exec, id: 'cfo', name: 'CFO', influence: 'low' }] });
    const f = run('stakeholder-overdue', p);
    expect(f.map((x) => [x.subject, x.severity])).toEqual([
      ['exec', 'high'],
      ['cfo', 'low'],
    ]);
    expect(f[0].evidence).toMatchObject({ daysSince: 15, cadenceDays: 7 });
  });

  it('is quiet within the cadence, within the grace days, and without a cadence', () => {
    expect(run('stakeholder-overdue', program({ stakeholders: [{ ...exec, lastUpdate: '2026-12-30' }] }))).toEqual([]);
    expect(run('stakeholder-overdue', program({ stakeholders: [{ ...exec, lastUpdate: '2026-12-20' }] }), { rules: { 'stakeholder-overdue': { graceDays: 10 } } })).toEqual([]);
    expect(run('stakeholder-overdue', program({ stakeholders: [{ ...exec, cadence: undefined }] }))).toEqual([]);
  });
});

describe('objective-no-metric', () => {
  it('fires for an objective without a metric and not for one with', () => {
    const p = program({
      objectives: [
        { id: 'conv', title: 'Conversion', weight: 5, metric: { name: 'conversion', baseline: 2, target: 3, current: 2.5 } },
        { id: 'brand', title: 'Brand', weight: 1 },
      ],
    });
    expect(run('objective-no-metric', p)).toMatchObject([{ subject: 'brand', severity: 'low', people: ['ana'] }]);
  });

  it('can be switched off', () => {
    const p = program({ objectives: [{ id: 'brand', title: 'Brand', weight: 1 }] });
    expect(run('objective-no-metric', p, { rules: { 'objective-no-metric': { enabled: false } } })).toEqual([]);
  });
});

describe('objective-metric-stalled', () => {
  const metric = { name: 'conversion', baseline: 2.1, target: 2.6, current: 2.2 };
  const old = snapshot('2026-12-01', [], [{ id: 'conv', title: 'Conversion', metric: 'conversion', baseline: 2.1, current: 2.2, target: 2.6 }]);

  it('fires when the metric has not moved since a snapshot at least 28 days old', () => {
    const p = program({ objectives: [{ id: 'conv', title: 'Conversion', weight: 5, metric }] });
    const f = run('objective-metric-stalled', p, { snapshots: [old] });
    expect(f).toMatchObject([{ subject: 'conv', evidence: { since: '2026-12-01', daysStalled: 34, current: 2.2 } }]);
  });

  it('fires without snapshots for a metric still at its baseline once the program has run 28 days', () => {
    const p = program({ program: { start: '2026-11-02' }, objectives: [{ id: 'conv', title: 'Conversion', weight: 5, metric: { ...metric, current: 2.1 } }] });
    expect(run('objective-metric-stalled', p)).toMatchObject([{ subject: 'conv', evidence: { since: '2026-11-02' } }]);
  });

  it('is quiet when the metric moved, reached its target, or the snapshot is too recent', () => {
    const moved = program({ objectives: [{ id: 'conv', title: 'Conversion', weight: 5, metric: { ...metric, current: 2.3 } }] });
    expect(run('objective-metric-stalled', moved, { snapshots: [old] })).toEqual([]);
    const reached = program({ objectives: [{ id: 'conv', title: 'Conversion', weight: 5, metric: { ...metric, current: 2.6 } }] });
    expect(run('objective-metric-stalled', reached, { snapshots: [old] })).toEqual([]);
    const same = program({ objectives: [{ id: 'conv', title: 'Conversion', weight: 5, metric }] });
    expect(run('objective-metric-stalled', same, { snapshots: [{ ...old, statusDate: '2026-12-20' }] })).toEqual([]);
  });
});
