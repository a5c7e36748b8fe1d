import { describe, expect, it } from 'vitest';
import { est, est3, makeItem, makeMilestone, makePerson, makeProgram } from '../../model/builders.js';
import type { Item, Program } from '../../model/program.js';
import { forecastProgram } from '../forecast/forecast.js';
import { scheduleProgram } from '../schedule.js';
import { loadReport } from '../strategy/load.js';
import { buildBrief, burnup, type Brief } from './brief.js';
import { objectiveMilestoneId, objectiveStatuses, servingWork, withObjectiveMilestones } from './objectives.js';

// Monday 2027-01-04 is the start; the status date is the Friday before it.
const TODAY = '2027-01-01';

/** Two workstreams in a chain: a (payments, 3d) → b (web, 2d) → milestone beta committed on Friday 2027-01-08. */
function plan(overrides: { b?: Partial<Item>; program?: Partial<Program> } = {}): Program {
  return makeProgram({
    program: { name: 'Checkout', target: '2027-01-15', tpm: 'ana' },
    people: [makePerson('ana', { name: 'Ana Ruiz' }), makePerson('bo', { name: 'Bo Chen' }), makePerson('dee', { name: 'Dee Patel' })],
    workstreams: [
      { id: 'payments', title: 'Payments', lead: 'bo', objectives: ['pci'] },
      { id: 'web', title: 'Web', lead: 'dee', objectives: ['conv'] },
    ],
    objectives: [
      { id: 'growth', title: 'Grow revenue', weight: 1 },
      { id: 'conv', title: 'Raise conversion', parent: 'growth', weight: 1, due: '2027-01-08' },
      { id: 'pci', title: 'Shrink PCI scope', weight: 1, due: '2027-01-06' },
    ],
    items: [
      makeItem('PAY-1', { title: 'Tokenise cards', workstream: 'payments', owner: 'bo', estimate: est(3) }),
      makeItem('WEB-1', { title: 'Saved cards UI', workstream: 'web', owner: 'dee', estimate: est(2), after: ['PAY-1'], ...overrides.b }),
      makeItem('OLD', { title: 'Old cleanup', workstream: 'web', status: 'cut' }),
    ],
    milestones: [makeMilestone('beta', { title: 'Beta launch', after: ['WEB-1'], date: '2027-01-08', objectives: ['conv'] })],
    ...overrides.program,
  });
}

function brief(program: Program, today = TODAY): Brief {
  const forecast = forecastProgram(withObjectiveMilestones(program), { today, trials: 300, seed: 1, percentiles: [program.program.confidence] });
  return buildBrief({ program, schedule: scheduleProgram(program, { today }), forecast, load: loadReport(program, { today }), today, changes: null });
}

describe('objectives', () => {
  it('are served by their items, their workstreams\' items, milestone work and their children\'s work; never cut work', () => {
    const p = plan();
    expect(servingWork(p, 'conv').items.map((i) => i.id)).toEqual(['WEB-1']);
    expect(servingWork(p, 'growth').items.map((i) => i.id)).toEqual(['WEB-1']);
    expect(servingWork(p, 'growth').milestones.map((m) => m.id)).toEqual(['beta']);
    expect(servingWork(p, 'pci').items.map((i) => i.id)).toEqual(['PAY-1']);
  });

  it('get one synthetic milestone each over their open work, dated at their due date', () => {
    const p = withObjectiveMilestones(plan());
    const conv = p.milestones.find((m) => m.id === objectiveMilestoneId('conv'))!;
    expect(conv).toMatchObject({ date: '2027-01-08', after: [{ id: 'WEB-1', lag: 0 }] });
    expect(p.milestones.map((m) => m.id)).toEqual(['beta', 'objective:growth', 'objective:conv', 'objective:pci']);
    expect(plan().milestones).toHaveLength(1); // the program itself is untouched
  });

  it('read their forecast back: late work makes an objective late', () => {
    const p = plan();
    const forecast = forecastProgram(withObjectiveMilestones(p), { today: TODAY, trials: 50, seed: 1, percentiles: [0.85] });
    const byId = new Map(objectiveStatuses(p, forecast, TODAY).map((o) => [o.id, o]));
    // PAY-1 (3 fixed days from Monday) finishes Wednesday 6 Jan; WEB-1 Friday 8 Jan.
    expect(byId.get('pci')).toMatchObject({ atConfidence: '2027-01-06', probabilityOnDue: 1, status: 'on-track', reasons: [] });
    expect(byId.get('conv')).toMatchObject({ atConfidence: '2027-01-08', status: 'on-track' });
    const late = objectiveStatuses(plan({ b: { estimate: est(4) } }), forecastProgram(withObjectiveMilestones(plan({ b: { estimate: est(4) } })), { today: TODAY, trials: 50, seed: 1 }), TODAY);
    expect(late.find((o) => o.id === 'conv')).toMatchObject({ status: 'off-track', atConfidence: '2027-01-12', probabilityOnDue: 0 });
    expect(late.find((o) => o.id === 'conv')!.reasons[0]!.rule).toBe('objective-late');
  });

  it('with all work done: the last finish, no date rule', () => {
    const p = plan({ b: { status: 'done', started: '2027-01-04', finished: '2027-01-05' } });
    const conv = brief(p).objectives.find((o) => o.id === 'conv')!;
    expect(conv).toMatchObject({ finishedOn: '2027-01-05', status: 'on-track', work: { total: 1, done: 1, open: 0 } });
    expect(conv.atConfidence).toBeUndefined();
  });
});

