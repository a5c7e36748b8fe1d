/** The Forecast and Risks tabs' pure helpers: date ticks, the S-curve step path, tornado bars, register order, heat level. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOfDay } from '../../web/src/format.js';
import { dateTicks, linear, probabilityBy, stepPath, tornadoBars } from '../../web/src/forecast/chart-geometry.js';
import { compareRisks, draftRisk, exposureText, heatLevel } from '../../web/src/risks/register-order.js';
import type { RegisterRisk } from '../../web/src/types.js';

describe('dateTicks', () => {
  it('gives Mondays over a short span and month starts over a long one', () => {
    expect(dateTicks(dayOf('2027-02-10'), dayOf('2027-03-05'))).toEqual(['2027-02-15', '2027-02-22', '2027-03-01']);
    expect(dateTicks(dayOf('2026-12-20'), dayOf('2027-04-02'))).toEqual(['2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01']);
  });

  it('stays inside the span, in order, a handful at most', () => {
    fc.assert(
      fc.property(fc.integer({ min: 19_000, max: 22_000 }), fc.integer({ min: 0, max: 400 }), (d0, span) => {
        const ticks = dateTicks(d0, d0 + span).map(dayOf);
        expect(ticks.every((t) => t >= d0 && t <= d0 + span)).toBe(true);
        expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
        expect(ticks.length).toBeLessThanOrEqual(14);
      }),
    );
  });
});

describe('stepPath and probabilityBy', () => {
  const curve = [
    { date: '2027-03-10', probability: 0.9 },
    { date: '2027-03-01', probability: 0.4 },
    { date: '2027-03-20', probability: 1 },
  ];
  const x = linear(dayOf('2027-03-01'), dayOf('2027-03-20'), 0, 190);
  const y = linear(0, 1, 100, 0);

  it('steps up at each date in date order, from the baseline', () => {
    expect(stepPath(curve, x, y)).toBe('M0,100H0V60H90V10H190V0');
    expect(stepPath([], x, y)).toBe('');
  });

  it('reads the probability by a date off the curve', () => {
    expect(probabilityBy(curve, '2027-02-28')).toBe(0);
    expect(probabilityBy(curve, '2027-03-15')).toBe(0.9);
    expect(probabilityBy(curve, '2027-04-01')).toBe(1);
  });

  it('never goes down (a cumulative probability)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 30 }), (offsets) => {
        const days = [...new Set(offsets)].sort((a, b) => a - b);
        const pts = days.map((d, i) => ({ date: isoOfDay(20_000 + d), probability: (i + 1) / days.length }));
        const ys = [...stepPath(pts, (d) => d, y).matchAll(/V(-?[\d.]+)/g)].map((m) => Number(m[1]));
        for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeLessThanOrEqual(ys[i - 1]); // up the page = higher probability
      }),
    );
  });
});

describe('tornadoBars', () => {
  it('keeps the order given and scales the longest to the full width', () => {
    const { bars, maxDays } = tornadoBars(
      [
        { id: 'R3', title: 'a', days: 5 },
        { id: 'R1', title: 'b', days: 3 },
        { id: 'R2', title: 'c', days: 0 },
      ],
      200,
      20,
    );
    expect(maxDays).toBe(5);
    expect(bars.map((b) => [b.id, b.width, b.y])).toEqual([
      ['R3', 200, 0],
      ['R1', 120, 20],
      ['R2', 0, 40],
    ]);
  });
});

function risk(id: string, over: Partial<RegisterRisk> = {}): RegisterRisk {
  return { id, title: id, kind: 'risk', status: 'open', exposure: 0, exposureUnit: 'days', reviewOverdue: false, triggerFired: false, missingOwner: false, missingMitigation: false, active: true, probability: 0.5, ...over };
}

describe('register order', () => {
  // The checkout demo's register: a severity score of 3 must not outrank 3.02 working days, and closed comes last.
  const demo = [risk('A1', { active: false, exposureUnit: 'severity', probability: 0.1 }), risk('I1', { exposure: 3, exposureUnit: 'severity', probability: 1 }), risk('R2'), risk('R3', { exposure: 3.01, probability: 0.2 }), risk('R1', { exposure: 3.02, probability: 0.3 })];

  it('sorts by exposure: days before severity before closed, highest first; ascending reverses it', () => {
    expect([...demo].sort((a, b) => compareRisks(a, b, 'exposure', true)).map((r) => r.id)).toEqual(['R1', 'R3', 'R2', 'I1', 'A1']);
    expect([...demo].sort((a, b) => compareRisks(a, b, 'exposure', false)).map((r) => r.id)).toEqual(['A1', 'I1', 'R2', 'R3', 'R1']);
    expect([...demo].sort((a, b) => compareRisks(a, b, 'probability', true)).map((r) => r.id)).toEqual(['I1', 'R2', 'R1', 'R3', 'A1']);
    expect([...demo].sort((a, b) => compareRisks(a, b, 'id', false)).map((r) => r.id)).toEqual(['A1', 'I1', 'R1', 'R2', 'R3']);
  });

  it('puts the highest active exposure in days first for any register', () => {
    const arb = fc.array(
      fc.record({ exposure: fc.double({ min: 0, max: 100, noNaN: true }), days: fc.boolean(), active: fc.boolean() }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const risks = specs.map((s, i) => risk(`R${i}`, { exposure: s.exposure, exposureUnit: s.days ? 'days' : 'severity', active: s.active }));
        const sorted = [...risks].sort((a, b) => compareRisks(a, b, 'exposure', true));
        const eligible = risks.filter((r) => r.active && r.exposureUnit === 'days');
        if (eligible.length > 0) expect(sorted[0].exposure).toBe(Math.max(...eligible.map((r) => r.exposure)));
        expect(sorted.findIndex((r) => !r.active) === -1 || sorted.slice(sorted.findIndex((r) => !r.active)).every((r) => !r.active)).toBe(true);
      }),
    );
  });

  it('writes exposure with its unit', () => {
    expect(exposureText(risk('R1', { exposure: 3.021 }))).toBe('3.02 d');
    expect(exposureText(risk('I1', { exposure: 3, exposureUnit: 'severity' }))).toBe('3 sev');
    expect(exposureText(risk('A1', { active: false }))).toBe('— (closed)');
    expect(exposureText(risk('R9', { probability: undefined }))).toBe('— (no probability)');
  });

  it('tints heat-map cells by probability band × impact band', () => {
    expect([heatLevel(1, 4), heatLevel(1, 5), heatLevel(3, 3), heatLevel(4, 3), heatLevel(5, 5)]).toEqual(['low', 'medium', 'medium', 'high', 'high']);
  });

  it('drafts a risk from a finding with the smallest free id and an owner only when a person', () => {
    const f = { rule: 'ageing-wip', key: 'ageing-wip:WEB-3', message: 'WEB-3 is old', action: 'Swarm on WEB-3', people: ['cs-lead', 'eli'] };
    expect(draftRisk(f, [{ entryId: 'R1' }, { entryId: 'R2' }, { entryId: 'R4' }, { entryId: 'I1' }], new Set(['eli']))).toEqual({
      id: 'R3',
      kind: 'risk',
      title: 'WEB-3 is old',
      status: 'open',
      owner: 'eli',
      mitigation: 'Swarm on WEB-3',
      'x-rule': 'ageing-wip',
      'x-finding': 'ageing-wip:WEB-3',
    });
    expect(draftRisk(f, [], new Set())).not.toHaveProperty('owner');
  });
});
