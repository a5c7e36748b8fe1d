/**
 * The Dependencies tab's pure model (web/src/deps/graph-model.ts) on the examples as the CLI loads them and on small
 * hand-built programs: nodes and edges, cross-program edges, critical flags against the schedule's critical path,
 * closures, the workstream summary above the layout limit, and a real elkjs layout read back into coordinates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import elkModule from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { renderScheduleJson } from '../../src/cli/render/schedule-json.js';
import { scheduleProgram } from '../../src/engine/schedule.js';
import { parseProgram } from '../../src/io/yaml/load.js';
import type { Item, Milestone, Program } from '../../src/model/program.js';
import {
  aggregateByWorkstream,
  buildGraph,
  downstream,
  elkGraph,
  focusOf,
  groupWithNeighbours,
  LAYOUT_LIMIT,
  neighbourhood,
  neighbourOf,
  nodeName,
  placeLayout,
  upstream,
  type DepsSchedule,
} from '../../web/src/deps/graph-model.js';
import { ROOT, TODAY } from './cockpit-server.js';

// elkjs is CommonJS: under NodeNext the default import is module.exports, whose `default` is the constructor too.
const ELK = elkModule.default;

function example(name: string): Program {
  const { program, diagnostics } = parseProgram(readFileSync(join(ROOT, 'examples', name), 'utf8'), name);
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return program;
}

const scheduleOf = (program: Program) => JSON.parse(renderScheduleJson(scheduleProgram(program, { today: TODAY, seed: 1 }))) as DepsSchedule;

function item(id: string, after: string[] = [], over: Partial<Item> = {}): Item {
  return {
    id,
    title: `Item ${id}`,
    needs: {},
    needsExplicit: false,
    estimate: { low: 5, likely: 5, high: 5, dist: 'fixed' },
    after: after.map((a) => (a.includes('/') ? { id: a.split('/')[1], program: a.split('/')[0], lag: 0 } : { id: a, lag: 0 })),
    objectives: [],
    must: false,
    status: 'todo',
    tags: [],
    links: {},
    ...over,
  };
}

function program(items: Item[], milestones: Milestone[] = [], id = 'p'): Program {
  return {
    version: 1,
    file: 'p.vantage.yaml',
    program: { id, name: 'P', start: '2026-11-02', confidence: 0.85, calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] }, prioritize: 'wsjf' },
    objectives: [],
    people: [],
    teams: [],
    workstreams: [],
    items,
    milestones,
    risks: [],
    decisions: [],
    lessons: [],
    stakeholders: [],
    history: [],
    extensions: {},
  };
}

describe('buildGraph on the checkout example', () => {
  const checkout = example('checkout.vantage.yaml');
  const schedule = scheduleOf(checkout);
  const graph = buildGraph(checkout, schedule);

  it('has a node per item and milestone and an edge per dependency, predecessor to successor', () => {
    expect(graph.nodes.filter((n) => n.kind === 'item').map((n) => n.id)).toEqual(checkout.items.map((i) => i.id));
    expect(graph.nodes.filter((n) => n.kind === 'milestone').map((n) => n.id)).toEqual(checkout.milestones.map((m) => m.id));
    expect(graph.nodes.some((n) => n.kind === 'external')).toBe(false);
    const deps = [...checkout.items, ...checkout.milestones].flatMap((s) => s.after.map((d) => `${d.id}->${s.id}`));
    expect(graph.edges.filter((e) => !e.resource).map((e) => e.id).sort()).toEqual([...new Set(deps)].sort());
    const pay4 = checkout.items.find((i) => i.id === 'PAY-4')!;
    expect(graph.preds.get('PAY-4')).toEqual(pay4.after.map((d) => d.id));
    expect(graph.succs.get('PAY-2')).toContain('PAY-4');
  });

  it('marks critical exactly the nodes and links of the schedule critical path', () => {
    const path = schedule.criticalPath;
    expect(path.length).toBeGreaterThan(3);
    expect(graph.nodes.filter((n) => n.kind === 'item' && n.critical).map((n) => n.id).sort()).toEqual([...path].sort());
    const pairs = path.slice(1).map((to, i) => `${path[i]}->${to}`);
    // Every consecutive pair is a critical link: a dependency, or (PAY-4 then PAY-7, both bo's) a shared resource.
    expect(graph.edges.filter((e) => e.critical).map((e) => e.id).sort()).toEqual([...pairs].sort());
    const deps = new Set([...checkout.items, ...checkout.milestones].flatMap((s) => s.after.map((d) => `${d.id}->${s.id}`)));
    expect(graph.edges.filter((e) => e.resource).map((e) => e.id)).toEqual(pairs.filter((p) => !deps.has(p)));
    expect(graph.edges.filter((e) => e.resource).map((e) => e.id)).toEqual(['PAY-4->PAY-7']);
    // A resource link is no dependency: it is not in the closures.
    expect(graph.preds.get('PAY-7')).toEqual(['PAY-2']);
  });

  it('carries the schedule dates and slack into nodes and names', () => {
    const s = schedule.items.find((i) => i.id === 'PAY-2')!;
    const n = graph.byId.get('PAY-2')!;
    expect([n.start, n.finish, n.slack, n.status]).toEqual([s.start, s.finish, s.slack, 'doing']);
    expect(nodeName(n)).toMatch(/^PAY-2 .+, critical, doing, \d{1,2} [A-Z][a-z]{2} – \d{1,2} [A-Z][a-z]{2}$/);
    expect(nodeName(graph.byId.get('PAY-1')!)).not.toContain('critical');
    expect(nodeName(graph.byId.get('ga')!)).toMatch(/^ga .+, milestone, \d{1,2} [A-Z][a-z]{2} \d{4}$/);
  });

  it('closes upstream and downstream over the whole chain', () => {
    const up = upstream(graph, 'REL-4');
    for (const id of schedule.criticalPath.slice(0, -1)) expect(up.has(id)).toBe(true);
    expect(up.has('REL-4')).toBe(false);
    const down = downstream(graph, 'PAY-2');
    expect(down.has('REL-4')).toBe(true);
    expect(down.has('PAY-1')).toBe(false);
    expect(upstream(graph, 'PAY-2').has('PAY-1')).toBe(checkout.items.find((i) => i.id === 'PAY-2')!.after.some((d) => d.id === 'PAY-1'));
  });
});

describe('buildGraph on the loyalty example (cross-program references)', () => {
  const loyalty = example('loyalty.vantage.yaml');
  const graph = buildGraph(loyalty, scheduleOf(loyalty));

  it('draws one external node per referenced checkout item, dashed (cross-program) edges into the dependants', () => {
    const ext = graph.nodes.filter((n) => n.kind === 'external');
    expect(ext.map((n) => n.id).sort()).toEqual(['checkout-revamp/PAY-4', 'checkout-revamp/REL-3', 'checkout-revamp/WEB-3']);
    expect(ext.every((n) => n.program === 'checkout-revamp')).toBe(true);
    const cross = graph.edges.filter((e) => e.crossProgram).map((e) => e.id).sort();
    expect(cross).toEqual(['checkout-revamp/PAY-4->LOY-4', 'checkout-revamp/REL-3->LOY-7', 'checkout-revamp/WEB-3->LOY-5']);
    expect(graph.edges.filter((e) => !e.crossProgram).some((e) => e.from.includes('/'))).toBe(false);
    expect(nodeName(graph.byId.get('checkout-revamp/PAY-4')!)).toBe('checkout-revamp/PAY-4, in program checkout-revamp');
  });

  it('lays out with elkjs: every node placed, the external ones inside their program box, every edge routed', async () => {
    const laidOut = await new ELK().layout(elkGraph(graph));
    const placed = placeLayout(laidOut);
    expect([...placed.nodes.keys()].sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(placed.programBoxes.map((b) => b.program)).toEqual(['checkout-revamp']);
    const box = placed.programBoxes[0].box;
    for (const n of graph.nodes.filter((x) => x.kind === 'external')) {
      const b = placed.nodes.get(n.id)!;
      expect(b.x).toBeGreaterThanOrEqual(box.x);
      expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height);
    }
    for (const e of graph.edges) {
      const points = placed.edges.get(e.id)!;
      const from = placed.nodes.get(e.from)!;
      const to = placed.nodes.get(e.to)!;
      // Left to right: the arrow leaves its tail's right side and reaches its head's left side.
      expect(points[0].x).toBeCloseTo(from.x + from.width, 0);
      expect(points.at(-1)!.x).toBeCloseTo(to.x, 0);
    }
    // Arrows: right goes to a successor, left to a predecessor, up/down stay in the column.
    expect(graph.succs.get('LOY-1')).toContain(neighbourOf(graph, placed, 'LOY-1', 'ArrowRight'));
    expect(graph.preds.get('LOY-4')).toContain(neighbourOf(graph, placed, 'LOY-4', 'ArrowLeft'));
    const down = neighbourOf(graph, placed, 'LOY-2', 'ArrowDown') ?? neighbourOf(graph, placed, 'LOY-2', 'ArrowUp');
    expect(down).toBeDefined();
    expect(placed.nodes.get(down!)!.x).toBeCloseTo(placed.nodes.get('LOY-2')!.x, 0);
    expect(neighbourOf(graph, placed, 'LOY-1', 'ArrowLeft')).toBeUndefined();
  });
});

describe('hand-built graphs', () => {
  it('a critical edge must be tight: a slack-free link between two critical nodes that is not the driving one is not critical', () => {
    // A(5) -> B(5) -> C(5), and A -> C directly: C is driven by B, so A->C is not on the chain though A and C are critical.
    const p = program([item('A'), item('B', ['A']), item('C', ['B', 'A'])]);
    const g = buildGraph(p, scheduleOf(p));
    expect(g.nodes.map((n) => n.critical)).toEqual([true, true, true]);
    expect(g.edges.filter((e) => e.critical).map((e) => e.id)).toEqual(['A->B', 'B->C']);
    expect(focusOf(g, 'B')).toEqual({ nodes: new Set(['A', 'B', 'C']), edges: new Set(['A->B', 'B->C']) });
  });

  it('without schedule offsets, falls back to consecutive pairs of the critical chain', () => {
    const p = program([item('A'), item('B', ['A']), item('C', ['B', 'A'])]);
    const s = scheduleOf(p);
    for (const i of s.items) delete i.es;
    expect(buildGraph(p, s).edges.filter((e) => e.critical).map((e) => e.id)).toEqual(['A->B', 'B->C']);
    expect(buildGraph(p).edges.some((e) => e.critical)).toBe(false);
  });

  it('keeps cut and done statuses, milestone edges and lags', () => {
    const p = program([item('A', [], { status: 'done' }), item('B', ['A'], { status: 'cut' })], [{ id: 'm', title: 'M', after: [{ id: 'A', lag: 3 }], objectives: [] }]);
    const g = buildGraph(p, scheduleOf(p));
    expect(g.byId.get('A')!.status).toBe('done');
    expect(g.byId.get('B')!.status).toBe('cut');
    expect(g.edges.find((e) => e.id === 'A->m')!.lag).toBe(3);
    expect(nodeName(g.byId.get('B')!)).toContain(', cut');
  });

  it('a reference to its own program id is a local edge, not an external node', () => {
    const g = buildGraph(program([item('A'), item('B', ['p/A'])]));
    expect(g.nodes.map((n) => n.id)).toEqual(['A', 'B']);
    expect(g.edges).toMatchObject([{ id: 'A->B', crossProgram: false }]);
  });

  it('focus dims nothing upstream or downstream and nothing beyond: a side branch is left out', () => {
    const g = buildGraph(program([item('A'), item('B', ['A']), item('C', ['A']), item('D', ['B'])]));
    const f = focusOf(g, 'B');
    expect([...f.nodes].sort()).toEqual(['A', 'B', 'D']);
    expect([...f.edges].sort()).toEqual(['A->B', 'B->D']);
    expect([...neighbourhood(g, 'D', 1)].sort()).toEqual(['B', 'D']);
    expect([...neighbourhood(g, 'D', 2)].sort()).toEqual(['A', 'B', 'D']);
  });
});

describe('the workstream summary above the layout limit', () => {
  // Three workstreams of 150 chained items, each workstream's first item after the previous workstream's last,
  // and one cross-program reference: 450 items, over the limit.
  const items: Item[] = [];
  for (const ws of ['a', 'b', 'c']) {
    for (let i = 0; i < 150; i++) {
      const prev = i > 0 ? [`${ws}${i - 1}`] : ws === 'b' ? ['a149'] : ws === 'c' ? ['b149', 'a3', 'other/X'] : [];
      items.push(item(`${ws}${i}`, prev, { workstream: ws }));
    }
  }
  const p = program(items, [{ id: 'end', title: 'End', after: [{ id: 'c149', lag: 0 }], objectives: [] }]);
  const g = buildGraph(p);

  it('is needed: the graph is over the limit', () => {
    expect(g.nodes.length).toBeGreaterThan(LAYOUT_LIMIT);
  });

  it('has one node per workstream, milestones and other program, with counts; edges between groups with counts', () => {
    const agg = aggregateByWorkstream(g, new Map([['a', 'Alpha']]));
    expect(agg.nodes.map((n) => [n.id, n.title, n.count])).toEqual([
      ['ws:a', 'Alpha', 150],
      ['ws:b', 'b', 150],
      ['ws:c', 'c', 150],
      ['ws:milestones', 'Milestones', 1],
      ['ws:program:other', 'other (other program)', 1],
    ]);
    expect(agg.edges.map((e) => [e.id, e.count, e.crossProgram])).toEqual([
      ['ws:a->ws:b', 1, false],
      ['ws:b->ws:c', 1, false],
      ['ws:a->ws:c', 1, false],
      ['ws:program:other->ws:c', 1, true],
      ['ws:c->ws:milestones', 1, false],
    ]);
    expect(nodeName(agg.nodes[0])).toBe('Alpha: 150 nodes');
  });

  it('opens one workstream with its direct neighbours outside it', () => {
    const ids = groupWithNeighbours(g, 'ws:b');
    expect(ids.size).toBe(150 + 2); // b0..b149, a149 before b0, c0 after b149
    expect(ids.has('a149') && ids.has('c0')).toBe(true);
  });
});
