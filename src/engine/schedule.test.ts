import { describe, expect, it } from 'vitest';
import { schedulePortfolio, scheduleProgram, type ScheduleResult, type ScheduledItem } from './schedule.js';
import {
  dep,
  est,
  makeItem,
  makeMilestone,
  makePerson,
  makePortfolio,
  makeProgram,
  makeTeam,
} from '../model/builders.js';

const byId = (r: ScheduleResult): Record<string, ScheduledItem> =>
  Object.fromEntries(r.items.map((i) => [i.program ? `${i.program}/${i.id}` : i.id, i]));
const pick = (i: ScheduledItem) => ({ start: i.start, finish: i.finish, es: i.es, ef: i.ef, ls: i.ls, lf: i.lf, slack: i.slack, critical: i.critical });

describe('scheduleProgram, dependency-only (hand-computed)', () => {
  // Monday 2027-01-04 is offset 0.
  const program = makeProgram({
    program: { target: '2027-01-12' },
    items: [
      makeItem('a', { estimate: est(3) }),
      makeItem('b', { estimate: est(2), after: [dep('a', 2)] }),
      makeItem('c', { estimate: est(4), workstream: 'web', owner: 'cy' }),
      makeItem('d', { estimate: est(1), after: ['b', 'c'] }),
    ],
    people: [makePerson('cy')],
    milestones: [
      makeMilestone('m1', { after: ['b', 'c'], date: '2027-01-12' }),
      makeMilestone('m2', { after: [dep('d', 2)], date: '2027-01-14' }),
    ],
  });
  const r = scheduleProgram(program, { today: '2027-01-01', level: false });
  const s = byId(r);

  it('places items after predecessors plus lags, over weekends', () => {
    expect(pick(s.a)).toEqual({ start: '2027-01-04', finish: '2027-01-06', es: 0, ef: 3, ls: 0, lf: 3, slack: 0, critical: true });
    // b waits 2 working days after a: Thu, Fri; starts Monday the 11th.
    expect(pick(s.b)).toEqual({ start: '2027-01-11', finish: '2027-01-12', es: 5, ef: 7, ls: 5, lf: 7, slack: 0, critical: true });
    expect(pick(s.c)).toEqual({ start: '2027-01-04', finish: '2027-01-07', es: 0, ef: 4, ls: 3, lf: 7, slack: 3, critical: false });
    // The lagged milestone m2 (offset 10) ends the program, and d drives it.
    expect(pick(s.d)).toEqual({ start: '2027-01-13', finish: '2027-01-13', es: 7, ef: 8, ls: 7, lf: 8, slack: 0, critical: true });
    expect(s.c.freeSlack).toBe(3);
    expect(s.c.workstream).toBe('web');
    expect(s.c.owner).toBe('cy');
  });

  it('dates milestones by the finish of their latest predecessor, lag included', () => {
    expect(r.milestones).toEqual([
      { id: 'm1', title: 'Milestone m1', date: '2027-01-12', offset: 7, committed: '2027-01-12', late: false, marginDays: 0, slack: 3, critical: false },
      { id: 'm2', title: 'Milestone m2', date: '2027-01-15', offset: 10, committed: '2027-01-14', late: true, marginDays: -1, slack: 0, critical: true },
    ]);
  });

  it('summarises the program against its target', () => {
    expect(r.program).toEqual({
      id: 'test',
      name: 'Test program',
      start: '2027-01-04',
      finish: '2027-01-15',
      finishOffset: 10,
      target: '2027-01-12',
      late: true,
      marginDays: -3,
      levelled: false,
      today: '2027-01-01',
    });
    expect(r.criticalPath).toEqual(['a', 'b', 'd']);
    expect(r.criticalChains).toEqual([['a', 'b', 'd']]);
    expect(r.warnings).toEqual([]);
  });
});

