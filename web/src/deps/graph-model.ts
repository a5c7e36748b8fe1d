/**
 * The Dependencies tab's pure model (no DOM, no React; tested in Node by test/web/deps-graph.test.ts): the dependency
 * graph of a program (items, milestones, and external nodes for cross-program references, grouped by their program),
 * critical flags from the schedule, upstream/downstream closures, the workstream summary drawn instead when a program is
 * too big to lay out, the elkjs input graph (layered, left to right) and the placed layout read back from elkjs, and the
 * arrow-key neighbour of a node.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Program } from '../../../src/model/program.js';
import { formatDate } from '../format.js';
import type { ScheduleJson } from '../types.js';

/** The schedule as the API answers it: the CLI's JSON also carries working-day offsets and the critical chains. */
export type DepsSchedule = Omit<ScheduleJson, 'items' | 'milestones'> & {
  items: (ScheduleJson['items'][number] & { es?: number; ef?: number })[];
  milestones: (ScheduleJson['milestones'][number] & { offset?: number; slack?: number })[];
  criticalChains?: string[][];
};

export type NodeKind = 'item' | 'milestone' | 'external' | 'workstream';

export type GraphNode = {
  /** The item or milestone id; `<program>/<item>` for an external node; `ws:<id>` for a workstream summary. */
  id: string;
  kind: NodeKind;
  /** What is shown after the id (for an external node: its title when known, else its item id). */
  title: string;
  /** Item status (todo, doing, done, blocked, cut); absent for milestones, externals and summaries. */
  status?: string;
  workstream?: string;
  /** The other program, for an external node. */
  program?: string;
  critical: boolean;
  start?: string;
  finish?: string;
  /** A milestone's forecast date (deterministic schedule) and committed date. */
  date?: string;
  committed?: string;
  slack?: number;
  /** How many nodes a workstream summary stands for. */
  count?: number;
};

export type GraphEdge = {
  id: string;
  /** The predecessor (the arrow's tail). */
  from: string;
  /** The successor (the arrow's head). */
  to: string;
  /** Working days between the predecessor's finish and the successor's start. */
  lag: number;
  /** True when the predecessor lives in another program. */
  crossProgram: boolean;
  /** Both ends critical and the link tight (no slack between them): part of the critical chain. */
  critical: boolean;
  /** How many dependencies a summary edge stands for (1 for a plain edge). */
  count: number;
  /**
   * Not a dependency: two consecutive items of a critical chain that share a resource (the levelled schedule runs one
   * after the other). Drawn so the chain reads unbroken; left out of closures and arrow-key moves.
   */
  resource?: boolean;
};

export type DepGraph = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  byId: Map<string, GraphNode>;
  /** Predecessor ids of each node, in declaration order. */
  preds: Map<string, string[]>;
  /** Successor ids of each node, in declaration order. */
  succs: Map<string, string[]>;
};

/** Above this many nodes the tab draws the workstream summary: elkjs on thousands of nodes takes seconds. */
export const LAYOUT_LIMIT = 400;

export const NODE_WIDTH = 188;
export const NODE_HEIGHT = 46;
/** Room above an external program's box for its label. */
export const GROUP_LABEL_HEIGHT = 26;

const EPS = 1e-6;

/** The id of an external node: `checkout-revamp/PAY-4`. */
export const externalId = (program: string, item: string) => `${program}/${item}`;

/** A graph from nodes and edges (edges whose ends are missing are dropped; repeated edges are kept once). */
export function makeGraph(nodes: GraphNode[], edges: GraphEdge[]): DepGraph {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const preds = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const succs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const kept: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    if (!byId.has(e.from) || !byId.has(e.to) || seen.has(e.id)) continue;
    seen.add(e.id);
    kept.push(e);
    if (e.resource) continue;
    preds.get(e.to)!.push(e.from);
    succs.get(e.from)!.push(e.to);
  }
  return { nodes, edges: kept, byId, preds, succs };
}

/**
 * The dependency graph of `program`, with dates, slack and critical flags from its `schedule` when given. Edges run
 * from predecessor to successor. An edge is critical when both ends are critical and it is tight: the successor starts
 * exactly `lag` working days after the predecessor finishes (from the schedule's offsets), or, when the schedule has
 * no offsets, the two are consecutive on a critical chain. Consecutive items of a critical chain with no dependency
 * between them (levelling put them one after the other on a shared resource) get a `resource` edge.
 * Example: `buildGraph(program, schedule).edges.filter((e) => e.critical)` → PAY-2→PAY-4, PAY-4→PAY-7, …
 */
