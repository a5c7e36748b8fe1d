import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { est, makeItem, makeMilestone, makeProgram } from '../../model/builders.js';
import type { Objective } from '../../model/program.js';
import type { ForecastResult, MilestoneForecast, RiskForecast } from '../forecast/summary.js';
import { milestoneRules, objectiveRules, riskRules, targetRules, worstStatus, type HealthStatus } from './health.js';

/** A forecast result with only what the rules read filled in meaningfully. */
function fakeForecast(o: { probabilityOnTarget?: number; target?: string; milestones?: MilestoneForecast[]; risks?: RiskForecast[] }): ForecastResult {
  return {
    program: {
      id: 'test',
      name: 'Test program',
      start: '2027-01-04',
      levels: [{ level: 0.5, date: '2027-02-01' }, { level: 0.85, date: '2027-02-10' }, { level: 0.95, date: '2027-02-15' }],
      confidence: 0.85,
      atConfidence: '2027-02-10',
      ...(o.target !== undefined ? { target: o.target } : {}),
      ...(o.probabilityOnTarget !== undefined ? { probabilityOnTarget: o.probabilityOnTarget } : {}),
      deterministic: '2027-01-29',
      meanOffset: 20,
      histogram: [],
      sCurve: [],
    },
    milestones: o.milestones ?? [],
    items: [],
    risks: o.risks ?? [],
    trials: 100,
    seed: 1,
    percentiles: [0.5, 0.85, 0.95],
    levelled: false,
    today: '2027-01-01',
    warnings: [],
  };
}

const msForecast = (id: string, date: string, probabilityOnDate: number): MilestoneForecast => ({
  id,
  title: `Milestone ${id}`,
  levels: [{ level: 0.5, date }, { level: 0.85, date: '2027-03-01' }, { level: 0.95, date: '2027-03-05' }],
  date,
  probabilityOnDate,
  deterministic: date,
});

describe('target rules', () => {
  const program = makeProgram({ program: { target: '2027-02-05', name: 'Checkout' } });
  it('is off track below 50%, at risk below the confidence, on track at it', () => {
    expect(targetRules(program, fakeForecast({ target: '2027-02-05', probabilityOnTarget: 0.3 }))[0]).toMatchObject({ rule: 'target-unlikely', status: 'off-track' });
    expect(targetRules(program, fakeForecast({ target: '2027-02-05', probabilityOnTarget: 0.62 }))[0]).toMatchObject({ rule: 'target-below-confidence', status: 'at-risk' });
    expect(targetRules(program, fakeForecast({ target: '2027-02-05', probabilityOnTarget: 0.85 }))[0]).toMatchObject({ rule: 'target-at-confidence', status: 'on-track' });
  });

  it('says the odds, the promise and the dates in words', () => {
    const [r] = targetRules(program, fakeForecast({ target: '2027-02-05', probabilityOnTarget: 0.62 }));
    expect(r!.text).toBe('Checkout is 62% likely to finish by its target of 5 Feb 2027; we promise at 85%. At 85% confidence it finishes by 10 Feb 2027.');
  });

  it('without a target: no-target, at risk', () => {
    expect(targetRules(makeProgram(), fakeForecast({}))[0]).toMatchObject({ rule: 'no-target', status: 'at-risk' });
  });

  it('classifies every probability and confidence by the stated thresholds (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (p, confidence) => {
        const prog = makeProgram({ program: { target: '2027-02-05', confidence } });
        const [r] = targetRules(prog, fakeForecast({ target: '2027-02-05', probabilityOnTarget: p }));
        const expected: HealthStatus = p < 0.5 ? 'off-track' : p < confidence ? 'at-risk' : 'on-track';
        expect(r!.status).toBe(expected);
      }),
    );
  });
});

describe('worstStatus', () => {
  it('is the most severe status of any list (property)', () => {
    const rank = { 'on-track': 0, 'at-risk': 1, 'off-track': 2 } as const;
    fc.assert(
      fc.property(fc.array(fc.constantFrom<HealthStatus>('on-track', 'at-risk', 'off-track')), (statuses) => {
        const worst = worstStatus(statuses.map((status) => ({ status })));
        expect(rank[worst]).toBe(Math.max(0, ...statuses.map((s) => rank[s])));
      }),
    );
  });
});

