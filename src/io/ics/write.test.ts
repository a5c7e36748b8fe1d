import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { expandIcs, parseIcs } from './parse.js';
import { escapeText, foldLine, writeIcs } from '../../model/ics-text.js';
import { UTC_ZONE } from './zone.js';

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('writeIcs', () => {
  const events = [
    { uid: 'focus-20270118T140000Z@vantage', start: Date.UTC(2027, 0, 18, 14), end: Date.UTC(2027, 0, 18, 16), summary: 'Focus: strategy' },
    {
      uid: 'focus-20270119T090000Z@vantage',
      start: Date.UTC(2027, 0, 19, 9),
      end: Date.UTC(2027, 0, 19, 12, 30),
      summary: 'Focus: strategy',
      description: 'Réservé pour la stratégie; roadmap, OKRs\nand the long view — a line long enough to need folding twice over, surely.',
    },
  ];
  const text = writeIcs(events, { prodId: '-//Vantage//time//EN', stamp: Date.UTC(2027, 0, 15) });

  it('uses CRLF only and no line over 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(text).toContain('DTSTART:20270118T140000Z\r\n');
    expect(text).toContain('DTSTAMP:20270115T000000Z\r\n');
  });

  it('re-parses with ical.js into the same events (times, titles, escaped text)', () => {
    const comp = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const back = comp.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return { uid: e.uid, start: e.startDate.toJSDate().getTime(), end: e.endDate.toJSDate().getTime(), summary: e.summary, description: e.description ?? undefined };
    });
    expect(back).toEqual(events.map((e) => ({ ...e, description: e.description ?? undefined })));
  });

  it('re-parses with our own reader too', () => {
    const cal = parseIcs(text, 'out.ics').calendar;
    if (!cal) throw new Error('did not parse');
    const occ = expandIcs(cal, { from: Date.UTC(2027, 0, 1), to: Date.UTC(2027, 1, 1), zone: UTC_ZONE });
    expect(occ.map((o) => [o.uid, o.start, o.end])).toEqual(events.map((e) => [e.uid, e.start, e.end]));
  });
});

describe('foldLine', () => {
  it('never splits a UTF-8 character and unfolds to the original (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `DESCRIPTION:${escapeText(s)}`;
        const folded = foldLine(line);
        for (const piece of folded.split('\r\n')) expect(octets(piece)).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
    );
  });
});
