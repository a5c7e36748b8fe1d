/**
 * `vantage time FILE [--week 2027-W03 | --from DATE --to DATE] [--format table|md|json] [--ics-out FILE] [--tz ZONE]
 * [--hours 9-17]`: the TPM's own time from the calendars in the program's `time:` section — strategic share per ISO
 * week against `target_strategic`, the largest tactical sinks, and focus blocks in free slots of 2 h or more that
 * would reach the target (`--ics-out` writes them as an .ics to import).
 *
 * Counting: all-day, declined (time.email answered DECLINED), cancelled and transparent (free) events are left out;
 * a double-booked minute counts once, split evenly between the events on it. See src/engine/time/analyze.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import { hasErrors } from '../../model/diagnostic.js';
import type { Program } from '../../model/program.js';
import { dayNumber, isoDate, parseDayNumber } from '../../engine/dates.js';
import { isoWeekOfDay } from '../../engine/flow/iso-week.js';
import { analyzeTime } from '../../engine/time/analyze.js';
import { mondayOfIsoWeek } from '../../engine/time/weeks.js';
import { loadCalendars } from '../../io/ics/load.js';
import { expandIcs } from '../../io/ics/parse.js';
import { icsUtc, writeIcs } from '../../model/ics-text.js';
import { namedZone, UTC_ZONE, type Zone } from '../../io/ics/zone.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { renderTimeJson } from '../render/time-json.js';
import type { TimeReport } from '../render/time-report.js';
import { renderTimeMd, renderTimeText } from '../render/time-text.js';
import { statusDate } from '../today.js';
import type { RegisterCommand } from './index.js';

type TimeFlags = { week?: string; from?: string; to?: string; format?: string; icsOut?: string; tz?: string; hours?: string };

/** Used when the program gives no `time.target_strategic`. */
export const DEFAULT_TARGET_STRATEGIC = 0.4;
const DAY = 86_400_000;

