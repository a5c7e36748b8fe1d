/** The Overview's pure model: the objectives tree (orphans, cycles), the rows shown, bullet geometry, metric words, evidence order. */
import { describe, expect, it } from 'vitest';
import { buildObjectiveTree, bulletGeometry, evidenceItems, metricWords, visibleRows, type TreeNode } from '../../web/src/overview/objective-tree.js';

type O = { id: string; parent?: string };
const shape = (nodes: TreeNode<O>[]): unknown => nodes.map((n) => (n.children.length === 0 ? `${n.value.id}@${n.depth}` : { [`${n.value.id}@${n.depth}`]: shape(n.children) }));
const ids = (nodes: TreeNode<O>[]): string[] => nodes.flatMap((n) => [n.value.id, ...ids(n.children)]);

describe('objectives tree', () => {
  it('nests children under their parent in file order, with depth', () => {
    const tree = buildObjectiveTree<O>([{ id: 'growth' }, { id: 'conv', parent: 'growth' }, { id: 'mobile', parent: 'growth' }, { id: 'pci' }, { id: 'cta', parent: 'conv' }]);
    expect(shape(tree)).toEqual([{ 'growth@0': [{ 'conv@1': ['cta@2'] }, 'mobile@1'] }, 'pci@0']);
  });

  it('makes an objective whose parent is missing a root (an orphan is shown, not lost)', () => {
    const tree = buildObjectiveTree<O>([{ id: 'a', parent: 'gone' }, { id: 'b', parent: 'a' }]);
    expect(shape(tree)).toEqual([{ 'a@0': ['b@1'] }]);
  });

  it('survives parent cycles and self-parents: every objective exactly once', () => {
    const input: O[] = [{ id: 'x', parent: 'z' }, { id: 'y', parent: 'x' }, { id: 'z', parent: 'y' }, { id: 'self', parent: 'self' }, { id: 'under', parent: 'y' }];
    const tree = buildObjectiveTree(input);
    expect(ids(tree).sort()).toEqual(['self', 'under', 'x', 'y', 'z']);
    // The cycle is cut at its first member in file order.
    expect(shape(tree)).toEqual(['self@0', { 'x@0': [{ 'y@1': ['z@2', 'under@2'] }] }]);
  });

  it('shows the rows of expanded nodes only, each with its parent', () => {
    const tree = buildObjectiveTree<O>([{ id: 'g' }, { id: 'c', parent: 'g' }, { id: 'd', parent: 'c' }, { id: 'p' }]);
    expect(visibleRows(tree, new Set()).map((r) => `${r.node.value.id}<${r.parentId ?? ''}`)).toEqual(['g<', 'c<g', 'd<c', 'p<']);
    expect(visibleRows(tree, new Set(['c'])).map((r) => r.node.value.id)).toEqual(['g', 'c', 'p']);
    expect(visibleRows(tree, new Set(['g'])).map((r) => r.node.value.id)).toEqual(['g', 'p']);
  });
});

describe('bullet chart geometry', () => {
  it('runs from baseline (left) to target (right), the bar from baseline to current', () => {
    const g = bulletGeometry({ baseline: 2.1, current: 2.2, target: 2.6 }, 100, 0)!;
    expect(g).toMatchObject({ direction: 'increase', baselineX: 0, currentX: 20, targetX: 100, bar: { x: 0, width: 20 }, progress: 0.2 });
  });

  it('keeps progress left to right for a metric to reduce (target below baseline)', () => {
    const g = bulletGeometry({ baseline: 14, current: 9, target: 2 }, 100, 0)!;
    expect(g.direction).toBe('decrease');
    expect(g.baselineX).toBe(0);
    expect(g.targetX).toBe(100);
    expect(g.currentX).toBeCloseTo(41.67, 2);
    expect(g.bar).toEqual({ x: 0, width: 41.67 });
    expect(g.progress).toBe(0.417);
  });

  it('stretches the axis when the current value is past the target or behind the baseline', () => {
    const past = bulletGeometry({ baseline: 0, current: 20, target: 10 }, 108, 4)!;
    expect([past.baselineX, past.targetX, past.currentX]).toEqual([4, 54, 104]);
    const behind = bulletGeometry({ baseline: 10, current: 5, target: 20 }, 100, 0)!;
    expect([behind.currentX, behind.baselineX, behind.targetX]).toEqual([0, 33.33, 100]);
    expect(behind.bar).toEqual({ x: 0, width: 33.33 });
    expect(behind.progress).toBe(-0.5);
  });

  it('draws what is known when a value is missing, and nothing with fewer than two distinct values', () => {
    const noBaseline = bulletGeometry({ current: 9, target: 2 }, 100, 0)!;
    expect(noBaseline).toMatchObject({ currentX: 100, targetX: 0 });
    expect(noBaseline.baselineX).toBeUndefined();
    expect(noBaseline.bar).toBeUndefined();
    expect(noBaseline.progress).toBeUndefined();
    expect(bulletGeometry({ current: 3 }, 100)).toBeUndefined();
    expect(bulletGeometry({ baseline: 3, target: 3 }, 100)).toBeUndefined();
    expect(bulletGeometry({}, 100)).toBeUndefined();
    // Baseline equal to target but a different current: scaled low to high, no progress (it would divide by zero).
    const flat = bulletGeometry({ baseline: 5, current: 7, target: 5 }, 100, 0)!;
    expect(flat.progress).toBeUndefined();
    expect([flat.baselineX, flat.currentX]).toEqual([0, 100]);
  });
});

describe('metric words', () => {
  it('says baseline → current and the target, with the unit', () => {
    expect(metricWords({ name: 'checkout_conversion', unit: '%', baseline: 2.1, current: 2.2, target: 2.6 })).toBe('checkout_conversion 2.1% → 2.2%, target 2.6%');
    expect(metricWords({ name: 'lcp', unit: 'ms', baseline: 3200, current: 2900, target: 2500 })).toBe('lcp 3200 ms → 2900 ms, target 2500 ms');
  });

  it('names what is missing', () => {
    expect(metricWords({ name: 'scope', current: 9, target: 2 })).toBe('scope current 9, target 2 (no baseline)');
    expect(metricWords({ name: 'nps', baseline: 30 })).toBe('nps from 30, no target (no current value)');
    expect(metricWords({ name: 'x' })).toBe('x, no target (no baseline or current value)');
  });
});

describe('evidence behind an objective', () => {
  it('lists open items by scheduled finish, latest first, critical first on a tie, unscheduled last', () => {
    const work = [
      { id: 'A', title: 'a', status: 'done' },
      { id: 'B', title: 'b', status: 'doing' },
      { id: 'C', title: 'c', status: 'todo' },
      { id: 'D', title: 'd', status: 'todo' },
      { id: 'E', title: 'e', status: 'todo' },
      { id: 'F', title: 'f', status: 'todo' },
    ];
    const schedule = [
      { id: 'A', finish: '2027-02-01', critical: false },
      { id: 'B', finish: '2026-12-08', critical: true },
      { id: 'C', finish: '2027-01-07', critical: false },
      { id: 'D', finish: '2027-01-07', critical: true },
      { id: 'F', finish: '2026-12-01', critical: false },
    ];
    expect(evidenceItems(work, schedule).map((e) => e.id)).toEqual(['D', 'C', 'B', 'F', 'E']);
    expect(evidenceItems(work, schedule)[0]).toEqual({ id: 'D', title: 'd', status: 'todo', finish: '2027-01-07', critical: true });
  });
});
