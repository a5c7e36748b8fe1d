import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeProgram } from '../../model/builders.js';
import type { Stakeholder } from '../../model/program.js';
import { dayNumber, isoDate } from '../dates.js';
import { addMonth, commsPlan, isoWeekOf, nextUpdate, parseIsoWeek, quadrantOf } from './comms.js';
import type { ObjectiveStatus } from './objectives.js';

describe('ISO weeks', () => {
  it('match known calendar weeks, across year ends', () => {
    expect(isoWeekOf('2026-11-25')).toEqual({ id: '2026-W48', from: '2026-11-23', to: '2026-11-29' });
    expect(isoWeekOf('2027-01-01').id).toBe('2026-W53');
    expect(isoWeekOf('2021-01-03').id).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30').id).toBe('2025-W01');
    expect(parseIsoWeek('2025-W01')).toEqual({ id: '2025-W01', from: '2024-12-30', to: '2025-01-05' });
  });

  it('reject weeks that do not exist and malformed names', () => {
    expect(parseIsoWeek('2027-W53')).toBeUndefined();
    expect(parseIsoWeek('2026-W00')).toBeUndefined();
    expect(parseIsoWeek('2026-48')).toBeUndefined();
  });

  it('round-trip: every day lies in the week named for it, which starts on a Monday (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2090-12-31') }), (day) => {
        const date = isoDate(day);
        const week = isoWeekOf(date);
        expect(parseIsoWeek(week.id)).toEqual(week);
        expect(week.from <= date && date <= week.to).toBe(true);
        expect(dayNumber(week.to) - dayNumber(week.from)).toBe(6);
        expect(new Date(`${week.from}T00:00:00Z`).getUTCDay()).toBe(1);
      }),
    );
  });
});

describe('cadence', () => {
  it('adds 7, 14 days or a calendar month (clamped to the month end)', () => {
    expect(nextUpdate({ cadence: 'weekly', lastUpdate: '2026-11-20' })).toBe('2026-11-27');
    expect(nextUpdate({ cadence: 'biweekly', lastUpdate: '2026-11-20' })).toBe('2026-12-04');
    expect(nextUpdate({ cadence: 'monthly', lastUpdate: '2027-01-31' })).toBe('2027-02-28');
    expect(addMonth('2028-01-31')).toBe('2028-02-29');
    expect(addMonth('2026-12-15')).toBe('2027-01-15');
    expect(nextUpdate({ cadence: 'weekly' })).toBeUndefined();
    expect(nextUpdate({ lastUpdate: '2026-11-20' })).toBeUndefined();
  });
});

describe('grid', () => {
  it('places stakeholders by influence and interest (medium is not high)', () => {
    expect(quadrantOf({ influence: 'high', interest: 'high' })).toBe('manage-closely');
    expect(quadrantOf({ influence: 'high', interest: 'medium' })).toBe('keep-satisfied');
    expect(quadrantOf({ influence: 'low', interest: 'high' })).toBe('keep-informed');
    expect(quadrantOf({ influence: 'medium', interest: 'low' })).toBe('monitor');
    expect(quadrantOf({})).toBe('monitor');
  });
});

describe('commsPlan', () => {
  const s = (id: string, o: Partial<Stakeholder>): Stakeholder => ({ id, name: id.toUpperCase(), caresAbout: [], ...o });
  const program = makeProgram({
    objectives: [{ id: 'conv', title: 'Raise conversion', weight: 1, due: '2027-03-19' }, { id: 'other', title: 'Other goal', weight: 1 }],
    stakeholders: [
      s('vp', { influence: 'high', interest: 'high', cadence: 'weekly', lastUpdate: '2026-11-20', channel: 'email', caresAbout: ['conv', 'other'] }),
      s('cto', { influence: 'high', cadence: 'monthly', lastUpdate: '2026-11-02' }),
      s('support', { interest: 'high', cadence: 'biweekly', lastUpdate: '2026-11-06' }),
      s('new', { cadence: 'weekly' }),
      s('quiet', { lastUpdate: '2026-01-01' }),
    ],
  });
  const conv: ObjectiveStatus = {
    id: 'conv', title: 'Raise conversion', weight: 1, due: '2027-03-19', work: { total: 2, done: 1, open: 1, items: [] }, milestones: [],
    atConfidence: '2027-04-02', probabilityOnDue: 0.6, status: 'at-risk',
    reasons: [{ rule: 'objective-late', status: 'at-risk', subject: { type: 'objective', id: 'conv' }, text: 'The work is late.' }],
    metric: { name: 'conversion', unit: '%', baseline: 2.1, current: 2.2, target: 2.6 },
  };
  const plan = commsPlan(program, [conv], isoWeekOf('2026-11-25'));

  it('is due by cadence within the week, overdue before it, and always when never updated', () => {
    const byId = new Map(plan.stakeholders.map((x) => [x.id, x]));
    expect(byId.get('vp')).toMatchObject({ due: true, overdue: false, nextDue: '2026-11-27', reason: 'due 27 Nov 2026' });
    expect(byId.get('cto')).toMatchObject({ due: false, nextDue: '2026-12-02' });
    expect(byId.get('support')).toMatchObject({ due: true, overdue: true, reason: 'overdue since 20 Nov 2026' });
    expect(byId.get('new')).toMatchObject({ due: true, reason: 'never updated' });
    expect(byId.get('quiet')).toMatchObject({ due: false, reason: 'no cadence set' });
    expect(plan.due).toEqual(['vp', 'support', 'new']);
  });

  it('says what each cares about in one line per objective', () => {
    const vp = plan.stakeholders[0]!;
    expect(vp.caresAbout.map((c) => c.line)).toEqual([
      'Raise conversion: at risk; work done by 2 Apr 2027 at 85% (due 19 Mar 2027); conversion 2.1% → 2.2% → 2.6% (objective-late: The work is late)',
      'Other goal: no status',
    ]);
  });

  it('fills the grid', () => {
    expect(plan.grid).toEqual({ 'manage-closely': ['vp'], 'keep-satisfied': ['cto'], 'keep-informed': ['support'], monitor: ['new', 'quiet'] });
  });
});
