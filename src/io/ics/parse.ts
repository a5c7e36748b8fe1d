/**
 * iCalendar (.ics) → concrete event occurrences over a window, for `vantage time`.
 *
 * `parseIcs` reads the text once (ical.js for the grammar and RRULE iteration) and checks every time zone; bad input
 * becomes diagnostics with file:line. `expandIcs` lists the occurrences that touch [from, to): recurrences expanded
 * in the event's own wall-clock time (so a 09:30 standup stays 09:30 across DST), EXDATEs removed, RECURRENCE-ID
 * overrides moved to their new time, every time converted to UTC. The time zone of a TZID is the file's VTIMEZONE
 * when it has one, else the IANA or Windows name ("Eastern Standard Time"); floating times and all-day dates use the
 * zone the caller gives (the TPM's).
 *
 * Nothing is dropped here: cancelled, declined, transparent (free) and all-day occurrences are returned flagged, and
 * the time engine decides what counts.
 */
import ICAL from 'ical.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { namedZone, vtimezoneZone, type Zone } from './zone.js';

/** One concrete occurrence of an event. Times are UTC ms. */
export type IcsOccurrence = {
  uid: string;
  title: string;
  start: number;
  end: number;
  allDay: boolean;
  /** The TPM (`time.email`) answered PARTSTAT=DECLINED. */
  declined: boolean;
  status?: 'tentative' | 'confirmed' | 'cancelled';
  /** TRANSP:TRANSPARENT or Outlook's BUSYSTATUS FREE: the event does not block time. */
  transparent: boolean;
  /** For an instance of a recurring event: the start it had in the series (UTC ms). */
  recurrenceId?: number;
  file: string;
  /** Line of the VEVENT's BEGIN. */
  line: number;
};

/** A parsed calendar, ready to expand over any window. */
export type IcsCalendar = {
  file: string;
  /** X-WR-TIMEZONE (Google) or else the first VTIMEZONE's TZID: the calendar owner's zone. */
  defaultZone?: Zone;
  events: IcsEvent[];
};

/** A time as written: wall clock (local ms) in a zone, UTC, or floating (the reader's zone). */
type CalTime = { local: number; zone: Zone | 'floating'; isDate: boolean };

type IcsEvent = {
  uid: string;
  title: string;
  line: number;
  start: CalTime;
  /** Exact length in ms for timed events; whole days for all-day ones. */
  durationMs: number;
  durationDays: number;
  rrules: ICAL.Recur[];
  rdates: CalTime[];
  exdates: CalTime[];
  recurrenceId?: CalTime;
  status?: IcsOccurrence['status'];
  transparent: boolean;
  attendees: { email: string; partstat: string }[];
};

const DAY_MS = 86_400_000;
/** A recurrence rule is followed at most this far (occurrences) before the window; guards runaway rules. */
const MAX_ITERATIONS = 50_000;

