/**
 * A small iCalendar writer (RFC 5545): CRLF line endings, lines folded at 75 octets without splitting a UTF-8
 * character, TEXT values escaped, times in UTC `Z` form. Deterministic: the caller gives DTSTAMP and UIDs.
 */

/** One event to write. Times are UTC ms. */
export type IcsEventOut = {
  uid: string;
  start: number;
  end: number;
  summary: string;
  description?: string;
  /** Free (TRANSPARENT) or busy (OPAQUE, the default). */
  transparent?: boolean;
  categories?: string[];
};

/**
 * A VCALENDAR with one VEVENT per event.
 * @example writeIcs([{ uid: 'focus-20270118T0900Z@vantage', start, end, summary: 'Focus: strategy' }], { prodId: '-//Vantage//time//EN', stamp })
 */
export function writeIcs(events: readonly IcsEventOut[], o: { prodId: string; stamp: number; name?: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${o.prodId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (o.name) lines.push(`X-WR-CALNAME:${escapeText(o.name)}`);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsUtc(o.stamp)}`,
      `DTSTART:${icsUtc(e.start)}`,
      `DTEND:${icsUtc(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    lines.push(`TRANSP:${e.transparent ? 'TRANSPARENT' : 'OPAQUE'}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** UTC ms → `20270118T090000Z`. */
export function icsUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\n|\r/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds one content line into pieces of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
