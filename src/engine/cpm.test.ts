import { describe, expect, it } from 'vitest';
import { criticalPathMethod, finishAfter, latestStartBefore, skipPauses } from './cpm.js';
import { compileProgram } from './network.js';
import { dep, est, makeItem, makePerson, makeProgram } from '../model/builders.js';

const P = Int32Array.from([2, 4, 6, 7]); // paused on days 2, 3 and 6

describe('pause arithmetic', () => {
  it('skips pauses at the start', () => {
    expect(skipPauses(P, 1.5)).toBe(1.5);
    expect(skipPauses(P, 2)).toBe(4);
    expect(skipPauses(P, 3.5)).toBe(4);
    expect(skipPauses(P, 6)).toBe(7);
    expect(skipPauses(P, 9)).toBe(9);
  });

  it('finishes work around pauses', () => {
    expect(finishAfter(P, 0, 2)).toBe(2);
    expect(finishAfter(P, 0, 3)).toBe(5);
    expect(finishAfter(P, 1.5, 1)).toBe(4.5);
    expect(finishAfter(P, 4, 3)).toBe(8);
    expect(finishAfter(null, 4, 3)).toBe(7);
    expect(finishAfter(P, 4, 0)).toBe(4);
  });

  it('finds the latest start that finishes by a time', () => {
    expect(latestStartBefore(P, 5, 3)).toBe(0);
    expect(latestStartBefore(P, 4, 1)).toBe(1); // finishing by 4 means by 2: the pause is idle
    expect(latestStartBefore(P, 3, 1)).toBe(1);
    expect(latestStartBefore(P, 8, 3)).toBe(4);
    expect(latestStartBefore(P, 4.5, 1)).toBe(1.5);
    expect(latestStartBefore(null, 4.5, 1)).toBe(3.5);
  });

  it('round-trips: work started at the latest start finishes by the bound', () => {
    for (let f = 0; f <= 12; f += 0.5) {
      for (const d of [0.5, 1, 2, 3.5]) {
        const s = latestStartBefore(P, f, d);
        expect(finishAfter(P, skipPauses(P, s), d)).toBeLessThanOrEqual(f + 1e-9);
        // and one step later would not
        expect(finishAfter(P, skipPauses(P, s + 0.25), d)).toBeGreaterThan(f - 1e-9);
      }
    }
  });
});

describe('critical path method', () => {
  it('computes early and late dates, slack and free slack by hand', () => {
    const net = compileProgram(
      makeProgram({
        items: [
          makeItem('a', { estimate: est(3) }),
          makeItem('b', { estimate: est(2), after: [dep('a', 2)] }),
          makeItem('c', { estimate: est(4) }),
          makeItem('d', { estimate: est(1), after: ['b', 'c'] }),
          makeItem('e', { estimate: est(2), after: ['a'] }),
        ],
      }),
      { today: '2027-01-04' },
    );
    const t = criticalPathMethod(net);
    expect(Array.from(t.es)).toEqual([0, 5, 0, 7, 3]);
    expect(Array.from(t.ef)).toEqual([3, 7, 4, 8, 5]);
    expect(Array.from(t.lf)).toEqual([3, 7, 7, 8, 8]);
    expect(Array.from(t.ls)).toEqual([0, 5, 3, 7, 6]);
    expect(Array.from(t.slack)).toEqual([0, 0, 3, 0, 3]);
    // e could slip 3 days without moving anything; a has no free slack (b starts right after its lag).
    expect(Array.from(t.freeSlack)).toEqual([0, 0, 3, 0, 3]);
    expect(Array.from(t.critical)).toEqual([1, 1, 0, 1, 0]);
    expect(t.finish).toBe(8);
  });

  it('moves work around a person\'s days off in both passes', () => {
    // bo is off Tue 5th and Wed 6th (offsets 1, 2).
    const net = compileProgram(
      makeProgram({
        people: [makePerson('bo', { off: [{ from: '2027-01-05', to: '2027-01-06' }] })],
        items: [
          makeItem('x', { estimate: est(3), owner: 'bo' }),
          makeItem('y', { estimate: est(1), after: ['x'] }),
          makeItem('z', { estimate: est(1) }),
          makeItem('v', { estimate: est(1), owner: 'bo', after: ['z'] }),
        ],
      }),
      { today: '2027-01-04' },
    );
    const t = criticalPathMethod(net);
    expect(Array.from(t.es)).toEqual([0, 5, 0, 3]); // v would start on day 1: bo is off, so day 3
    expect(Array.from(t.ef)).toEqual([5, 6, 1, 4]);
    expect(Array.from(t.ls)).toEqual([0, 5, 4, 5]);
    expect(t.critical[0]).toBe(1);
  });
});
