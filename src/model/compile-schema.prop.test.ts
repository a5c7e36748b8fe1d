/**
 * The compiled check must give zod's answer (with `x-` keys allowed): on random program documents, mostly almost
 * valid, with one or two things wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compileCheck } from './compile-schema.js';
import { ItemDoc, PortfolioDocSchema, ProgramDocSchema, RiskDoc } from './schema.js';

type Issue = z.core.$ZodIssue;

/** zod accepts the value, apart from `x-` keys (which the loader allows everywhere). */
function zodAccepts(schema: z.ZodType, value: unknown): boolean {
  const r = schema.safeParse(value);
  return r.success || r.error.issues.every(ignorable);
}
function ignorable(i: Issue): boolean {
  if (i.code === 'unrecognized_keys') return i.keys.every((k) => k.startsWith('x-'));
  if (i.code === 'invalid_union') return i.errors.some((branch) => branch.every(ignorable));
  return false;
}

const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -20, max: 20 }), fc.double(), fc.string({ maxLength: 4 }), fc.constant([]), fc.constant({}), fc.constant([1, 'a']));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(fc.oneof({ arbitrary: a, weight: 8 }, { arbitrary: junk, weight: 1 }), { nil: undefined, freq: 3 });
const id = fc.constantFrom('a', 'PAY-1', 'x.y_z', 'a b', '', 'web/UI-2', 'a/b/c');
const date = fc.constantFrom('2027-01-04', '2028-02-29', '2027-02-30', '2027-1-4', 'soon');
const duration = fc.oneof(fc.constantFrom('3d', '4h', '2w', '3x', '-1d', '1.5w', 'five'), fc.double({ min: -2, max: 20 }));
const estimate = fc.oneof(duration, fc.record({ low: duration, likely: duration, high: duration, dist: maybe(fc.constantFrom('pert', 'triangular', 'lognormal', 'normal')) }, { requiredKeys: [] }));
const extra = fc.dictionary(fc.constantFrom('x-a', 'x-jira', 'estimte', 'colour'), junk, { maxKeys: 1 });

const item = fc
  .tuple(
    fc.record(
      {
        id,
        title: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
        owner: maybe(id),
        needs: maybe(fc.dictionary(fc.constantFrom('bo', 'backend'), fc.oneof(fc.double({ min: -1, max: 4 }), fc.constant('1')))),
        estimate: maybe(estimate),
        after: maybe(fc.oneof(id, fc.array(fc.oneof(id, fc.record({ id, lag: maybe(duration) }, { requiredKeys: ['id'] })), { maxLength: 3 }))),
        must: maybe(fc.boolean()),
        value: maybe(fc.double({ min: 0, max: 12 })),
        impact: maybe(fc.double({ min: 0, max: 4 })),
        status: maybe(fc.constantFrom('todo', 'doing', 'done', 'blocked', 'cut', 'finish')),
        started: maybe(date),
        tags: maybe(fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 })),
        links: maybe(fc.dictionary(fc.constantFrom('jira', 'github'), fc.oneof(fc.string(), fc.integer()))),
      },
      { requiredKeys: ['id', 'title'] },
    ),
    extra,
  )
  .map(([a, b]) => ({ ...a, ...b }));

const risk = fc.record(
  {
    id,
    probability: maybe(fc.double({ min: -0.5, max: 1.5 })),
    severity: maybe(fc.integer({ min: 0, max: 6 })),
    impact: maybe(fc.record({ days: maybe(duration), items: maybe(fc.array(id, { maxLength: 2 })) }, { requiredKeys: [] })),
    status: maybe(fc.constantFrom('open', 'closed', 'done')),
  },
  { requiredKeys: ['id'] },
);

const program = fc
  .tuple(
    fc.record(
      {
        vantage: fc.constantFrom(1, 1, 1, 2),
        program: fc.record({ id, start: date, confidence: maybe(fc.double({ min: 0, max: 1.2 })), calendar: maybe(fc.record({ workdays: maybe(fc.array(fc.constantFrom('mon', 'fri', 'tues'), { maxLength: 2 })) }, { requiredKeys: [] })) }, { requiredKeys: ['id', 'start'] }),
        items: maybe(fc.array(item, { maxLength: 4 })),
        risks: maybe(fc.array(risk, { maxLength: 2 })),
        history: maybe(fc.oneof(fc.constant('done.csv'), fc.array(fc.record({ id: fc.oneof(id, fc.integer()), finished: maybe(date) }, { requiredKeys: ['id'] }), { maxLength: 2 }))),
        rules: maybe(fc.dictionary(fc.string({ maxLength: 3 }), junk, { maxKeys: 2 })),
      },
      { requiredKeys: ['vantage', 'program'] },
    ),
    extra,
  )
  .map(([a, b]) => ({ ...a, ...b }));

describe('compileCheck', () => {
  it('agrees with zod on random program documents', () => {
    const check = compileCheck(ProgramDocSchema);
    let valid = 0;
    fc.assert(
      fc.property(program, (doc) => {
        const expected = zodAccepts(ProgramDocSchema, doc);
        if (expected) valid++;
        expect(check(doc)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(20); // both answers are exercised
  });

  it('agrees with zod on items, risks and portfolios', () => {
    fc.assert(fc.property(item, (v) => { expect(compileCheck(ItemDoc)(v)).toBe(zodAccepts(ItemDoc, v)); }), { numRuns: 2000 });
    fc.assert(fc.property(risk, (v) => { expect(compileCheck(RiskDoc)(v)).toBe(zodAccepts(RiskDoc, v)); }), { numRuns: 1000 });
    const portfolio = fc.record({ vantage: fc.constantFrom(1, 2), portfolio: fc.record({ id, name: maybe(fc.string()) }, { requiredKeys: ['id'] }), programs: fc.oneof(fc.array(fc.oneof(fc.string(), fc.integer())), junk) });
    fc.assert(fc.property(portfolio, (v) => { expect(compileCheck(PortfolioDocSchema)(v)).toBe(zodAccepts(PortfolioDocSchema, v)); }), { numRuns: 500 });
  });

  it('accepts x- keys and rejects unknown ones, at any depth', () => {
    const check = compileCheck(ProgramDocSchema);
    const base = { vantage: 1, program: { id: 'p', start: '2027-01-04' } };
    expect(check({ ...base, 'x-a': 1, items: [{ id: 'a', title: 'A', 'x-b': 2, estimate: { low: 1, likely: 1, high: 1, 'x-c': 3 } }] })).toBe(true);
    expect(check({ ...base, items: [{ id: 'a', title: 'A', estimte: 2 }] })).toBe(false);
    expect(check({ ...base, items: [{ id: 'a', title: 'A', estimate: { low: 1, likly: 1, high: 1 } }] })).toBe(false);
  });
});
