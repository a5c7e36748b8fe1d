/**
 * Alignment: does the planned work serve the business objectives in proportion to their weight?
 *
 * Definitions:
 * - An item serves its own objectives and its workstream's (`itemObjectives`). Work on a child objective also serves
 *   its ancestors (an objective "has work" when it or a descendant is served).
 * - Effort is the job size of open items in working days (priorities.ts: the estimate's mean, `remaining` for doing
 *   items). An item serving k objectives gives effort / k to each (equal split, so effort is never double counted).
 * - An objective's effort is its direct effort plus its descendants' (rolled up the `parent` tree); its effort share is
 *   that over the effort of all open items serving at least one objective (`alignedEffort`).
 * - Weight share: a root objective's weight over the sum of the roots' weights; a child's share is its weight over the
 *   sum of its siblings' weights, times its parent's share. So the shares of siblings add up to their parent's, like
 *   their effort does (direct work on a parent counts for the parent alone).
 * - A mismatch is flagged when effortShare > MISMATCH_RATIO · weightShare ('over') or < weightShare / MISMATCH_RATIO
 *   ('under'), and the two differ by at least MISMATCH_MIN_GAP (5 percentage points), so tiny objectives are not noise.
 *   Objectives with no open work are reported in `noOpenWork` / `noWork`, not as mismatches.
 *
 * Example: objectives a (weight 1) and b (weight 3); items x (4 days, serves a) and y (4 days, serves a and b): a gets
 * 4 + 2 = 6 of 8 days (75%) against a weight share of 25%: 'over'; b gets 25% against 75%: 'under'.
 */
import type { Program } from '../../model/program.js';
import { isOpen, itemObjectives, jobSizes } from './priorities.js';

export const MISMATCH_RATIO = 2;
export const MISMATCH_MIN_GAP = 0.05;

export type ObjectiveAlignment = {
  id: string;
  title: string;
  parent?: string;
  weight: number;
  /** 0..1 (see the module comment). */
  weightShare: number;
  /** Working days of open work serving it or a descendant (split as documented). */
  effort: number;
  /** Working days of open work serving it directly. */
  directEffort: number;
  /** 0..1 of alignedEffort (0 when there is no aligned effort). */
  effortShare: number;
  /** Open items serving it directly. */
  items: string[];
  hasMetric: boolean;
  /** 'over' | 'under' when the shares differ as documented, else null. */
  mismatch: 'over' | 'under' | null;
};

