/**
 * Time zones for calendar times: wall-clock time ↔ UTC instants.
 *
 * "Local ms" is a wall-clock time written as if it were UTC (Date.UTC(y, m - 1, d, h, mi)), so plain arithmetic on
 * days and hours works in the zone. A zone comes from an IANA name (via Intl, Node has full ICU), a Windows name
 * (mapped to IANA) or a VTIMEZONE component (via ical.js, which reads its transitions).
 */
import ICAL from 'ical.js';
import { WINDOWS_ZONES } from './windows-zones.js';

/** A time zone as the time engine needs it (structurally the engine's LocalClock). */
export type Zone = {
  /** The name to show: an IANA name, a Windows name or a VTIMEZONE TZID. */
  name: string;
  /** UTC ms → local ms (wall-clock time encoded as UTC). */
  toLocal(utcMs: number): number;
  /** Local ms → UTC ms. A time skipped by a DST gap uses the offset before the gap; a repeated time the first. */
  toUtc(localMs: number): number;
};

const DAY_MS = 86_400_000;

/** The UTC zone (and the zone of floating times when nothing else is known). */
export const UTC_ZONE: Zone = { name: 'UTC', toLocal: (t) => t, toUtc: (t) => t };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(iana: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(iana);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: iana,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      return undefined;
    }
    formatters.set(iana, f);
  }
  return f;
}

/** True when Intl knows the IANA zone name (e.g. Europe/Berlin). */
export function isIanaZone(name: string): boolean {
  return formatter(name) !== undefined;
}

/** Offset of an IANA zone at a UTC instant, in ms (Berlin in summer: +7,200,000). */
export function ianaOffsetMs(iana: string, utcMs: number): number {
  const f = formatter(iana);
  if (!f) throw new RangeError(`unknown time zone ${iana}`);
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  // Intl drops milliseconds: keep them from the instant.
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * Wall-clock time → UTC for any zone given its offset function. RFC 5545 §3.3.5: a wall time in a DST gap is read
 * with the offset before the gap (02:30 on spring-forward day = 03:30 daylight time); a repeated wall time (fall
 * back) is the first of the two. Assumes at most one transition within a day either side, as every real zone has.
 * @example wallToUtc(Date.UTC(2027, 2, 28, 9, 30), (u) => ianaOffsetMs('Europe/Berlin', u)) // 07:30Z
 */
export function wallToUtc(localMs: number, offsetAt: (utcMs: number) => number): number {
  const before = offsetAt(localMs - DAY_MS);
  const after = offsetAt(localMs + DAY_MS);
  const valid = [...new Set([before, after])].map((o) => localMs - o).filter((u) => u + offsetAt(u) === localMs);
  if (valid.length > 0) return Math.min(...valid);
  return localMs - before;
}

/** A zone from an IANA name, or undefined when Intl does not know it. */
export function ianaZone(name: string): Zone | undefined {
  if (!isIanaZone(name)) return undefined;
  const offsetAt = (u: number) => ianaOffsetMs(name, u);
  return { name, toLocal: (u) => u + offsetAt(u), toUtc: (l) => wallToUtc(l, offsetAt) };
}

/**
 * A zone by name as calendars write TZIDs: an IANA name, a Windows name ("Eastern Standard Time") or an IANA name
 * behind a prefix ("/mozilla.org/20050126_1/America/New_York"). Undefined when none of these.
 */
export function namedZone(name: string): Zone | undefined {
  const trimmed = name.trim().replace(/^"|"$/g, '');
  const windows = WINDOWS_ZONES[trimmed];
  if (windows) {
    const z = ianaZone(windows);
    return z && { ...z, name: trimmed };
  }
  const direct = ianaZone(trimmed);
  if (direct) return direct;
  const tail = /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(trimmed);
  if (tail && tail[1] !== trimmed) {
    const z = ianaZone(tail[1]);
    return z && { ...z, name: trimmed };
  }
  return undefined;
}

/** A zone from a VTIMEZONE component (its own transitions, as the file defines them). */
export function vtimezoneZone(component: ICAL.Component): Zone {
  const tz = new ICAL.Timezone(component);
  const offsetAt = (utcMs: number): number => {
    const local = ICAL.Time.fromJSDate(new Date(utcMs), true).convertToZone(tz);
    return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - (utcMs - (((utcMs % 1000) + 1000) % 1000));
  };
  return { name: tz.tzid, toLocal: (u) => u + offsetAt(u), toUtc: (l) => wallToUtc(l, offsetAt) };
}
