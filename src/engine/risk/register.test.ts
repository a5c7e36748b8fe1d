import { describe, expect, it } from 'vitest';
import { est, makeItem, makePerson, makeProgram } from '../../model/builders.js';
import type { Risk } from '../../model/program.js';
import { forecastProgram } from '../forecast/forecast.js';
import { impactBand, probabilityBand, riskRegister } from './register.js';

const TODAY = '2027-01-04';
const risk = (id: string, o: Partial<Risk>): Risk => ({ id, kind: 'risk', title: `Risk ${id}`, status: 'open', ...o });

// One 10-day item; four risks checked by hand below.
const program = makeProgram({
  people: [makePerson('ana')],
  items: [makeItem('a', { owner: 'ana', estimate: est(10) })],
  risks: [
    risk('R1', { probability: 0.3, impact: { days: 10, items: ['a'] }, owner: 'ana', mitigation: 'Sign early', trigger: 'No contract by 2027-01-02', review: '2027-01-10' }),
    risk('R2', { probability: 0.6, severity: 4, review: '2027-01-01' }),
    risk('R3', { probability: 0.9, impact: { days: 20, items: ['a'] }, status: 'closed', review: '2026-12-01' }),
    risk('I1', { kind: 'issue', status: 'occurred', severity: 2, owner: 'ana', mitigation: 'Escalated' }),
    risk('R5', { probability: 0.05, impact: { days: 10, items: ['a'] }, owner: 'ana', mitigation: 'Watch', trigger: 'Vendor silent by 2027-03-01' }),
  ],
});

describe('riskRegister', () => {
  it('computes exposure, heat cells and flags by hand (no forecast: impact.days)', () => {
    const r = riskRegister(program, undefined, TODAY);
    // Days first by exposure (R1 0.3 x 10 = 3, R5 0.05 x 10 = 0.5), then severity scores (R2 0.6 x 4 = 2.4, I1 1 x 2 = 2), closed last.
    expect(r.risks.map((e) => [e.id, e.exposure, e.exposureUnit])).toEqual([
      ['R1', 3, 'days'],
      ['R5', 0.5, 'days'],
      ['R2', 2.4, 'severity'],
      ['I1', 2, 'severity'],
      ['R3', 0, 'days'],
    ]);
    const byId = new Map(r.risks.map((e) => [e.id, e]));
    expect(byId.get('R1')!.heat).toEqual({ probability: 2, impact: 3 });
    expect(byId.get('R2')!.heat).toEqual({ probability: 4, impact: 4 });
    expect(byId.get('I1')!.heat).toEqual({ probability: 5, impact: 2 });
    expect(byId.get('R3')!.heat).toBeUndefined();
    expect(r.heatMap[1][2]).toEqual(['R1']);
    expect(r.heatMap[0][2]).toEqual(['R5']);
    expect(r.heatMap[3][3]).toEqual(['R2']);
    expect(r.heatMap[4][1]).toEqual(['I1']);
    expect(r.heatMap.flat().flat()).toHaveLength(4);
    expect(r.firedTriggers).toEqual(['R1']);
    expect(byId.get('R1')!.triggerDate).toBe('2027-01-02');
    expect(byId.get('R5')!.triggerFired).toBe(false);
    expect(r.overdueReviews).toEqual(['R2']); // R3's review is older, but R3 is closed
    expect(r.missingOwner).toEqual(['R2']);
    expect(r.missingMitigation).toEqual(['R2']);
  });

  it('takes schedule days from the forecast tornado: a likely risk moves P85, an unlikely one does not', () => {
    const forecast = forecastProgram(program, { today: TODAY, trials: 2000, seed: 1 });
    const r = riskRegister(program, forecast, TODAY);
    const byId = new Map(r.risks.map((e) => [e.id, e]));
    // R1 happens in 30% of trials (> 15%): P85 moves by its full 10 days; R5 (5%) leaves P85 where it was.
    expect(byId.get('R1')).toMatchObject({ scheduleDays: 10 });
    // Exposure is the expected delay (the forecast's mean), not probability x the tornado bar: about 0.3 x 10 days
    // when the risk's item is critical, and exactly the forecast's meanDays.
    const sampled = forecast.risks.find((x) => x.id === 'R1')!;
    expect(byId.get('R1')!.exposure).toBe(Math.round(sampled.meanDays * 100) / 100);
    expect(byId.get('R1')!.exposure).toBeGreaterThan(2);
    expect(byId.get('R1')!.exposure).toBeLessThan(4);
    expect(byId.get('R5')).toMatchObject({ scheduleDays: 0, heat: { probability: 1, impact: 3 } });
    // ...but it still has an expected delay: about 0.05 x 10 days, though it never moves the P85 date.
    expect(byId.get('R5')!.exposure).toBeGreaterThan(0.2);
    expect(byId.get('R5')!.exposure).toBeLessThan(0.8);
  });

  it('bands probabilities and impacts at the documented edges', () => {
    expect([0, 0.1, 0.11, 0.3, 0.5, 0.7, 0.71, 1].map(probabilityBand)).toEqual([1, 1, 2, 2, 3, 4, 5, 5]);
    expect([0, 2, 2.5, 5, 10, 20, 21].map(impactBand)).toEqual([1, 1, 2, 2, 3, 4, 5]);
  });
});