/** Parses .ics text. `file` names the source in diagnostics. Errors leave `calendar` unset. */
export function parseIcs(text: string, file: string): { calendar?: IcsCalendar; diagnostics: Diagnostic[] } {
  const lines = unfold(text);
  const structure = checkStructure(lines, file);
  if (structure.diagnostics.length > 0) return { diagnostics: structure.diagnostics };
  let roots: ICAL.Component[];
  try {
    const jcal: unknown = ICAL.parse(text);
    // ical.js returns one jCal array, or an array of them for several VCALENDARs.
    const list = (Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal : [jcal]) as unknown[];
    roots = list.map((j) => new ICAL.Component(j as unknown[]));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = offendingLine(lines);
    const what = at ? `${at.text.split(/[;:]/)[0].toUpperCase()}: ${message}` : message;
    return { diagnostics: [icsError(file, at?.line ?? 1, 'ics-syntax', `not valid iCalendar: ${what}`, 'fix the value or re-export the calendar')] };
  }
  const diagnostics: Diagnostic[] = [];
  const zones = new Map<string, Zone>();
  for (const root of roots) {
    for (const vtz of root.getAllSubcomponents('vtimezone')) {
      const tzid = String(vtz.getFirstPropertyValue('tzid') ?? '');
      if (tzid !== '' && !zones.has(tzid)) zones.set(tzid, vtimezoneZone(vtz));
    }
  }
  const wr = roots.map((r) => r.getFirstPropertyValue('x-wr-timezone')).find((v) => typeof v === 'string');
  const defaultZone = (typeof wr === 'string' ? (zones.get(wr) ?? namedZone(wr)) : undefined) ?? zones.values().next().value;

  const events: IcsEvent[] = [];
  const vevents = roots.flatMap((r) => r.getAllSubcomponents('vevent'));
  vevents.forEach((ev, i) => {
    const block = structure.vevents[i] ?? { line: 1, props: new Map<string, number>() };
    try {
      readEvent(ev, block);
    } catch (e) {
      // ical.js throws on a malformed value when it is first read.
      const at = offendingLine(lines.filter((l) => l.line >= block.line));
      const what = at ? `${at.text.split(/[;:]/)[0].toUpperCase()}: ` : '';
      diagnostics.push(icsError(file, at?.line ?? block.line, 'ics-syntax', `not valid iCalendar: ${what}${e instanceof Error ? e.message : String(e)}`, 'fix the value or re-export the calendar'));
    }
  });
  function readEvent(ev: ICAL.Component, block: { line: number; props: Map<string, number> }): void {
    const at = (prop: string) => block.props.get(prop) ?? block.line;
    const problems: Diagnostic[] = [];
    const timeOf = (prop: ICAL.Property, value: unknown): CalTime | undefined => {
      if (!(value instanceof ICAL.Time)) return undefined;
      const tzid = prop.getParameter('tzid');
      const local = Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second);
      if (value.isDate) return { local, zone: 'floating', isDate: true };
      if (value.zone === ICAL.Timezone.utcTimezone) return { local, zone: UTC, isDate: false };
      if (typeof tzid === 'string' && tzid !== '') {
        const zone = zones.get(tzid) ?? namedZone(tzid);
        if (!zone) {
          problems.push(
            icsError(file, at(prop.name), 'ics-unknown-timezone', `unknown time zone '${tzid}' in ${prop.name.toUpperCase()}`, 'add its VTIMEZONE to the file or use an IANA name such as Europe/Berlin'),
          );
          return undefined;
        }
        return { local, zone, isDate: false };
      }
      return { local, zone: 'floating', isDate: false };
    };
    const dtstartProp = ev.getFirstProperty('dtstart');
    const dtstart = dtstartProp?.getFirstValue();
    const start = dtstartProp ? timeOf(dtstartProp, dtstart) : undefined;
    const uid = String(ev.getFirstPropertyValue('uid') ?? `${file}#${block.line}`);
    if (!dtstartProp || !(dtstart instanceof ICAL.Time)) {
      diagnostics.push(icsError(file, block.line, 'ics-no-start', `event '${uid}' has no DTSTART`, 'add a DTSTART or remove the event'));
      return;
    }
    if (!start) {
      diagnostics.push(...problems);
      return;
    }
    const dtendProp = ev.getFirstProperty('dtend');
    const end = dtendProp ? timeOf(dtendProp, dtendProp.getFirstValue()) : undefined;
    const duration = ev.getFirstPropertyValue('duration');
    let durationMs = 0;
    let durationDays = start.isDate ? 1 : 0;
    if (end) {
      durationDays = Math.round((end.local - start.local) / DAY_MS);
      durationMs = start.isDate ? durationDays * DAY_MS : toUtc(end, UTC) - toUtc(start, UTC);
    } else if (duration instanceof ICAL.Duration) {
      durationMs = duration.toSeconds() * 1000;
      durationDays = Math.round(durationMs / DAY_MS);
    }
    const valuesOf = (name: string): CalTime[] =>
      ev.getAllProperties(name).flatMap((p) =>
        p.getValues().flatMap((v) => {
          const t = timeOf(p, v instanceof ICAL.Period ? v.start : v);
          return t ? [t] : [];
        }),
      );
    const rdates = valuesOf('rdate');
    const exdates = valuesOf('exdate');
    const ridProp = ev.getFirstProperty('recurrence-id');
    const recurrenceId = ridProp ? timeOf(ridProp, ridProp.getFirstValue()) : undefined;
    const rrules = ev.getAllProperties('rrule').flatMap((p) => {
      const v = p.getFirstValue();
      return v instanceof ICAL.Recur ? [v] : [];
    });
    if (problems.length > 0) {
      diagnostics.push(...problems);
      return;
    }
    if (durationMs < 0) {
      diagnostics.push(icsError(file, at('dtend'), 'ics-end-before-start', `event '${uid}' ends before it starts`, 'fix DTEND'));
      return;
    }
    const status = String(ev.getFirstPropertyValue('status') ?? '').toLowerCase();
    const transp = String(ev.getFirstPropertyValue('transp') ?? '').toUpperCase();
    const busy = String(ev.getFirstPropertyValue('x-microsoft-cdo-busystatus') ?? '').toUpperCase();
    events.push({
      uid,
      title: String(ev.getFirstPropertyValue('summary') ?? '(no title)'),
      line: block.line,
      start,
      durationMs,
      durationDays,
      rrules,
      rdates,
      exdates,
      recurrenceId,
      status: status === 'tentative' || status === 'confirmed' || status === 'cancelled' ? status : undefined,
      transparent: transp === 'TRANSPARENT' || busy === 'FREE',
      attendees: ev.getAllProperties('attendee').map((p) => ({
        email: String(p.getFirstValue() ?? '').replace(/^mailto:/i, '').trim().toLowerCase(),
        partstat: String(p.getParameter('partstat') ?? '').toUpperCase(),
      })),
    });
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { calendar: { file, defaultZone, events }, diagnostics };
}