export const registerTime: RegisterCommand = (program, output, setExit) => {
  program
    .command('time')
    .description("the TPM's own time from the calendars: strategic share per week, tactical sinks, focus blocks to reach the target")
    .argument('<file>', 'a program file with a time: section')
    .option('--week <week>', 'an ISO week such as 2027-W03 (default: the week of the status date)')
    .option('--from <date>', 'first day of the window (with --to)')
    .option('--to <date>', 'last day of the window, included (with --from)')
    .option('--format <format>', 'table (default), md or json', 'table')
    .option('--ics-out <file>', 'write the focus blocks to this .ics file, to import into the calendar')
    .option('--tz <zone>', "the TPM's time zone, e.g. Europe/Berlin (default: the first calendar's zone, else UTC)")
    .option('--hours <range>', 'working hours in the TPM zone, e.g. 9-17 or 8:30-16:30', '9-17')
    .addHelpText(
      'after',
      [
        '',
        'Counting: all-day, declined (time.email answered DECLINED), cancelled and free (TRANSP:TRANSPARENT) events are',
        'left out. Each event is strategic or tactical by the first time.rules match on its title (unmatched: tactical).',
        'A double-booked minute counts once, split evenly between the events on it. Weeks are ISO weeks in the TPM zone.',
        'Focus blocks: free working time of 2 h or more, from the status date on, fewest blocks first.',
      ].join('\n'),
    )
    .action(async (file: string, flags: TimeFlags, command: Command) => {
      const format = flags.format ?? 'table';
      if (format !== 'table' && format !== 'md' && format !== 'json') throw new UsageError(`--format must be table, md or json, not '${format}'`);
      const today = statusDate(command);
      const workingHours = parseHours(flags.hours ?? '9-17');
      const requestedZone = flags.tz === undefined ? undefined : zoneFlag(flags.tz);
      const days = windowDays(flags, today);

      const loaded = await loadForCli(file, output);
      if (loaded.kind !== 'program') throw new UsageError(`${file} is a portfolio; vantage time reads one program's time: section`);
      const prog = loaded.program;
      const spec = await timeSpec(prog);
      const cal = await loadCalendars(prog.file, spec.calendars);
      if (hasErrors(cal.diagnostics)) throw new InputError(cal.diagnostics, cal.sources);

      const zone = requestedZone ?? cal.calendars.find((c) => c.defaultZone)?.defaultZone ?? UTC_ZONE;
      const from = zone.toUtc(days.first * DAY);
      const to = zone.toUtc((days.last + 1) * DAY);
      const occurrences = cal.calendars.flatMap((c) => expandIcs(c, { from, to, zone, email: spec.email }));
      const target = spec.targetStrategic ?? DEFAULT_TARGET_STRATEGIC;
      const analysis = analyzeTime(occurrences, {
        from,
        to,
        zone,
        rules: spec.rules,
        target,
        dayStartMinute: workingHours.start,
        dayEndMinute: workingHours.end,
        notBefore: zone.toUtc(dayNumber(today) * DAY),
      });
      const report: TimeReport = {
        program: { id: prog.program.id, name: prog.program.name },
        email: spec.email,
        zone: zone.name,
        firstDay: isoDate(days.first),
        lastDay: isoDate(days.last),
        hours: `${clock(workingHours.start)}–${clock(workingHours.end)}`,
        target,
        defaultTarget: spec.targetStrategic === undefined,
        calendars: spec.calendars,
        analysis,
        toLocal: (u) => zone.toLocal(u),
      };
      output.out(format === 'json' ? renderTimeJson(report) : format === 'md' ? renderTimeMd(report) : renderTimeText(report));
      if (flags.icsOut !== undefined) {
        const text = writeIcs(
          analysis.focusBlocks.map((b) => ({
            uid: `focus-${icsUtc(b.start)}-${icsUtc(b.end)}@vantage`,
            start: b.start,
            end: b.end,
            summary: 'Focus: strategy',
            description: `Strategic focus block planned by vantage time for ${prog.program.name} (${b.week}, target ${Math.round(target * 100)}%).`,
          })),
          { prodId: '-//Vantage//time//EN', stamp: Date.parse(`${today}T00:00:00Z`), name: `Focus blocks: ${prog.program.name}` },
        );
        try {
          await writeFile(flags.icsOut, text);
        } catch (e) {
          throw new EnvironmentError(`cannot write ${flags.icsOut}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        output.err(`wrote ${analysis.focusBlocks.length} focus block${analysis.focusBlocks.length === 1 ? '' : 's'} to ${flags.icsOut}\n`);
      }
      const warnings = cal.diagnostics.filter((d) => d.severity === 'warning');
      if (warnings.length > 0) output.err(renderDiagnostics(warnings, cal.sources));
      setExit(0);
    });
};

/** The program's time: section with calendars, or an InputError saying what to add. */
async function timeSpec(prog: Program): Promise<NonNullable<Program['time']> & { calendars: string[] }> {
  const spec = prog.time;
  let source = '';
  try {
    source = await readFile(prog.file, 'utf8');
  } catch {
    // Only used to point at a line; the program itself was read already.
  }
  const lines = source.split(/\r?\n/);
  const timeLine = lines.findIndex((l) => /^time\s*:/.test(l)) + 1;
  const sources = new Map([[prog.file, source]]);
  if (!spec) {
    throw new InputError(
      [{ code: 'time-missing', severity: 'error', file: prog.file, message: 'the program has no time: section', hint: 'add time: {email: you@example.com, target_strategic: 0.4, calendars: [you.ics], rules: [{match: "roadmap|strategy", kind: strategic}]}' }],
      sources,
    );
  }
  if (spec.calendars.length === 0) {
    const diagnostic: Diagnostic = { code: 'time-no-calendars', severity: 'error', file: prog.file, message: 'time: lists no calendars', hint: 'add calendars: [you.ics] (iCalendar exports, paths relative to this file)' };
    if (timeLine > 0) diagnostic.line = timeLine;
    throw new InputError([diagnostic], sources);
  }
  return spec;
}

/** The window as day numbers in the TPM's zone, last day included. */
function windowDays(flags: TimeFlags, today: string): { first: number; last: number } {
  if (flags.week !== undefined && (flags.from !== undefined || flags.to !== undefined)) throw new UsageError('choose --week or --from/--to, not both');
  if (flags.week !== undefined) {
    const monday = mondayOfIsoWeek(flags.week.trim());
    if (monday === undefined) throw new UsageError(`--week must be an ISO week such as 2027-W03, not '${flags.week}'`);
    return { first: monday, last: monday + 6 };
  }
  if (flags.from !== undefined || flags.to !== undefined) {
    if (flags.from === undefined || flags.to === undefined) throw new UsageError('--from and --to go together: give both dates');
    const first = dateFlag(flags.from, '--from');
    const last = dateFlag(flags.to, '--to');
    if (last < first) throw new UsageError(`--to (${flags.to}) is before --from (${flags.from})`);
    if (last - first > 366) throw new UsageError('the window is longer than a year: choose a shorter --from/--to');
    return { first, last };
  }
  const monday = mondayOfIsoWeek(isoWeekOfDay(dayNumber(today)));
  if (monday === undefined) throw new UsageError(`no ISO week for ${today}`);
  return { first: monday, last: monday + 6 };
}

function dateFlag(value: string, flag: string): number {
  const day = parseDayNumber(value.trim());
  if (day === undefined) throw new UsageError(`${flag} must be a date like 2027-01-18, not '${value}'`);
  return day;
}

function zoneFlag(value: string): Zone {
  const zone = namedZone(value);
  if (!zone) throw new UsageError(`--tz must be a time zone such as Europe/Berlin or America/New_York, not '${value}'`);
  return zone;
}

/** "9-17", "8:30-16:30" → minutes after midnight. */
export function parseHours(value: string): { start: number; end: number } {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$/.exec(value.trim());
  const start = m ? Number(m[1]) * 60 + Number(m[2] ?? 0) : NaN;
  const end = m ? Number(m[3]) * 60 + Number(m[4] ?? 0) : NaN;
  if (!m || Number(m[2] ?? 0) > 59 || Number(m[4] ?? 0) > 59 || !(start < end) || end > 24 * 60) {
    throw new UsageError(`--hours must be a range of the day such as 9-17 or 8:30-16:30, not '${value}'`);
  }
  return { start, end };
}

const clock = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
