/**
 * A what-if scenario drawn on the dependency graph, pure (tested in Node by test/web/deps-scenario.test.ts): which
 * nodes the changes touch (slipped, cut, removed), which nodes move and by how many working days, and which links the
 * impact travels along (the engine's chains: from a change to each milestone or objective it moves). The Dependencies
 * tab reads `?scenario=` (the same text as the timeline's) and runs it in the same engine worker.
 */
import type { ScenarioAnswer } from '../whatif/compute.js';
import { signedDays, type WhatIfChange } from '../whatif/scenario.js';
import type { DepGraph } from './graph-model.js';

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

/** A node's impact in words for its accessible name and badge: "slipped, +5 d", "cut", "+6 d". */
export function impactWords(impact: NodeImpact): string {
  const moved = impact.deltaDays !== undefined ? signedDays(impact.deltaDays) : undefined;
  if (impact.change === 'cut' || impact.change === 'remove') return impact.change === 'cut' ? 'cut' : 'removed';
  if (impact.change === 'slip') return moved ? `slipped, ${moved}` : 'slipped';
  return moved ?? '';
}
