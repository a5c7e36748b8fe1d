import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandIcs, parseIcs, type IcsCalendar, type IcsOccurrence } from './parse.js';
import { ianaZone, UTC_ZONE, type Zone } from './zone.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/ics/${name}`, import.meta.url), 'utf8');

function calendar(text: string, file = 'cal.ics'): IcsCalendar {
  const r = parseIcs(text, file);
  if (!r.calendar) throw new Error(r.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  return r.calendar;
}

function zone(name: string): Zone {
  const z = ianaZone(name);
  if (!z) throw new Error(`Intl lacks ${name}`);
  return z;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const brief = (o: IcsOccurrence) => `${iso(o.start)} ${iso(o.end)} ${o.title}`;
const ics = (...body: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', ...body, 'END:VCALENDAR', ''].join('\r\n');

describe('parseIcs + expandIcs on the demo calendar (examples/ana.ics)', () => {
  const cal = calendar(readFileSync(new URL('../../../examples/ana.ics', import.meta.url), 'utf8'), 'ana.ics');
  const ny = zone('America/New_York');
  const week48 = { from: Date.UTC(2026, 10, 23, 5), to: Date.UTC(2026, 10, 30, 5), zone: ny, email: 'ana@example.com' };

  it('takes the owner zone from the first VTIMEZONE', () => {
    expect(cal.defaultZone?.name).toBe('America/New_York');
  });

  it('drops the Thanksgiving EXDATEs from the daily standup: Mon, Tue, Wed only', () => {
    const standups = expandIcs(cal, week48).filter((o) => o.title === 'Checkout standup');
    expect(standups.map((o) => iso(o.start))).toEqual(['2026-11-23T14:30', '2026-11-24T14:30', '2026-11-25T14:30']);
    expect(standups.every((o) => o.end - o.start === 15 * 60_000 && o.recurrenceId === o.start)).toBe(true);
  });

  it('marks the event Ana declined and the all-day offsite', () => {
    const nov10 = expandIcs(cal, { ...week48, from: Date.UTC(2026, 10, 10), to: Date.UTC(2026, 10, 11) });
    expect(nov10.find((o) => o.uid === 'vendor-sync@example.com')?.declined).toBe(true);
    expect(nov10.find((o) => o.title === 'Checkout standup')?.declined).toBe(false);
    const dec3 = expandIcs(cal, { ...week48, from: Date.UTC(2026, 11, 3), to: Date.UTC(2026, 11, 4) });
    const offsite = dec3.find((o) => o.uid === 'offsite@example.com');
    expect(offsite?.allDay).toBe(true);
    // An all-day date is a day in the TPM's zone: midnight New York is 05:00Z.
    expect(offsite && brief(offsite)).toBe('2026-12-03T05:00 2026-12-04T05:00 Team offsite');
  });
});

describe('a weekly event across the US DST change (2027-03-14)', () => {
  const cal = calendar(
    ics(
      'BEGIN:VTIMEZONE', 'TZID:America/New_York',
      'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
      'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT', 'UID:weekly', 'DTSTAMP:20270101T000000Z', 'DTSTART;TZID=America/New_York:20270301T093000',
      'DTEND;TZID=America/New_York:20270301T100000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly', 'END:VEVENT',
    ),
  );

  it('keeps 09:30 local while its UTC hour moves from 14:30 to 13:30', () => {
    const occ = expandIcs(cal, { from: Date.UTC(2027, 1, 1), to: Date.UTC(2027, 4, 1), zone: UTC_ZONE });
    expect(occ.map((o) => iso(o.start))).toEqual(['2027-03-01T14:30', '2027-03-08T14:30', '2027-03-15T13:30', '2027-03-22T13:30']);
  });
});

describe('RRULE UNTIL in UTC on a zone east of UTC', () => {
  it('keeps the last instance when UNTIL is exactly its start (as Google writes it)', () => {
    const cal = calendar(
      ics('BEGIN:VEVENT', 'UID:u', 'DTSTAMP:20270101T000000Z', 'DTSTART;TZID=Europe/Berlin:20270315T100000', 'DTEND;TZID=Europe/Berlin:20270315T110000',
        'RRULE:FREQ=WEEKLY;UNTIL=20270329T080000Z', 'SUMMARY:Weekly', 'END:VEVENT'),
    );
    const occ = expandIcs(cal, { from: Date.UTC(2027, 2, 1), to: Date.UTC(2027, 4, 1), zone: UTC_ZONE });
    expect(occ.map((o) => iso(o.start))).toEqual(['2027-03-15T09:00', '2027-03-22T09:00', '2027-03-29T08:00']);
  });
});

describe('instances changed one by one', () => {
  const cal = calendar(
    ics(
      'BEGIN:VEVENT', 'UID:s', 'DTSTAMP:20270101T000000Z', 'DTSTART;TZID="America/New_York":20270104T090000', 'DTEND;TZID="America/New_York":20270104T093000',
      'RRULE:FREQ=DAILY;COUNT=5', 'SUMMARY:Standup', 'END:VEVENT',
      // Google writes a cancelled instance as an override with STATUS:CANCELLED.
      'BEGIN:VEVENT', 'UID:s', 'DTSTAMP:20270101T000000Z', 'RECURRENCE-ID;TZID="America/New_York":20270105T090000',
      'DTSTART;TZID="America/New_York":20270105T090000', 'DTEND;TZID="America/New_York":20270105T093000', 'STATUS:CANCELLED', 'SUMMARY:Standup', 'END:VEVENT',
      // Moved out of the window: the series loses it, the window does not see it.
      'BEGIN:VEVENT', 'UID:s', 'DTSTAMP:20270101T000000Z', 'RECURRENCE-ID;TZID="America/New_York":20270106T090000',
      'DTSTART;TZID="America/New_York":20270120T090000', 'DTEND;TZID="America/New_York":20270120T093000', 'SUMMARY:Standup', 'END:VEVENT',
    ),
  );
  const occ = expandIcs(cal, { from: Date.UTC(2027, 0, 4), to: Date.UTC(2027, 0, 11), zone: UTC_ZONE });

  it('keeps a cancelled instance only as cancelled, and drops an instance moved out of the window (quoted TZIDs)', () => {
    expect(occ.map((o) => `${iso(o.start)} ${o.status ?? ''}`)).toEqual([
      '2027-01-04T14:00 ',
      '2027-01-05T14:00 cancelled',
      '2027-01-07T14:00 ',
      '2027-01-08T14:00 ',
    ]);
  });
});

describe('recurrence keeps its wall-clock time in every zone (property)', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Kolkata', 'Pacific/Auckland'];
  it('a weekly event with a TZID (no VTIMEZONE) starts at the same local time in each of 60 weeks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 23 * 4 }), (tz, dayOfYear, quarter) => {
        const start = new Date(Date.UTC(2027, 0, 1 + dayOfYear, Math.floor(quarter / 4), (quarter % 4) * 15));
        const stamp = start.toISOString().replace(/[-:]/g, '').slice(0, 15);
        const cal = calendar(ics('BEGIN:VEVENT', 'UID:p', 'DTSTAMP:20270101T000000Z', `DTSTART;TZID=${tz}:${stamp}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=60', 'SUMMARY:p', 'END:VEVENT'));
        const z = zone(tz);
        const occ = expandIcs(cal, { from: Date.UTC(2026, 11, 1), to: Date.UTC(2030, 0, 1), zone: UTC_ZONE });
        expect(occ).toHaveLength(60);
        for (const o of occ) {
          const local = new Date(z.toLocal(o.start));
          // A start in a DST gap moves forward by the gap (RFC 5545); otherwise the wall-clock time is kept.
          const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
          const wanted = start.getUTCHours() * 60 + start.getUTCMinutes();
          expect(minutes === wanted || minutes === wanted + 60).toBe(true);
          expect(o.end - o.start).toBe(3_600_000);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('long-running series (skipping ahead to the window)', () => {
  const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  it('gives the same occurrences in a late window as a full expansion from DTSTART (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('DAILY', 'WEEKLY'),
        fc.integer({ min: 1, max: 3 }),
        fc.subarray(days),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.option(fc.integer({ min: 0, max: 60 })),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC'),
        (freq, interval, byday, startDay, weekOffset, untilDays, tz) => {
          const start = new Date(Date.UTC(2021, 0, 1 + startDay, 9, 30));
          const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').slice(0, 15);
          const windowFrom = Date.UTC(2027, 0, 4 + weekOffset * 7);
          const until = untilDays === null ? '' : `;UNTIL=${stamp(new Date(windowFrom + untilDays * 3_600_000 * 4))}Z`;
          const rule = `RRULE:FREQ=${freq};INTERVAL=${interval}${byday.length ? `;BYDAY=${byday.join(',')}` : ''}${until}`;
          const cal = calendar(ics('BEGIN:VEVENT', 'UID:ff', 'DTSTAMP:20200101T000000Z', `DTSTART;TZID=${tz}:${stamp(start)}`, 'DURATION:PT1H', rule, 'SUMMARY:x', 'END:VEVENT'));
          const window = { from: windowFrom, to: windowFrom + 7 * 86_400_000, zone: UTC_ZONE };
          const full = expandIcs(cal, { ...window, from: Date.UTC(2020, 0, 1), to: window.to }).filter((o) => o.end > window.from);
          expect(expandIcs(cal, window)).toEqual(full);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('rules that never match', () => {
  it('end without stray instances (an impossible BYMONTHDAY)', () => {
    const cal = calendar(ics('BEGIN:VEVENT', 'UID:feb30', 'DTSTAMP:20270101T000000Z', 'DTSTART:20270101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'SUMMARY:x', 'END:VEVENT'));
    const occ = expandIcs(cal, { from: Date.UTC(2027, 0, 1), to: Date.UTC(2031, 0, 1), zone: UTC_ZONE });
    // DTSTART itself is an instance (RFC 5545); ical.js's rolled-over "February 30" (March 1st or 2nd) is not.
    expect(occ.map((o) => iso(o.start))).toEqual(['2027-01-01T09:00']);
  });

  it('keeps the real last-day-of-month instances (BYMONTHDAY=-1)', () => {
    const cal = calendar(ics('BEGIN:VEVENT', 'UID:eom', 'DTSTAMP:20270101T000000Z', 'DTSTART:20270131T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3', 'SUMMARY:x', 'END:VEVENT'));
    const occ = expandIcs(cal, { from: Date.UTC(2027, 0, 1), to: Date.UTC(2028, 0, 1), zone: UTC_ZONE });
    expect(occ.map((o) => iso(o.start))).toEqual(['2027-01-31T09:00', '2027-02-28T09:00', '2027-03-31T09:00']);
  });
});

describe('Google Calendar export (X-WR-TIMEZONE Europe/Berlin, no VTIMEZONE)', () => {
  const cal = calendar(fixture('google-berlin.ics'), 'google-berlin.ics');
  const berlin = zone('Europe/Berlin');
  const march = expandIcs(cal, { from: Date.UTC(2027, 2, 1), to: Date.UTC(2027, 3, 30), zone: berlin, email: 'ana@example.com' });

  it('takes the owner zone from X-WR-TIMEZONE', () => {
    expect(cal.defaultZone?.name).toBe('Europe/Berlin');
  });

  it('expands the Monday planning in Berlin time across the EU DST change, without the EXDATE, with the override moved', () => {
    expect(march.filter((o) => o.uid === '7kukuqrfedlm2f9t0vr42q@google.com').map(brief)).toEqual([
      '2027-03-15T09:00 2027-03-15T10:00 Roadmap planning',
      // RECURRENCE-ID 2027-03-22 10:00 moved to 15:00: counted once, at its new time.
      '2027-03-22T14:00 2027-03-22T15:00 Roadmap planning (moved)',
      // After 2027-03-28 Berlin is UTC+2: 10:00 local is 08:00Z.
      '2027-03-29T08:00 2027-03-29T09:00 Roadmap planning',
      // 2027-04-05 is excluded by EXDATE.
      '2027-04-12T08:00 2027-04-12T09:00 Roadmap planning',
      '2027-04-19T08:00 2027-04-19T09:00 Roadmap planning',
      '2027-04-26T08:00 2027-04-26T09:00 Roadmap planning',
    ]);
  });

  it('flags declined (email case-insensitive, folded ATTENDEE line), accepted, all-day, transparent and cancelled', () => {
    const by = (uid: string) => march.find((o) => o.uid === uid);
    expect(by('vendor-pitch-001@google.com')?.declined).toBe(true);
    expect(by('design-review-002@google.com')?.declined).toBe(false);
    expect(by('holiday-003@google.com')?.allDay).toBe(true);
    expect(by('lunch-004@google.com')?.transparent).toBe(true);
    expect(by('cancelled-005@google.com')?.status).toBe('cancelled');
    expect(by('vendor-pitch-001@google.com')?.line).toBe(37);
  });
});

describe('Outlook export (Windows TZIDs)', () => {
  const cal = calendar(fixture('outlook-eastern.ics'), 'outlook-eastern.ics');
  const occ = expandIcs(cal, { from: Date.UTC(2027, 2, 1), to: Date.UTC(2027, 3, 30), zone: UTC_ZONE });

  it("uses the file's VTIMEZONE for 'Eastern Standard Time': 09:30 local before and after 2027-03-14, until UNTIL", () => {
    expect(occ.filter((o) => o.title === 'Ops review').map((o) => iso(o.start))).toEqual([
      '2027-03-03T14:30', '2027-03-10T14:30', '2027-03-17T13:30', '2027-03-24T13:30', '2027-03-31T13:30',
    ]);
  });

  it('maps a Windows TZID with no VTIMEZONE (W. Europe Standard Time) to Europe/Berlin', () => {
    expect(occ.filter((o) => o.title === 'Berlin sync').map(brief)).toEqual(['2027-03-29T08:00 2027-03-29T08:30 Berlin sync']);
  });

  it('reads X-MICROSOFT-CDO-BUSYSTATUS:FREE as transparent', () => {
    expect(occ.find((o) => o.title === 'Hold: maybe')?.transparent).toBe(true);
    expect(occ.find((o) => o.title === 'Ops review')?.transparent).toBe(false);
  });
});

describe('a VTIMEZONE with several historical transitions (US rules before and after 2007)', () => {
  const cal = calendar(fixture('apple-chicago-history.ics'));
  const at = (y: number, m: number, d: number) =>
    expandIcs(cal, { from: Date.UTC(y, m - 1, d), to: Date.UTC(y, m - 1, d + 1), zone: UTC_ZONE }).map((o) => iso(o.start));

  it('applies the old rule (DST from the 1st Sunday of April) in 2005 and the new one (2nd Sunday of March) in 2007', () => {
    expect(at(2005, 3, 28)).toEqual(['2005-03-28T15:00']);
    expect(at(2005, 4, 4)).toEqual(['2005-04-04T14:00']);
    // 2007-03-26: daylight time under the 2007 rule (it would still be standard time under the old one).
    expect(at(2007, 3, 26)).toEqual(['2007-03-26T14:00']);
    expect(at(2007, 3, 5)).toEqual(['2007-03-05T15:00']);
  });
});

describe('floating times and UTC', () => {
  const cal = calendar(
    ics(
      'BEGIN:VEVENT', 'UID:f', 'DTSTAMP:20270101T000000Z', 'DTSTART:20270104T090000', 'DURATION:PT90M', 'SUMMARY:Floating', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:z', 'DTSTAMP:20270101T000000Z', 'DTSTART:20270104T090000Z', 'DTEND:20270104T100000Z', 'SUMMARY:Zulu', 'END:VEVENT',
    ),
  );

  it("places a floating time in the TPM's zone and leaves a UTC time alone", () => {
    const occ = expandIcs(cal, { from: Date.UTC(2027, 0, 4), to: Date.UTC(2027, 0, 5), zone: zone('America/New_York') });
    expect(occ.map(brief)).toEqual(['2027-01-04T09:00 2027-01-04T10:00 Zulu', '2027-01-04T14:00 2027-01-04T15:30 Floating']);
  });
});

describe('errors name file:line and what to do', () => {
  it('reports a TZID nobody knows at its line', () => {
    const r = parseIcs(
      ics('BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20270101T000000Z', 'DTSTART;TZID=Mars Standard Time:20270104T090000', 'SUMMARY:x', 'END:VEVENT'),
      'mars.ics',
    );
    expect(r.calendar).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ code: 'ics-unknown-timezone', file: 'mars.ics', line: 7 }]);
    expect(r.diagnostics[0].hint).toMatch(/VTIMEZONE|IANA/);
  });

  it('reports a broken content line', () => {
    const r = parseIcs(ics('BEGIN:VEVENT', 'UID:x', 'this is not a property', 'END:VEVENT'), 'broken.ics');
    expect(r.diagnostics).toMatchObject([{ code: 'ics-syntax', file: 'broken.ics', line: 6 }]);
  });

  it('reports an unclosed component and a file that is no calendar', () => {
    expect(parseIcs(ics('BEGIN:VEVENT', 'UID:x'), 'open.ics').diagnostics).toMatchObject([{ code: 'ics-syntax', line: 6, message: expect.stringContaining('BEGIN:VEVENT (line 4)') }]);
    expect(parseIcs('hello\n', 'notes.txt').diagnostics).toMatchObject([{ code: 'ics-not-calendar', line: 1 }]);
  });

  it.each([
    ['DTSTART:notadate', /DTSTART: invalid date-time/],
    ['RRULE:FREQ=SOMETIMES', /RRULE: invalid frequency "SOMETIMES"/],
    ['DURATION:banana', /DURATION: invalid duration/],
    ['EXDATE:2027', /EXDATE: /],
  ])('reports a value ical.js rejects (%s) at its line', (line, message) => {
    const start = line.startsWith('DTSTART') ? 'X-NOTE:no start yet' : 'DTSTART:20270104T090000Z';
    const r = parseIcs(ics('BEGIN:VEVENT', 'UID:x', start, 'SUMMARY:ok', line, 'END:VEVENT'), 'v.ics');
    expect(r.diagnostics).toMatchObject([{ code: 'ics-syntax', file: 'v.ics', line: 8, message: expect.stringMatching(message) }]);
  });

  it('reports an event without DTSTART at its BEGIN line', () => {
    const r = parseIcs(ics('BEGIN:VEVENT', 'UID:nostart', 'SUMMARY:x', 'END:VEVENT'), 'a.ics');
    expect(r.diagnostics).toMatchObject([{ code: 'ics-no-start', line: 4 }]);
  });
});
