import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { est3, makeItem, makeMilestone, makePerson, makeProgram } from '../../model/builders.js';
import type { Item, Program } from '../../model/program.js';
import { RULE_IDS } from '../../model/risk-rules.js';
import { isoDate, dayNumber } from '../dates.js';
import { forecastProgram } from '../forecast/forecast.js';
import { scheduleProgram } from '../schedule.js';
import { detectRisks } from './detect.js';

const PEOPLE = ['ana', 'bo', 'cy'];
const START = dayNumber('2027-01-04');
const day = (offset: number): string => isoDate(START + offset);

const itemArb = fc.record({
  owner: fc.option(fc.constantFrom(...PEOPLE), { nil: undefined }),
  low: fc.integer({ min: 1, max: 5 }),
  spread: fc.integer({ min: 0, max: 20 }),
  status: fc.constantFrom('todo', 'todo', 'doing', 'blocked'),
  startedAgo: fc.integer({ min: 1, max: 60 }),
  external: fc.boolean(),
  pred: fc.option(fc.nat(), { nil: undefined }),
});

const programArb = fc
  .record({
    items: fc.array(itemArb, { minLength: 1, maxLength: 6 }),
    offFrom: fc.integer({ min: 0, max: 20 }),
    offLength: fc.integer({ min: 0, max: 6 }),
    milestoneDay: fc.integer({ min: 1, max: 60 }),
    lastUpdateAgo: fc.integer({ min: 0, max: 40 }),
    history: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
  })
  .map((g): Program => {
    const items: Item[] = g.items.map((x, i) =>
      makeItem(`I${i}`, {
        owner: x.owner,
        estimate: est3(x.low, x.low + x.spread / 2, x.low + x.spread),
        status: x.status as Item['status'],
        ...(x.status === 'todo' ? {} : { started: day(-x.startedAgo) }),
        tags: x.external ? ['external'] : [],
        after: x.pred === undefined || i === 0 ? [] : [`I${x.pred % i}`],
      }),
    );
    return makeProgram({
      program: { tpm: 'ana', target: day(g.milestoneDay) },
      people: PEOPLE.map((id) => makePerson(id, id === 'bo' ? { off: [{ from: day(g.offFrom), to: day(g.offFrom + g.offLength) }] } : {})),
      items,
      milestones: [makeMilestone('m', { after: [items[items.length - 1].id], date: day(g.milestoneDay) })],
      stakeholders: [{ id: 'exec', name: 'Exec', caresAbout: [], cadence: 'weekly', lastUpdate: day(-g.lastUpdateAgo) }],
      objectives: [{ id: 'o', title: 'O', weight: 1 }],
      history: g.history.map((d, i) => ({ id: `H${i}`, started: '2026-06-01', finished: isoDate(dayNumber('2026-06-01') + d - 1) })),
    });
  });

function detect(program: Program) {
  const today = '2027-01-04';
  const schedule = scheduleProgram(program, { today });
  const forecast = forecastProgram(program, { today, trials: 200, seed: 7 });
  return detectRisks({ program, schedule, forecast, snapshots: [], today });
}

describe('detectRisks (properties)', () => {
  it('is deterministic for a seed, sorted, with unique keys and only known ids', () => {
    fc.assert(
      fc.property(programArb, (program) => {
        const a = detect(program);
        expect(JSON.stringify(detect(program))).toBe(JSON.stringify(a));
        for (let k = 1; k < a.length; k++) {
          const prev = ['high', 'medium', 'low'].indexOf(a[k - 1].severity) * 100 + RULE_IDS.indexOf(a[k - 1].rule);
          const cur = ['high', 'medium', 'low'].indexOf(a[k].severity) * 100 + RULE_IDS.indexOf(a[k].rule);
          expect(prev).toBeLessThanOrEqual(cur);
        }
        expect(new Set(a.map((f) => f.key)).size).toBe(a.length);
        const known = new Set([...program.items.map((i) => i.id), 'm']);
        const who = new Set([...PEOPLE, 'exec']);
        for (const f of a) {
          for (const id of f.items) expect(known.has(id)).toBe(true);
          for (const id of f.people) expect(who.has(id)).toBe(true);
          expect(f.message.length).toBeGreaterThan(0);
          expect(f.action.length).toBeGreaterThan(0);
        }
        // An objective without a metric is always found.
        expect(a.some((f) => f.rule === 'objective-no-metric' && f.subject === 'o')).toBe(true);
      }),
      { numRuns: 30, seed: 42 },
    );
  });
});