export function buildGraph(program: Program, schedule?: DepsSchedule): DepGraph {
  const sItems = new Map((schedule?.items ?? []).map((i) => [i.id, i]));
  const sMilestones = new Map((schedule?.milestones ?? []).map((m) => [m.id, m]));
  const nodes: GraphNode[] = [];
  for (const item of program.items) {
    const s = sItems.get(item.id);
    nodes.push({
      id: item.id,
      kind: 'item',
      title: item.title,
      status: item.status,
      ...(item.workstream !== undefined ? { workstream: item.workstream } : {}),
      critical: s?.critical ?? false,
      ...(s ? { start: s.start, finish: s.finish, slack: s.slack } : {}),
    });
  }
  for (const m of program.milestones) {
    const s = sMilestones.get(m.id);
    nodes.push({
      id: m.id,
      kind: 'milestone',
      title: m.title,
      critical: s?.critical ?? false,
      ...(s ? { date: s.date } : {}),
      ...(s?.slack !== undefined ? { slack: s.slack } : {}),
      ...(m.date !== undefined ? { committed: m.date } : {}),
    });
  }
  const externals = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const chainPairs = new Set<string>();
  for (const chain of schedule?.criticalChains ?? (schedule ? [schedule.criticalPath] : [])) {
    for (let i = 1; i < chain.length; i++) chainPairs.add(`${chain[i - 1]}->${chain[i]}`);
  }
  const finishOffset = (id: string) => sItems.get(id)?.ef;
  const startOffset = (id: string) => sItems.get(id)?.es ?? sMilestones.get(id)?.offset;
  const local = new Set(nodes.map((n) => n.id));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const succ of [...program.items, ...program.milestones]) {
    for (const dep of succ.after) {
      const cross = dep.program !== undefined && dep.program !== program.program.id;
      const from = cross ? externalId(dep.program!, dep.id) : dep.id;
      if (cross && !externals.has(from)) externals.set(from, { id: from, kind: 'external', title: dep.id, program: dep.program, critical: false });
      if (!cross && !local.has(from)) continue;
      const id = `${from}->${succ.id}`;
      let critical = false;
      if (!cross && byId.get(from)!.critical && byId.get(succ.id)!.critical) {
        const ef = finishOffset(from);
        const es = startOffset(succ.id);
        critical = ef !== undefined && es !== undefined ? Math.abs(ef + dep.lag - es) < EPS : chainPairs.has(id);
      }
      edges.push({ id, from, to: succ.id, lag: dep.lag, crossProgram: cross, critical, count: 1 });
    }
  }
  const linked = new Set(edges.map((e) => e.id));
  for (const pair of chainPairs) {
    const [from, to] = pair.split('->');
    if (!linked.has(pair) && local.has(from) && local.has(to)) edges.push({ id: pair, from, to, lag: 0, crossProgram: false, critical: true, count: 1, resource: true });
  }
  return makeGraph([...nodes, ...externals.values()], edges);
}

/** Every node upstream of `id` (its predecessors, theirs, …), without `id` itself. */
export function upstream(graph: DepGraph, id: string): Set<string> {
  return reach(graph.preds, id);
}

/** Every node downstream of `id` (its successors, theirs, …), without `id` itself. */
export function downstream(graph: DepGraph, id: string): Set<string> {
  return reach(graph.succs, id);
}

function reach(next: Map<string, string[]>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(next.get(id) ?? [])];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || n === id) continue;
    seen.add(n);
    for (const m of next.get(n) ?? []) if (!seen.has(m)) stack.push(m);
  }
  return seen;
}

/** What stays bright when `id` is focused: the node, its upstream and its downstream closure, and the edges among them along those paths. */
export function focusOf(graph: DepGraph, id: string): { nodes: Set<string>; edges: Set<string> } {
  const up = upstream(graph, id);
  const down = downstream(graph, id);
  up.add(id);
  down.add(id);
  const edges = new Set(graph.edges.filter((e) => (up.has(e.from) && up.has(e.to)) || (down.has(e.from) && down.has(e.to))).map((e) => e.id));
  return { nodes: new Set([...up, ...down]), edges };
}

/** The graph on `ids` only (edges with both ends inside). */
export function subgraph(graph: DepGraph, ids: Set<string>): DepGraph {
  return makeGraph(
    graph.nodes.filter((n) => ids.has(n.id)),
    graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
  );
}

