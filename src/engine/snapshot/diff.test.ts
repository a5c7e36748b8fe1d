import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { est, est3, makeItem, makeMilestone, makeProgram } from '../../model/builders.js';
import type { Program, Risk } from '../../model/program.js';
import { forecastProgram } from '../forecast/forecast.js';
import { scheduleProgram } from '../schedule.js';
import { diffSnapshots, formatDay, summarizeChanges } from './diff.js';
import { makeSnapshot } from './make.js';

const TODAY = '2027-01-04';

function risk(id: string, overrides: Partial<Risk> = {}): Risk {
  return { id, kind: 'risk', title: `Vendor slip ${id}`, status: 'open', probability: 0.3, impact: { days: 5, items: ['b'] }, ...overrides };
}

function basePlan(): Program {
  return makeProgram({
    program: { target: '2027-02-26' },
    items: [
      makeItem('a', { title: 'Design', estimate: est(3) }),
      makeItem('b', { title: 'Build', estimate: est(4), after: ['a'] }),
      makeItem('c', { title: 'Polish', estimate: est(2), after: ['a'] }),
    ],
    milestones: [makeMilestone('m', { title: 'Beta', after: ['b'], date: '2027-01-15' })],
    risks: [risk('R1'), risk('R2', { probability: 0.1 })],
    decisions: [{ id: 'D1', title: 'Use the vendor', status: 'accepted', date: '2027-01-01', options: [], items: [], risks: [] }],
    objectives: [{ id: 'o', title: 'Conversion', weight: 1, metric: { name: 'conv', baseline: 2, current: 2.1, target: 2.6 } }],
  });
}

function snap(program: Program, id = 's', withForecast = false) {
  const schedule = scheduleProgram(program, { today: TODAY });
  const forecast = withForecast ? forecastProgram(program, { today: TODAY, trials: 200, seed: 1 }) : undefined;
  return makeSnapshot({ program, source: 'text', schedule, forecast, statusDate: TODAY, takenAt: '2027-01-04T09:00:00.000Z', id });
}

describe('makeSnapshot', () => {
  it('records items, milestones, risks, decisions, objectives and the planned finish', () => {
    const s = snap(basePlan(), 'x', true);
    expect(s.id).toBe('x');
    expect(s.planned).toBe('2027-01-12'); // a: Mon 4 - Wed 6, b: Thu 7 - Tue 12
    expect(s.items.map((i) => [i.id, i.estimateDays, i.start, i.finish])).toEqual([
      ['a', 3, '2027-01-04', '2027-01-06'],
      ['b', 4, '2027-01-07', '2027-01-12'],
      ['c', 2, '2027-01-07', '2027-01-08'],
    ]);
    // The risks on b (30% and 10%, 5 days each) push the milestone past its committed date in about 37% of trials.
    expect(s.milestones[0]).toMatchObject({ id: 'm', date: '2027-01-15', planned: '2027-01-12', p50: '2027-01-12', p85: '2027-01-19' });
    expect(s.milestones[0].probabilityOnDate).toBeCloseTo(0.63, 1);
    expect(s.risks.map((r) => [r.id, r.status, r.probability, r.impactDays])).toEqual([['R1', 'open', 0.3, 5], ['R2', 'open', 0.1, 5]]);
    expect(s.decisions).toEqual([{ id: 'D1', title: 'Use the vendor', status: 'accepted', date: '2027-01-01' }]);
    expect(s.objectives[0]).toEqual({ id: 'o', title: 'Conversion', metric: 'conv', baseline: 2, current: 2.1, target: 2.6 });
    expect(s.forecast).toMatchObject({ trials: 200, seed: 1, atConfidence: s.forecast?.p85 });
    // Risks on b can only delay the finish.
    expect(s.forecast && s.forecast.p50 >= s.planned).toBe(true);
  });

  it('uses the mean of a three-point estimate and leaves cut items undated', () => {
    const p = basePlan();
    p.items[1].estimate = est3(2, 4, 12);
    p.items[2].status = 'cut';
    const s = snap(p);
    expect(s.items[1].estimateDays).toBe(5); // (2 + 16 + 12) / 6
    expect(s.items[2].start).toBeUndefined();
    expect(s.items[2].finish).toBeUndefined();
  });
});

