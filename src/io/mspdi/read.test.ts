import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../model/diagnostic.js';
import { parseProgram } from '../yaml/load.js';
import { programText } from './program-text.js';
import { readMspdi } from './read.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../../../test/fixtures/mspdi');
const benchdata = process.env.MSPDI_DATA ?? resolve(here, '../../../../shared/benchdata/mspdi');
const hasBenchdata = existsSync(benchdata);
if (!hasBenchdata) console.warn(`SKIPPED: MSPDI sample files not found at ${benchdata} (set MSPDI_DATA)`);

/** The file's tasks read with plain regular expressions, independently of the importer. */
function xmlTasks(text: string): { uid: string; summary: boolean; isNull: boolean; level: number; durationMin?: number; preds: { uid: string; lag: number; format: number }[] }[] {
  const blocks = text.match(/<Task>[\s\S]*?<\/Task>/g) ?? [];
  return blocks.map((b) => {
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(b)?.[1];
    const d = /^<Duration>PT(\d+)H(\d+)M(\d+)S<\/Duration>$/m.exec(b.replace(/^\s+/gm, ''));
    return {
      uid: tag('UID')!,
      summary: tag('Summary') === '1',
      isNull: tag('IsNull') === '1',
      level: Number(tag('OutlineLevel') ?? 1),
      durationMin: d ? Number(d[1]) * 60 + Number(d[2]) + Number(d[3]) / 60 : undefined,
      preds: (b.match(/<PredecessorLink>[\s\S]*?<\/PredecessorLink>/g) ?? []).map((l) => ({
        uid: /<PredecessorUID>(\d+)</.exec(l)![1],
        lag: Number(/<LinkLag>(-?\d+)</.exec(l)?.[1] ?? 0),
        format: Number(/<LagFormat>(\d+)</.exec(l)?.[1] ?? 7),
      })),
    };
  });
}

type Entry = { id: string; after?: (string | { id: string; lag: number })[]; links?: { mspdi: string }; 'x-mspdi'?: string; estimate?: unknown };

