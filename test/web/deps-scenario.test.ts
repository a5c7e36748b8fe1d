/**
 * A what-if scenario on the dependency graph (web/src/deps/scenario-overlay.ts), on the checkout example with the
 * engine the worker runs: the changed node is marked, every moved node carries the engine's working-day delta, and the
 * lit links are real edges that chain from the change to each moved milestone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderScheduleJson } from '../../src/cli/render/schedule-json.js';
import { scheduleProgram } from '../../src/engine/schedule.js';
import { parseProgram } from '../../src/io/yaml/load.js';
import type { Program } from '../../src/model/program.js';
import { aggregateByWorkstream, buildGraph, groupOf, type DepsSchedule } from '../../web/src/deps/graph-model.js';
import { impactWords, scenarioOverlay, summaryOverlay } from '../../web/src/deps/scenario-overlay.js';
import { computeScenario, prepareScenario } from '../../web/src/whatif/compute.js';
import { parseScenario, type WhatIfChange } from '../../web/src/whatif/scenario.js';
import { ROOT, TODAY } from './cockpit-server.js';

const { program } = parseProgram(readFileSync(join(ROOT, 'examples', 'checkout.vantage.yaml'), 'utf8'), 'checkout.vantage.yaml') as { program: Program };
const schedule = JSON.parse(renderScheduleJson(scheduleProgram(program, { today: TODAY, seed: 1 }))) as DepsSchedule;
const graph = buildGraph(program, schedule);
const prepared = prepareScenario(program, TODAY);

function overlayOf(text: string) {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const changes: WhatIfChange[] = parsed.changes;
  const answer = computeScenario(prepared, changes);
  return { answer, overlay: scenarioOverlay(graph, changes, answer) };
}

describe('scenarioOverlay on the checkout example', () => {
  it('marks a slipped item, moves its successors by the engine’s deltas and lights a chain to each moved milestone', () => {
    const { answer, overlay } = overlayOf('slip:PAY-2:5');
    expect(overlay.nodes.get('PAY-2')).toEqual({ change: 'slip', deltaDays: 5 });
    expect(impactWords(overlay.nodes.get('PAY-2')!)).toBe('slipped, +5 d');
    // Every item the engine moved carries its finish delta (after.ef - before.ef), and nothing else moves.
    const before = new Map(prepared.before.items.map((i) => [i.id, i.ef]));
    const moved = [...overlay.nodes].filter(([id, n]) => n.deltaDays !== undefined && graph.byId.get(id)!.kind === 'item');
    expect(moved.length).toBe(overlay.movedItems);
    expect(moved.length).toBeGreaterThan(1);
    for (const [id] of moved) expect(answer.bars[id], id).toBeDefined();
    expect(Object.keys(answer.finishDelta).every((id) => before.has(id))).toBe(true);
    // PAY-4 waits on PAY-2 on the critical path: it finishes exactly 5 working days later.
    expect(overlay.nodes.get('PAY-4')).toEqual({ deltaDays: 5 });
    // Milestones: the engine's deltas, in its order.
    const movedMs = answer.result.milestones.filter((m) => m.deltaDays !== 0);
    expect(overlay.milestones.map((m) => [m.id, m.deltaDays])).toEqual(movedMs.map((m) => [m.id, m.deltaDays]));
    expect(overlay.milestones.find((m) => m.id === 'vault-live')).toMatchObject({ title: 'Card vault live in production', deltaDays: 5 });
    // The lit links: real edges whose ends both moved, forming a path from PAY-2 to each moved milestone.
    const edges = graph.edges.filter((e) => overlay.edges.has(e.id));
    expect(edges.length).toBe(overlay.edges.size);
    for (const e of edges) for (const end of [e.from, e.to]) expect(overlay.nodes.get(end)?.deltaDays, `${e.id}: ${end}`).toBeGreaterThan(0);
    for (const m of overlay.milestones) {
      const seen = new Set(['PAY-2']);
      const stack = ['PAY-2'];
      while (stack.length > 0) {
        const from = stack.pop();
        for (const e of edges) {
          if (e.from !== from || seen.has(e.to)) continue;
          seen.add(e.to);
          stack.push(e.to);
        }
      }
      expect(seen.has(m.id), m.id).toBe(true);
    }
  });

  it('marks a cut item as cut and moves nothing later when nothing waits on it', () => {
    const { overlay } = overlayOf('cut:PAY-9');
    expect(impactWords(overlay.nodes.get('PAY-9')!)).toBe('cut');
    for (const [id, n] of overlay.nodes) if (id !== 'PAY-9') expect(n.deltaDays ?? 0, id).toBeLessThanOrEqual(0);
  });

  it('draws nothing for a capacity change that moves nothing, and keeps ids that are not on the graph out', () => {
    const { overlay } = overlayOf('capacity:bo:+1');
    for (const id of overlay.nodes.keys()) expect(graph.byId.has(id)).toBe(true);
    expect([...overlay.nodes.values()].some((n) => n.change !== undefined)).toBe(false);
  });
});

describe('summaryOverlay: the scenario on the workstream summary', () => {
  it('moves each workstream by the largest delay of its nodes, marks the changed one, and lights links between lit workstreams', () => {
    const { overlay } = overlayOf('slip:PAY-2:5');
    const summary = summaryOverlay(graph, overlay);
    const groups = aggregateByWorkstream(graph);
    // Every summary impact is a workstream of the summary graph, and its delta is the largest of its members'.
    for (const [g, impact] of summary.nodes) {
      expect(groups.byId.has(g), g).toBe(true);
      const members = [...overlay.nodes].filter(([id]) => groupOf(graph.byId.get(id)!).id === g).map(([, n]) => n.deltaDays ?? -Infinity);
      expect(impact.deltaDays, g).toBe(Math.max(...members));
    }
    expect(summary.nodes.get('ws:payments')).toMatchObject({ change: 'slip' });
    expect(summary.nodes.get('ws:milestones')?.deltaDays).toBe(5);
    const groupEdges = new Set(groups.edges.map((e) => e.id));
    expect(summary.edges.size).toBeGreaterThan(0);
    for (const id of summary.edges) {
      expect(groupEdges.has(id), id).toBe(true);
      for (const end of id.split('->')) expect(summary.nodes.has(end), `${id}: ${end}`).toBe(true);
    }
  });
});