describe('diffSnapshots', () => {
  it('names exactly the edits made to a plan, in order, in plain sentences', () => {
    const before = snap(basePlan(), 'before');
    const edited = basePlan();
    edited.program.target = '2027-03-05'; // target moved a week
    edited.items[1].estimate = est(6); // estimate raised: b and the milestone move 2 working days (Tue 12 -> Thu 14)
    edited.items[2].status = 'cut';
    edited.items.push(makeItem('d', { title: 'Docs', estimate: est(1), after: ['b'] }));
    edited.risks[0].status = 'closed';
    edited.decisions.push({ id: 'D2', title: 'Ship on web first', status: 'proposed', options: [], items: [], risks: [] });
    const changes = diffSnapshots(before, snap(edited, 'after'));
    expect(changes.map((c) => [c.kind, c.subject.id, c.before, c.after, c.days])).toEqual([
      ['program-target', 'test', '2027-02-26', '2027-03-05', 7],
      ['program-forecast', 'test', '2027-01-12', '2027-01-15', 3],
      ['scope-total', 'test', 9, 10, undefined],
      ['milestone-forecast', 'm', '2027-01-12', '2027-01-14', 2],
      ['item-estimate', 'b', 4, 6, undefined],
      ['item-dates', 'b', '2027-01-12', '2027-01-14', 2],
      ['item-cut', 'c', 'todo', 'cut', undefined],
      ['item-added', 'd', undefined, 1, undefined],
      ['risk-closed', 'R1', 'open', 'closed', undefined],
      ['decision-made', 'D2', undefined, 'proposed', undefined],
    ]);
    expect(changes.map((c) => c.text)).toEqual([
      'The target date moved 7 days later, to 5 Mar (was 26 Feb).',
      'The planned finish moved 3 days later, to 15 Jan.',
      'Total scope grew by 1 working day, to 10 (was 9).',
      'Beta moved 2 days later, to 14 Jan (plan).',
      'The estimate for Build (b) rose from 4 to 6 working days.',
      'Build (b) finish moved 2 days later, to 14 Jan.',
      'Polish (c) was cut from scope.',
      'New work: Docs (d), estimated at 1 working day.',
      'Risk R1 (Vendor slip R1) is now closed (was open).',
      'New decision D2 (Ship on web first), proposed.',
    ]);
    expect(summarizeChanges(changes)).toEqual({ datesMoved: 3, scopeAdded: 1, scopeCut: 1, risksOpened: 0, risksClosed: 1, decisionsMade: 1 });
  });

  it('reports removals, restorations, status, risk and metric changes', () => {
    const p1 = basePlan();
    p1.items[2].status = 'cut';
    const p2 = basePlan();
    p2.items = p2.items.filter((i) => i.id !== 'a').map((i) => ({ ...i, after: [] }));
    p2.items[0].status = 'doing';
    p2.items[0].started = '2027-01-04';
    p2.milestones = [];
    p2.risks[0].status = 'occurred';
    p2.risks[1].probability = 0.5;
    p2.risks.push(risk('R3', { impact: { days: 10, items: [] } }));
    p2.decisions[0].status = 'superseded';
    p2.objectives[0].metric = { name: 'conv', baseline: 2, current: 2.3, target: 2.6 };
    const changes = diffSnapshots(snap(p1), snap(p2));
    const texts = changes.map((c) => `${c.kind}: ${c.text}`);
    expect(texts).toContain('milestone-removed: The milestone Beta was removed.');
    expect(texts).toContain('item-status: Build (b) is now in progress (was not started).');
    expect(texts).toContain('item-restored: Polish (c) is back in scope.');
    expect(texts).toContain('item-removed: Design (a) was removed from the plan.');
    expect(texts).toContain('risk-changed: Risk R1 (Vendor slip R1) has happened (was open).');
    expect(texts).toContain('risk-changed: The likelihood of Risk R2 (Vendor slip R2) went up from 10% to 50%.');
    expect(texts).toContain('risk-opened: New: Risk R3 (Vendor slip R3), 30% likely, 10 days of delay if it happens.');
    expect(texts).toContain('decision-changed: The decision D1 (Use the vendor) is now superseded (was accepted).');
    expect(texts).toContain('objective-metric: Conversion: conv moved from 2.1 to 2.3 (target 2.6).');
    // Removed items come after the later snapshot's items.
    expect(changes.filter((c) => c.subject.type === 'item').map((c) => c.subject.id).at(-1)).toBe('a');
  });

  it('compares forecasts at the confidence level when both snapshots have one', () => {
    const p2 = basePlan();
    p2.items[1].estimate = est(9);
    const changes = diffSnapshots(snap(basePlan(), 'a', true), snap(p2, 'b', true));
    const finish = changes.find((c) => c.kind === 'program-forecast');
    expect(finish?.text).toMatch(/^The 85% forecast of the finish moved \d+ days later, to \d+ Jan\.$/);
    expect(changes.find((c) => c.kind === 'milestone-forecast')?.text).toMatch(/\(85% forecast\)\.$/);
  });

  it('is empty for a snapshot and itself, and for two snapshots of the same plan', () => {
    const s = snap(basePlan(), 'a', true);
    expect(diffSnapshots(s, s)).toEqual([]);
    expect(diffSnapshots(s, snap(basePlan(), 'b', true))).toEqual([]);
  });

  it('property: the diff of any plan with itself is empty and each change has a sentence and days only for dates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ days: fc.integer({ min: 0, max: 9 }), cut: fc.boolean(), dep: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ days: fc.integer({ min: 0, max: 9 }), cut: fc.boolean(), dep: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        (xs, ys) => {
          const build = (spec: typeof xs): Program =>
            makeProgram({
              items: spec.map((x, i) => makeItem(`i${i}`, { estimate: est(x.days), status: x.cut ? 'cut' : 'todo', after: x.dep && i > 0 ? [`i${i - 1}`] : [] })),
            });
          const a = snap(build(xs), 'a');
          const b = snap(build(ys), 'b');
          expect(diffSnapshots(a, a)).toEqual([]);
          const changes = diffSnapshots(a, b);
          for (const c of changes) {
            expect(c.text).toMatch(/^[A-Z].*\.$/);
            if (c.days !== undefined) expect(c.days).not.toBe(0);
          }
          expect(diffSnapshots(a, b)).toEqual(changes); // deterministic
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('formatDay', () => {
  it('omits the year only when it is the reference year', () => {
    expect(formatDay('2027-04-22', '2027')).toBe('22 Apr');
    expect(formatDay('2028-01-03', '2027')).toBe('3 Jan 2028');
  });
});
