import { describe, expect, it } from 'vitest';
import { dep, est, est3, makeItem, makeMilestone, makePerson, makePortfolio, makeProgram, makeTeam } from '../../model/builders.js';
import type { Item, Program, Risk } from '../../model/program.js';
import { compileProgram } from '../network.js';
import { buildForecastModel, forecastPortfolio, forecastProgram, splitTrials } from './forecast.js';
import { quantileSorted } from './summary.js';
import { mergeBlocks, runTrials, type TrialBlock } from './trials.js';

// Monday 2027-01-04 is offset 0; the status date is before it, so open work starts at offset 0.
const TODAY = '2027-01-01';

function risk(id: string, probability: number, days: number, items: string[]): Risk {
  return { id, kind: 'risk', title: `Risk ${id}`, probability, impact: { days, items }, status: 'open' };
}

/** Raw trials of a program (offsets in working days from its start). */
function trialsOf(program: Program, trials: number, seed = 7): { block: TrialBlock; sorted: Float64Array } {
  const info = buildForecastModel(compileProgram(program, { today: TODAY }));
  const block = runTrials(info.model, 0, trials, seed);
  return { block, sorted: Float64Array.from(block.finish).sort() };
}

// --- Independent reference distributions (not the engine's tables) ----------------------------------------------

/** Quantile of beta(a, b) by Simpson integration of the density on a fine grid, then bisection on the CDF. */
function betaQuantile(a: number, b: number, p: number): number {
  const steps = 20_000;
  const f = (x: number): number => Math.pow(x, a - 1) * Math.pow(1 - x, b - 1);
  const cdf = new Float64Array(steps + 1);
  const h = 1 / steps;
  for (let i = 0; i < steps; i++) {
    const x0 = i * h;
    cdf[i + 1] = cdf[i] + (h / 6) * (f(x0) + 4 * f(x0 + h / 2) + f(x0 + h));
  }
  const target = p * cdf[steps];
  let i = 0;
  while (cdf[i + 1] < target) i++;
  return (i + (target - cdf[i]) / (cdf[i + 1] - cdf[i])) * h;
}

function pertQuantile(low: number, likely: number, high: number, p: number): number {
  const r = high - low;
  return low + r * betaQuantile(1 + (4 * (likely - low)) / r, 1 + (4 * (high - likely)) / r, p);
}

function triangularQuantile(low: number, likely: number, high: number, p: number): number {
  const c = (likely - low) / (high - low);
  return p < c ? low + Math.sqrt(p * (high - low) * (likely - low)) : high - Math.sqrt((1 - p) * (high - low) * (high - likely));
}

/** Standard error of the empirical p-quantile: sqrt(p(1-p)/N) / density at the quantile (density by finite difference). */
function quantileSe(q: (p: number) => number, p: number, n: number): number {
  const dp = 0.002;
  const density = (2 * dp) / (q(p + dp) - q(p - dp));
  return Math.sqrt((p * (1 - p)) / n) / density;
}

describe('sampling matches the analytic distributions', () => {
  const N = 20_000;
  const levels = [0.05, 0.25, 0.5, 0.85, 0.95];

  it('a single pert item: percentiles within 4 standard errors of the beta-PERT quantiles', () => {
    const { sorted } = trialsOf(makeProgram({ items: [makeItem('a', { estimate: est3(2, 4, 12) })] }), N);
    for (const p of levels) {
      const q = (x: number): number => pertQuantile(2, 4, 12, x);
      expect(Math.abs(quantileSorted(sorted, p) - q(p))).toBeLessThan(4 * quantileSe(q, p, N));
    }
  });

  it('a single triangular item: percentiles within 4 standard errors of the closed-form quantiles', () => {
    const { sorted } = trialsOf(makeProgram({ items: [makeItem('a', { estimate: est3(1, 2, 9, 'triangular') })] }), N);
    for (const p of levels) {
      const q = (x: number): number => triangularQuantile(1, 2, 9, x);
      expect(Math.abs(quantileSorted(sorted, p) - q(p))).toBeLessThan(4 * quantileSe(q, p, N));
    }
  });

  it('a lognormal item has low and high near its 5th and 95th percentiles, and an unbounded right tail', () => {
    const { sorted } = trialsOf(makeProgram({ items: [makeItem('a', { estimate: est3(2, 4, 8, 'lognormal') })] }), N);
    expect(quantileSorted(sorted, 0.05)).toBeCloseTo(2, 1);
    expect(quantileSorted(sorted, 0.5)).toBeCloseTo(4, 1);
    expect(quantileSorted(sorted, 0.95)).toBeCloseTo(8, 0);
    expect(sorted[sorted.length - 1]).toBeGreaterThan(8);
  });

  it('a fixed estimate stays fixed', () => {
    const { sorted } = trialsOf(makeProgram({ items: [makeItem('a', { estimate: est(3) })] }), 200);
    expect(sorted[0]).toBe(3);
    expect(sorted[199]).toBe(3);
  });
});