describe.skipIf(!hasBenchdata)('MSPDI sample files (../shared/benchdata/mspdi)', () => {
  const files = hasBenchdata ? readdirSync(benchdata).filter((f) => f.endsWith('.xml')).sort() : [];

  it('finds the sample files', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of files) {
    it(`${name}: imports without error; tasks, links and durations match the XML; the program loads`, () => {
      const text = readFileSync(join(benchdata, name), 'utf8');
      const r = readMspdi(text, name);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tasks = xmlTasks(text);
      const minutesPerDay = Number(/<MinutesPerDay>(\d+)</.exec(text)?.[1] ?? 480);
      expect(r.stats.tasks).toBe((text.match(/<Task>/g) ?? []).length);
      expect(r.stats.tasks).toBe(tasks.length);
      expect(r.stats.links).toBe((text.match(/<PredecessorLink>/g) ?? []).length);
      // Every task is accounted for: workstream, item, milestone, or skipped (project summary, null, nested summary).
      expect(r.stats.workstreams + r.stats.items + r.stats.milestones + r.stats.skipped).toBe(tasks.length);
      expect(r.stats.skipped).toBeGreaterThanOrEqual(tasks.filter((t) => t.isNull || t.level === 0).length);

      const doc = r.doc!;
      const work = [...((doc.items as Entry[] | undefined) ?? []), ...((doc.milestones as Entry[] | undefined) ?? [])];
      const byUid = new Map(work.map((e) => [e.links?.mspdi ?? e['x-mspdi'], e]));
      // Each link between two leaf tasks is a dependency with the same lag in working days (of MinutesPerDay).
      let checked = 0;
      for (const t of tasks) {
        const succ = byUid.get(t.uid);
        if (!succ) continue;
        for (const p of t.preds) {
          const pred = byUid.get(p.uid);
          if (!pred || !(doc.items as Entry[]).includes(pred)) continue;
          const dep = succ.after?.find((a) => (typeof a === 'string' ? a : a.id) === pred.id);
          expect(dep, `${name}: task ${t.uid} after ${p.uid}`).toBeDefined();
          const lag = typeof dep === 'string' ? 0 : dep!.lag;
          if (p.format === 7) expect(lag).toBeCloseTo(Math.max(0, p.lag / 10 / minutesPerDay), 4);
          checked++;
        }
      }
      expect(r.stats.dependencies).toBeGreaterThanOrEqual(checked);
      // Durations become estimates in working days.
      for (const t of tasks) {
        const item = (doc.items as Entry[]).find((i) => i.links?.mspdi === t.uid);
        if (item && t.durationMin !== undefined && typeof item.estimate === 'number') expect(item.estimate).toBeCloseTo(t.durationMin / minutesPerDay, 3);
      }

      const yaml = programText(doc, `${name}.vantage.yaml`);
      expect(yaml.diagnostics).toEqual([]);
      const loaded = parseProgram(yaml.text!, `${name}.vantage.yaml`);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(loaded.program!.items.length + loaded.program!.milestones.length).toBe(r.stats.items + r.stats.milestones);
    });
  }

  it('task-links-project2019-mspdi.xml: lags of 0, 1, 2, 5 and 10 days and FF/SS/SF links reported by task', () => {
    const text = readFileSync(join(benchdata, 'task-links-project2019-mspdi.xml'), 'utf8');
    const r = readMspdi(text, 'task-links.xml');
    const lags = (r.doc!.items as Entry[]).flatMap((i) => (i.after ?? []).map((a) => (typeof a === 'string' ? 0 : a.lag)));
    expect(lags.length).toBe(8);
    expect([...new Set(lags)].sort((a, b) => a - b)).toEqual(expect.arrayContaining([0, 1, 2, 5, 10]));
    const types = r.diagnostics.filter((d) => d.code === 'mspdi-link-type');
    expect(types.map((d) => /has a (\S+) link/.exec(d.message)?.[1]).sort()).toEqual(['finish-to-finish', 'start-to-finish', 'start-to-start']);
    const lines = text.split('\n');
    for (const d of types) expect(lines[d.line! - 1]).toContain('<PredecessorLink>');
  });

  it('calendar-recurring-exceptions-project2016-mspdi.xml: recurring exceptions become holidays', () => {
    const text = readFileSync(join(benchdata, 'calendar-recurring-exceptions-project2016-mspdi.xml'), 'utf8');
    const r = readMspdi(text, 'rec.xml');
    expect(r.diagnostics.filter((d) => d.code === 'mspdi-recurring-exception')).toEqual([]);
    const holidays = new Set((r.doc!.program as { calendar: { holidays: string[] } }).calendar.holidays);
    // Worked out by hand from each exception's pattern (the file's ToDate is its last occurrence).
    const expected = {
      'Daily 2 (every 3 days)': ['2000-02-01', '2000-02-04', '2000-02-07', '2000-02-10'],
      'Weekly 2 Tuesday (every 2 weeks)': ['2001-01-02', '2001-01-16', '2001-01-30', '2001-02-13'],
      'Monthly Relative 1 (first Monday, every 2 months)': ['2002-01-07', '2002-03-04', '2002-05-06'],
      'Monthly Relative 2 (second Tuesday, every 3 months)': ['2002-01-08', '2002-04-09', '2002-07-09', '2002-10-08'],
      'Monthly Absolute 1 (day 1, every 2 months)': ['2003-01-01', '2003-03-01', '2003-05-01'].filter((d) => ![0, 6].includes(new Date(d).getUTCDay())),
      'Yearly Absolute 1 (February 1)': ['2005-02-01', '2006-02-01', '2007-02-01'],
      'Yearly Relative 1 (first Tuesday of March)': ['2004-03-02', '2005-03-01', '2006-03-07', '2007-03-06'],
    };
    for (const [what, dates] of Object.entries(expected)) for (const d of dates) expect(holidays.has(d), `${what}: ${d}`).toBe(true);
    // Every non-working exception's last occurrence (its ToDate) on a working weekday is a holiday.
    const exceptions = text.match(/<Exception>[\s\S]*?<\/Exception>/g) ?? [];
    expect(exceptions.length).toBeGreaterThan(20);
    for (const e of exceptions) {
      if (/<DayWorking>1</.test(e)) continue;
      const last = /<ToDate>(\d{4}-\d{2}-\d{2})/.exec(e)![1];
      if (![0, 6].includes(new Date(last).getUTCDay())) expect(holidays.has(last), `${/<Name>([^<]*)/.exec(e)![1]}: ${last}`).toBe(true);
    }
  });
});