describe('buildBrief headline', () => {
  it('is on track, with the rule that says so, when every date holds', () => {
    const b = brief(plan());
    expect(b.headline.status).toBe('on-track');
    expect(b.headline.reasons.map((r) => r.rule)).toEqual(['target-at-confidence']);
    expect(b.headline.text).toBe('On track: Checkout is 100% likely to finish by its target of 15 Jan 2027; we promise at 85%.');
  });

  it('turns red when a committed milestone slips, naming the milestone and never an item id', () => {
    const b = brief(plan({ b: { estimate: est(4) } }));
    expect(b.headline.status).toBe('off-track');
    expect(b.headline.reasons[0]).toMatchObject({ rule: 'milestone-unlikely', status: 'off-track', subject: { type: 'milestone', id: 'beta' } });
    expect(b.headline.text).toMatch(/^Off track: Beta launch is now 0% likely by its committed date of 8 Jan 2027/);
    for (const r of b.headline.reasons) expect(r.text).not.toMatch(/PAY-1|WEB-1/);
  });

  it('colours the objectives the slipped milestone serves, and lists each reason once in the headline', () => {
    const b = brief(plan({ b: { estimate: est(4) } }));
    const byId = new Map(b.objectives.map((o) => [o.id, o]));
    // beta lists conv (and so serves its parent growth); pci is not served by it.
    expect(byId.get('conv')!.reasons.map((r) => r.rule)).toEqual(['objective-late', 'milestone-unlikely']);
    expect(byId.get('growth')!.reasons.map((r) => r.rule)).toEqual(['milestone-unlikely']);
    expect(byId.get('pci')!.status).toBe('on-track');
    expect(b.headline.reasons.filter((r) => r.rule === 'milestone-unlikely')).toHaveLength(1);
  });

  it('turns amber when the slip leaves the milestone likely but below the confidence', () => {
    // WEB-1 takes 1 to 3 days (triangular, likely 1): done by Friday in ~3/4 of the trials.
    const b = brief(plan({ b: { estimate: est3(1, 1, 3, 'triangular') } }));
    const beta = b.milestones.find((m) => m.id === 'beta')!;
    expect(beta.probabilityOnDate).toBeGreaterThan(0.5);
    expect(beta.probabilityOnDate).toBeLessThan(0.85);
    expect(b.headline.status).toBe('at-risk');
    expect(b.headline.reasons[0]).toMatchObject({ rule: 'milestone-below-confidence', status: 'at-risk' });
  });

  it('lists no synthetic objective milestones among the milestones', () => {
    expect(brief(plan()).milestones.map((m) => m.id)).toEqual(['beta']);
  });

  it('is the first brief when there are no changes to compare', () => {
    const b = brief(plan());
    expect(b.since).toBeNull();
    expect(b.changes).toEqual([]);
  });
});

