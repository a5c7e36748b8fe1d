/**
 * Calibrated Monte Carlo trials (ForecastModel.calibrated) on random plans: ratios of 1 change nothing, ratios of 2
 * double the open work, and the trial-stream guarantees (same seed, any split) still hold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dep, est, est3, makeItem, makePerson, makeProgram } from '../../model/builders.js';
import type { Item, Program, Risk } from '../../model/program.js';
import { compileProgram, NODE_DOING, NODE_OPEN, type Network } from '../network.js';
import { buildForecastModel, calibratedModel, type CalibrationTable } from '../forecast/model.js';
import { summarize, splitTrials } from '../forecast/forecast.js';
import { mergeBlocks, runTrials } from '../forecast/trials.js';

const planArb = fc.record({
  items: fc.array(
    fc.record({
      likely: fc.constantFrom(0.5, 1, 2, 3, 5),
      spread: fc.constantFrom(0, 1, 4),
      dist: fc.constantFrom<'pert' | 'triangular' | 'lognormal'>('pert', 'triangular', 'lognormal'),
      deps: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
      status: fc.constantFrom<Item['status']>('todo', 'todo', 'todo', 'doing', 'done'),
      person: fc.constantFrom('none', 'p0', 'p1'),
      ws: fc.constantFrom('a', 'b'),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  risk: fc.option(fc.record({ p: fc.constantFrom(0.3, 0.7), days: fc.constantFrom(1, 3), on: fc.nat(9) }), { nil: undefined }),
  ratiosA: fc.array(fc.constantFrom(0.5, 1, 1.5, 3), { minLength: 1, maxLength: 6 }),
  ratiosB: fc.array(fc.constantFrom(0.8, 1, 2), { minLength: 1, maxLength: 6 }),
});
type Plan = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

const TODAY = '2027-01-06';

function toProgram(plan: Plan, withPeople: boolean): Program {
  const items = plan.items.map((it, i) => {
    const estimate = it.spread === 0 ? est(it.likely) : est3(it.likely, it.likely + 1, it.likely + 1 + it.spread, it.dist);
    const extra: Partial<Item> = {};
    if (it.status === 'done') Object.assign(extra, { started: '2027-01-04', finished: '2027-01-05' });
    if (it.status === 'doing') Object.assign(extra, { started: '2027-01-05', remaining: estimate });
    return makeItem(`i${i}`, {
      estimate,
      workstream: it.ws,
      status: it.status,
      needs: withPeople && it.person !== 'none' ? { [it.person]: 1 } : {},
      after: it.deps.filter((d) => i - d >= 0).map((d) => dep(`i${i - d}`)),
      ...extra,
    });
  });
  const risks: Risk[] = plan.risk
    ? [{ id: 'r', kind: 'risk', title: 'r', status: 'open', probability: plan.risk.p, impact: { days: plan.risk.days, items: [`i${plan.risk.on % items.length}`] } }]
    : [];
  return makeProgram({ items, risks, people: withPeople ? [makePerson('p0'), makePerson('p1')] : [] });
}

/** A table giving open items of workstream a the ratios `a`, of b the ratios `b`. */
function table(net: Network, a: number[], b: number[]): CalibrationTable {
  const nodeGroup = new Int32Array(net.n).fill(-1);
  for (let j = 0; j < net.nItems; j++) {
    if (net.status[j] === NODE_OPEN || net.status[j] === NODE_DOING) nodeGroup[j] = net.items[j]?.workstream === 'a' ? 0 : 1;
  }
  return { nodeGroup, groupStart: Int32Array.from([0, a.length, a.length + b.length]), ratios: Float64Array.from([...[...a].sort((x, y) => x - y), ...[...b].sort((x, y) => x - y)]) };
}

const TRIALS = 40;

describe('calibrated trials', () => {
  it('with every ratio 1 give exactly the uncalibrated trials (dependency-only and levelled)', () => {
    fc.assert(
      fc.property(planArb, fc.boolean(), fc.integer({ min: 1, max: 1000 }), (plan, level, seed) => {
        const net = compileProgram(toProgram(plan, level), { today: TODAY });
        const info = buildForecastModel(net, { level });
        const ones = new Array<number>(plan.items.length).fill(1);
        const plain = runTrials(info.model, 0, TRIALS, seed);
        const calibrated = runTrials(calibratedModel(info.model, table(net, ones, ones)), 0, TRIALS, seed);
        expect(calibrated).toEqual(plain);
        const pct = (block: typeof plain) => summarize(net, info, block, { seed }).program.levels;
        expect(pct(calibrated)).toEqual(pct(plain));
      }),
      { numRuns: 60 },
    );
  });

  it('with every ratio 2 double the open work: each finish is twice as far past the status date', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 1000 }), (plan, seed) => {
        // Open work only, no risks (risk days are not scaled) and no people (no pauses): exact doubling.
        const open = { ...plan, risk: undefined, items: plan.items.map((it) => ({ ...it, status: 'todo' as const })) };
        const net = compileProgram(toProgram(open, false), { today: TODAY });
        const info = buildForecastModel(net, { level: false });
        const twos = new Array<number>(plan.items.length).fill(2);
        const plain = runTrials(info.model, 0, TRIALS, seed);
        const doubled = runTrials(calibratedModel(info.model, table(net, twos, twos)), 0, TRIALS, seed);
        const release = net.todayOffset;
        for (let t = 0; t < TRIALS; t++) {
          expect(doubled.finish[t] - release).toBeCloseTo(2 * (plain.finish[t] - release), 9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('give the same result for every split of the trials and on every run', () => {
    fc.assert(
      fc.property(planArb, fc.boolean(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 1000 }), (plan, level, parts, seed) => {
        const net = compileProgram(toProgram(plan, level), { today: TODAY });
        const info = buildForecastModel(net, { level });
        const model = calibratedModel(info.model, table(net, plan.ratiosA, plan.ratiosB));
        const whole = runTrials(model, 0, TRIALS, seed);
        const split = mergeBlocks(splitTrials(TRIALS, parts).map(([from, to]) => runTrials(model, from, to, seed)));
        expect(split).toEqual(whole);
        expect(runTrials(model, 0, TRIALS, seed)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('scale each open item by a ratio of its own group', () => {
    // One open item in workstream a, ratios {3}: its sampled work is always 3 times the fixed estimate.
    const program = makeProgram({ items: [makeItem('x', { workstream: 'a', estimate: est(2) })] });
    const net = compileProgram(program, { today: '2027-01-04' });
    const info = buildForecastModel(net, { level: false });
    const block = runTrials(calibratedModel(info.model, table(net, [3], [1])), 0, 10, 1);
    expect(Array.from(block.finish)).toEqual(new Array(10).fill(6));
  });

  it('rejects a table built for another network', () => {
    const net = compileProgram(makeProgram({ items: [makeItem('x', { estimate: est(2) })] }), { today: '2027-01-04' });
    const info = buildForecastModel(net, { level: false });
    expect(() => calibratedModel(info.model, { nodeGroup: new Int32Array(5), groupStart: Int32Array.from([0, 1]), ratios: Float64Array.from([1]) })).toThrow(
      /another network/,
    );
  });
});
