/**
 * The dependency graph as SVG: elkjs lays it out (imported lazily, so it is never in the first-paint bundle), nodes
 * are rounded rects with a status glyph and stripe, critical ones outlined thick and named "critical", cross-program
 * edges dashed into a box per other program. Pan by dragging or scrolling, zoom with the buttons (or ctrl + wheel).
 * Nodes are one tab stop (roving tabindex): Enter or click focuses a node, arrows move to a neighbour.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { linkClick, routeUrl } from '../router.js';
import {
  elkGraph,
  focusOf,
  GROUP_LABEL_HEIGHT,
  neighbourOf,
  nodeName,
  placeLayout,
  truncate,
  type ArrowKey,
  type Box,
  type DepGraph,
  type GraphNode,
  type PlacedGraph,
  type Point,
} from './graph-model.js';
import { impactWords, type DepsOverlay, type NodeImpact } from './scenario-overlay.js';
import { signedDays } from '../whatif/scenario.js';

type Layout = { key: string; placed: PlacedGraph; ms: number; where: string } | { key: string; error: string };

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
/** An elkjs instance, and (for the worker) a promise that rejects if the worker script fails to load or run. */
type LoadedElk = { elk: Elk; where: 'worker' | 'main thread'; failed?: Promise<never> };
let elkPromise: Promise<LoadedElk> | undefined;

/**
 * One elkjs for the session, loaded on first use: in a Web Worker (elkjs's own worker script, so a big layout never
 * freezes the page), or on the main thread where workers are unavailable or fail.
 */
function loadElk(): Promise<LoadedElk> {
  elkPromise ??= (async () => {
    if (typeof Worker !== 'undefined') {
      try {
        const [{ default: ElkApi }, { default: workerUrl }] = await Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]);
        let fail: (e: Error) => void = () => undefined;
        const failed = new Promise<never>((_, reject) => (fail = reject));
        failed.catch(() => undefined); // observed by layoutWithElk's race
        const workerFactory = (url?: string) => {
          const worker = new Worker(url ?? workerUrl);
          worker.addEventListener('error', (e) => fail(new Error(`layout worker failed: ${e.message || 'could not load'}`)));
          return worker;
        };
        return { elk: new ElkApi({ workerUrl, workerFactory }), where: 'worker' as const, failed };
      } catch {
        // no worker: the main thread below
      }
    }
    return mainThreadElk();
  })();
  return elkPromise;
}

function mainThreadElk(): Promise<LoadedElk> {
  return import('elkjs/lib/elk.bundled.js').then((m) => ({ elk: new m.default(), where: 'main thread' as const }));
}

/** Lays out `graph` (and says where it ran); when the worker fails, from then on on the main thread. */
async function layoutWithElk(graph: ElkNode): Promise<{ out: ElkNode; where: LoadedElk['where'] }> {
  const { elk, failed, where } = await loadElk();
  try {
    return { out: await (failed ? Promise.race([elk.layout(graph), failed]) : elk.layout(graph)), where };
  } catch (e) {
    if (!(e instanceof Error && e.message.startsWith('layout worker failed'))) throw e;
    elkPromise = mainThreadElk();
    const main = await elkPromise;
    return { out: await main.elk.layout(graph), where: main.where };
  }
}

