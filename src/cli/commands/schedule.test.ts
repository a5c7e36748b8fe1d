/** `vantage schedule` end to end through main(), on small files written to a temporary folder. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli, scratch } from '../../../test/cli.js';

const { dir, file } = scratch('vantage-schedule-');

const run = (args: string[]) => runCli(['--today', '2027-01-04', ...args]);

const shop = file(
  'shop.vantage.yaml',
  `vantage: 1
program:
  id: shop
  name: Shop
  start: 2027-01-04
  target: 2027-01-08
people:
  - {id: bo, name: Bo}
items:
  - {id: A, title: First, estimate: 2, owner: bo}
  - {id: B, title: Second, estimate: 2, owner: bo}
  - {id: C, title: Third, estimate: 1d, after: [A, {id: B, lag: 1}]}
milestones:
  - {id: done, title: Done, after: [C], date: 2027-01-08}
`,
);

describe('vantage schedule', () => {
  it('levels by default when a person is double-booked (json)', async () => {
    const r = await run(['schedule', shop, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as { program: Record<string, unknown>; items: { id: string; es: number; ef: number; finish: string }[]; milestones: unknown[]; criticalPath: string[] };
    // B goes first (its lag to C would otherwise cost a day): the levelling search finds the 5-day schedule.
    expect(s.program).toMatchObject({ id: 'shop', start: '2027-01-04', finish: '2027-01-08', finishOffset: 5, levelled: true, late: false, marginDays: 0 });
    expect(s.items.map((i) => [i.id, i.es, i.ef])).toEqual([['A', 2, 4], ['B', 0, 2], ['C', 4, 5]]);
    expect(s.milestones).toEqual([{ id: 'done', title: 'Done', date: '2027-01-08', offset: 5, committed: '2027-01-08', late: false, marginDays: 0, slack: 0, critical: true }]);
    expect(s.criticalPath).toEqual(['B', 'A', 'C']);
  });

  it('--no-level gives the dependency-only schedule (table)', async () => {
    const r = await run(['schedule', shop, '--no-level']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Shop (shop): schedule, dependencies only, status date 2027-01-04');
    expect(r.out).toContain('2027-01-04 -> 2027-01-07 (4 working days); target 2027-01-08: on time, 1 working day to spare');
    expect(r.out).toMatch(/\*\s+C\s+Third\s+2027-01-07\s+2027-01-07\s+1\s+0\s+todo/);
  });

  it('writes csv and mermaid', async () => {
    const csv = await run(['schedule', shop, '--format', 'csv']);
    expect(csv.out.split('\r\n')[3]).toBe('item,C,Third,todo,,,2027-01-08,2027-01-08,4,5,4,5,0,0,true,1,1,,');
    const mermaid = await run(['schedule', shop, '--format', 'mermaid']);
    expect(mermaid.out.startsWith('gantt\n    title Shop\n    dateFormat YYYY-MM-DD\n')).toBe(true);
    expect(mermaid.out).toContain('    C Third :crit, C, 2027-01-08, 2027-01-09\n');
  });

  it('schedules a portfolio with a cross-program dependency', async () => {
    file('a.vantage.yaml', 'vantage: 1\nprogram: {id: a, name: Alpha, start: 2027-01-04}\nitems:\n  - {id: X, title: Base, estimate: 3}\n');
    file('b.vantage.yaml', 'vantage: 1\nprogram: {id: b, name: Beta, start: 2027-01-04}\nitems:\n  - {id: Y, title: On top, estimate: 2, after: [a/X]}\n');
    const folio = file('all.vantage.yaml', 'vantage: 1\nportfolio: {id: all, name: All}\nprograms: [a.vantage.yaml, b.vantage.yaml]\n');
    const r = await run(['schedule', folio, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as { programs: { id: string; finish: string }[]; items: { program: string; id: string; start: string }[]; criticalPath: string[] };
    expect(s.programs.map((p) => [p.id, p.finish])).toEqual([['a', '2027-01-06'], ['b', '2027-01-08']]);
    expect(s.items.map((i) => [i.program, i.id, i.start])).toEqual([['a', 'X', '2027-01-04'], ['b', 'Y', '2027-01-07']]);
    expect(s.criticalPath).toEqual(['a/X', 'b/Y']);
  });

  it('refuses bad options and bad files with the right exit codes', async () => {
    expect((await run(['schedule', shop, '--schedules', 'many'])).code).toBe(2);
    expect((await run(['schedule', shop, '--format', 'xml'])).code).toBe(2);
    const bad = file('bad.vantage.yaml', 'vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}\nitems:\n  - {id: A, title: A, after: [Z]}\n');
    const r = await run(['schedule', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.vantage.yaml:4');
    expect((await run(['schedule', join(dir, 'missing.yaml')])).code).toBe(3);
  });
});
