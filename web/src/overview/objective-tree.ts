/**
 * The Overview's pure model (no DOM, no React; tested in Node by test/web/overview-model.test.ts): the objectives tree
 * from their `parent` links (orphans and cycles made safe), the rows it shows when some nodes are collapsed, the
 * geometry of a metric's bullet chart (baseline → current → target, also for a metric to reduce), the metric in
 * words, and the evidence behind an objective's date (its open items by scheduled finish, the latest first).
 */
import type { BriefMetric } from '../types.js';

export type TreeNode<T> = { value: T; depth: number; children: TreeNode<T>[] };

/**
 * The forest of `objectives` by `parent`, in the given (file) order. An objective whose parent is missing is a root;
 * objectives caught in a parent cycle (a → b → a) become roots at the first of them in order, so every objective
 * appears exactly once. Example: `[{id:'g'},{id:'c',parent:'g'}]` → g with child c.
 */
export function buildObjectiveTree<T extends { id: string; parent?: string }>(objectives: readonly T[]): TreeNode<T>[] {
  const ids = new Set(objectives.map((o) => o.id));
  const childrenOf = new Map<string, T[]>();
  for (const o of objectives) {
    if (o.parent !== undefined && ids.has(o.parent) && o.parent !== o.id) {
      const list = childrenOf.get(o.parent) ?? [];
      list.push(o);
      childrenOf.set(o.parent, list);
    }
  }
  const placed = new Set<string>();
  const grow = (o: T, depth: number): TreeNode<T> => {
    placed.add(o.id);
    const children = (childrenOf.get(o.id) ?? []).filter((c) => !placed.has(c.id)).map((c) => grow(c, depth + 1));
    return { value: o, depth, children };
  };
  const roots: TreeNode<T>[] = [];
  for (const o of objectives) {
    const isRoot = o.parent === undefined || !ids.has(o.parent) || o.parent === o.id;
    if (isRoot && !placed.has(o.id)) roots.push(grow(o, 0));
  }
  // What is left sits in a cycle (or below one): break it at the first left in file order.
  for (const o of objectives) if (!placed.has(o.id)) roots.push(grow(o, 0));
  return roots;
}

export type VisibleRow<T> = { node: TreeNode<T>; parentId?: string };

/** The rows shown, depth first, skipping the children of collapsed ids. */
export function visibleRows<T extends { id: string }>(roots: readonly TreeNode<T>[], collapsed: ReadonlySet<string>): VisibleRow<T>[] {
  const out: VisibleRow<T>[] = [];
  const walk = (n: TreeNode<T>, parentId: string | undefined) => {
    out.push(parentId === undefined ? { node: n } : { node: n, parentId });
    if (!collapsed.has(n.value.id)) for (const c of n.children) walk(c, n.value.id);
  };
  for (const r of roots) walk(r, undefined);
  return out;
}

export type BulletGeometry = {
  width: number;
  /** x of each known value (undefined when the file does not give it). */
  baselineX?: number;
  currentX?: number;
  targetX?: number;
  /** The bar from the baseline to the current value (absent without both). */
  bar?: { x: number; width: number };
  /** 'decrease' when the target is below the baseline (a metric to reduce): the axis runs from high to low. */
  direction: 'increase' | 'decrease';
  /** Share of the way from baseline to target (0..1 and beyond), when all three are known. */
  progress?: number;
};

/**
 * Geometry of a bullet chart `width` px wide with `pad` px each side. The axis runs from the baseline towards the
 * target (so progress always reads left to right, also for a metric to reduce), stretched to take in a current value
 * outside that span. Without a baseline or a target the axis spans the known values low to high. Fewer than two
 * distinct known values: undefined (nothing to scale). Example: baseline 14, current 9, target 2 (reduce), width 100,
 * pad 0 → baselineX 0, currentX 41.67, targetX 100.
 */
