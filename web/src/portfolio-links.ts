/**
 * The dependencies between programs, as the portfolio page shows them (pure; tested in Node by
 * test/web/portfolio-links.test.ts). A program stored alone is scheduled without its links to other programs (the
 * engine warns `cross-program-dependency` and ignores them: only a portfolio file resolves them), so its plan can
 * start work before what it waits on is done. Each link is checked here against both programs' own schedules: the
 * margin between the upstream finish and the downstream start (or milestone date), late when it is negative.
 */
import type { Program } from '../../src/model/program.js';
import type { ScheduleJson } from './types.js';

/** Fewer calendar days of margin than this is tight. */
export const TIGHT_DAYS = 5;

export type LinkEnd = { program: string; id: string; title?: string };

export type CrossLink = {
  /** The work waited on (another program's item or milestone). */
  from: LinkEnd & { finish?: string };
  /** The work that waits: an item (needed by its start) or a milestone (by its date). */
  to: LinkEnd & { kind: 'item' | 'milestone'; needBy?: string };
  /** Working days the file asks between the two (`ID+2`). */
  lag: number;
  /** Calendar days to spare (negative: the plan starts the waiting work before the upstream is done, plus lag); absent when a date is unknown. */
  marginDays?: number;
  status: 'late' | 'tight' | 'ok' | 'unknown';
  /** Why the status is unknown, in words. */
  why?: string;
};

const DAY = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;

/**
 * Every cross-program link of `programs` (their parsed models), checked against `schedules` (each program's own
 * schedule, when it could be read). Late first, then by margin. Example: loyalty's LOY-4 after checkout-revamp/PAY-4
 * gives `{from: {program: 'checkout-revamp', id: 'PAY-4', finish}, to: {program: 'loyalty', id: 'LOY-4', needBy}, …}`.
 */
export function crossProgramLinks(programs: ReadonlyMap<string, Program>, schedules: ReadonlyMap<string, ScheduleJson>): CrossLink[] {
  const links: CrossLink[] = [];
  const titleOf = (program: string, id: string): string | undefined => {
    const p = programs.get(program);
    return p?.items.find((i) => i.id === id)?.title ?? p?.milestones.find((m) => m.id === id)?.title;
  };
  const finishOf = (program: string, id: string): string | undefined => {
    const s = schedules.get(program);
    return s?.items.find((i) => i.id === id)?.finish ?? s?.milestones.find((m) => m.id === id)?.date;
  };
  for (const [pid, program] of programs) {
    const schedule = schedules.get(pid);
    const nodes = [...program.items.map((n) => ({ n, kind: 'item' as const })), ...program.milestones.map((n) => ({ n, kind: 'milestone' as const }))];
    for (const { n, kind } of nodes) {
      for (const dep of n.after) {
        if (dep.program === undefined || dep.program === pid) continue;
        const needBy = kind === 'item' ? schedule?.items.find((i) => i.id === n.id)?.start : schedule?.milestones.find((m) => m.id === n.id)?.date;
        const finish = finishOf(dep.program, dep.id);
        const fromTitle = titleOf(dep.program, dep.id);
        const link: CrossLink = {
          from: { program: dep.program, id: dep.id, ...(fromTitle !== undefined ? { title: fromTitle } : {}), ...(finish !== undefined ? { finish } : {}) },
          to: { program: pid, id: n.id, title: n.title, kind, ...(needBy !== undefined ? { needBy } : {}) },
          lag: dep.lag,
          status: 'unknown',
        };
        if (!programs.has(dep.program)) link.why = `${dep.program} is not a program you can read here`;
        else if (finish === undefined) link.why = `${dep.program} has no scheduled ${dep.id}`;
        else if (needBy === undefined) link.why = `${pid} has no scheduled date for ${n.id}`;
        else {
          // An item starts the day after what it waits on finishes; a milestone can fall on that last day.
          const margin = dayOf(needBy) - dayOf(finish) - (kind === 'item' ? 1 : 0) - dep.lag;
          link.marginDays = margin;
          link.status = margin < 0 ? 'late' : margin < TIGHT_DAYS ? 'tight' : 'ok';
        }
        links.push(link);
      }
    }
  }
  const rank = { late: 0, tight: 1, unknown: 2, ok: 3 } as const;
  return links.sort((a, b) => rank[a.status] - rank[b.status] || (a.marginDays ?? 0) - (b.marginDays ?? 0) || a.to.program.localeCompare(b.to.program) || a.to.id.localeCompare(b.to.id));
}

/** The link's status in words: "starts 11 days before PAY-4 finishes", "3 days to spare". */
export function marginWords(link: CrossLink): string {
  if (link.marginDays === undefined) return link.why ?? 'unknown';
  const d = Math.abs(link.marginDays);
  const days = `${d} day${d === 1 ? '' : 's'}`;
  if (link.marginDays < 0) return link.to.kind === 'item' ? `starts ${days} too early` : `dated ${days} too early`;
  return `${days} to spare`;
}
