/**
 * A what-if scenario drawn on the dependency graph, pure (tested in Node by test/web/deps-scenario.test.ts): which
 * nodes the changes touch (slipped, cut, removed), which nodes move and by how many working days, and which links the
 * impact travels along (the engine's chains: from a change to each milestone or objective it moves). The Dependencies
 * tab reads `?scenario=` (the same text as the timeline's) and runs it in the same engine worker.
 */
import type { ScenarioAnswer } from '../whatif/compute.js';
import { signedDays, type WhatIfChange } from '../whatif/scenario.js';
import { groupOf, type DepGraph } from './graph-model.js';

/** How one node fares under the scenario. */
export type NodeImpact = {
  /** Working days later (negative: earlier) it finishes; absent when it does not move. */
  deltaDays?: number;
  /** The scenario changes this node itself. */
  change?: 'slip' | 'cut' | 'remove';
};

export type DepsOverlay = {
  nodes: Map<string, NodeImpact>;
  /** Edge ids on an impact chain. */
  edges: Set<string>;
  /** Milestones that move, in the engine's order, with their titles. */
  milestones: { id: string; title: string; deltaDays: number }[];
  /** How many items move. */
  movedItems: number;
};

/**
 * The overlay of `answer` (the engine's answer to `changes`) on `graph`. A node moves when its finish (items) or its
 * date (milestones) moves; the changed items are marked whether or not they move (a cut item no longer finishes).
 * Example: slip PAY-7 by 5 on the checkout example marks PAY-7 `slip` +5 d, moves the milestones after it and lights
 * the links PAY-7 → … → each moved milestone.
 */
export function scenarioOverlay(graph: DepGraph, changes: readonly WhatIfChange[], answer: ScenarioAnswer): DepsOverlay {
  const nodes = new Map<string, NodeImpact>();
  const set = (id: string, impact: NodeImpact) => graph.byId.has(id) && nodes.set(id, { ...nodes.get(id), ...impact });
  for (const [id, deltaDays] of Object.entries(answer.finishDelta)) set(id, { deltaDays });
  const milestones: DepsOverlay['milestones'] = [];
  for (const m of answer.result.milestones) {
    if (m.program !== undefined || m.deltaDays === 0) continue;
    set(m.id, { deltaDays: m.deltaDays });
    milestones.push({ id: m.id, title: graph.byId.get(m.id)?.title ?? m.id, deltaDays: m.deltaDays });
  }
  for (const c of changes) if (c.kind !== 'capacity') set(c.id, { change: c.kind });
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const edges = new Set<string>();
  for (const chain of answer.result.chains) {
    for (let i = 1; i < chain.length; i++) {
      const id = `${chain[i - 1]}->${chain[i]}`;
      if (edgeIds.has(id)) edges.add(id);
    }
  }
  return { nodes, edges, milestones, movedItems: Object.keys(answer.finishDelta).length };
}

/**
 * The overlay on the workstream summary (aggregateByWorkstream): a workstream moves by the most any of its nodes
 * moves (the latest delay, or the earliest gain when nothing is later), is changed when one of its nodes is, and a
 * summary link is lit when an impact link runs between two of its workstreams.
 */
export function summaryOverlay(graph: DepGraph, overlay: DepsOverlay): DepsOverlay {
  const nodes = new Map<string, NodeImpact>();
  for (const [id, impact] of overlay.nodes) {
    const node = graph.byId.get(id);
    if (!node) continue;
    const g = groupOf(node).id;
    const was = nodes.get(g) ?? {};
    const d = impact.deltaDays;
    const deltaDays = d === undefined ? was.deltaDays : was.deltaDays === undefined ? d : d > 0 || was.deltaDays > 0 ? Math.max(d, was.deltaDays) : Math.min(d, was.deltaDays);
    nodes.set(g, { ...(deltaDays !== undefined ? { deltaDays } : {}), ...((was.change ?? impact.change) ? { change: was.change ?? impact.change } : {}) });
  }
  const edges = new Set<string>();
  for (const e of graph.edges) {
    if (!overlay.edges.has(e.id)) continue;
    const from = groupOf(graph.byId.get(e.from)!).id;
    const to = groupOf(graph.byId.get(e.to)!).id;
    if (from !== to) edges.add(`${from}->${to}`);
  }
  return { nodes, edges, milestones: overlay.milestones, movedItems: overlay.movedItems };
}

/** A node's impact in words for its accessible name and badge: "slipped, +5 d", "cut", "+6 d". */
export function impactWords(impact: NodeImpact): string {
  const moved = impact.deltaDays !== undefined ? signedDays(impact.deltaDays) : undefined;
  if (impact.change === 'cut' || impact.change === 'remove') return impact.change === 'cut' ? 'cut' : 'removed';
  if (impact.change === 'slip') return moved ? `slipped, ${moved}` : 'slipped';
  return moved ?? '';
}