describe('schedules and critical paths per trial', () => {
  it('a chain of 50 equal independent items has its P50 near the sum of the means, and every item is critical', () => {
    const items: Item[] = [];
    for (let i = 0; i < 50; i++) items.push(makeItem(`t${i}`, { estimate: est3(2, 4, 12), after: i > 0 ? [`t${i - 1}`] : [] }));
    const N = 10_000;
    const { block, sorted } = trialsOf(makeProgram({ items }), N);
    // Mean of PERT(2, 4, 12) = (2 + 16 + 12) / 6 = 5; the sum's SD is about 12, so its median's SE is about 0.15.
    expect(Math.abs(quantileSorted(sorted, 0.5) - 250)).toBeLessThan(1);
    expect([...block.critical]).toEqual(new Array(50).fill(N));
  });

  it('two equal parallel branches are each critical about half the time', () => {
    const program = makeProgram({
      items: [
        makeItem('a1', { estimate: est3(2, 4, 9) }),
        makeItem('a2', { estimate: est3(2, 4, 9), after: ['a1'] }),
        makeItem('b1', { estimate: est3(2, 4, 9) }),
        makeItem('b2', { estimate: est3(2, 4, 9), after: ['b1'] }),
      ],
    });
    const r = forecastProgram(program, { today: TODAY, trials: 10_000, seed: 3 });
    for (const item of r.items) expect(Math.abs(item.criticality - 0.5)).toBeLessThan(0.03);
    // A branch is critical as a whole: the two items of a branch share the same count.
    expect(r.items[0].criticality).toBe(r.items[1].criticality);
    expect(r.items[0].criticality + r.items[2].criticality).toBeCloseTo(1, 6);
  });

  it('lags, the data date and people days off move the finish as the critical-path method does', () => {
    // b waits 2 days after a; the owner is off Mon-Tue of the second week, so b (2d) runs Wed-Thu.
    const program = makeProgram({
      items: [makeItem('a', { estimate: est(3) }), makeItem('b', { estimate: est(2), owner: 'cy', after: [dep('a', 2)] })],
      people: [makePerson('cy', { off: [{ from: '2027-01-11', to: '2027-01-12' }] })],
    });
    const r = forecastProgram(program, { today: TODAY, trials: 50 });
    expect(r.program.levels.map((q) => q.date)).toEqual(['2027-01-14', '2027-01-14', '2027-01-14']);
    expect(r.program.deterministic).toBe('2027-01-14');
    // a could slip 2 days without moving b, which waits for its owner anyway: slack 2, never critical.
    expect(r.items.map((i) => i.criticality)).toEqual([0, 1]);
  });

  it('items sharing one person are levelled in every trial, and the resource link makes both critical', () => {
    const program = makeProgram({
      items: [makeItem('a', { estimate: est3(2, 3, 6), owner: 'cy' }), makeItem('b', { estimate: est3(2, 3, 6), owner: 'cy' })],
      people: [makePerson('cy')],
    });
    const r = forecastProgram(program, { today: TODAY, trials: 2000 });
    expect(r.levelled).toBe(true);
    expect(r.items.map((i) => i.criticality)).toEqual([1, 1]);
    // Levelled, the finish is the sum of the two (at least 4 days); never the max of two parallel items.
    const info = buildForecastModel(compileProgram(program, { today: TODAY }));
    const block = runTrials(info.model, 0, 500, 1);
    for (const f of block.finish) expect(f).toBeGreaterThanOrEqual(4);
    const free = runTrials(buildForecastModel(compileProgram(program, { today: TODAY }), { level: false }).model, 0, 500, 1);
    let longer = 0;
    for (let t = 0; t < 500; t++) if (block.finish[t] > free.finish[t] + 0.5) longer++;
    expect(longer).toBeGreaterThan(450);
  });

  it('a team with room for both runs them side by side: no levelling, and criticality splits', () => {
    const program = makeProgram({
      items: [makeItem('a', { estimate: est3(2, 3, 6), needs: { web: 1 } }), makeItem('b', { estimate: est3(2, 3, 6), needs: { web: 1 } })],
      teams: [makeTeam('web', 2)],
    });
    const r = forecastProgram(program, { today: TODAY, trials: 4000 });
    expect(r.levelled).toBe(false);
    expect(r.items[0].criticality + r.items[1].criticality).toBeCloseTo(1, 6);
  });

  it('done items keep their dates and are never critical; doing items sample their remaining work', () => {
    const program = makeProgram({
      items: [
        makeItem('done', { estimate: est(5), status: 'done', started: '2027-01-04', finished: '2027-01-08' }),
        makeItem('doing', { estimate: est(20), remaining: est3(1, 2, 3), status: 'doing', started: '2027-01-11' }),
        makeItem('next', { estimate: est(1), after: ['done', 'doing'] }),
      ],
    });
    const info = buildForecastModel(compileProgram(program, { today: '2027-01-13' }));
    const block = runTrials(info.model, 0, 2000, 5);
    const sorted = Float64Array.from(block.finish).sort();
    // Remaining work from Wednesday 13th (offset 7): 1..3 days, then `next` 1 day.
    expect(sorted[0]).toBeGreaterThanOrEqual(7 + 1 + 1);
    expect(sorted[1999]).toBeLessThanOrEqual(7 + 3 + 1);
    expect([...block.critical]).toEqual([0, 2000, 2000]);
  });
});

