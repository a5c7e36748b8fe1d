import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';
import { parseHours } from './time.js';

const fixture = (name: string) => join(import.meta.dirname, '../../../test/fixtures/ics', name);
const tmp = scratch('vantage-time-');

/** A minimal program whose time: section is `time` (YAML lines, indented by two). */
function program(name: string, time: string[] | null): string {
  const lines = ['vantage: 1', 'program: {id: t, name: Time test, start: 2027-01-04}', 'items:', '  - {id: A, title: A, estimate: 1d}'];
  if (time) lines.push('time:', ...time.map((l) => `  ${l}`));
  return tmp.file(name, `${lines.join('\n')}\n`);
}

type TimeJson = {
  weeks: { week: string; strategicHours: number; tacticalHours: number; share: number | null; target: number }[];
  sinks: { title: string; hours: number; occurrences: number; suggestion: string }[];
  focusBlocks: { week: string; start: string; end: string; hours: number; local: string }[];
  plan: { week: string; reachesTarget: boolean; shareWithBlocks: number | null }[];
  freeSlots: { start: string; end: string }[];
  ignored: Record<string, number>;
  window: { from: string; to: string; zone: string };
};

describe('vantage time on the checkout example (2026-W48, Thanksgiving week)', () => {
  const base = ['time', 'examples/checkout.vantage.yaml', '--today', '2026-11-25'];

  it('reports the week of the status date as JSON with the contract keys', async () => {
    const r = await runCli([...base, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as TimeJson;
    expect(Object.keys(j).slice(0, 3)).toEqual(['weeks', 'sinks', 'focusBlocks']);
    // Standup Mon–Wed only (Thu and Fri are EXDATEs): 3 × 15 min; triage Tue + Thu 2 h; 1:1 Thu 0.5 h. No strategy.
    expect(j.weeks).toEqual([{ week: '2026-W48', strategicHours: 0, tacticalHours: 3.25, share: 0, target: 0.4 }]);
    expect(j.sinks.map((s) => [s.title, s.hours, s.occurrences])).toEqual([
      ['Bug triage', 2, 2],
      ['Checkout standup', 0.75, 3],
      ['1:1 Bo / Ana', 0.5, 1],
    ]);
    expect(j.window).toMatchObject({ from: '2026-11-23', to: '2026-11-29', zone: 'America/New_York' });
  });

  it('plans focus from today on, in free working time, enough for 40%', async () => {
    const j = JSON.parse((await runCli([...base, '--format', 'json'])).out) as TimeJson;
    // 0 strategic, 3.25 h tactical: 40% needs 2.17 h → one block, rounded up to the quarter hour, in the largest slot (Friday).
    expect(j.focusBlocks).toEqual([{ week: '2026-W48', start: '2026-11-27T14:00:00Z', end: '2026-11-27T16:15:00Z', hours: 2.25, local: 'Fri 2026-11-27 09:00–11:15' }]);
    expect(j.plan[0]).toMatchObject({ reachesTarget: true, shareWithBlocks: 0.409 });
    // Nothing before the status date (Wednesday) is offered.
    expect(j.freeSlots.every((s) => s.start >= '2026-11-25T05:00:00Z')).toBe(true);
  });

  it('prints a table by default', async () => {
    const r = await runCli(base);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2026-W48        0 h    3.25 h     0%     40%  below target');
    expect(r.out).toContain('Fri 2026-11-27 09:00–11:15 (2.25 h)');
    expect(r.out).toContain('Bug triage: 2 h');
  });

  it('says the target is out of reach in a past week, and shows the declined vendor sync as not counted', async () => {
    const r = await runCli([...base, '--week', '2026-W46', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('| 2026-W46 | 1 h | 3.75 h | 21% | 40% |');
    expect(r.out).toContain('not reachable: the week is over');
    expect(r.out).toContain('Not counted: 1 declined.');
  });

  it('writes the focus blocks as an .ics that re-parses into the same blocks, byte for byte the same each run', async () => {
    const out = join(tmp.dir, 'focus.ics');
    const r = await runCli([...base, '--format', 'json', '--ics-out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote 1 focus block to ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('DTSTAMP:20261125T000000Z\r\n');
    const events = new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const blocks = (JSON.parse(r.out) as TimeJson).focusBlocks;
    expect(events.map((e) => ({ start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), summary: e.summary }))).toEqual(
      blocks.map((b) => ({ start: b.start.replace('Z', '.000Z'), end: b.end.replace('Z', '.000Z'), summary: 'Focus: strategy' })),
    );
    await runCli([...base, '--ics-out', `${out}.2`]);
    expect(readFileSync(`${out}.2`, 'utf8')).toBe(text);
  });
});

describe('vantage time on real-world exports', () => {
  it('Google export, week of the EU DST change: override counted once, declined/all-day/free/cancelled left out', async () => {
    const file = program('google.vantage.yaml', [
      'email: ana@example.com',
      'target_strategic: 0.5',
      `calendars: [${fixture('google-berlin.ics')}]`,
      'rules:',
      '  - {match: "roadmap|strategy", kind: strategic}',
    ]);
    const r = await runCli(['time', file, '--week', '2027-W12', '--today', '2027-03-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as TimeJson;
    // Moved roadmap planning Mon 15:00–16:00 (1 h strategic); design review sync Wed (1 h tactical).
    expect(j.weeks).toEqual([{ week: '2027-W12', strategicHours: 1, tacticalHours: 1, share: 0.5, target: 0.5 }]);
    expect(j.ignored).toEqual({ allDay: 1, declined: 1, cancelled: 1, transparent: 1 });
    expect(j.window.zone).toBe('Europe/Berlin');
    expect(j.focusBlocks).toEqual([]);
  });

  it('Outlook export with Windows zone names, read in the TPM zone given by --tz', async () => {
    const file = program('outlook.vantage.yaml', ['target_strategic: 0.3', `calendars: [${fixture('outlook-eastern.ics')}]`, 'rules: [{match: review, kind: strategic}]']);
    const r = await runCli(['time', file, '--from', '2027-03-08', '--to', '2027-03-21', '--tz', 'America/New_York', '--today', '2027-03-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as TimeJson;
    // Ops review Wednesdays 09:30–10:30 local in both weeks (the DST change on 2027-03-14 does not move it locally).
    expect(j.weeks.map((w) => [w.week, w.strategicHours, w.tacticalHours])).toEqual([
      ['2027-W10', 1, 0],
      ['2027-W11', 1, 0],
    ]);
    expect(j.ignored.transparent).toBe(1);
    expect(j.freeSlots.some((s) => s.start === '2027-03-17T14:30:00Z')).toBe(true);
  });
});

describe('vantage time errors', () => {
  it('asks for a time: section when there is none (exit 1)', async () => {
    const r = await runCli(['time', program('none.vantage.yaml', null)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no time: section; add time: \{email.*\[time-missing\]/);
  });

  it('asks for calendars at the time: line (exit 1)', async () => {
    const file = program('nocal.vantage.yaml', ['email: ana@example.com', 'calendars: []']);
    const r = await runCli(['time', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:5: error: time: lists no calendars; add calendars: [you.ics]`);
  });

  it('names a missing calendar file (exit 1)', async () => {
    const r = await runCli(['time', program('missing.vantage.yaml', ['calendars: [nowhere.ics]'])]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read calendar .*nowhere\.ics: no such file.*\[ics-cannot-read\]/);
  });

  it('points at the calendar line of an unknown time zone (exit 1)', async () => {
    const ics = tmp.file('mars.ics', ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:m', 'DTSTART;TZID=Olympus Mons:20270104T090000', 'SUMMARY:x', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
    const r = await runCli(['time', program('mars.vantage.yaml', [`calendars: [${ics}]`])]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${ics}:5: error: unknown time zone 'Olympus Mons' in DTSTART; add its VTIMEZONE`);
    expect(r.err).toContain('5 | DTSTART;TZID=Olympus Mons:20270104T090000');
  });

  it('reports a rule that is no regular expression at its line (the model checks it; exit 1)', async () => {
    const r = await runCli(['time', program('regex.vantage.yaml', [`calendars: [${fixture('google-berlin.ics')}]`, 'rules:', '  - {match: "(unclosed", kind: strategic}'])]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/regex\.vantage\.yaml:8:15: error: .*not a valid regular expression.*\[bad-regex\]/);
  });

  it.each([
    [['--week', '2027-W54'], /--week must be an ISO week/],
    [['--from', '2027-01-04'], /--from and --to go together/],
    [['--week', '2027-W03', '--from', '2027-01-04', '--to', '2027-01-05'], /choose --week or --from\/--to/],
    [['--from', '2027-01-10', '--to', '2027-01-04'], /is before --from/],
    [['--tz', 'Mars/Olympus'], /--tz must be a time zone/],
    [['--hours', '17-9'], /--hours must be a range/],
    [['--format', 'csv'], /--format must be table, md or json/],
  ])('rejects bad usage %j (exit 2)', async (flags, message) => {
    const r = await runCli(['time', 'examples/checkout.vantage.yaml', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('cannot write --ics-out into a missing folder (exit 3)', async () => {
    const r = await runCli(['time', 'examples/checkout.vantage.yaml', '--today', '2026-11-25', '--ics-out', join(tmp.dir, 'no/such/dir/focus.ics')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/cannot write .*focus\.ics/);
  });

  it('documents the counting rules in --help', async () => {
    const r = await runCli(['time', '--help']);
    expect(r.out + r.err).toMatch(/double-booked minute counts once, split evenly/);
  });

  it('parses working hours', () => {
    expect(parseHours('9-17')).toEqual({ start: 540, end: 1020 });
    expect(parseHours('8:30-16:45')).toEqual({ start: 510, end: 1005 });
    expect(() => parseHours('9-25')).toThrow(/--hours/);
  });
});
