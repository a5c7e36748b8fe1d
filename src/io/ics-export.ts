/**
 * iCalendar export of a program's dates for the team's calendars (`vantage export ics`): every milestone's committed
 * date, its planned date from the schedule when that differs (or when nothing is committed), and the program target,
 * as all-day events (RFC 5545 `VALUE=DATE`).
 *
 * Written here rather than with src/model/ics-text.ts: that writer emits timed UTC events (focus blocks), and these are
 * all-day dates. Its line folding and TEXT escaping are reused. Deterministic: UIDs are stable per program and
 * milestone (`<program>/<milestone>/committed@vantage`; ids never contain "/"), so a calendar that imports the file
 * again updates the same events; DTSTAMP is the status date at 00:00 UTC.
 */
import type { IsoDate, Program } from '../model/program.js';
import { escapeText, foldLine } from '../model/ics-text.js';

/** The planned dates from a schedule (the fields of the engine's ScheduleResult used here). */
export type IcsScheduleDates = {
  program: { finish: IsoDate };
  milestones: readonly { id: string; date: IsoDate; program?: string }[];
};

type DayEvent = { uid: string; date: IsoDate; summary: string; description: string; categories: string[] };

/**
 * The program's milestones and target as an iCalendar file (CRLF line ends, folded at 75 octets).
 * @example writeProgramIcs(program, { today: '2026-11-25', schedule }) // "BEGIN:VCALENDAR\r\n..."
 */
export function writeProgramIcs(program: Program, o: { today: IsoDate; schedule?: IcsScheduleDates }): string {
  const id = program.program.id;
  const name = program.program.name;
  const planned = new Map(o.schedule?.milestones.filter((m) => m.program === undefined || m.program === id).map((m) => [m.id, m.date]));
  const events: DayEvent[] = [];
  for (const m of program.milestones) {
    const plan = planned.get(m.id);
    if (m.date) {
      const margin = plan ? ` Planned (schedule of ${o.today}): ${plan}${plan > m.date ? ' — later than committed' : ''}.` : '';
      events.push({
        uid: `${id}/${m.id}/committed@vantage`,
        date: m.date,
        summary: `${m.title} (committed)`,
        description: `${name}: milestone ${m.id}, committed date ${m.date}.${margin}`,
        categories: ['Milestone', 'Committed'],
      });
    }
    if (plan && plan !== m.date) {
      events.push({
        uid: `${id}/${m.id}/planned@vantage`,
        date: plan,
        summary: `${m.title} (planned)`,
        description: `${name}: milestone ${m.id}, planned by the schedule of ${o.today}${m.date ? `; committed ${m.date}` : '; no committed date'}.`,
        categories: ['Milestone', 'Planned'],
      });
    }
  }
  if (program.program.target) {
    const finish = o.schedule?.program.finish;
    events.push({
      uid: `${id}/target@vantage`,
      date: program.program.target,
      summary: `${name}: target`,
      description: `${name}: the date the business was promised.${finish ? ` Planned finish (schedule of ${o.today}): ${finish}.` : ''}`,
      categories: ['Target'],
    });
  }
  const stamp = `${o.today.replace(/-/g, '')}T000000Z`;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vantage//program dates//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${e.date.replace(/-/g, '')}`,
      `DTEND;VALUE=DATE:${nextDay(e.date).replace(/-/g, '')}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `CATEGORIES:${e.categories.map(escapeText).join(',')}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function nextDay(date: IsoDate): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