describe('asks', () => {
  it('lists proposed decisions, due risk reviews, near triggers and blocked work by date, with names', () => {
    const p = plan({
      b: { status: 'blocked' },
      program: {
        decisions: [
          { id: 'D1', title: 'Pick a vault vendor', owner: 'bo', status: 'proposed', date: '2027-01-06', options: ['A', 'B'], items: [], risks: [] },
          { id: 'D2', title: 'Done deal', owner: 'bo', status: 'accepted', date: '2027-01-02', options: [], items: [], risks: [] },
        ],
        risks: [
          { id: 'R1', kind: 'risk', title: 'Vendor slips', owner: 'bo', status: 'open', review: '2027-01-05', trigger: 'No sandbox by 2027-01-12' },
          { id: 'R2', kind: 'risk', title: 'Far away', owner: 'bo', status: 'open', review: '2027-03-01', trigger: 'No sandbox by 2027-06-01' },
          { id: 'R3', kind: 'risk', title: 'Closed one', status: 'closed', review: '2027-01-02' },
        ],
      },
    });
    const asks = brief(p).asks;
    expect(asks.map((a) => [a.kind, a.subject.id, a.who, a.by])).toEqual([
      ['unblock', 'WEB-1', 'Dee Patel', '2027-01-07'],
      ['risk-review', 'R1', 'Bo Chen', '2027-01-05'],
      ['decision', 'D1', 'Bo Chen', '2027-01-06'],
      ['risk-trigger', 'R1', 'Bo Chen', '2027-01-12'],
    ].sort((x, y) => x[3]!.localeCompare(y[3]!)));
    expect(asks.find((a) => a.kind === 'decision')!.what).toBe('Decide: Pick a vault vendor (options: A, B)');
  });
});

describe('eng section', () => {
  it('shows the hand-off between workstreams in the coming week and the critical path', () => {
    const b = brief(plan(), '2027-01-04');
    expect(b.eng.handoffs.map((h) => [h.from.id, h.to.id, h.date])).toEqual([['PAY-1', 'WEB-1', '2027-01-06']]);
    expect(b.eng.criticalPath.map((i) => i.id)).toEqual(['PAY-1', 'WEB-1']);
  });

  it('names the next hand-off when none falls in the window', () => {
    const late = brief(plan({ program: { items: [makeItem('PAY-1', { workstream: 'payments', owner: 'bo', estimate: est(10) }), makeItem('WEB-1', { workstream: 'web', owner: 'dee', after: ['PAY-1'] })] } }), '2027-01-04');
    expect(late.eng.handoffs).toEqual([]);
    expect(late.eng.nextHandoff).toMatchObject({ from: { id: 'PAY-1' }, to: { id: 'WEB-1' }, date: '2027-01-15' });
  });

  it('flags work in progress for longer than its likely estimate', () => {
    const p = plan({ program: { items: [makeItem('PAY-1', { workstream: 'payments', owner: 'bo', estimate: est(3), status: 'doing', started: '2027-01-04', remaining: est(2) })] } });
    expect(brief(p, '2027-01-06').eng.ageing).toEqual([]);
    expect(brief(p, '2027-01-07').eng.ageing).toEqual([expect.objectContaining({ id: 'PAY-1', ageDays: 4, expectedDays: 3 })]);
  });
});

describe('burnup', () => {
  it('counts done items against scope (cut work and tracker history left out) every week and today', () => {
    const p = plan({ program: { history: [{ id: 'OLD-1', started: '2027-01-04', finished: '2027-01-05' }], items: [
      makeItem('a', { status: 'done', finished: '2027-01-06' }),
      makeItem('b', { status: 'done', finished: '2027-01-13' }),
      makeItem('c', { status: 'doing', started: '2027-01-12' }),
      makeItem('d', { status: 'cut' }),
    ] } });
    // One point per ISO week, dated its Sunday; the last one is today.
    expect(burnup(p, '2027-01-15')).toEqual([
      { date: '2027-01-10', scope: 3, done: 1 },
      { date: '2027-01-15', scope: 3, done: 2 },
    ]);
  });
});
