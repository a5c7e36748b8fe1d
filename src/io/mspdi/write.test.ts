import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleProgram, type ScheduleResult } from '../../engine/schedule.js';
import { dep, est, est3, makeItem, makeMilestone, makePerson, makeProgram, makeTeam } from '../../model/builders.js';
import { hasErrors } from '../../model/diagnostic.js';
import type { Item, Program } from '../../model/program.js';
import { parseProgram } from '../yaml/load.js';
import { programText } from './program-text.js';
import { readMspdi } from './read.js';
import { writeMspdi } from './write.js';
import { parseXml } from './xml.js';

const here = dirname(fileURLToPath(import.meta.url));
const example = (name: string) => resolve(here, '../../../examples', name);

/** Export, import, load: the program MS Project would hand back. */
function roundTrip(program: Program, today: string): { program: Program; xml: string } {
  const xml = writeMspdi(program, { today, schedule: scheduleProgram(program, { today }) });
  const r = readMspdi(xml, 'export.xml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const text = programText(r.doc!, 'back.vantage.yaml').text!;
  const loaded = parseProgram(text, 'back.vantage.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { program: loaded.program!, xml };
}

function dates(s: ScheduleResult): Record<string, string> {
  return Object.fromEntries([...s.items.map((i) => [i.id, `${i.start}..${i.finish}`]), ...s.milestones.map((m) => [`milestone ${m.id}`, m.date])]);
}

describe('MSPDI export → import keeps the schedule', () => {
  for (const [file, today] of [['checkout.vantage.yaml', '2026-11-25'], ['loyalty.vantage.yaml', '2026-11-25']] as const) {
    it(`${file}: every item's start and finish and every milestone's date are the same`, () => {
      const loaded = parseProgram(readFileSync(example(file), 'utf8'), file);
      const original = loaded.program!;
      const before = scheduleProgram(original, { today });
      const back = roundTrip(original, today);
      const after = scheduleProgram(back.program, { today });
      expect(dates(after)).toEqual(dates(before));
      expect(Object.keys(dates(before)).length).toBe(original.items.length + original.milestones.length);
      // The plan itself comes back: ids, order, owners, dependencies, calendar.
      expect(back.program.items.map((i) => i.id)).toEqual(original.items.map((i) => i.id));
      expect(back.program.items.map((i) => [i.owner, i.status, i.after.map((d) => `${d.program ?? ''}/${d.id}+${d.lag}`)])).toEqual(
        original.items.map((i) => [i.owner, i.status, i.after.map((d) => `${d.program ?? ''}/${d.id}+${d.lag}`)]),
      );
      expect(back.program.program.calendar).toEqual(original.program.calendar);
      expect(back.program.people.map((p) => [p.id, p.capacity, p.off])).toEqual(original.people.map((p) => [p.id, p.capacity, p.off]));
    });
  }

  it('writes well-formed XML with the scheduled dates, constraints, lags and holidays MS Project reads', () => {
    const program = makeProgram({
      program: { calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-06'] } },
      people: [makePerson('bo', { name: 'Bo & Co <x>' })],
      items: [makeItem('A', { owner: 'bo', needs: { bo: 1 }, estimate: est(2) }), makeItem('B', { after: [dep('A', 1.5)], estimate: est3(1, 2, 4) })],
      milestones: [makeMilestone('M', { after: ['B'], date: '2027-01-29' })],
    });
    const today = '2027-01-04';
    const schedule = scheduleProgram(program, { today });
    const xml = writeMspdi(program, { today, schedule });
    const parsed = parseXml(xml);
    expect(parsed.error).toBeUndefined();
    expect(xml).toContain('<Name>Bo &amp; Co &lt;x&gt;</Name>');
    const a = schedule.items.find((i) => i.id === 'A')!;
    const taskA = /<Task>(?:(?!<\/Task>)[\s\S])*?<Name>Item A<\/Name>[\s\S]*?<\/Task>/.exec(xml)![0];
    expect(taskA).toContain(`<Start>${a.start}T08:00:00</Start>`);
    expect(taskA).toContain(`<Finish>${a.finish}T17:00:00</Finish>`);
    expect(taskA).toContain('<Duration>PT16H0M0S</Duration>');
    expect(taskA).toContain('<ConstraintType>4</ConstraintType>'); // start no earlier than the scheduled start
    // 1.5 working days of 480 minutes, in tenths of minutes.
    expect(xml).toContain('<LinkLag>7200</LinkLag>');
    expect(xml).toMatch(/<FromDate>2027-01-06T00:00:00<\/FromDate>/);
    expect(xml).toContain('<Deadline>2027-01-29T17:00:00</Deadline>');
    // Same input, same text.
    expect(writeMspdi(program, { today, schedule })).toBe(xml);
  });

  it('property: export then import gives the same schedule (random plans with people, teams, statuses, lags, holidays)', () => {
    const plan = fc
      .record({
        n: fc.integer({ min: 1, max: 10 }),
        seed: fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 80, maxLength: 80 }),
        holidays: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
      })
      .map(({ n, seed, holidays }) => {
        let k = 0;
        const pick = (m: number) => seed[k++ % seed.length] % m;
        const day = (offset: number) => new Date(Date.UTC(2027, 0, 4 + offset)).toISOString().slice(0, 10);
        const people = [makePerson('p1'), makePerson('p2', { capacity: 0.5, off: [{ from: day(3), to: day(6) }] }), makePerson('p3')];
        const items: Item[] = [];
        for (let i = 0; i < n; i++) {
          const after = i > 0 && pick(2) === 0 ? [dep(`I${pick(i)}`, [0, 0, 1, 0.5, 3][pick(5)])] : [];
          const owner = ['p1', 'p2', 'p3', undefined][pick(4)];
          const cap = owner === 'p2' ? 0.5 : 1;
          const needs: Record<string, number> = pick(3) === 0 ? { pool: 1 + pick(2) } : owner ? { [owner]: cap } : {};
          const estimate = pick(2) === 0 ? est(1 + pick(6)) : est3(1, 2 + pick(3), 8, (['pert', 'triangular', 'lognormal'] as const)[pick(3)]);
          const status = (['todo', 'todo', 'blocked', 'done', 'doing', 'cut'] as const)[pick(6)];
          const extra: Partial<Item> =
            status === 'done' ? { started: day(0), finished: day(1 + pick(3)) } : status === 'doing' ? { started: day(pick(3)), ...(pick(2) === 0 ? { remaining: est(1 + pick(3)) } : {}) } : {};
          items.push(makeItem(`I${i}`, { owner, needs, estimate, status, after, ...extra }));
          items[i].needsExplicit = !(owner && needs[owner] === cap && Object.keys(needs).length === 1);
        }
        const milestones = [makeMilestone('M1', { after: [`I${n - 1}`] })];
        return makeProgram({
          program: { calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: holidays.map((h) => day(h)).sort() } },
          people,
          teams: [makeTeam('pool', 2)],
          items,
          milestones,
        });
      });
    let compared = 0;
    fc.assert(
      fc.property(plan, (program) => {
        const today = '2027-01-07';
        const before = scheduleProgram(program, { today });
        if (hasErrors(before.warnings)) return;
        const back = roundTrip(program, today);
        expect(back.program.items.map((i) => [i.id, i.status, i.estimate, i.owner, i.started, i.finished])).toEqual(
          program.items.map((i) => [i.id, i.status, i.estimate, i.owner, i.started, i.finished]),
        );
        expect(dates(scheduleProgram(back.program, { today }))).toEqual(dates(before));
        compared++;
      }),
      { numRuns: 40, seed: 10 },
    );
    expect(compared).toBeGreaterThan(30);
  });
});
