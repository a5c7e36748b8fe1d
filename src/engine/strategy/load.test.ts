import { describe, expect, it } from 'vitest';
import { est, makeItem, makePerson, makeProgram, makeTeam } from '../../model/builders.js';
import { dayNumber } from '../dates.js';
import { isoWeek, loadReport } from './load.js';

const today = '2027-01-04'; // a Monday, ISO week 2027-W01

describe('isoWeek', () => {
  it('follows ISO 8601 at year boundaries', () => {
    expect(isoWeek(dayNumber('2027-01-04'))).toBe('2027-W01');
    expect(isoWeek(dayNumber('2027-01-03'))).toBe('2026-W53');
    expect(isoWeek(dayNumber('2024-12-30'))).toBe('2025-W01');
    expect(isoWeek(dayNumber('2027-01-18'))).toBe('2027-W03');
  });
});

describe('loadReport', () => {
  it('allocates per week against capacity, with half days and days off', () => {
    const p = makeProgram({
      people: [makePerson('ann', { off: [{ from: '2027-01-13', to: '2027-01-13' }] }), makePerson('bo', { capacity: 0.5 })],
      items: [
        makeItem('a', { estimate: est(3), owner: 'ann' }),
        makeItem('b', { estimate: est(4.5), owner: 'ann', after: ['a'] }),
        makeItem('c', { estimate: est(2), needs: { bo: 0.5 } }),
      ],
    });
    const r = loadReport(p, { today, level: false });
    // ann: a Mon-Wed of W01, b Thu-Fri of W01 then Mon, Tue, (Wed 13 off), half of Thu 14: 2.5 days in W02, whose
    // horizon ends on Thu 14 (4 working days, 3 for ann).
    expect(r.periods.map((x) => [x.id, x.workingDays])).toEqual([
      ['2027-W01', 5],
      ['2027-W02', 4],
    ]);
    const ann = r.rows.find((x) => x.id === 'ann')!;
    expect(ann.cells).toEqual([
      { allocated: 5, capacity: 5, utilisation: 1 },
      { allocated: 2.5, capacity: 3, utilisation: 0.83 },
    ]);
    const bo = r.rows.find((x) => x.id === 'bo')!;
    expect(bo.cells[0]).toEqual({ allocated: 1, capacity: 2.5, utilisation: 0.4 });
    expect(r.overAllocations).toEqual([]);
  });

  it('by month', () => {
    const p = makeProgram({ people: [makePerson('ann')], items: [makeItem('a', { estimate: est(25), owner: 'ann' })] });
    const r = loadReport(p, { today, level: false, by: 'month' });
    // Mon 2027-01-04 .. 25 working days: 20 in January (4th..29th), 5 in February.
    expect(r.periods.map((x) => [x.id, x.workingDays])).toEqual([
      ['2027-01', 20],
      ['2027-02', 5],
    ]);
    expect(r.rows[0].cells.map((c) => c.allocated)).toEqual([20, 5]);
  });

  it('finds over-allocation without levelling, and none once levelled', () => {
    const p = makeProgram({
      teams: [makeTeam('be', 1, { name: 'Backend' })],
      items: [makeItem('x', { estimate: est(2), needs: { be: 1 } }), makeItem('y', { estimate: est(2), needs: { be: 1 } })],
    });
    const flat = loadReport(p, { today, level: false });
    expect(flat.overAllocations).toEqual([{ resource: 'be', period: '2027-W01', allocated: 4, capacity: 2 }]);
    expect(flat.rows[0]).toMatchObject({ kind: 'team', name: 'Backend', overAllocated: ['2027-W01'] });
    const levelled = loadReport(p, { today });
    expect(levelled.levelled).toBe(true);
    expect(levelled.overAllocations).toEqual([]);
    expect(levelled.rows[0].cells[0]).toEqual({ allocated: 4, capacity: 4, utilisation: 1 });
  });

  it('flags the person who carries most of the critical path, and not below the threshold', () => {
    const p = makeProgram({
      people: [makePerson('ann'), makePerson('bo')],
      items: [
        makeItem('a', { estimate: est(6), owner: 'ann' }),
        makeItem('b', { estimate: est(4), owner: 'bo', after: ['a'] }),
        makeItem('c', { estimate: est(2), owner: 'bo' }),
      ],
    });
    const r = loadReport(p, { today, level: false });
    const spof = r.singlePoints.filter((s) => s.kind === 'critical-path-person');
    // Critical: a (6 days, ann) then b (4 days, bo): ann carries 6 of 10 days.
    expect(spof).toEqual([expect.objectContaining({ person: 'ann', share: 0.6 })]);
    const even = makeProgram({ ...p, items: [makeItem('a', { estimate: est(5), owner: 'ann' }), makeItem('b', { estimate: est(5), owner: 'bo', after: ['a'] })] });
    expect(loadReport(even, { today, level: false }).singlePoints.filter((s) => s.kind === 'critical-path-person')).toEqual([]);
  });

  it('flags a skill only one person has', () => {
    const p = makeProgram({
      people: [makePerson('ann', { skills: ['pci', 'go'] }), makePerson('bo', { skills: ['go'] })],
      items: [makeItem('a', { owner: 'ann' }), makeItem('b', { owner: 'bo' })],
    });
    const skills = loadReport(p, { today, level: false }).singlePoints.filter((s) => s.kind === 'single-skill');
    expect(skills).toEqual([{ kind: 'single-skill', skill: 'pci', person: 'ann', message: 'only ann has the skill pci' }]);
  });

  it('flags a workstream whose lead is its only contributor, and not when someone else helps', () => {
    const ws = [{ id: 'pay', title: 'Payments', lead: 'ann', objectives: [] }];
    const people = [makePerson('ann'), makePerson('bo')];
    const solo = makeProgram({
      people,
      workstreams: ws,
      items: [makeItem('a', { owner: 'ann', workstream: 'pay' }), makeItem('b', { owner: 'bo', workstream: 'pay', status: 'done', started: '2027-01-04', finished: '2027-01-04' })],
    });
    const found = loadReport(solo, { today, level: false }).singlePoints.filter((s) => s.kind === 'lead-only-contributor');
    expect(found).toEqual([expect.objectContaining({ workstream: 'pay', person: 'ann' })]);
    const shared = makeProgram({ ...solo, items: [makeItem('a', { owner: 'ann', workstream: 'pay' }), makeItem('b', { needs: { bo: 1 }, workstream: 'pay' })] });
    expect(loadReport(shared, { today, level: false }).singlePoints.filter((s) => s.kind === 'lead-only-contributor')).toEqual([]);
  });

  it('counts a doing item from the data date, pinned, so it can over-allocate even when levelled', () => {
    const p = makeProgram({
      people: [makePerson('ann')],
      items: [
        makeItem('d1', { owner: 'ann', status: 'doing', started: '2027-01-04', estimate: est(3), remaining: est(2) }),
        makeItem('d2', { owner: 'ann', status: 'doing', started: '2027-01-04', estimate: est(3), remaining: est(2) }),
      ],
    });
    const r = loadReport(p, { today: '2027-01-05' });
    // Both run Tue and Wed: 4 units on 2 days of capacity 1.
    expect(r.rows[0].cells[0]).toEqual({ allocated: 4, capacity: 2, utilisation: 2 });
    expect(r.overAllocations).toHaveLength(1);
  });
});