describe('risks', () => {
  const chain = (risks: Risk[]): Program =>
    makeProgram({
      program: { target: '2027-02-26' },
      items: [makeItem('a', { estimate: est3(3, 5, 10) }), makeItem('b', { estimate: est3(2, 4, 8), after: ['a'] })],
      milestones: [makeMilestone('m', { after: ['b'], date: '2027-01-29' })],
      risks,
    });

  it('a risk with probability 1 shifts every percentile by its days (same draws otherwise)', () => {
    // The near-zero risk draws its uniform too, so both runs sample the same durations.
    const base = forecastProgram(chain([risk('R', 1e-12, 4, ['a'])]), { today: TODAY, trials: 3000, percentiles: [0.1, 0.7] });
    const hit = forecastProgram(chain([risk('R', 1, 4, ['a'])]), { today: TODAY, trials: 3000, percentiles: [0.1, 0.7] });
    const shift = (a: string, b: string): number => {
      // Working days between two dates of this Monday-Friday calendar without holidays.
      let d = 0;
      for (let x = new Date(`${a}T00:00:00Z`); x < new Date(`${b}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + 1)) {
        if (x.getUTCDay() !== 0 && x.getUTCDay() !== 6) d++;
      }
      return d;
    };
    expect(base.program.levels.length).toBe(5);
    for (let k = 0; k < base.program.levels.length; k++) {
      expect(shift(base.program.levels[k].date, hit.program.levels[k].date)).toBe(4);
      expect(shift(base.milestones[0].levels[k].date, hit.milestones[0].levels[k].date)).toBe(4);
    }
    expect(hit.risks).toEqual([{ id: 'R', title: 'Risk R', probability: 1, impactDays: 4, days: 4, meanDays: 4 }]);
    expect(base.risks[0].days).toBe(0);
  });

  it('ranks risks by the days they add at the confidence level (tornado), with common random numbers', () => {
    const r = forecastProgram(
      chain([risk('small', 0.5, 1, ['b']), risk('big', 0.5, 8, ['a']), risk('off-path', 1, 5, []), { ...risk('closed', 1, 9, ['a']), status: 'closed' }]),
      { today: TODAY, trials: 4000 },
    );
    expect(r.risks.map((x) => x.id)).toEqual(['big', 'small']);
    // Half the trials take 8 days longer: P85 moves by 8 less the spread between the base P70 and P85.
    expect(r.risks[0].days).toBeGreaterThanOrEqual(5);
    expect(r.risks[0].days).toBeLessThanOrEqual(8);
    expect(r.risks[0].meanDays).toBeCloseTo(4, 0);
    expect(r.risks[1].days).toBeLessThanOrEqual(1);
  });

  it('probabilities of meeting the target and the committed milestone date', () => {
    const r = forecastProgram(chain([]), { today: TODAY, trials: 4000 });
    // a + b take 5..18 working days: always done by 26 Feb (offset 40), the milestone (29 Jan, offset 20) too.
    expect(r.program.probabilityOnTarget).toBe(1);
    expect(r.milestones[0].probabilityOnDate).toBe(1);
    const tight = forecastProgram(chain([]), { today: TODAY, trials: 4000 });
    const sorted = tight.program.sCurve;
    expect(sorted[sorted.length - 1].probability).toBe(1);
    expect(tight.program.histogram.reduce((s, h) => s + h.count, 0)).toBe(4000);
    // The S-curve at the P50 date reaches at least 0.5, and the day before stays below.
    const p50 = tight.program.levels[0].date;
    const at = sorted.findIndex((x) => x.date === p50);
    expect(sorted[at].probability).toBeGreaterThanOrEqual(0.5);
    if (at > 0) expect(sorted[at - 1].probability).toBeLessThan(0.5);
  });
});

describe('reproducibility', () => {
  const program = makeProgram({
    items: [
      makeItem('a', { estimate: est3(1, 3, 8), owner: 'cy' }),
      makeItem('b', { estimate: est3(2, 3, 5, 'triangular'), owner: 'cy' }),
      makeItem('c', { estimate: est3(1, 2, 6, 'lognormal'), after: ['a'], needs: { web: 2 } }),
      makeItem('d', { estimate: est3(1, 2, 3), after: ['b'], needs: { web: 1 } }),
    ],
    people: [makePerson('cy', { off: [{ from: '2027-01-13', to: '2027-01-14' }] })],
    teams: [makeTeam('web', 2)],
    milestones: [makeMilestone('m', { after: ['c', 'd'] })],
    risks: [risk('R', 0.4, 3, ['c'])],
  });

  for (const level of [false, true]) {
    it(`any split of the trials merges to the same result (${level ? 'levelled' : 'dependencies only'})`, () => {
      const info = buildForecastModel(compileProgram(program, { today: TODAY }), { level });
      const whole = runTrials(info.model, 0, 1000, 11);
      for (const parts of [2, 3, 7]) {
        const blocks = splitTrials(1000, parts).map(([from, to]) => runTrials(info.model, from, to, 11));
        expect(mergeBlocks(blocks.reverse())).toEqual(whole);
      }
      // Another seed gives other draws.
      expect(runTrials(info.model, 0, 1000, 12).finish).not.toEqual(whole.finish);
    });
  }

  it('the same seed gives the same forecast; a portfolio too', () => {
    expect(forecastProgram(program, { today: TODAY, trials: 500, seed: 4 })).toEqual(forecastProgram(program, { today: TODAY, trials: 500, seed: 4 }));
    const other = makeProgram({ program: { id: 'other', name: 'Other' }, items: [makeItem('x', { estimate: est3(1, 2, 4), after: [dep('a', 0, 'test')] })] });
    const pf = makePortfolio([program, other]);
    const a = forecastPortfolio(pf, { today: TODAY, trials: 300, seed: 2 });
    expect(a).toEqual(forecastPortfolio(pf, { today: TODAY, trials: 300, seed: 2 }));
    expect(a.programs!.map((p) => p.id)).toEqual(['test', 'other']);
    expect(a.items.map((i) => `${i.program}/${i.id}`)).toEqual(['test/a', 'test/b', 'test/c', 'test/d', 'other/x']);
  });

  it('splitTrials tiles [0, trials) and mergeBlocks refuses gaps', () => {
    expect(splitTrials(10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
    expect(splitTrials(2, 5)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    const info = buildForecastModel(compileProgram(program, { today: TODAY }));
    expect(() => mergeBlocks([runTrials(info.model, 0, 5, 1), runTrials(info.model, 6, 9, 1)])).toThrow(/do not tile/);
  });
});

describe('portfolio', () => {
  it('forecasts programs together across their dependencies and reports each', () => {
    const a = makeProgram({ program: { id: 'pa', name: 'A', target: '2027-01-29' }, items: [makeItem('x', { estimate: est3(4, 5, 9) })] });
    const b = makeProgram({
      program: { id: 'pb', name: 'B' },
      items: [makeItem('y', { estimate: est(2), after: [dep('x', 0, 'pa')] })],
      risks: [risk('R', 1, 3, ['y'])],
    });
    const r = forecastPortfolio(makePortfolio([a, b]), { today: TODAY, trials: 2000 });
    const [pa, pb] = r.programs!;
    expect(pa.probabilityOnTarget).toBe(1);
    // y starts after x everywhere: B's finish is A's plus exactly 2 + 3 working days.
    const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    for (let k = 0; k < 3; k++) expect(day(pb.levels[k].date)).toBeGreaterThan(day(pa.levels[k].date));
    expect(r.program.id).toBe('portfolio');
    expect(r.program.levels).toEqual(pb.levels);
    expect(r.risks).toEqual([{ id: 'R', program: 'pb', title: 'Risk R', probability: 1, impactDays: 3, days: 3, meanDays: 3 }]);
  });
});