/**
 * The occurrences of a calendar's events that overlap [from, to) (UTC ms), sorted by start.
 * `zone` is the TPM's: it places floating times and all-day dates. `email` marks occurrences the TPM declined.
 * @example expandIcs(cal, { from: Date.UTC(2027, 0, 18), to: Date.UTC(2027, 0, 25), zone: UTC_ZONE, email: 'ana@example.com' })
 */
export function expandIcs(calendar: IcsCalendar, o: { from: number; to: number; zone: Zone; email?: string }): IcsOccurrence[] {
  const email = o.email?.trim().toLowerCase();
  const overrides = new Map<string, IcsEvent[]>();
  for (const ev of calendar.events) {
    if (ev.recurrenceId) overrides.set(ev.uid, [...(overrides.get(ev.uid) ?? []), ev]);
  }
  const masters = new Set(calendar.events.filter((e) => !e.recurrenceId).map((e) => e.uid));
  const out: IcsOccurrence[] = [];
  const emit = (ev: IcsEvent, start: CalTime, recurrenceId: number | undefined) => {
    const s = toUtc(start, o.zone);
    const e = ev.start.isDate ? toUtc({ ...start, local: start.local + ev.durationDays * DAY_MS }, o.zone) : s + ev.durationMs;
    const overlaps = e > s ? s < o.to && e > o.from : s >= o.from && s < o.to;
    if (!overlaps) return;
    out.push({
      uid: ev.uid,
      title: ev.title,
      start: s,
      end: e,
      allDay: ev.start.isDate,
      declined: email !== undefined && email !== '' && ev.attendees.some((a) => a.email === email && a.partstat === 'DECLINED'),
      status: ev.status,
      transparent: ev.transparent,
      recurrenceId,
      file: calendar.file,
      line: ev.line,
    });
  };
  for (const ev of calendar.events) {
    if (ev.recurrenceId) {
      // An override of an instance; without its series (a shared single instance) it is just an event.
      emit(ev, ev.start, masters.has(ev.uid) ? toUtc(ev.recurrenceId, o.zone) : undefined);
      continue;
    }
    if (ev.rrules.length === 0 && ev.rdates.length === 0) {
      emit(ev, ev.start, undefined);
      continue;
    }
    const excluded = new Set(ev.exdates.map((t) => (t.isDate ? `d${t.local}` : `t${toUtc(t, o.zone)}`)));
    for (const ov of overrides.get(ev.uid) ?? []) if (ov.recurrenceId) excluded.add(`t${toUtc(ov.recurrenceId, o.zone)}`);
    const seen = new Set<number>();
    for (const start of instanceStarts(ev, o.from, o.to, o.zone)) {
      // Wall-clock time is within 14 h of UTC: skip the long past cheaply (zone conversions cost far more).
      if (start.local + ev.durationMs + ev.durationDays * DAY_MS < o.from - 2 * DAY_MS) continue;
      const utc = toUtc(start, o.zone);
      const day = start.local - (((start.local % DAY_MS) + DAY_MS) % DAY_MS);
      if (seen.has(utc) || excluded.has(`t${utc}`) || excluded.has(`d${day}`)) continue;
      seen.add(utc);
      emit(ev, start, utc);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.uid.localeCompare(b.uid));
}

/** Starts of a recurring event (DTSTART, RRULE instances, RDATEs) in its own wall-clock time, up to `to` (UTC ms). */
function instanceStarts(ev: IcsEvent, from: number, to: number, floating: Zone): CalTime[] {
  // Wall-clock times run at most 14 h ahead of UTC; a two-day margin is safe and cheap.
  const limit = to + 2 * DAY_MS;
  const starts: CalTime[] = [ev.start];
  // ical.js iterates in wall-clock time but compares a UTC UNTIL against it as if the wall time were UTC when it
  // does not know the zone (Europe/Berlin without VTIMEZONE): the last instance east of UTC went missing. So iterate
  // floating and give UNTIL as the wall-clock time it is in the event's zone.
  const dtstart = ICAL.Time.fromData(wallParts(ev.start.local, ev.start.isDate));
  const zone = ev.start.zone === 'floating' ? floating : ev.start.zone;
  for (const original of ev.rrules) {
    const rule = original.clone();
    if (rule.until && !rule.until.isDate && rule.until.zone === ICAL.Timezone.utcTimezone && !ev.start.isDate) {
      rule.until = ICAL.Time.fromData(wallParts(zone.toLocal(rule.until.toUnixTime() * 1000), false));
    }
    const skipTo = fastForward(rule, ev.start.local, from - 3 * DAY_MS);
    const it = rule.iterator(skipTo ? ICAL.Time.fromData(wallParts(skipTo.local, ev.start.isDate)) : dtstart);
    let previous = -Infinity;
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      const next = it.next();
      if (!next) break;
      const local = Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
      // An impossible rule (BYMONTH=2;BYMONTHDAY=30) makes ical.js repeat one value forever: stop there.
      if (local <= previous) break;
      previous = local;
      if (!satisfiesMonthParts(rule, local)) continue;
      // ical.js may return its start even when the rule would not: a shifted start is no DTSTART, so drop it.
      if (skipTo && i === 0 && !skipTo.matches && local === skipTo.local) continue;
      if (local > limit) break;
      starts.push({ ...ev.start, local });
    }
  }
  for (const r of ev.rdates) if (r.local <= limit) starts.push(r);
  return starts;
}

