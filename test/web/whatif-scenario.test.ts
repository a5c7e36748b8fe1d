/**
 * The what-if scenario helpers (web/src/whatif/scenario.ts): the ?scenario= string round trip (escaping included),
 * bad strings refused with a message, the panel's edits, the API parameters, and a drag in pixels → working days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../web/src/format.js';
import { deleteScenario, listScenarios, saveScenario, type KeyValueStore } from '../../web/src/whatif/saved.js';
import {
  addCapacity,
  describeChange,
  dragWorkingDays,
  formatScenario,
  isCut,
  isWeekday,
  parseScenario,
  setSlip,
  signedDays,
  slipOf,
  toggleCut,
  whatIfParams,
  type WhatIfChange,
} from '../../web/src/whatif/scenario.js';

describe('parseScenario / formatScenario', () => {
  it('reads the example of the brief', () => {
    expect(parseScenario('slip:PAY-2:5,cut:WEB-3,capacity:payments:+1')).toEqual({
      ok: true,
      changes: [
        { kind: 'slip', id: 'PAY-2', days: 5 },
        { kind: 'cut', id: 'WEB-3' },
        { kind: 'capacity', resource: 'payments', delta: 1 },
      ],
    });
  });

  it('tells capacity +N / -N (add) from N (set), and reads negative and fractional slips and remove', () => {
    const parsed = parseScenario('capacity:bo:-0.5,capacity:backend:4,slip:A:-2,slip:B:+1.5,remove:C');
    expect(parsed).toEqual({
      ok: true,
      changes: [
        { kind: 'capacity', resource: 'bo', delta: -0.5 },
        { kind: 'capacity', resource: 'backend', value: 4 },
        { kind: 'slip', id: 'A', days: -2 },
        { kind: 'slip', id: 'B', days: 1.5 },
        { kind: 'remove', id: 'C' },
      ],
    });
    expect(formatScenario(parsed.ok ? parsed.changes : [])).toBe('capacity:bo:-0.5,capacity:backend:4,slip:A:-2,slip:B:1.5,remove:C');
  });

  it('carries qualified ids (program/item) as they are, for a what-if across programs', () => {
    const changes: WhatIfChange[] = [
      { kind: 'slip', id: 'checkout-revamp/PAY-7', days: 10 },
      { kind: 'remove', id: 'loyalty/LOY-2' },
    ];
    expect(formatScenario(changes)).toBe('slip:checkout-revamp/PAY-7:10,remove:loyalty/LOY-2');
    expect(parseScenario('slip:checkout-revamp/PAY-7:10,remove:loyalty/LOY-2')).toEqual({ ok: true, changes });
  });

  it('escapes , : and % inside ids so any id survives the round trip', () => {
    const changes: WhatIfChange[] = [
      { kind: 'slip', id: 'a,b:c%d', days: 3 },
      { kind: 'cut', id: '%2C' },
      { kind: 'capacity', resource: 'team:x', delta: 2 },
    ];
    const text = formatScenario(changes);
    expect(text).toBe('slip:a%2Cb%3Ac%25d:3,cut:%252C,capacity:team%3Ax:+2');
    expect(parseScenario(text)).toEqual({ ok: true, changes });
  });

  it('round-trips any change list (property)', () => {
    const id = fc.string({ minLength: 1, maxLength: 8 });
    const change: fc.Arbitrary<WhatIfChange> = fc.oneof(
      fc.record({ kind: fc.constant('slip' as const), id, days: fc.integer({ min: -50, max: 50 }) }),
      fc.record({ kind: fc.constantFrom('cut' as const, 'remove' as const), id }),
      fc.record({ kind: fc.constant('capacity' as const), resource: id, delta: fc.integer({ min: -5, max: 5 }) }),
      fc.record({ kind: fc.constant('capacity' as const), resource: id, value: fc.integer({ min: 0, max: 9 }) }),
    );
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 6 }), (changes) => {
        expect(parseScenario(formatScenario(changes))).toEqual({ ok: true, changes });
      }),
    );
  });

  it('reads the empty string as no changes', () => {
    expect(parseScenario('')).toEqual({ ok: true, changes: [] });
  });

  it('refuses bad strings with a message naming the change and its shape', () => {
    expect(parseScenario('slip:PAY-2')).toEqual({ ok: false, error: "scenario change 'slip:PAY-2' must look like slip:ID:DAYS (e.g. slip:PAY-2:5)" });
    expect(parseScenario('slip:PAY-2:five')).toMatchObject({ ok: false, error: expect.stringMatching(/'slip:PAY-2:five' must look like slip:ID:DAYS/) });
    expect(parseScenario('cut:')).toMatchObject({ ok: false, error: expect.stringMatching(/must look like cut:ID/) });
    expect(parseScenario('cut:A:B')).toMatchObject({ ok: false });
    expect(parseScenario('capacity:payments:lots')).toMatchObject({ ok: false, error: expect.stringMatching(/capacity:RES:\+N/) });
    expect(parseScenario('delay:A:3')).toEqual({ ok: false, error: "scenario change 'delay:A:3' is not slip, cut, remove or capacity" });
    expect(parseScenario('slip:A:1,,cut:B')).toMatchObject({ ok: false });
    expect(parseScenario('cut:bad%zz')).toMatchObject({ ok: false });
  });
});

describe('scenario edits', () => {
  it('keeps one slip per item in place; 0 drops it', () => {
    let c: WhatIfChange[] = [{ kind: 'cut', id: 'X' }];
    c = setSlip(c, 'A', 3);
    c = setSlip(c, 'B', 1);
    c = setSlip(c, 'A', 5);
    expect(formatScenario(c)).toBe('cut:X,slip:A:5,slip:B:1');
    expect(slipOf(c, 'A')).toBe(5);
    expect(slipOf(c, 'Z')).toBe(0);
    expect(formatScenario(setSlip(c, 'A', 0))).toBe('cut:X,slip:B:1');
  });

  it('toggles a cut', () => {
    const c = toggleCut([], 'WEB-3');
    expect(isCut(c, 'WEB-3')).toBe(true);
    expect(toggleCut(c, 'WEB-3')).toEqual([]);
  });

  it('merges capacity changes for the same resource and drops a net zero', () => {
    let c = addCapacity([], 'payments', 1);
    c = addCapacity(c, 'payments', 1);
    expect(c).toEqual([{ kind: 'capacity', resource: 'payments', delta: 2 }]);
    expect(addCapacity(c, 'payments', -2)).toEqual([]);
    // A set value (capacity:RES:N) is not merged into.
    expect(addCapacity([{ kind: 'capacity', resource: 'web', value: 3 }], 'web', 1)).toHaveLength(2);
  });

  it('gives the API the CLI flags of the same changes', () => {
    const parsed = parseScenario('slip:PAY-2:5,cut:WEB-3,remove:QA-4,capacity:payments:+1,capacity:backend:4');
    expect(whatIfParams(parsed.ok ? parsed.changes : [])).toEqual({ slip: ['PAY-2=5'], cut: ['WEB-3'], remove: ['QA-4'], capacity: ['payments=+1', 'backend=4'] });
  });

  it('words changes and deltas with a true minus sign', () => {
    expect(signedDays(6)).toBe('+6 d');
    expect(signedDays(-2)).toBe('−2 d');
    expect(signedDays(0)).toBe('0 d');
    expect(signedDays(1.49)).toBe('+1.5 d');
    expect(describeChange({ kind: 'slip', id: 'PAY-2', days: 5 })).toBe('Slip PAY-2 by +5 d');
    expect(describeChange({ kind: 'capacity', resource: 'payments', delta: 1 })).toBe('Capacity of payments +1');
    expect(describeChange({ kind: 'capacity', resource: 'payments', value: 2 })).toBe('Set capacity of payments to 2');
  });
});

describe('dragWorkingDays', () => {
  const friday = dayOf('2027-01-08');

  it('knows the weekdays', () => {
    expect(isWeekday(dayOf('2027-01-04'))).toBe(true); // Monday
    expect(isWeekday(friday)).toBe(true);
    expect(isWeekday(dayOf('2027-01-09'))).toBe(false); // Saturday
    expect(isWeekday(dayOf('2027-01-10'))).toBe(false);
  });

  it('snaps to whole calendar days and counts the working days crossed', () => {
    expect(dragWorkingDays(0, 22, friday, isWeekday)).toBe(0);
    expect(dragWorkingDays(10, 22, friday, isWeekday)).toBe(0); // under half a day: no move
    expect(dragWorkingDays(66, 22, friday, isWeekday)).toBe(1); // Sat, Sun, Mon
    expect(dragWorkingDays(22 * 7, 22, friday, isWeekday)).toBe(5);
    expect(dragWorkingDays(-22, 22, friday, isWeekday)).toBe(-1); // back to Thursday
    expect(dragWorkingDays(-6 * 3, 6, dayOf('2027-01-11'), isWeekday)).toBe(-1); // Monday back to Friday
  });

  it('honours the calendar it is given (a holiday is not a working day)', () => {
    const holiday = dayOf('2027-01-11');
    expect(dragWorkingDays(22 * 4, 22, friday, (d) => isWeekday(d) && d !== holiday)).toBe(1); // Mon is off, Tue counts
  });
});

describe('saved scenarios', () => {
  const memory = (): KeyValueStore & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };

  it('saves per program, replaces a name in place, deletes, and reads garbage as none', () => {
    const store = memory();
    saveScenario(store, 'a', 'Bo full time', 'capacity:bo:+1');
    saveScenario(store, 'a', 'Slip', 'slip:PAY-2:5');
    saveScenario(store, 'b', 'Other', 'cut:X');
    expect(saveScenario(store, 'a', 'Bo full time', 'capacity:bo:+2')).toEqual([
      { name: 'Bo full time', scenario: 'capacity:bo:+2' },
      { name: 'Slip', scenario: 'slip:PAY-2:5' },
    ]);
    expect(listScenarios(store, 'b')).toEqual([{ name: 'Other', scenario: 'cut:X' }]);
    expect(deleteScenario(store, 'a', 'Slip')).toEqual([{ name: 'Bo full time', scenario: 'capacity:bo:+2' }]);
    store.data.set('vantage.scenarios.c', '{not json');
    expect(listScenarios(store, 'c')).toEqual([]);
    store.data.set('vantage.scenarios.c', '[{"name":1},{"name":"ok","scenario":"cut:Y"}]');
    expect(listScenarios(store, 'c')).toEqual([{ name: 'ok', scenario: 'cut:Y' }]);
  });
});