/** The nodes at most `hops` dependencies away from `id`, either way. */
export function neighbourhood(graph: DepGraph, id: string, hops = 2): Set<string> {
  const out = new Set<string>(graph.byId.has(id) ? [id] : []);
  let frontier = [...out];
  for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of [...(graph.preds.get(n) ?? []), ...(graph.succs.get(n) ?? [])]) {
        if (!out.has(m)) {
          out.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** The summary group a node belongs to: its workstream, "milestones", "no workstream" or its external program. */
export function groupOf(node: GraphNode): { id: string; title: string } {
  if (node.kind === 'external') return { id: `ws:program:${node.program}`, title: `${node.program} (other program)` };
  if (node.kind === 'milestone') return { id: 'ws:milestones', title: 'Milestones' };
  if (node.workstream === undefined) return { id: 'ws:none', title: 'No workstream' };
  return { id: `ws:${node.workstream}`, title: node.workstream };
}

/** The nodes of one summary group (a workstream, or the milestones, …) and their direct neighbours outside it. */
export function groupWithNeighbours(graph: DepGraph, groupId: string): Set<string> {
  const inside = graph.nodes.filter((n) => groupOf(n).id === groupId).map((n) => n.id);
  const out = new Set(inside);
  for (const id of inside) for (const m of [...graph.preds.get(id)!, ...graph.succs.get(id)!]) out.add(m);
  return out;
}

/**
 * The workstream summary of a big graph: one node per workstream (plus milestones, items without a workstream and each
 * other program), with `count` members, critical when any member is; one edge per pair of groups that depend on each
 * other, with `count` dependencies, critical when any of them is. Dependencies inside a group are not drawn.
 */
export function aggregateByWorkstream(graph: DepGraph, workstreamTitles: Map<string, string> = new Map()): DepGraph {
  const groups = new Map<string, GraphNode>();
  const groupIdOf = new Map<string, string>();
  for (const n of graph.nodes) {
    const g = groupOf(n);
    groupIdOf.set(n.id, g.id);
    const existing = groups.get(g.id);
    if (existing) {
      existing.count! += 1;
      existing.critical ||= n.critical;
    } else {
      const title = n.kind === 'item' && n.workstream !== undefined ? (workstreamTitles.get(n.workstream) ?? g.title) : g.title;
      groups.set(g.id, { id: g.id, kind: 'workstream', title, critical: n.critical, count: 1, ...(n.kind === 'external' ? { program: n.program } : {}) });
    }
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    if (e.resource) continue;
    const from = groupIdOf.get(e.from)!;
    const to = groupIdOf.get(e.to)!;
    if (from === to) continue;
    const id = `${from}->${to}`;
    const existing = edges.get(id);
    if (existing) {
      existing.count += 1;
      existing.critical ||= e.critical;
    } else edges.set(id, { id, from, to, lag: 0, crossProgram: e.crossProgram, critical: e.critical, count: 1 });
  }
  return makeGraph([...groups.values()], [...edges.values()]);
}

/** The elkjs id of an external program's box. */
export const groupBoxId = (program: string) => `box:${program}`;

/**
 * The elkjs input: layered, left to right, orthogonal edges; external nodes inside one box per program (hierarchy
 * handled across the boxes so edges into them are laid out with the rest). Every node gets the same size.
 */
export function elkGraph(graph: DepGraph): ElkNode {
  const boxes = new Map<string, ElkNode>();
  const children: ElkNode[] = [];
  for (const n of graph.nodes) {
    const child: ElkNode = { id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT };
    if (n.kind === 'external' && n.program !== undefined) {
      let box = boxes.get(n.program);
      if (!box) {
        box = { id: groupBoxId(n.program), layoutOptions: { 'elk.padding': `[top=${GROUP_LABEL_HEIGHT + 6},left=10,bottom=10,right=10]` }, children: [] };
        boxes.set(n.program, box);
        children.push(box);
      }
      box.children!.push(child);
    } else children.push(child);
  }
  const edges: ElkExtendedEdge[] = graph.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '16',
      'elk.spacing.edgeNode': '12',
      'elk.spacing.edgeEdge': '8',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
}

export type Box = { x: number; y: number; width: number; height: number };
export type Point = { x: number; y: number };

/** A laid-out graph in absolute coordinates: node boxes, program boxes, and each edge's polyline (tail to head). */
export type PlacedGraph = {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  programBoxes: { program: string; box: Box }[];
  edges: Map<string, Point[]>;
};

/** Reads elkjs's answer back into absolute coordinates (children of a program box are offset by the box). */
export function placeLayout(laidOut: ElkNode): PlacedGraph {
  const nodes = new Map<string, Box>();
  const programBoxes: PlacedGraph['programBoxes'] = [];
  const visit = (n: ElkNode, dx: number, dy: number) => {
    for (const c of n.children ?? []) {
      const box = { x: (c.x ?? 0) + dx, y: (c.y ?? 0) + dy, width: c.width ?? 0, height: c.height ?? 0 };
      if (c.children && c.children.length > 0) {
        programBoxes.push({ program: c.id.slice('box:'.length), box });
        visit(c, box.x, box.y);
      } else nodes.set(c.id, box);
    }
  };
  visit(laidOut, 0, 0);
  const edges = new Map<string, Point[]>();
  const collect = (n: ElkNode, dx: number, dy: number) => {
    for (const e of n.edges ?? []) {
      const points: Point[] = [];
      for (const s of e.sections ?? []) {
        points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      }
      edges.set(e.id, points.map((p) => ({ x: p.x + dx, y: p.y + dy })));
    }
    for (const c of n.children ?? []) if (c.children) collect(c, dx + (c.x ?? 0), dy + (c.y ?? 0));
  };
  collect(laidOut, 0, 0);
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, nodes, programBoxes, edges };
}

export type ArrowKey = 'ArrowRight' | 'ArrowLeft' | 'ArrowUp' | 'ArrowDown';

/**
 * The node an arrow key moves to from `id`: right a successor, left a predecessor (the one nearest vertically), up and
 * down the nearest node above or below in the same layer (same column). `undefined` when there is none.
 */
export function neighbourOf(graph: DepGraph, placed: PlacedGraph, id: string, key: ArrowKey): string | undefined {
  const here = placed.nodes.get(id);
  if (!here) return undefined;
  const cy = here.y + here.height / 2;
  const nearest = (ids: string[]) => {
    let best: string | undefined;
    let bestD = Infinity;
    for (const other of ids) {
      const b = placed.nodes.get(other);
      if (!b || other === id) continue;
      const d = Math.abs(b.y + b.height / 2 - cy);
      if (d < bestD) [best, bestD] = [other, d];
    }
    return best;
  };
  if (key === 'ArrowRight') return nearest(graph.succs.get(id) ?? []);
  if (key === 'ArrowLeft') return nearest(graph.preds.get(id) ?? []);
  const layer = [...placed.nodes].filter(([, b]) => Math.abs(b.x - here.x) < 1).map(([n]) => n);
  const above = key === 'ArrowUp';
  return nearest(layer.filter((n) => (above ? placed.nodes.get(n)!.y < here.y : placed.nodes.get(n)!.y > here.y)));
}

/** "12 Jan – 3 Feb" (an item's dates), "19 Mar 2027" (a milestone's), or "" when unscheduled. */
export function datesOf(node: GraphNode): string {
  if (node.start && node.finish) return `${formatDate(node.start, true)} – ${formatDate(node.finish, true)}`;
  if (node.date) return formatDate(node.date);
  return '';
}

const STATUS_WORD: Record<string, string> = { todo: 'to do', doing: 'doing', done: 'done', blocked: 'blocked', cut: 'cut' };

/**
 * A node's accessible name. Examples: "PAY-2 Card vault integration, critical, doing, 12 Jan – 3 Feb";
 * "ga General availability, milestone, 19 Mar 2027"; "checkout-revamp/PAY-4, in program checkout-revamp";
 * "payments: 12 nodes, critical".
 */
export function nodeName(node: GraphNode): string {
  if (node.kind === 'workstream') return [`${node.title}: ${node.count} node${node.count === 1 ? '' : 's'}`, node.critical ? 'critical' : ''].filter(Boolean).join(', ');
  if (node.kind === 'external') return [node.title !== node.id.slice(node.id.indexOf('/') + 1) ? `${node.id} ${node.title}` : node.id, `in program ${node.program}`, datesOf(node)].filter(Boolean).join(', ');
  const parts = [`${node.id} ${node.title}`];
  if (node.critical) parts.push('critical');
  parts.push(node.kind === 'milestone' ? 'milestone' : (STATUS_WORD[node.status ?? ''] ?? node.status ?? ''));
  parts.push(datesOf(node));
  return parts.filter(Boolean).join(', ');
}

/** Cuts `text` to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
