/**
 * The portfolio page's links between programs (web/src/portfolio-links.ts) on the loyalty and checkout examples,
 * scheduled alone as the store schedules them: every cross-program `after:` is listed once, its margin is the days
 * between the upstream finish and the downstream start less its lag, and a link to a program one cannot read is
 * unknown with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderScheduleJson } from '../../src/cli/render/schedule-json.js';
import { scheduleProgram } from '../../src/engine/schedule.js';
import { parseProgram } from '../../src/io/yaml/load.js';
import type { Program } from '../../src/model/program.js';
import { crossProgramLinks, marginWords, TIGHT_DAYS } from '../../web/src/portfolio-links.js';
import type { ScheduleJson } from '../../web/src/types.js';
import { ROOT, TODAY } from './cockpit-server.js';

const load = (name: string): Program => parseProgram(readFileSync(join(ROOT, 'examples', name), 'utf8'), name).program!;
const scheduleOf = (p: Program) => JSON.parse(renderScheduleJson(scheduleProgram(p, { today: TODAY, seed: 1 }))) as ScheduleJson;
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

describe('crossProgramLinks', () => {
  const checkout = load('checkout.vantage.yaml');
  const loyalty = load('loyalty.vantage.yaml');
  const programs = new Map([
    ['checkout-revamp', checkout],
    ['loyalty', loyalty],
  ]);
  const schedules = new Map([
    ['checkout-revamp', scheduleOf(checkout)],
    ['loyalty', scheduleOf(loyalty)],
  ]);

  it('lists each cross-program dependency once, with both dates and the margin between them', () => {
    const links = crossProgramLinks(programs, schedules);
    expect(links.map((l) => `${l.from.id}->${l.to.id}`).sort()).toEqual(['PAY-4->LOY-4', 'REL-3->LOY-7', 'WEB-3->LOY-5']);
    for (const l of links) {
      const finish = schedules.get('checkout-revamp')!.items.find((i) => i.id === l.from.id)!.finish;
      const start = schedules.get('loyalty')!.items.find((i) => i.id === l.to.id)!.start;
      expect(l.from.finish).toBe(finish);
      expect(l.to.needBy).toBe(start);
      expect(l.marginDays).toBe(days(finish, start) - 1 - l.lag);
      expect(l.status).toBe(l.marginDays! < 0 ? 'late' : l.marginDays! < TIGHT_DAYS ? 'tight' : 'ok');
      expect(l.from.title).toBe(checkout.items.find((i) => i.id === l.from.id)!.title);
    }
    // Late first, then by margin.
    const margins = links.map((l) => l.marginDays!);
    expect(links.map((l) => l.status === 'late')).toEqual([...links.map((l) => l.status === 'late')].sort((a, b) => Number(b) - Number(a)));
    expect(margins.filter((_, i) => links[i].status === 'late')).toEqual([...margins.filter((_, i) => links[i].status === 'late')].sort((a, b) => a - b));
  });

  it('finds loyalty planned to start redeeming before checkout’s saved cards API is done (scheduled alone)', () => {
    const pay4 = crossProgramLinks(programs, schedules).find((l) => l.from.id === 'PAY-4')!;
    expect(pay4.status).toBe('late');
    const d = -pay4.marginDays!;
    expect(marginWords(pay4)).toBe(`starts ${d} day${d === 1 ? '' : 's'} too early`);
  });

  it('says why a link cannot be checked when the other program is not readable', () => {
    const links = crossProgramLinks(new Map([['loyalty', loyalty]]), new Map([['loyalty', schedules.get('loyalty')!]]));
    expect(links).toHaveLength(3);
    for (const l of links) {
      expect(l.status).toBe('unknown');
      expect(l.marginDays).toBeUndefined();
      expect(marginWords(l)).toBe('checkout-revamp is not a program you can read here');
    }
  });

  it('checks a milestone against its date, and counts the lag', () => {
    const base = (id: string, extra: string) => parseProgram(`vantage: 1\nprogram: {id: ${id}, name: ${id}, start: 2026-11-02}\n${extra}`, `${id}.yaml`).program!;
    const up = base('up', 'items: [{id: U, title: Upstream, estimate: 5}]\n');
    const down = base('down', 'items: [{id: D, title: Down, estimate: 1}]\nmilestones: [{id: M, title: Launch, after: [{id: up/U, lag: 2}, D], date: 2026-11-20}]\n');
    const s = new Map([
      ['up', scheduleOf(up)],
      ['down', scheduleOf(down)],
    ]);
    const [link] = crossProgramLinks(
      new Map([
        ['up', up],
        ['down', down],
      ]),
      s,
    );
    const finish = s.get('up')!.items[0].finish;
    const date = s.get('down')!.milestones[0].date;
    expect(link).toMatchObject({ from: { program: 'up', id: 'U', finish }, to: { program: 'down', id: 'M', kind: 'milestone', needBy: date }, lag: 2 });
    expect(link.marginDays).toBe(days(finish, date) - 2);
  });
});
