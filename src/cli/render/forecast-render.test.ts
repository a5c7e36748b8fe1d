import { describe, expect, it } from 'vitest';
import type { ForecastResult } from '../../engine/forecast/summary.js';
import { longDate, percent, shortDate, foldHistogram } from './forecast-common.js';
import { forecastJson, levelKey } from './forecast-json.js';
import { renderForecastMd } from './forecast-md.js';
import { renderForecastText } from './forecast-text.js';

const result: ForecastResult = {
  program: {
    id: 'shop',
    name: 'Shop',
    start: '2027-01-04',
    levels: [
      { level: 0.5, date: '2027-05-03' },
      { level: 0.85, date: '2027-05-12' },
      { level: 0.95, date: '2027-05-20' },
    ],
    confidence: 0.85,
    atConfidence: '2027-05-12',
    target: '2027-04-30',
    probabilityOnTarget: 0.61,
    deterministic: '2027-04-21',
    meanOffset: 84.5,
    histogram: [
      { date: '2027-04-29', count: 300 },
      { date: '2027-05-03', count: 500 },
      { date: '2027-05-20', count: 200 },
    ],
    sCurve: [
      { date: '2027-04-29', probability: 0.3 },
      { date: '2027-05-03', probability: 0.8 },
      { date: '2027-05-20', probability: 1 },
    ],
  },
  milestones: [
    {
      id: 'beta',
      title: 'Beta | 5%',
      levels: [
        { level: 0.5, date: '2027-03-01' },
        { level: 0.85, date: '2027-03-08' },
        { level: 0.95, date: '2027-03-10' },
      ],
      date: '2027-03-05',
      probabilityOnDate: 0.7,
      deterministic: '2027-02-26',
    },
  ],
  items: [
    { id: 'A', title: 'Design', criticality: 1 },
    { id: 'B', title: 'Build', criticality: 0.42 },
    { id: 'C', title: 'Docs', criticality: 0 },
  ],
  risks: [{ id: 'R1', title: 'Vendor late', probability: 0.3, impactDays: 10, days: 6, meanDays: 2.5 }],
  trials: 1000,
  seed: 1,
  percentiles: [0.5, 0.85, 0.95],
  levelled: false,
  today: '2027-01-04',
  warnings: [],
};

describe('forecast renderers', () => {
  it('the terminal headline reads like a sentence', () => {
    const text = renderForecastText(result, { color: false });
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Shop (shop): forecast, 1,000 trials, seed 1, dependencies only (no resource over capacity), status date 2027-01-04',
      '85% likely by 12 May 2027 · 61% chance of the 30 Apr target',
      '  P50 3 May 2027 · P85 12 May 2027 · P95 20 May 2027',
      '  plan at likely estimates: 21 Apr 2027',
    ]);
    expect(text).toContain('  beta  P50 2027-03-01  P85 2027-03-08  P95 2027-03-10  70% chance of 2027-03-05');
    expect(text).toContain('  A    100%  ████████████████████  Design\n  B     42%  ████████              Build\n');
    expect(text).not.toMatch(/ C {2}/);
    expect(text).toContain('  R1    +6d  ████████████████████  Vendor late (30% × 10d, mean +2.5d)');
    expect(renderForecastText(result, { color: true })).toContain('\u001b[33m85% likely');
  });

  it('Markdown escapes table cells and lists the tornado', () => {
    const md = renderForecastMd(result);
    expect(md).toContain('| beta: Beta \\| 5% | 2027-03-01 | 2027-03-08 | 2027-03-10 | 2027-03-05 | 70% |');
    expect(md).toContain('| R1 | +6d | +2.5d | 30% | 10d | Vendor late |');
    expect(md).toContain('| Shop | 2027-05-03 | 2027-05-12 | 2027-05-20 | 2027-04-21 | 2027-04-30 | 61% |');
  });

  it('JSON has the flat percentile keys and nulls for missing dates', () => {
    const j = forecastJson({ ...result, milestones: [{ ...result.milestones[0], date: undefined, probabilityOnDate: undefined }] });
    expect(j.program).toMatchObject({ p50: '2027-05-03', p85: '2027-05-12', p95: '2027-05-20', target: '2027-04-30', probabilityOnTarget: 0.61 });
    expect((j.milestones as Record<string, unknown>[])[0]).toMatchObject({ id: 'beta', date: null, probabilityOnDate: null });
    expect(j.percentiles).toEqual([50, 85, 95]);
    expect(levelKey(0.975)).toBe('p97.5');
  });

  it('formats dates and shares', () => {
    expect(longDate('2027-05-12')).toBe('12 May 2027');
    expect(shortDate('2027-04-30', '2027-05-12')).toBe('30 Apr');
    expect(shortDate('2028-01-03', '2027-12-30')).toBe('3 Jan 2028');
    expect([0, 0.0004, 0.004, 0.5, 0.996, 0.9999, 1].map(percent)).toEqual(['0%', '<0.1%', '0.4%', '50%', '99.6%', '>99.9%', '100%']);
    expect(foldHistogram(result.program.histogram, 2)).toEqual([
      { from: '2027-04-29', to: '2027-05-03', count: 800 },
      { from: '2027-05-20', to: '2027-05-20', count: 200 },
    ]);
  });
});