/**
 * ical.js walks a rule one instance at a time from DTSTART (about 0.2 ms a step): a daily series started years ago
 * costs seconds. A DAILY or WEEKLY rule with no COUNT and no BY-part but BYDAY repeats exactly every INTERVAL days or
 * weeks, so start it that many whole periods later, just before `before` (local ms). Undefined: iterate from DTSTART.
 */
function fastForward(rule: ICAL.Recur, startLocal: number, before: number): { local: number; matches: boolean } | undefined {
  if ((rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY') || rule.count) return undefined;
  const parts = Object.entries(rule.parts).filter(([, v]) => Array.isArray(v) && v.length > 0);
  if (parts.some(([k]) => k !== 'BYDAY')) return undefined;
  const byday = (rule.parts.BYDAY ?? []).map(String);
  if (byday.some((d) => !/^(SU|MO|TU|WE|TH|FR|SA)$/.test(d))) return undefined;
  const periodMs = Math.max(1, rule.interval || 1) * (rule.freq === 'WEEKLY' ? 7 : 1) * DAY_MS;
  const k = Math.floor((before - startLocal) / periodMs);
  if (k < 1) return undefined;
  const local = startLocal + k * periodMs;
  const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(local).getUTCDay()];
  return { local, matches: byday.length === 0 || byday.includes(weekday) };
}

/**
 * Every instance lies in a BYMONTH month and on a BYMONTHDAY day (RFC 5545 §3.3.10); ical.js rolls an impossible day
 * (February 30) over into March, so check.
 */
function satisfiesMonthParts(rule: ICAL.Recur, local: number): boolean {
  const d = new Date(local);
  const months = rule.parts.BYMONTH;
  if (months?.length && !months.includes(d.getUTCMonth() + 1)) return false;
  const days = rule.parts.BYMONTHDAY;
  if (!days?.length) return true;
  const length = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return days.some((v) => (v > 0 ? v : length + 1 + v) === d.getUTCDate());
}

/** ical.js time fields of a local ms (no zone: floating). */
function wallParts(local: number, isDate: boolean) {
  const d = new Date(local);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), isDate };
}