describe('milestone rules', () => {
  const program = makeProgram({
    items: [makeItem('a', { status: 'done', started: '2027-01-04', finished: '2027-01-05' }), makeItem('b')],
    milestones: [
      makeMilestone('reached', { after: ['a'], date: '2027-01-04' }),
      makeMilestone('beta', { title: 'Beta launch', after: ['b'], date: '2027-04-15' }),
      makeMilestone('undated', { after: ['b'] }),
    ],
  });

  it('rates open committed milestones and skips reached and undated ones', () => {
    const f = fakeForecast({ milestones: [msForecast('reached', '2027-01-04', 0), msForecast('beta', '2027-04-15', 0.62), { ...msForecast('undated', '2027-02-01', 0), date: undefined, probabilityOnDate: undefined }] });
    const reasons = milestoneRules(program, f);
    expect(reasons.map((r) => [r.rule, r.subject.id])).toEqual([['milestone-below-confidence', 'beta']]);
    expect(reasons[0]!.text).toBe('Beta launch is now 62% likely by its committed date of 15 Apr 2027; we promise at 85% (at 85% confidence: 1 Mar 2027).');
  });

  it('is off track below 50%', () => {
    const reasons = milestoneRules(program, fakeForecast({ milestones: [msForecast('beta', '2027-04-15', 0.49)] }));
    expect(reasons[0]).toMatchObject({ rule: 'milestone-unlikely', status: 'off-track' });
  });

  it('is silent at the confidence', () => {
    expect(milestoneRules(program, fakeForecast({ milestones: [msForecast('beta', '2027-04-15', 0.85)] }))).toEqual([]);
  });
});

describe('objective rules', () => {
  const conv: Objective = { id: 'conv', title: 'Raise conversion', weight: 1, due: '2027-03-19', metric: { name: 'conversion', unit: '%', baseline: 2.1, target: 2.6, current: 2.2 } };
  const base = { today: '2027-01-01', confidence: 0.85 };

  it('objective-late when its work finishes after the due date; off track below 50% by then', () => {
    expect(objectiveRules({ ...base, objective: conv, atConfidence: '2027-03-19', probabilityOnDue: 0.9 })).toEqual([]);
    expect(objectiveRules({ ...base, objective: conv, atConfidence: '2027-03-22', probabilityOnDue: 0.7 })[0]).toMatchObject({ rule: 'objective-late', status: 'at-risk' });
    expect(objectiveRules({ ...base, objective: conv, atConfidence: '2027-04-22', probabilityOnDue: 0.2 })[0]).toMatchObject({ rule: 'objective-late', status: 'off-track' });
  });

  it('objective-metric-off-track when the metric moved away from its target', () => {
    const r = objectiveRules({ ...base, objective: { ...conv, metric: { ...conv.metric!, current: 2.0 } } });
    expect(r).toEqual([expect.objectContaining({ rule: 'objective-metric-off-track', status: 'at-risk' })]);
    expect(r[0]!.text).toContain('from 2.1% to 2%; target 2.6%');
  });

  it('works for metrics that should fall (baseline above target)', () => {
    const pci: Objective = { id: 'pci', title: 'Shrink PCI scope', weight: 1, metric: { name: 'systems', baseline: 14, target: 2, current: 9 } };
    expect(objectiveRules({ ...base, objective: pci })).toEqual([]);
    expect(objectiveRules({ ...base, objective: { ...pci, metric: { ...pci.metric!, current: 16 } } })[0]?.rule).toBe('objective-metric-off-track');
  });

  it('objective-metric-missed once the due date has passed short of the target', () => {
    expect(objectiveRules({ ...base, today: '2027-03-20', objective: conv })[0]).toMatchObject({ rule: 'objective-metric-missed', status: 'off-track' });
    expect(objectiveRules({ ...base, today: '2027-03-20', objective: { ...conv, metric: { ...conv.metric!, current: 2.7 } } })).toEqual([]);
  });
});

describe('risk rules', () => {
  const program = makeProgram({
    items: [makeItem('a', { estimate: est(5) })],
    risks: [
      { id: 'R1', kind: 'risk', title: 'Vendor slips', probability: 0.3, impact: { days: 10, items: ['a'] }, status: 'open' },
      { id: 'R2', kind: 'risk', title: 'Small one', probability: 0.3, impact: { days: 3, items: ['a'] }, status: 'open' },
      { id: 'R3', kind: 'risk', title: 'Handled', probability: 0.3, impact: { days: 10, items: ['a'] }, status: 'mitigated' },
    ],
  });
  const risk = (id: string, days: number): RiskForecast => ({ id, title: program.risks.find((r) => r.id === id)!.title, probability: 0.3, impactDays: 10, days, meanDays: 3 });

  it('flags open risks adding more than 5 working days at the confidence', () => {
    const reasons = riskRules(program, fakeForecast({ risks: [risk('R1', 6), risk('R2', 5), risk('R3', 9)] }));
    expect(reasons.map((r) => r.subject.id)).toEqual(['R1']);
    expect(reasons[0]!.text).toBe('"Vendor slips" (30% likely) adds 6 working days to the finish at 85% confidence.');
  });
});