export type AlignmentReport = {
  /** Working days of all open items. */
  totalEffort: number;
  /** Working days of open items serving at least one objective. */
  alignedEffort: number;
  /** Working days of open items serving none. */
  unalignedEffort: number;
  /** Open items that serve no objective (neither their own nor their workstream's). */
  unalignedItems: string[];
  objectives: ObjectiveAlignment[];
  /** Objectives that no item (of any status but cut), directly or through a descendant, serves. */
  noWork: string[];
  /** Objectives with work, all of it done: nothing left planned. */
  noOpenWork: string[];
  /** Objectives without a metric. */
  noMetric: string[];
  /** The mismatched objectives in words, largest gap first. */
  mismatches: { id: string; direction: 'over' | 'under'; effortShare: number; weightShare: number; message: string }[];
};

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** The alignment report of a program (see the module comment). A program without objectives gives empty lists. */
export function alignmentReport(program: Program): AlignmentReport {
  const { sizes } = jobSizes(program);
  const objectives = program.objectives;
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const direct = new Map<string, number>();
  const directItems = new Map<string, string[]>();
  const servedAny = new Set<string>();
  const unalignedItems: string[] = [];
  let totalEffort = 0;
  let alignedEffort = 0;
  for (const item of program.items) {
    if (item.status === 'cut') continue;
    const objs = itemObjectives(program, item).filter((o) => byId.has(o));
    for (const o of objs) servedAny.add(o);
    if (!isOpen(item)) continue;
    const size = sizes.get(item.id) ?? 0;
    totalEffort += size;
    if (objs.length === 0) {
      unalignedItems.push(item.id);
      continue;
    }
    alignedEffort += size;
    for (const o of objs) {
      direct.set(o, (direct.get(o) ?? 0) + size / objs.length);
      const list = directItems.get(o) ?? [];
      list.push(item.id);
      directItems.set(o, list);
    }
  }

  // Ancestors of each objective (guarded against a parent cycle, which the loader should already reject).
  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    const seen = new Set([id]);
    let p = byId.get(id)?.parent;
    while (p !== undefined && byId.has(p) && !seen.has(p)) {
      out.push(p);
      seen.add(p);
      p = byId.get(p)?.parent;
    }
    return out;
  };
  const rolled = new Map<string, number>();
  const hasWork = new Set<string>();
  const hasOpenWork = new Set<string>();
  for (const o of objectives) {
    const d = direct.get(o.id) ?? 0;
    const served = servedAny.has(o.id);
    const open = directItems.has(o.id);
    for (const id of [o.id, ...ancestors(o.id)]) {
      rolled.set(id, (rolled.get(id) ?? 0) + d);
      if (served) hasWork.add(id);
      if (open) hasOpenWork.add(id);
    }
  }

  // Weight shares down the tree.
  const parentOf = (id: string): string | undefined => {
    const p = byId.get(id)?.parent;
    return p !== undefined && byId.has(p) && !ancestors(p).includes(id) ? p : undefined;
  };
  const siblingsWeight = new Map<string, number>();
  for (const o of objectives) {
    const key = parentOf(o.id) ?? '';
    siblingsWeight.set(key, (siblingsWeight.get(key) ?? 0) + Math.max(0, o.weight));
  }
  const shareMemo = new Map<string, number>();
  const weightShare = (id: string): number => {
    const memo = shareMemo.get(id);
    if (memo !== undefined) return memo;
    const o = byId.get(id);
    if (o === undefined) return 0;
    const p = parentOf(id);
    const total = siblingsWeight.get(p ?? '') ?? 0;
    const local = total > 0 ? Math.max(0, o.weight) / total : 0;
    const share = p === undefined ? local : local * weightShare(p);
    shareMemo.set(id, share);
    return share;
  };

  const rows: ObjectiveAlignment[] = objectives.map((o) => {
    const effort = rolled.get(o.id) ?? 0;
    const effortShare = alignedEffort > 0 ? effort / alignedEffort : 0;
    const ws = weightShare(o.id);
    let mismatch: 'over' | 'under' | null = null;
    if (hasOpenWork.has(o.id) && Math.abs(effortShare - ws) >= MISMATCH_MIN_GAP) {
      if (effortShare > MISMATCH_RATIO * ws) mismatch = 'over';
      else if (effortShare < ws / MISMATCH_RATIO) mismatch = 'under';
    }
    const row: ObjectiveAlignment = {
      id: o.id,
      title: o.title,
      weight: o.weight,
      weightShare: ws,
      effort,
      directEffort: direct.get(o.id) ?? 0,
      effortShare,
      items: directItems.get(o.id) ?? [],
      hasMetric: o.metric !== undefined,
      mismatch,
    };
    if (o.parent !== undefined) row.parent = o.parent;
    return row;
  });

  const mismatches = rows
    .filter((r) => r.mismatch !== null)
    .sort((a, b) => Math.abs(b.effortShare - b.weightShare) - Math.abs(a.effortShare - a.weightShare) || (a.id < b.id ? -1 : 1))
    .map((r) => {
      const direction: 'over' | 'under' = r.mismatch === 'over' ? 'over' : 'under';
      const verb = direction === 'over' ? 'more than its weight warrants' : 'less than its weight warrants';
      return {
        id: r.id,
        direction,
        effortShare: r.effortShare,
        weightShare: r.weightShare,
        message: `${pct(r.effortShare)} of effort serves ${r.id}, an objective weighted ${pct(r.weightShare)}: ${verb}`,
      };
    });

  return {
    totalEffort,
    alignedEffort,
    unalignedEffort: totalEffort - alignedEffort,
    unalignedItems,
    objectives: rows,
    noWork: objectives.filter((o) => !hasWork.has(o.id)).map((o) => o.id),
    noOpenWork: objectives.filter((o) => hasWork.has(o.id) && !hasOpenWork.has(o.id)).map((o) => o.id),
    noMetric: objectives.filter((o) => o.metric === undefined).map((o) => o.id),
    mismatches,
  };
}
