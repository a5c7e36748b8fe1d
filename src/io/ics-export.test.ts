import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { scheduleProgram } from '../engine/schedule.js';
import { makeMilestone, makeProgram } from '../model/builders.js';
import { writeProgramIcs } from './ics-export.js';
import { parseProgram } from './yaml/load.js';

const here = dirname(fileURLToPath(import.meta.url));

type Ev = { uid: string; summary: string; start: string; end: string; allDay: boolean; description: string; stamp: string };

/** Parses with ical.js (an independent reader) into plain events. */
function events(ics: string): Ev[] {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      allDay: e.startDate.isDate,
      description: e.description,
      stamp: String(c.getFirstPropertyValue('dtstamp')),
    };
  });
}

describe('writeProgramIcs', () => {
  it('checkout example: each committed milestone, its planned date when different, and the target, as all-day events', () => {
    const program = parseProgram(readFileSync(resolve(here, '../../examples/checkout.vantage.yaml'), 'utf8'), 'checkout.vantage.yaml').program!;
    const today = '2026-11-25';
    const schedule = scheduleProgram(program, { today });
    const ics = writeProgramIcs(program, { today, schedule });
    const got = events(ics);
    for (const m of program.milestones) {
      const planned = schedule.milestones.find((s) => s.id === m.id)!.date;
      const committed = got.find((e) => e.uid === `checkout-revamp/${m.id}/committed@vantage`);
      if (m.date) {
        expect(committed).toMatchObject({ start: m.date, allDay: true, summary: `${m.title} (committed)` });
        expect(committed!.description).toContain(`Planned (schedule of ${today}): ${planned}`);
      } else expect(committed).toBeUndefined();
      const plannedEvent = got.find((e) => e.uid === `checkout-revamp/${m.id}/planned@vantage`);
      if (planned !== m.date) expect(plannedEvent).toMatchObject({ start: planned, allDay: true });
      else expect(plannedEvent).toBeUndefined();
    }
    expect(got.find((e) => e.uid === 'checkout-revamp/target@vantage')).toMatchObject({ start: '2027-03-19', end: '2027-03-20', allDay: true });
    expect(got.every((e) => e.stamp === '2026-11-25T00:00:00Z')).toBe(true);
    expect(new Set(got.map((e) => e.uid)).size).toBe(got.length);
  });

  it('is RFC 5545 text: CRLF line ends, lines of at most 75 octets, escaped TEXT, stable output', () => {
    const long = 'Beta, with a very long title; it needs folding because it is longer than seventy-five octets — ünïcode';
    const program = makeProgram({ program: { target: '2027-06-30' }, milestones: [makeMilestone('beta', { title: long, date: '2027-04-15' })] });
    const ics = writeProgramIcs(program, { today: '2027-01-04' });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ics).toContain('SUMMARY:Beta\\, with a very long title\\; it');
    const [beta, target] = events(ics);
    expect(beta.summary).toBe(`${long} (committed)`);
    expect(beta).toMatchObject({ uid: 'test/beta/committed@vantage', start: '2027-04-15', end: '2027-04-16' });
    expect(target.uid).toBe('test/target@vantage');
    expect(writeProgramIcs(program, { today: '2027-01-04' })).toBe(ics);
  });
});