const UTC: Zone = { name: 'UTC', toLocal: (t) => t, toUtc: (t) => t };

function toUtc(t: CalTime, floating: Zone): number {
  return (t.zone === 'floating' ? floating : t.zone).toUtc(t.local);
}

function icsError(file: string, line: number, code: string, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, file, line, hint };
}

type Line = { text: string; line: number };

/** The first content line ical.js rejects on its own (it reports no position), or undefined. */
function offendingLine(lines: readonly Line[]): Line | undefined {
  return lines.find((l) => {
    if (/^(BEGIN|END):/i.test(l.text)) return false;
    try {
      // ical.js reads most values lazily: decode them to find the bad one.
      const jcal = ICAL.parse(`BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n${l.text}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`) as unknown[];
      new ICAL.Component(jcal).getFirstSubcomponent('vevent')?.getAllProperties().forEach((p) => p.getValues());
      return false;
    } catch {
      return true;
    }
  });
}

/** RFC 5545 §3.1 unfolding (a line starting with space or tab continues the previous one), keeping line numbers. */
function unfold(text: string): Line[] {
  const out: Line[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && out.length > 0) out[out.length - 1].text += raw.slice(1);
    else if (raw !== '') out.push({ text: raw, line: i + 1 });
  });
  return out;
}

/** BEGIN/END nesting and the line of every VEVENT and of its properties (ical.js reports no positions). */
function checkStructure(lines: Line[], file: string): { diagnostics: Diagnostic[]; vevents: { line: number; props: Map<string, number> }[] } {
  const stack: Line[] = [];
  const vevents: { line: number; props: Map<string, number> }[] = [];
  const diagnostics: Diagnostic[] = [];
  if (lines.length === 0 || !/^BEGIN:VCALENDAR$/i.test(lines[0].text.trim())) {
    const first = lines[0];
    return {
      diagnostics: [icsError(file, first?.line ?? 1, 'ics-not-calendar', 'not an iCalendar file: it must start with BEGIN:VCALENDAR', 'export the calendar as .ics')],
      vevents,
    };
  }
  for (const l of lines) {
    const m = /^(BEGIN|END):(.*)$/i.exec(l.text.trim());
    if (m) {
      const name = m[2].trim().toUpperCase();
      if (m[1].toUpperCase() === 'BEGIN') {
        stack.push({ text: name, line: l.line });
        if (name === 'VEVENT') vevents.push({ line: l.line, props: new Map() });
      } else {
        const open = stack.pop();
        if (!open || open.text !== name) {
          diagnostics.push(icsError(file, l.line, 'ics-syntax', `END:${name} does not close ${open ? `BEGIN:${open.text} (line ${open.line})` : 'anything'}`, 'fix the BEGIN/END pairs'));
          return { diagnostics, vevents };
        }
      }
      continue;
    }
    const name = /^([A-Za-z0-9-]+)[;:]/.exec(l.text)?.[1];
    if (name === undefined) {
      diagnostics.push(icsError(file, l.line, 'ics-syntax', `not an iCalendar content line: '${l.text.slice(0, 60)}'`, 'a line needs NAME:value (continuation lines start with a space)'));
      return { diagnostics, vevents };
    }
    const top = stack[stack.length - 1];
    const ev = vevents[vevents.length - 1];
    if (top?.text === 'VEVENT' && ev && !ev.props.has(name.toLowerCase())) ev.props.set(name.toLowerCase(), l.line);
  }
  const open = stack.pop();
  if (open) diagnostics.push(icsError(file, open.line, 'ics-syntax', `BEGIN:${open.text} is never closed`, `add END:${open.text}`));
  return { diagnostics, vevents };
}