/** The layout of `graph`, redone only when its nodes or edges change (not when a title arrives). */
function useLayout(graph: DepGraph): { layout?: Layout; key: string } {
  const key = useMemo(() => `${graph.nodes.map((n) => n.id).join(' ')}|${graph.edges.map((e) => e.id).join(' ')}`, [graph]);
  const [layout, setLayout] = useState<Layout>();
  const graphRef = useRef(graph);
  graphRef.current = graph;
  useEffect(() => {
    let live = true;
    const started = performance.now();
    layoutWithElk(elkGraph(graphRef.current)).then(
        ({ out, where }) => live && setLayout({ key, placed: placeLayout(out), ms: Math.round(performance.now() - started), where }),
        (e: unknown) => live && setLayout({ key, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [key]);
  return { layout: layout?.key === key ? layout : undefined, key };
}

type View = { scale: number; x: number; y: number };
const MIN_SCALE = 0.2;
const MAX_SCALE = 2.5;

const GLYPH: Record<string, string> = { done: '✓', doing: '▶', todo: '○', blocked: '✕', cut: '✂' };

function glyphOf(node: GraphNode): string {
  if (node.kind === 'milestone') return '◆';
  if (node.kind === 'external') return '↗';
  if (node.kind === 'workstream') return '▦';
  return GLYPH[node.status ?? ''] ?? '○';
}

export function DepsGraphView({
  graph,
  programName,
  selected,
  onSelect,
  onActivate,
  knownPrograms,
  summary,
  overlay,
}: {
  graph: DepGraph;
  programName: string;
  selected?: string;
  onSelect: (id: string | undefined) => void;
  /** Click or Enter on a node. */
  onActivate: (id: string) => void;
  knownPrograms: Set<string>;
  /** The workstream summary is drawn: its nodes open a workstream rather than select. */
  summary: boolean;
  /** A what-if scenario's impact: moved and changed nodes get a badge, the links the impact travels along light up. */
  overlay?: DepsOverlay;
}) {
  const { layout } = useLayout(graph);
  const placed = layout && 'placed' in layout ? layout.placed : undefined;
  const focus = useMemo(() => (selected && graph.byId.has(selected) ? focusOf(graph, selected) : undefined), [graph, selected]);

  const frame = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 560 });
  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const fit = useCallback(() => {
    if (!placed) return;
    const scale = clamp(Math.min(size.width / placed.width, size.height / placed.height, 1.2), MIN_SCALE, MAX_SCALE);
    setView({ scale, x: (size.width - placed.width * scale) / 2, y: Math.max(0, (size.height - placed.height * scale) / 2) });
  }, [placed, size]);
  const zoomBy = (factor: number, cx = size.width / 2, cy = size.height / 2) =>
    setView((v) => {
      const scale = clamp(v.scale * factor, MIN_SCALE, MAX_SCALE);
      const k = scale / v.scale;
      return { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k };
    });

  // A new layout is fitted to the frame; when that would be too small to read, it starts at 80% on the selection (or
  // the start of the critical chain), from the left.
  const fitted = useRef<PlacedGraph>(undefined);
  useLayoutEffect(() => {
    if (!placed || fitted.current === placed) return;
    fitted.current = placed;
    const fitScale = Math.min(size.width / placed.width, size.height / placed.height, 1.2);
    if (fitScale >= 0.5) {
      fit();
      return;
    }
    const anchor = (selected && placed.nodes.get(selected)) || placed.nodes.get(graph.nodes.find((n) => n.critical && placed.nodes.has(n.id))?.id ?? '') || placed.nodes.get(graph.nodes[0]?.id ?? '');
    const scale = 0.8;
    if (anchor) setView({ scale, x: Math.min(0, size.width * 0.3 - anchor.x * scale), y: size.height / 2 - (anchor.y + anchor.height / 2) * scale });
    else setView({ scale, x: 0, y: 0 });
  }, [placed, size, fit, selected, graph]);

  // Keep the selected node in view when it changes (arrows, the side panel's links).
  useEffect(() => {
    const box = selected ? placed?.nodes.get(selected) : undefined;
    if (!box) return;
    setView((v) => {
      const left = box.x * v.scale + v.x;
      const top = box.y * v.scale + v.y;
      const right = left + box.width * v.scale;
      const bottom = top + box.height * v.scale;
      const dx = left < 8 ? 8 - left : right > size.width - 8 ? size.width - 8 - right : 0;
      const dy = top < 8 ? 8 - top : bottom > size.height - 8 ? size.height - 8 - bottom : 0;
      return dx === 0 && dy === 0 ? v : { ...v, x: v.x + dx, y: v.y + dy };
    });
  }, [selected, placed, size]);

  // A scenario opens on the node it changes, when that is out of view and nothing is selected.
  const changed = useMemo(() => (overlay ? [...overlay.nodes].find(([, n]) => n.change !== undefined)?.[0] : undefined), [overlay]);
  useEffect(() => {
    const box = !selected && changed ? placed?.nodes.get(changed) : undefined;
    if (!box) return;
    setView((v) => {
      const left = box.x * v.scale + v.x;
      const top = box.y * v.scale + v.y;
      const inView = left >= 0 && top >= 0 && left + box.width * v.scale <= size.width && top + box.height * v.scale <= size.height;
      return inView ? v : { ...v, x: size.width * 0.3 - box.x * v.scale, y: size.height / 2 - (box.y + box.height / 2) * v.scale };
    });
  }, [changed, selected, placed, size]);

  // Scroll pans, ctrl/cmd + scroll zooms (a non-passive listener, so the page does not scroll instead).
  const svgRef = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        const r = el.getBoundingClientRect();
        zoomBy(Math.exp(-e.deltaY / 300), e.clientX - r.left, e.clientY - r.top);
      } else setView((v) => ({ ...v, x: v.x - (e.shiftKey ? e.deltaY : e.deltaX), y: v.y - (e.shiftKey ? 0 : e.deltaY) }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  // Drag pans; a drag is not a click on the node it started on.
  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean }>(undefined);
  const onPointerDown = (e: ReactPointerEvent) => {
    if (e.button !== 0 || (e.target as Element).closest('a, button')) return;
    drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
    const move = (m: PointerEvent) => {
      const d = drag.current;
      if (!d) return;
      if (Math.abs(m.clientX - d.x) + Math.abs(m.clientY - d.y) > 4) d.moved = true;
      if (d.moved) setView((v) => ({ ...v, x: d.vx + m.clientX - d.x, y: d.vy + m.clientY - d.y }));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setTimeout(() => (drag.current = undefined), 0);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  // Roving tabindex: the selected node, else the first critical node, else the first node.
  const tabStop = selected && placed?.nodes.has(selected) ? selected : (graph.nodes.find((n) => n.critical && placed?.nodes.has(n.id))?.id ?? graph.nodes[0]?.id);
  const nodeEls = useRef(new Map<string, SVGGElement>());
  const focusPending = useRef<string>(undefined);
  useEffect(() => {
    const id = focusPending.current;
    if (id === undefined || id !== selected) return;
    focusPending.current = undefined;
    nodeEls.current.get(id)?.focus({ preventScroll: true });
  }, [selected]);

  const onNodeKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(id);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (!placed) return;
      const next = neighbourOf(graph, placed, id, e.key as ArrowKey);
      if (next === undefined) return;
      if (summary) nodeEls.current.get(next)?.focus({ preventScroll: true });
      else {
        focusPending.current = next;
        onSelect(next);
      }
    }
  };

  const counts = {
    nodes: graph.nodes.length,
    edges: graph.edges.filter((e) => !e.resource).length,
    cross: graph.edges.filter((e) => e.crossProgram).length,
  };
  const label = summary
    ? `Dependencies between the workstreams of ${programName}: ${counts.nodes} groups, ${counts.edges} links`
    : `Dependency graph of ${programName}: ${counts.nodes} nodes, ${counts.edges} dependencies${counts.cross ? `, ${counts.cross} from other programs` : ''}${selected ? `; focused on ${selected}` : ''}`;

  return (
    <div className="deps-graph">
      <div className="toolbar" role="toolbar" aria-label="Graph view">
        <button onClick={fit} aria-label="Fit the graph to the view" disabled={!placed}>
          Fit
        </button>
        <button onClick={() => zoomBy(1.25)} aria-label="Zoom in" disabled={!placed}>
          +
        </button>
        <button onClick={() => zoomBy(0.8)} aria-label="Zoom out" disabled={!placed}>
          −
        </button>
        <span className="muted small num" aria-live="polite">
          {Math.round(view.scale * 100)}%
        </span>
        <Legend scenario={overlay !== undefined} />
      </div>
      <div className="deps-frame" ref={frame}>
        {!layout && (
          <p className="muted deps-status" role="status">
            Laying out {counts.nodes} nodes…
          </p>
        )}
        {layout && 'error' in layout && <p className="error deps-status">Could not lay out the graph: {layout.error}</p>}
        {graph.nodes.length === 0 && <p className="empty deps-status">No items or milestones yet: add items with `after:` to see their dependencies here.</p>}
        <svg
          ref={svgRef}
          className={`deps-svg${focus ? ' focused' : ''}`}
          width={size.width}
          height={size.height}
          role="group"
          aria-label={label}
          data-layout-ms={layout && 'ms' in layout ? layout.ms : undefined}
          data-layout-where={layout && 'where' in layout ? layout.where : undefined}
          onPointerDown={onPointerDown}
        >
          <defs>
            <marker id="deps-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="arrowhead" />
            </marker>
            <marker id="deps-arrow-critical" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="arrowhead critical" />
            </marker>
            <marker id="deps-arrow-impact" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="arrowhead impact" />
            </marker>
          </defs>
          {placed && (
            <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
              {placed.programBoxes.map(({ program, box }) => (
                <ProgramBox key={program} program={program} box={box} known={knownPrograms.has(program)} />
              ))}
              <g className="edges">
                {graph.edges.map((e) => {
                  const points = placed.edges.get(e.id);
                  if (!points || points.length < 2) return null;
                  const dim = focus !== undefined && !focus.edges.has(e.id);
                  const impact = overlay?.edges.has(e.id) ?? false;
                  const cls = ['edge', e.critical ? 'critical' : '', e.crossProgram ? 'cross' : '', e.resource ? 'resource' : '', impact ? 'impact' : '', dim ? 'dim' : ''].filter(Boolean).join(' ');
                  const what = e.resource ? 'same resource, one after the other' : e.count > 1 ? `${e.count} dependencies` : e.lag ? `lag ${e.lag} working days` : 'finish to start';
                  return (
                    <g key={e.id} className={cls} data-edge={e.id} data-cross={e.crossProgram || undefined} data-critical={e.critical || undefined} data-impact={impact || undefined}>
                      <title>{`${e.from} → ${e.to}: ${what}${e.critical ? ', critical' : ''}${e.crossProgram ? ', from another program' : ''}${impact ? ', carries the scenario’s delay' : ''}`}</title>
                      <path d={pathOf(points)} markerEnd={`url(#${impact ? 'deps-arrow-impact' : e.critical ? 'deps-arrow-critical' : 'deps-arrow'})`} />
                      {(e.count > 1 || e.lag !== 0) && !e.resource && <EdgeLabel points={points} text={e.count > 1 ? `×${e.count}` : `+${e.lag}d`} />}
                    </g>
                  );
                })}
              </g>
              <g className="nodes">
                {graph.nodes.map((n) => {
                  const box = placed.nodes.get(n.id);
                  if (!box) return null;
                  const dim = focus !== undefined && !focus.nodes.has(n.id);
                  return (
                    <NodeShape
                      key={n.id}
                      node={n}
                      impact={overlay?.nodes.get(n.id)}
                      box={box}
                      selected={n.id === selected}
                      dim={dim}
                      tabIndex={n.id === tabStop ? 0 : -1}
                      summary={summary}
                      refCb={(el) => (el ? nodeEls.current.set(n.id, el) : nodeEls.current.delete(n.id))}
                      onClick={() => {
                        if (drag.current?.moved) return;
                        onActivate(n.id);
                      }}
                      onKeyDown={(e) => onNodeKey(e, n.id)}
                    />
                  );
                })}
              </g>
            </g>
          )}
        </svg>
      </div>
      <p className="muted small deps-help">
        {summary ? 'Click a workstream (or Enter) to open it.' : 'Click a node (or Enter) to focus its upstream and downstream; arrows move between nodes; Esc clears.'} Drag or scroll to pan.
      </p>
    </div>
  );
}

function NodeShape({
  node,
  impact,
  box,
  selected,
  dim,
  tabIndex,
  summary,
  refCb,
  onClick,
  onKeyDown,
}: {
  node: GraphNode;
  impact?: NodeImpact;
  box: Box;
  selected: boolean;
  dim: boolean;
  tabIndex: number;
  summary: boolean;
  refCb: (el: SVGGElement | null) => void;
  onClick: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
}) {
  const later = (impact?.deltaDays ?? 0) > 0 ? 'later' : (impact?.deltaDays ?? 0) < 0 ? 'earlier' : '';
  const cls = ['node', `kind-${node.kind}`, node.status ? `status-${node.status}` : '', node.critical ? 'critical' : '', impact?.change ? `changed change-${impact.change}` : '', later ? `moved ${later}` : '', selected ? 'selected' : '', dim ? 'dim' : '']
    .filter(Boolean)
    .join(' ');
  const words = impact ? impactWords(impact) : '';
  // Line 1 and line 2 read in the order of the node's name, so what is shown is part of it (WCAG 2.5.3).
  const heading = node.kind === 'external' ? node.id.slice(node.id.indexOf('/') + 1) : node.kind === 'workstream' ? node.title : node.id;
  const title = node.kind === 'workstream' ? `${node.count} node${node.count === 1 ? '' : 's'}` : node.kind === 'external' && node.title === heading ? `in ${node.program}` : node.title;
  const textX = node.kind === 'milestone' ? 22 : 12;
  return (
    <g
      ref={refCb}
      className={cls}
      transform={`translate(${box.x} ${box.y})`}
      role="button"
      tabIndex={tabIndex}
      aria-label={words ? scenarioName(node, impact!) : nodeName(node)}
      aria-pressed={summary ? undefined : selected}
      data-node={node.id}
      data-critical={node.critical || undefined}
      data-dimmed={dim || undefined}
      data-impact={words || undefined}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      <title>{node.kind === 'workstream' ? nodeName(node) : `${node.id} ${node.title}`}</title>
      <rect className="node-box" width={box.width} height={box.height} rx={node.kind === 'milestone' ? box.height / 2 : 6} />
      <rect className="node-stripe" x={node.kind === 'milestone' ? 12 : 0} y={node.kind === 'milestone' ? 8 : 0} width={4} height={node.kind === 'milestone' ? box.height - 16 : box.height} rx={2} />
      <text x={textX} y={18}>
        <tspan className="glyph" aria-hidden="true">
          {glyphOf(node)}
        </tspan>{' '}
        <tspan className="node-id">{truncate(heading, (node.critical || words ? 15 : 22) - (node.kind === 'milestone' ? 4 : 0))}</tspan>{' '}
      </text>
      {/* The whole title is in the page, cut with an ellipsis by CSS: what is shown stays part of the node's name. */}
      <foreignObject x={textX} y={24} width={box.width - textX - (node.kind === 'milestone' ? 18 : 8)} height={18}>
        <div className="node-title">{title}</div>
      </foreignObject>
      {/* The tag follows the title in the node's name too (critical, or the scenario's delta). */}
      {words ? (
        <text className="node-tag node-impact" x={box.width - (node.kind === 'milestone' ? 18 : 10)} y={18} textAnchor="end">
          {' '}
          {impact?.change === 'cut' || impact?.change === 'remove' ? words : impact?.deltaDays !== undefined ? signedDays(impact.deltaDays) : words}
        </text>
      ) : (
        node.critical && (
          <text className="node-tag" x={box.width - (node.kind === 'milestone' ? 18 : 10)} y={18} textAnchor="end">
            {' '}critical
          </text>
        )
      )}
    </g>
  );
}

/**
 * A node's name under a scenario: its id and title, then the tag it shows (the delta, or cut), then the rest of its
 * name. Example: "PAY-7 Remove card data from legacy order service, +5 d under the scenario (slipped), critical, to do, …".
 */
function scenarioName(node: GraphNode, impact: NodeImpact): string {
  const head = node.kind === 'workstream' ? `${node.title}: ${node.count} node${node.count === 1 ? '' : 's'}` : `${node.id} ${node.title}`;
  const full = nodeName(node);
  const rest = full.startsWith(head) ? full.slice(head.length) : `, ${full}`;
  const shown = impact.change === 'cut' || impact.change === 'remove' || impact.deltaDays === undefined ? impactWords(impact) : signedDays(impact.deltaDays);
  const why = impact.change === 'slip' ? ' (slipped)' : '';
  return `${head}, ${shown} under the scenario${why}${rest}`;
}

function ProgramBox({ program, box, known }: { program: string; box: Box; known: boolean }) {
  const url = routeUrl({ view: 'program', programId: program, tab: 'dependencies', zoom: 'month' });
  return (
    <g className="program-box" data-program={program}>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={8} />
      {known ? (
        <a href={url} onClick={linkClick(url)} aria-label={`Open ${program}'s dependencies`}>
          <text x={box.x + 10} y={box.y + GROUP_LABEL_HEIGHT - 8} className="program-label">
            {truncate(program, 22)} ↗
          </text>
        </a>
      ) : (
        <text x={box.x + 10} y={box.y + GROUP_LABEL_HEIGHT - 8} className="program-label">
          {truncate(program, 22)} (not here)
        </text>
      )}
    </g>
  );
}

function EdgeLabel({ points, text }: { points: Point[]; text: string }) {
  const end = points[points.length - 1];
  const before = points[points.length - 2];
  const x = (end.x + before.x) / 2;
  return (
    <text className="edge-label" x={x} y={end.y - 4} textAnchor="middle">
      {text}
    </text>
  );
}

function Legend({ scenario }: { scenario: boolean }) {
  return (
    <span className="legend small deps-legend" aria-label="Legend">
      <span aria-hidden="true">○</span> to do <span aria-hidden="true">▶</span> doing <span aria-hidden="true">✓</span> done <span aria-hidden="true">✕</span> blocked{' '}
      <span aria-hidden="true">✂</span> cut <span aria-hidden="true">◆</span> milestone <span className="sw sw-critical" /> critical <LineSample cls="edge cross" /> other program{' '}
      <LineSample cls="edge resource" /> same resource
      {scenario && (
        <>
          {' '}
          <LineSample cls="edge impact" /> carries the scenario’s delay
        </>
      )}
    </span>
  );
}

function LineSample({ cls }: { cls: string }) {
  return (
    <svg width="26" height="8" aria-hidden="true" className="line-sample">
      <g className={cls}>
        <path d="M1 4 H25" />
      </g>
    </svg>
  );
}

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