describe('readMspdi on the fixtures', () => {
  const text = readFileSync(join(fixtures, 'outline-links.xml'), 'utf8');
  const r = readMspdi(text, 'outline-links.xml');

  it('maps outline, links, statuses, resources, assignments and calendars', () => {
    expect(r.doc).toEqual({
      vantage: 1,
      program: {
        id: 'outline-links',
        name: 'Outline & links',
        start: '2027-01-04',
        target: '2027-06-30',
        // Christmas recurs yearly: 2027-12-25 is a Saturday, so 2028 and 2029 only.
        calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-18', '2027-02-15', '2027-02-16', '2028-12-25', '2029-12-25'] },
      },
      people: [
        { id: 'bo', name: 'Bo Chen', email: 'bo@example.com', capacity: 0.8, off: [['2027-02-01', '2027-02-05']], 'x-mspdi': '1' },
        // Both have Initials "C": the names give the ids.
        { id: 'cy-okafor', name: 'Cy Okafor', 'x-mspdi': '3' },
        { id: 'cat-ng', name: 'Cat Ng', 'x-mspdi': '4' },
      ],
      teams: [{ id: 'backend', name: 'Backend pool', capacity: 3, 'x-mspdi': '2' }],
      workstreams: [
        { id: 'PAY', title: 'Payments', 'x-mspdi': '1' },
        { id: 'WEB', title: 'Web', 'x-mspdi': '6' },
      ],
      items: [
        // Owner bo at his capacity 0.8: the default needs, so none written.
        { id: 'PAY-1', title: 'Tokenise', workstream: 'PAY', owner: 'bo', estimate: 5, status: 'done', started: '2027-01-04', finished: '2027-01-08', links: { mspdi: '2' } },
        // Duration1..3 give three points; a 4800 tenths-of-minutes lag is 1 working day; nested summary → x-outline.
        { id: 'PAY-2', title: 'Vault', workstream: 'PAY', owner: 'cy-okafor', needs: { backend: 2, 'cy-okafor': 1 }, estimate: { low: 2, likely: 3, high: 6 }, after: [{ id: 'PAY-1', lag: 1 }], links: { mspdi: '4' }, 'x-outline': 'Phase B' },
        // Start-to-start becomes finish-to-start (warned); 150% on a 100% person is capped (warned).
        { id: 'PAY-3', title: '3-D Secure', workstream: 'PAY', owner: 'cy-okafor', estimate: 2, after: ['PAY-1'], links: { mspdi: '5' }, 'x-outline': 'Phase B' },
        // Text1 gives the id; the Web summary's link to the Payments summary reaches every Payments leaf.
        { id: 'UI-1', title: 'Checkout UI', workstream: 'WEB', estimate: 10, after: ['PAY-1', 'PAY-2', 'PAY-3'], status: 'doing', started: '2027-01-11', remaining: 5, links: { mspdi: '7' } },
        // After milestone beta with 2 days of lag: after beta's own predecessors with that lag.
        { id: 'LAUNCH', title: 'Launch prep', estimate: 1, after: [{ id: 'PAY-2', lag: 2 }, { id: 'UI-1', lag: 2 }], links: { mspdi: '10' } },
        { id: 'CUT', title: 'Dropped idea', estimate: 1, status: 'cut', links: { mspdi: '11' } },
      ],
      milestones: [{ id: 'beta', title: 'Beta', after: ['PAY-2', 'UI-1'], date: '2027-03-01', 'x-mspdi': '9' }],
    });
    expect(r.stats).toEqual({ tasks: 12, workstreams: 2, items: 6, milestones: 1, skipped: 3, links: 7, dependencies: 9, droppedLinks: 1, people: 3, teams: 1, assignments: 4 });
  });

  it('warns with the line of each element it could not map exactly', () => {
    const lines = text.split('\n');
    const got = r.diagnostics.map((d) => ({ code: d.code, severity: d.severity, at: lines[d.line! - 1].trim() }));
    expect(got).toEqual([
      // "Last weekday of the month": a pattern the program calendar has no rule for.
      { code: 'mspdi-recurring-exception', severity: 'warning', at: '<Exception>' },
      { code: 'mspdi-working-exception', severity: 'warning', at: '<Exception>' },
      { code: 'mspdi-link-type', severity: 'warning', at: '<PredecessorLink>' },
      { code: 'mspdi-link-dropped', severity: 'warning', at: '<PredecessorLink>' },
      { code: 'mspdi-over-allocated', severity: 'warning', at: '<Assignment>' },
    ]);
    expect(r.diagnostics.find((d) => d.code === 'mspdi-link-type')!.message).toContain("task '3-D Secure' has a start-to-start link");
    expect(r.diagnostics.every((d) => d.file === 'outline-links.xml' && d.col !== undefined)).toBe(true);
  });

  it('the imported program loads and schedules its items after their predecessors', () => {
    const yaml = programText(r.doc!, 'outline-links.vantage.yaml');
    const loaded = parseProgram(yaml.text!, 'outline-links.vantage.yaml');
    expect(hasErrors(loaded.diagnostics)).toBe(false);
    expect(loaded.program!.items.find((i) => i.id === 'UI-1')!.remaining).toEqual({ low: 5, likely: 5, high: 5, dist: 'fixed' });
  });

  it('a malformed file is one error at the line and column of the fault, and no document', () => {
    const bad = readFileSync(join(fixtures, 'malformed.xml'), 'utf8');
    const m = readMspdi(bad, 'malformed.xml');
    expect(m.doc).toBeUndefined();
    expect(m.diagnostics).toHaveLength(1);
    expect(m.diagnostics[0]).toMatchObject({ code: 'mspdi-syntax', severity: 'error', file: 'malformed.xml', line: 6, col: 19 });
    expect(m.diagnostics[0].message).toContain("Expected closing tag 'Name'");
  });

  it('an XML file that is not a project says so at its root element', () => {
    const other = readFileSync(join(fixtures, 'not-a-project.xml'), 'utf8');
    const m = readMspdi(other, 'not-a-project.xml');
    expect(m.doc).toBeUndefined();
    expect(m.diagnostics).toEqual([
      expect.objectContaining({ code: 'mspdi-not-project', severity: 'error', line: 3, col: 1, message: expect.stringContaining('the root element is <workbook>, not <Project>') }),
    ]);
  });

  it('a project without any start date is an error that says what to do', () => {
    const m = readMspdi('<Project><Name>x</Name><Tasks><Task><UID>1</UID><Name>A</Name></Task></Tasks></Project>', 'x.xml');
    expect(m.doc).toBeUndefined();
    expect(m.diagnostics[0]).toMatchObject({ code: 'mspdi-no-start', severity: 'error', line: 1 });
  });
});
