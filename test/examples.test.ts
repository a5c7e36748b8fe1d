/**
 * The examples are the demo users see first: every one must check clean, schedule, and produce the JSON shape other
 * tools rely on (issue 3). The levelled schedule of the big example is checked by an independent day-by-day count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './cli.js';
import { loadFile } from '../src/io/yaml/load.js';
import { createCalendar } from '../src/engine/calendar.js';
import { dayNumber } from '../src/engine/dates.js';
import type { Program } from '../src/model/program.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const TODAY = '2026-11-25';

const run = (argv: string[]) => runCli(['--today', TODAY, ...argv]);

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ScheduleJson = z.object({
  program: z.object({ id: z.string(), start: iso, finish: iso, finishOffset: z.number() }),
  items: z.array(
    z.object({
      id: z.string(),
      program: z.string().optional(),
      start: iso,
      finish: iso,
      es: z.number(),
      ef: z.number(),
      ls: z.number(),
      lf: z.number(),
      slack: z.number(),
      critical: z.boolean(),
    }),
  ),
  milestones: z.array(z.object({ id: z.string(), date: iso, offset: z.number() })),
  criticalPath: z.array(z.string()),
});

const files = readdirSync(examples).filter((f) => f.endsWith('.yaml'));

describe('examples', () => {
  it('has the big example and a portfolio', () => {
    expect(files).toContain('checkout.vantage.yaml');
    expect(files).toContain('commerce.portfolio.yaml');
  });

  for (const file of files) {
    it(`${file} checks clean and schedules to the documented JSON shape`, async () => {
      const checked = await run(['check', join(examples, file)]);
      expect(checked.code).toBe(0);
      const scheduled = await run(['schedule', join(examples, file), '--format', 'json']);
      expect(scheduled.code).toBe(0);
      const json = ScheduleJson.parse(JSON.parse(scheduled.out));
      const maxEf = Math.max(...json.items.map((i) => i.ef));
      expect(json.program.finishOffset).toBeGreaterThanOrEqual(maxEf);
      // In a portfolio, ids are unique per program and the critical path names them `<program>/<item>`.
      const key = (i: { id: string; program?: string }) => (i.program && file.includes('portfolio') ? `${i.program}/${i.id}` : i.id);
      const critical = new Set(json.items.filter((i) => i.critical).map(key));
      for (const id of json.criticalPath) expect(critical.has(id)).toBe(true);
      expect(json.criticalPath.length).toBeGreaterThan(0);
    });
  }

  it('the big example has 40+ items, several workstreams, limited capacity, holidays, committed milestones, risks, objectives', async () => {
    const { value } = await loadFile(join(examples, 'checkout.vantage.yaml'));
    expect(value?.kind).toBe('program');
    const p = (value as { program: Program }).program;
    expect(p.items.length).toBeGreaterThanOrEqual(40);
    expect(p.workstreams.length).toBeGreaterThanOrEqual(4);
    expect(p.teams.length).toBeGreaterThan(0);
    expect(p.program.calendar.holidays.length).toBeGreaterThan(0);
    expect(p.milestones.filter((m) => m.date).length).toBeGreaterThanOrEqual(3);
    expect(p.risks.length).toBeGreaterThan(0);
    expect(p.objectives.length).toBeGreaterThan(0);
  });

  it('the levelled schedule of the big example respects dependencies, working days and every capacity (independent count)', async () => {
    const { value } = await loadFile(join(examples, 'checkout.vantage.yaml'));
    const p = (value as { program: Program }).program;
    const { out } = await run(['schedule', join(examples, 'checkout.vantage.yaml'), '--format', 'json']);
    const json = ScheduleJson.parse(JSON.parse(out));
    const byId = new Map(json.items.map((i) => [i.id, i]));
    const cal = createCalendar(p.program.calendar, p.program.start);
    const capacity = new Map<string, number>([
      ...p.people.map((x) => [x.id, x.capacity] as const),
      ...p.teams.map((t) => [t.id, t.capacity] as const),
    ]);
    const use = new Map<string, number>();
    for (const item of p.items) {
      const s = byId.get(item.id);
      if (!s || item.status === 'cut') continue;
      for (const dep of item.after) {
        const pred = byId.get(dep.id);
        if (pred && item.status !== 'done' && item.status !== 'doing') expect(s.es).toBeGreaterThanOrEqual(pred.ef + dep.lag - 1e-9);
      }
      expect(cal.isWorkingDay(dayNumber(s.start))).toBe(true);
      expect(cal.isWorkingDay(dayNumber(s.finish))).toBe(true);
      if (item.status === 'done') continue; // finished work uses no future capacity
      // Only future days count: in-progress work is pinned and may overlap what is past.
      for (let d = Math.floor(s.es); d < Math.ceil(s.ef); d++) {
        const date = cal.dateAt(d);
        if (date < TODAY) continue;
        const personOff = (id: string) =>
          p.people.find((x) => x.id === id)?.off.some((r) => r.from <= date && date <= r.to) ?? false;
        for (const [res, units] of Object.entries(item.needs)) {
          if (personOff(res)) continue; // the item is paused while its person is away
          const key = `${res}@${d}`;
          use.set(key, (use.get(key) ?? 0) + units);
        }
      }
    }
    const over = [...use].filter(([key, u]) => u > (capacity.get(key.split('@')[0]) ?? Infinity) + 1e-9);
    expect(over).toEqual([]);
  });

  it('renders the big example as CSV and as a Mermaid gantt', async () => {
    const csv = await run(['schedule', join(examples, 'checkout.vantage.yaml'), '--format', 'csv']);
    const [header, ...rows] = csv.out.trim().split('\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['kind', 'id', 'start', 'finish', 'es', 'ef', 'slack', 'critical']));
    expect(rows.filter((r) => r.startsWith('item,'))).toHaveLength(49);
    expect(rows.filter((r) => r.startsWith('milestone,'))).toHaveLength(5);
    const mermaid = await run(['schedule', join(examples, 'checkout.vantage.yaml'), '--format', 'mermaid']);
    expect(mermaid.out).toMatch(/^gantt\n/);
    expect(mermaid.out).toContain('dateFormat YYYY-MM-DD');
    expect(mermaid.out).toMatch(/crit/);
  });

  it('fmt is stable on every example (formatting twice changes nothing)', async () => {
    const { formatProgramText } = await import('../src/io/yaml/format.js');
    for (const file of files) {
      const text = readFileSync(join(examples, file), 'utf8');
      const once = formatProgramText(text, file).text;
      expect(once).toBeDefined();
      expect(formatProgramText(once!, file).text).toBe(once);
    }
  });
});