export function bulletGeometry(metric: Pick<BriefMetric, 'baseline' | 'current' | 'target'>, width: number, pad = 4): BulletGeometry | undefined {
  const { baseline: b, current: c, target: t } = metric;
  const known = [b, c, t].filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (new Set(known).size < 2) return undefined;
  let start: number;
  let end: number;
  let direction: BulletGeometry['direction'] = 'increase';
  if (b !== undefined && t !== undefined && b !== t) {
    direction = t < b ? 'decrease' : 'increase';
    start = b;
    end = t;
    if (c !== undefined) {
      const along = (c - b) / (t - b); // 0 at baseline, 1 at target
      if (along > 1) end = c;
      if (along < 0) start = c;
    }
  } else {
    start = Math.min(...known);
    end = Math.max(...known);
  }
  const span = width - 2 * pad;
  const x = (v: number | undefined): number | undefined => (v === undefined ? undefined : round(pad + ((v - start) / (end - start)) * span));
  const g: BulletGeometry = { width, direction };
  const bx = x(b);
  const cx = x(c);
  const tx = x(t);
  if (bx !== undefined) g.baselineX = bx;
  if (cx !== undefined) g.currentX = cx;
  if (tx !== undefined) g.targetX = tx;
  if (bx !== undefined && cx !== undefined) g.bar = { x: Math.min(bx, cx), width: round(Math.abs(cx - bx)) };
  if (b !== undefined && c !== undefined && t !== undefined && t !== b) g.progress = round((c - b) / (t - b), 1000);
  return g;
}

const round = (v: number, by = 100): number => Math.round(v * by) / by + 0;

/** A value with its unit: "2.1%" (a percent sign sits on the number), "300 ms", "9". */
export function withUnit(value: number, unit?: string): string {
  if (unit === undefined || unit === '') return String(value);
  return unit === '%' ? `${value}%` : `${value} ${unit}`;
}

/**
 * A metric in words, for the accessible name and the text beside the chart. Example:
 * "checkout_conversion 2.1% → 2.2%, target 2.6%"; with missing values: "systems_in_pci_scope current 9, target 2
 * (no baseline)".
 */
export function metricWords(m: BriefMetric): string {
  const v = (x: number) => withUnit(x, m.unit);
  let text: string;
  if (m.baseline !== undefined && m.current !== undefined) text = `${m.name} ${v(m.baseline)} → ${v(m.current)}`;
  else if (m.current !== undefined) text = `${m.name} current ${v(m.current)}`;
  else if (m.baseline !== undefined) text = `${m.name} from ${v(m.baseline)}`;
  else text = m.name;
  text += m.target !== undefined ? `, target ${v(m.target)}` : ', no target';
  const missing = [m.baseline === undefined ? 'baseline' : undefined, m.current === undefined ? 'current value' : undefined].filter((x) => x !== undefined);
  if (missing.length > 0) text += ` (no ${missing.join(' or ')})`;
  return text;
}

export type EvidenceItem = { id: string; title: string; status: string; finish?: string; critical: boolean };

/**
 * The evidence behind an objective's date: its open (not done) items with their scheduled finish, the latest first
 * (the first drives the date; on a tie a critical item first), items the schedule does not know last. Example: of
 * PAY-2 finishing 8 Dec and PAY-7 finishing 7 Jan, PAY-7 comes first.
 */
export function evidenceItems(
  work: readonly { id: string; title: string; status: string }[],
  schedule: readonly { id: string; finish: string; critical: boolean }[],
): EvidenceItem[] {
  const byId = new Map(schedule.map((s) => [s.id, s]));
  const open = work
    .filter((w) => w.status !== 'done' && w.status !== 'cut')
    .map((w): EvidenceItem => {
      const s = byId.get(w.id);
      return s ? { id: w.id, title: w.title, status: w.status, finish: s.finish, critical: s.critical } : { id: w.id, title: w.title, status: w.status, critical: false };
    });
  const order = (a: EvidenceItem, b: EvidenceItem): number => {
    if (a.finish === undefined || b.finish === undefined) return a.finish === undefined ? (b.finish === undefined ? 0 : 1) : -1;
    if (a.finish !== b.finish) return a.finish < b.finish ? 1 : -1;
    return Number(b.critical) - Number(a.critical);
  };
  return open.sort(order);
}
