/**
 * The decision and lesson logs: supersession chains, links to items and risks, filters, and the next free id.
 *
 * A decision that names `supersedes: D1` replaces D1. Following `supersedes` from the newest decision gives its chain
 * (D3 → D2 → D1); the chain's head is the decision in force, and every other member is superseded (whatever its own
 * `status` says). The loader already rejects a `supersedes` naming no decision and a loop (codes `unknown-ref` with
 * field supersedes, `supersede-cycle`); this module still copes with both, so it is safe on any in-memory program:
 * a loop or dangling reference ends the chain and is reported as a problem.
 */
import type { Decision, IsoDate, Lesson, Program } from '../../model/program.js';

export type Link = { id: string; title: string };

export type DecisionView = {
  decision: Decision;
  items: Link[];
  risks: Link[];
  /** The decision that replaces this one, if any (the first in file order when several claim to). */
  supersededBy?: string;
  /** The decision in force at the head of this decision's chain (itself when nothing replaces it). */
  current: string;
  /** The chain this decision sits in, newest first: [current, ..., oldest]. Length 1 when it stands alone. */
  chain: string[];
  /** True when another decision replaces it or its status is `superseded`. */
  superseded: boolean;
};

export type ChainProblem = {
  code: 'supersede-cycle' | 'supersedes-unknown' | 'superseded-twice';
  /** The decisions involved, in chain or file order. */
  ids: string[];
  message: string;
};

export type LessonView = { lesson: Lesson; items: Link[]; risks: Link[] };

export type LogFilter = {
  /** Decisions only: the exact status (case-insensitive). */
  status?: string;
  /** Linked to this item id. */
  item?: string;
  /** Linked to this risk id. */
  risk?: string;
  /** Dated on or after this date (undated entries are left out when set). */
  since?: IsoDate;
  /** Case-insensitive text anywhere in the id, title, context, options, decision or change. */
  search?: string;
};

const linksOf = (ids: readonly string[], table: ReadonlyMap<string, string>): Link[] => ids.map((id) => ({ id, title: table.get(id) ?? id }));

/**
 * Every decision with its links and chain, in file order, and the problems found in the chains. Example: D1, D2
 * (supersedes D1), D3 (supersedes D2) give D1 `{supersededBy: 'D2', current: 'D3', chain: ['D3', 'D2', 'D1']}`.
 */
export function decisionViews(program: Program): { views: DecisionView[]; problems: ChainProblem[] } {
  const byId = new Map(program.decisions.map((d) => [d.id, d]));
  const items = new Map(program.items.map((i) => [i.id, i.title]));
  const risks = new Map(program.risks.map((r) => [r.id, r.title]));
  const problems: ChainProblem[] = [];
  const replacedBy = new Map<string, string>();
  for (const d of program.decisions) {
    if (d.supersedes === undefined) continue;
    if (!byId.has(d.supersedes)) {
      problems.push({ code: 'supersedes-unknown', ids: [d.id, d.supersedes], message: `${d.id} supersedes ${d.supersedes}, which is not in the decision log` });
      continue;
    }
    const earlier = replacedBy.get(d.supersedes);
    if (earlier !== undefined) {
      problems.push({ code: 'superseded-twice', ids: [earlier, d.id, d.supersedes], message: `${d.supersedes} is superseded by both ${earlier} and ${d.id}; one of them should supersede the other` });
      continue;
    }
    replacedBy.set(d.supersedes, d.id);
  }
  const reported = new Set<string>();
  /** Walks forward to the decision in force; stops (and reports once) on a loop. */
  const head = (id: string): string[] => {
    const path = [id];
    const seen = new Set(path);
    for (let next = replacedBy.get(id); next !== undefined; next = replacedBy.get(next)) {
      if (seen.has(next)) {
        const loop = path.slice(path.indexOf(next));
        const key = [...loop].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ code: 'supersede-cycle', ids: loop, message: `decisions supersede each other in a loop: ${[...loop, next].join(' -> ')}` });
        }
        break;
      }
      path.push(next);
      seen.add(next);
    }
    return path;
  };
  /** Walks back from a decision through what it supersedes; stops at a loop or an unknown id. */
  const back = (id: string): string[] => {
    const out = [id];
    const seen = new Set(out);
    for (let prev = byId.get(id)?.supersedes; prev !== undefined && byId.has(prev) && !seen.has(prev) && replacedBy.get(prev) === out[out.length - 1]; prev = byId.get(prev)?.supersedes) {
      out.push(prev);
      seen.add(prev);
    }
    return out;
  };
  const views = program.decisions.map((d): DecisionView => {
    const forward = head(d.id);
    const current = forward[forward.length - 1];
    const supersededBy = replacedBy.get(d.id);
    return {
      decision: d,
      items: linksOf(d.items, items),
      risks: linksOf(d.risks, risks),
      ...(supersededBy !== undefined ? { supersededBy } : {}),
      current,
      chain: back(current),
      superseded: supersededBy !== undefined || d.status?.toLowerCase() === 'superseded',
    };
  });
  return { views, problems };
}

/** Every lesson with its links, in file order. */
export function lessonViews(program: Program): LessonView[] {
  const items = new Map(program.items.map((i) => [i.id, i.title]));
  const risks = new Map(program.risks.map((r) => [r.id, r.title]));
  return program.lessons.map((l) => ({ lesson: l, items: linksOf(l.items, items), risks: linksOf(l.risks, risks) }));
}

function matchesCommon(entry: { id: string; date?: IsoDate; items: string[]; risks: string[] }, texts: (string | undefined)[], f: LogFilter): boolean {
  if (f.item !== undefined && !entry.items.includes(f.item)) return false;
  if (f.risk !== undefined && !entry.risks.includes(f.risk)) return false;
  if (f.since !== undefined && (entry.date === undefined || entry.date < f.since)) return false;
  if (f.search !== undefined) {
    const needle = f.search.toLowerCase();
    if (![entry.id, ...texts].some((t) => t !== undefined && t.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** The decisions matching every given filter, in file order. */
export function filterDecisions(views: readonly DecisionView[], f: LogFilter): DecisionView[] {
  return views.filter(({ decision: d }) => {
    if (f.status !== undefined && (d.status ?? '').toLowerCase() !== f.status.toLowerCase()) return false;
    return matchesCommon(d, [d.title, d.context, d.decision, ...d.options], f);
  });
}

/** The lessons matching every given filter (`status` does not apply), in file order. */
export function filterLessons(views: readonly LessonView[], f: LogFilter): LessonView[] {
  return views.filter(({ lesson: l }) => matchesCommon(l, [l.title, l.change], f));
}

/**
 * The next free id with a prefix: one more than the largest `<prefix><number>` in use. Example: nextId(['D1', 'D4',
 * 'x'], 'D') is 'D5'; nextId([], 'L') is 'L1'.
 */
export function nextId(ids: Iterable<string>, prefix: string): string {
  let max = 0;
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  const used = new Set<string>();
  for (const id of ids) {
    used.add(id);
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}
