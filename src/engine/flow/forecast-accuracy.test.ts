import { describe, expect, it } from 'vitest';
import { makeItem, makeMilestone, makeProgram } from '../../model/builders.js';
import type { Snapshot, SnapshotMilestone } from '../../model/snapshot.js';
import { forecastAccuracy } from './forecast-accuracy.js';

/** A hand-written snapshot: only what forecast accuracy reads is meaningful. */
function snapshot(statusDate: string, milestones: SnapshotMilestone[], p85?: string): Snapshot {
  return {
    vantageSnapshot: 1,
    id: `${statusDate}T090000Z`,
    takenAt: `${statusDate}T09:00:00.000Z`,
    statusDate,
    program: { id: 'test', name: 'Test program', start: '2027-01-04', confidence: 0.85 },
    items: [],
    milestones,
    risks: [],
    objectives: [],
    decisions: [],
    planned: '2027-02-01',
    ...(p85 ? { forecast: { trials: 2000, seed: 1, p50: '2027-02-01', p85, p95: p85, atConfidence: p85 } } : {}),
    source: '',
  };
}

// a done 02-10, b done 02-20, c open. M1 after a; M2 after a, b; M3 after c; M4 after M2 (a milestone).
const program = makeProgram({
  items: [
    makeItem('a', { status: 'done', started: '2027-01-20', finished: '2027-02-10' }),
    makeItem('b', { status: 'done', started: '2027-01-25', finished: '2027-02-20' }),
    makeItem('c'),
    makeItem('x', { status: 'cut' }),
  ],
  milestones: [
    makeMilestone('M1', { after: ['a'] }),
    makeMilestone('M2', { after: ['a', 'b', 'x'] }),
    makeMilestone('M3', { after: ['c'] }),
    makeMilestone('M4', { after: ['M2'] }),
  ],
});

describe('forecastAccuracy', () => {
  it('scores reached milestones against earlier P85s (hand-computed)', () => {
    const snapshots = [
      snapshot('2027-01-15', [
        { id: 'M1', title: 'M1', p85: '2027-02-12' }, // actual 02-10: hit, -2
        { id: 'M2', title: 'M2', p85: '2027-02-15' }, // actual 02-20: miss, +5
        { id: 'M3', title: 'M3', p85: '2027-02-15' }, // not reached
      ], '2027-03-01'), // program not reached (c open)
      snapshot('2027-02-12', [
        { id: 'M1', title: 'M1', p85: '2027-02-11' }, // taken after M1 was reached: not a forecast
        { id: 'M2', title: 'M2', p85: '2027-02-20' }, // hit, 0
        { id: 'M4', title: 'M4', p85: '2027-02-19' }, // actual 02-20 (via M2): miss, +1
      ], '2027-03-01'),
      snapshot('2027-02-13', [{ id: 'M2', title: 'M2', p85: '2027-02-01' }]), // no forecast: skipped
      snapshot('2027-03-05', [{ id: 'M2', title: 'M2', p85: '2027-02-01' }], '2027-03-09'), // after today
    ];
    const r = forecastAccuracy(program, snapshots, '2027-03-01');
    expect(r.checks.map((c) => [c.statusDate, c.target, c.actual, c.hit, c.errorDays])).toEqual([
      ['2027-01-15', 'M1', '2027-02-10', true, -2],
      ['2027-01-15', 'M2', '2027-02-20', false, 5],
      ['2027-02-12', 'M2', '2027-02-20', true, 0],
      ['2027-02-12', 'M4', '2027-02-20', false, 1],
    ]);
    expect(r).toMatchObject({ snapshots: 4, withForecast: 3, hits: 2, hitRateP85: 0.5, meanErrorDays: 1 });
  });

  it('scores the program once every live item is done', () => {
    const done = makeProgram({
      items: [makeItem('a', { status: 'done', finished: '2027-02-10' }), makeItem('b', { status: 'done', finished: '2027-02-24' }), makeItem('x', { status: 'cut' })],
    });
    const r = forecastAccuracy(done, [snapshot('2027-01-10', [], '2027-02-20')], '2027-03-01');
    expect(r.checks).toMatchObject([{ target: 'program', p85: '2027-02-20', actual: '2027-02-24', hit: false, errorDays: 4 }]);
    // Finishes after the status date are not known yet.
    expect(forecastAccuracy(done, [snapshot('2027-01-10', [], '2027-02-20')], '2027-02-23').checks).toEqual([]);
  });

  it('says null, not 0%, when nothing could be checked', () => {
    expect(forecastAccuracy(program, [], '2027-03-01')).toEqual({ snapshots: 0, withForecast: 0, checks: [], hits: 0, hitRateP85: null, meanErrorDays: null });
  });
});