describe('calendars', () => {
  it('skips holidays and a person\'s days off', () => {
    const r = scheduleProgram(
      makeProgram({
        program: { calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-06'] } },
        people: [makePerson('bo', { off: [{ from: '2027-01-07', to: '2027-01-08' }] })],
        items: [
          makeItem('five', { estimate: est(5) }),
          makeItem('bo-work', { estimate: est(3), owner: 'bo' }),
          makeItem('next', { estimate: est(1), after: ['bo-work'] }),
        ],
      }),
      { today: '2027-01-04' },
    );
    const s = byId(r);
    // Mon 4, Tue 5, (Wed 6 holiday) Thu 7, Fri 8, Mon 11.
    expect([s.five.start, s.five.finish, s.five.ef]).toEqual(['2027-01-04', '2027-01-11', 5]);
    // bo works Mon 4, Tue 5, is off Thu 7 and Fri 8, and finishes Mon 11: 3 days of work, finish moves out.
    expect([s['bo-work'].start, s['bo-work'].finish, s['bo-work'].es, s['bo-work'].ef]).toEqual(['2027-01-04', '2027-01-11', 0, 5]);
    expect([s.next.start, s.next.es]).toEqual(['2027-01-12', 5]);
    expect(r.levelled).toBe(false);
  });

  it('handles fractional days', () => {
    const r = scheduleProgram(
      makeProgram({
        items: [
          makeItem('a', { estimate: est(0.5) }),
          makeItem('b', { estimate: est(0.5), after: ['a'] }),
          makeItem('c', { estimate: est(1), after: ['b'] }),
          makeItem('z', { estimate: est(0) }),
        ],
      }),
      { today: '2027-01-04' },
    );
    const s = byId(r);
    expect([s.a.es, s.a.ef, s.a.start, s.a.finish]).toEqual([0, 0.5, '2027-01-04', '2027-01-04']);
    expect([s.b.es, s.b.ef, s.b.start, s.b.finish]).toEqual([0.5, 1, '2027-01-04', '2027-01-04']);
    expect([s.c.es, s.c.ef, s.c.start, s.c.finish]).toEqual([1, 2, '2027-01-05', '2027-01-05']);
    expect([s.z.es, s.z.ef, s.z.start, s.z.finish, s.z.slack]).toEqual([0, 0, '2027-01-04', '2027-01-04', 2]);
    expect(r.program.finishOffset).toBe(2);
  });
});

describe('item status', () => {
  it('uses actual dates for done and doing items and the data date for open ones', () => {
    // Today is Monday 2027-01-11, offset 5.
    const r = scheduleProgram(
      makeProgram({
        items: [
          makeItem('a', { estimate: est(3), status: 'done', started: '2027-01-04', finished: '2027-01-06' }),
          makeItem('b', { estimate: est(5), remaining: est(2), status: 'doing', started: '2027-01-07', after: ['a'] }),
          makeItem('c', { estimate: est(1), after: ['b'] }),
          makeItem('d', { estimate: est(1) }),
          makeItem('e', { estimate: est(1), after: ['a'] }),
          makeItem('f', { estimate: est(2), status: 'done', finished: '2027-01-06' }),
          makeItem('g', { estimate: est(1), status: 'blocked' }),
        ],
      }),
      { today: '2027-01-11' },
    );
    const s = byId(r);
    expect(pick(s.a)).toEqual({ start: '2027-01-04', finish: '2027-01-06', es: 0, ef: 3, ls: 4, lf: 7, slack: 4, critical: false });
    expect(pick(s.b)).toEqual({ start: '2027-01-07', finish: '2027-01-12', es: 3, ef: 7, ls: 3, lf: 7, slack: 0, critical: true });
    expect(s.b.duration).toBe(2);
    expect(pick(s.c)).toEqual({ start: '2027-01-13', finish: '2027-01-13', es: 7, ef: 8, ls: 7, lf: 8, slack: 0, critical: true });
    expect([s.d.start, s.d.es, s.d.slack]).toEqual(['2027-01-11', 5, 2]);
    expect([s.e.es, s.e.slack]).toEqual([5, 2]);
    expect([s.f.start, s.f.finish, s.f.es, s.f.ef, s.f.critical]).toEqual(['2027-01-05', '2027-01-06', 1, 3, false]);
    expect([s.g.es, s.g.status]).toEqual([5, 'blocked']);
    expect(r.criticalPath).toEqual(['b', 'c']);
  });

  it('leaves cut items out and drops dependencies through them, with a warning', () => {
    const r = scheduleProgram(
      makeProgram({
        items: [
          makeItem('a', { estimate: est(2) }),
          makeItem('b', { estimate: est(5), status: 'cut', after: ['a'] }),
          makeItem('c', { estimate: est(1), after: ['b'], loc: { file: 'p.yaml', line: 9, col: 5 } }),
        ],
        milestones: [makeMilestone('m', { after: ['b'] })],
      }),
      { today: '2027-01-04' },
    );
    expect(r.items.map((i) => i.id)).toEqual(['a', 'c']);
    expect(byId(r).c.es).toBe(0);
    expect(r.milestones[0]).toMatchObject({ id: 'm', date: '2027-01-04', offset: 0 });
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([
      ['dependency-on-cut-item', 9],
      ['dependency-on-cut-item', undefined],
    ]);
    expect(r.warnings[0].message).toBe('item c depends on b, which is cut; that dependency is dropped');
  });

  it('schedules an item without estimate as zero days, with a warning', () => {
    const r = scheduleProgram(makeProgram({ items: [makeItem('a', { estimate: undefined })] }), { today: '2027-01-04' });
    expect([r.items[0].es, r.items[0].ef]).toEqual([0, 0]);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-estimate']);
  });

  it('ignores a cross-program dependency outside a portfolio, with a warning', () => {
    const r = scheduleProgram(makeProgram({ items: [makeItem('a', { after: [dep('x', 0, 'other')] })] }), { today: '2027-01-04' });
    expect(r.items[0].es).toBe(0);
    expect(r.warnings.map((w) => w.code)).toEqual(['cross-program-dependency']);
  });
});

describe('levelling', () => {
  const twoForBo = makeProgram({
    people: [makePerson('bo')],
    items: [makeItem('a', { estimate: est(2), owner: 'bo' }), makeItem('b', { estimate: est(2), owner: 'bo' })],
  });

  it('levels automatically when a person is double-booked', () => {
    const r = scheduleProgram(twoForBo, { today: '2027-01-04' });
    const s = byId(r);
    expect(r.levelled).toBe(true);
    expect(r.program.levelled).toBe(true);
    expect(pick(s.a)).toEqual({ start: '2027-01-04', finish: '2027-01-05', es: 0, ef: 2, ls: 0, lf: 2, slack: 0, critical: true });
    expect(pick(s.b)).toEqual({ start: '2027-01-06', finish: '2027-01-07', es: 2, ef: 4, ls: 2, lf: 4, slack: 0, critical: true });
    expect([s.b.delayedBy, s.b.delayedByResource]).toEqual([2, 'bo']);
    expect(s.a.delayedBy).toBeUndefined();
    expect(r.criticalChains).toEqual([['a', 'b']]);
  });

  it('--no-level gives the pure dependency schedule', () => {
    const r = scheduleProgram(twoForBo, { today: '2027-01-04', level: false });
    expect(r.items.map((i) => [i.es, i.ef])).toEqual([[0, 2], [0, 2]]);
    expect(r.levelled).toBe(false);
  });

  it('does not level when nothing is over capacity (auto)', () => {
    const r = scheduleProgram(
      makeProgram({
        teams: [makeTeam('backend', 2)],
        items: [makeItem('a', { needs: { backend: 1 } }), makeItem('b', { needs: { backend: 1 } })],
      }),
      { today: '2027-01-04' },
    );
    expect(r.levelled).toBe(false);
  });

  it('respects team capacity, days off and pinned work in progress', () => {
    const r = scheduleProgram(
      makeProgram({
        teams: [makeTeam('backend', 2)],
        people: [makePerson('bo', { off: [{ from: '2027-01-05', to: '2027-01-06' }] }), makePerson('cy')],
        items: [
          makeItem('t1', { estimate: est(3), needs: { backend: 1 } }),
          makeItem('t2', { estimate: est(3), needs: { backend: 1 } }),
          makeItem('t3', { estimate: est(3), needs: { backend: 1 } }),
          makeItem('x', { estimate: est(1), owner: 'bo' }),
          makeItem('y', { estimate: est(1), owner: 'bo' }),
          makeItem('w', { estimate: est(4), remaining: est(2), owner: 'cy', status: 'doing', started: '2027-01-01' }),
          makeItem('v', { estimate: est(1), owner: 'cy' }),
        ],
      }),
      { today: '2027-01-04' },
    );
    const s = byId(r);
    expect(r.levelled).toBe(true);
    expect([s.t1.es, s.t2.es, s.t3.es]).toEqual([0, 0, 3]);
    expect([s.x.es, s.y.es, s.y.start]).toEqual([0, 3, '2027-01-07']); // bo is off Tue and Wed
    expect([s.w.start, s.w.es, s.w.ef]).toEqual(['2027-01-01', -1, 2]);
    expect([s.v.es, s.v.delayedByResource]).toEqual([2, 'cy']);
  });

  it('levels fractional days on a finer slot grid', () => {
    const r = scheduleProgram(
      makeProgram({
        people: [makePerson('bo')],
        items: [makeItem('a', { estimate: est(0.5), owner: 'bo' }), makeItem('b', { estimate: est(0.5), owner: 'bo' })],
      }),
      { today: '2027-01-04' },
    );
    expect(r.slotsPerDay).toBe(2);
    expect(r.items.map((i) => [i.es, i.ef, i.start, i.finish])).toEqual([
      [0, 0.5, '2027-01-04', '2027-01-04'],
      [0.5, 1, '2027-01-04', '2027-01-04'],
    ]);
  });
});

describe('schedulePortfolio', () => {
  const a = makeProgram({ program: { id: 'A', name: 'Alpha' }, items: [makeItem('a1', { estimate: est(3) })] });
  const b = makeProgram({
    program: { id: 'B', name: 'Beta', calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-07'] } },
    items: [makeItem('b1', { estimate: est(2), after: [dep('a1', 0, 'A')] })],
    milestones: [makeMilestone('mb', { after: ['b1'], date: '2027-01-08' })],
  });
  const c = makeProgram({
    program: { id: 'C', name: 'Gamma', start: '2027-01-03', calendar: { workdays: ['sun', 'mon', 'tue', 'wed', 'thu'], holidays: [] } },
    items: [makeItem('c1', { estimate: est(2), after: [dep('a1', 0, 'A')] })],
  });

  it('follows cross-program edges, each item on its own program\'s calendar', () => {
    const r = schedulePortfolio(makePortfolio([a, b]), { today: '2027-01-04' });
    const s = byId(r);
    expect([s['A/a1'].start, s['A/a1'].finish, s['A/a1'].es, s['A/a1'].ef]).toEqual(['2027-01-04', '2027-01-06', 0, 3]);
    // Thursday the 7th is B's holiday: b1 starts on Friday, B's offset 3, and finishes on Monday.
    expect(pick(s['B/b1'])).toEqual({ start: '2027-01-08', finish: '2027-01-11', es: 3, ef: 5, ls: 3, lf: 5, slack: 0, critical: true });
    expect(r.milestones).toEqual([
      { id: 'mb', program: 'B', title: 'Milestone mb', date: '2027-01-11', offset: 5, committed: '2027-01-08', late: true, marginDays: -1, slack: 0, critical: true },
    ]);
    expect(r.programs!.map((p) => [p.id, p.finish, p.finishOffset])).toEqual([
      ['A', '2027-01-06', 3],
      ['B', '2027-01-11', 5],
    ]);
    expect([r.program.id, r.program.finish, r.program.finishOffset]).toEqual(['portfolio', '2027-01-11', 6]);
    // a1 may finish a day late: b1 cannot work on Thursday anyway.
    expect([s['A/a1'].slack, s['A/a1'].critical]).toEqual([1, false]);
    expect(r.criticalPath).toEqual(['B/b1']);
  });

  it('leaves zero-duration items unpaused (pinned counterexample: a Saturday-only program after a Thursday-only one)', () => {
    const thu = makeProgram({
      program: { id: 'T', calendar: { workdays: ['thu'], holidays: [] } },
      items: [makeItem('t', { estimate: est(0) })],
    });
    const sat = makeProgram({
      program: { id: 'S', start: '2027-01-02', calendar: { workdays: ['sat'], holidays: [] } },
      items: [makeItem('s', { estimate: est(0), after: [dep('t', 0, 'T')] }), makeItem('w', { estimate: est(1), after: [dep('t', 0, 'T')] })],
    });
    const s = byId(schedulePortfolio(makePortfolio([thu, sat]), { today: '2027-01-01' }));
    expect(s['T/t'].start).toBe('2027-01-07');
    expect(s['S/s'].start).toBe('2027-01-07'); // no work: it sits on the hand-off day
    expect([s['S/w'].start, s['S/w'].finish]).toEqual(['2027-01-09', '2027-01-09']); // work waits for Saturday
  });

  it('pauses items on their own program\'s non-working weekdays', () => {
    const r = schedulePortfolio(makePortfolio([a, c]), { today: '2027-01-01' });
    const s = byId(r);
    // C works Sunday to Thursday: c1 works Thu 7th, skips Fri 8th and Sat, works Sun 10th.
    expect([s['C/c1'].start, s['C/c1'].finish, s['C/c1'].es, s['C/c1'].ef]).toEqual(['2027-01-07', '2027-01-10', 4, 6]);
    expect([s['A/a1'].es, s['A/a1'].ef]).toEqual([0, 3]);
    expect(r.program.start).toBe('2027-01-03');
  });
});
