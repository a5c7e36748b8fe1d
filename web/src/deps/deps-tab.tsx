/**
 * The Dependencies tab: the program's dependency graph laid out by elkjs (layered, left to right; loaded lazily, after
 * the tab's first paint) and drawn as SVG. Critical links and nodes are emphasised and named; cross-program edges are
 * dashed and their external nodes sit in a box per program that links to that program's own graph. Clicking a node (or
 * Enter) focuses it: its upstream and downstream stay bright, the rest dims, and a side panel lists its predecessors,
 * successors, dates and slack. The selection is `?sel=` in the URL; arrows move it, Esc clears it. A program too big to
 * lay out at once (over LAYOUT_LIMIT nodes) is shown as its workstreams, from which one workstream or the neighbourhood
 * of an item opens. A what-if scenario in the URL (`?scenario=`, as on the timeline) runs in the same engine worker and
 * is drawn on the graph: the changed nodes, how far each moved node moves, and the links the delay travels along.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Program } from '../../../src/model/program.js';
import { cachedJson } from '../api.js';
import { linkClick, navigate, routeUrl } from '../router.js';
import type { ProgramRoute } from '../routes.js';
import type { ProgramSummary } from '../types.js';
import { useApi } from '../use-api.js';
import { formatDate } from '../format.js';
import { shownAnswer, useScenario, useWhatIfEngine } from '../whatif/use-whatif.js';
import { describeChange, parseScenario, signedDays, type WhatIfChange } from '../whatif/scenario.js';
import { DepsGraphView } from './graph-view.js';
import {
  aggregateByWorkstream,
  buildGraph,
  groupOf,
  groupWithNeighbours,
  LAYOUT_LIMIT,
  neighbourhood,
  subgraph,
  type DepGraph,
  type DepsSchedule,
} from './graph-model.js';
import { scenarioOverlay, summaryOverlay, type DepsOverlay } from './scenario-overlay.js';
import { SidePanel } from './side-panel.js';
import './deps.css';

type ModelJson = { version: number; program: Program };

/** What is drawn: everything, the workstream summary, one workstream (with its neighbours), or around one node. */
type Scope = { kind: 'all' } | { kind: 'summary' } | { kind: 'group'; id: string } | { kind: 'around'; id: string };

export function DependenciesTab({ route, token }: { route: ProgramRoute; token: string }) {
  const base = `/api/programs/${encodeURIComponent(route.programId)}`;
  const model = useApi<ModelJson>(`${base}/model`, token);
  const schedule = useApi<DepsSchedule>(`${base}/schedule`, token);
  const list = useApi<{ programs: ProgramSummary[] }>('/api/programs', token, 'background');
  const known = useMemo(() => new Set(list.state === 'ok' ? list.data.programs.map((p) => p.id) : []), [list]);

  const scheduled = schedule.state === 'ok' ? schedule.data : undefined;
  const baseGraph = useMemo(() => (model.state === 'ok' && schedule.state !== 'loading' ? buildGraph(model.data.program, scheduled) : undefined), [model, schedule.state, scheduled]);
  const externalTitles = useExternalTitles(baseGraph, known, token);
  const graph = useMemo(() => (baseGraph ? withTitles(baseGraph, externalTitles) : undefined), [baseGraph, externalTitles]);

  const parsed = useMemo(() => parseScenario(route.scenario ?? ''), [route.scenario]);
  const changes = parsed.ok ? parsed.changes : NO_CHANGES;
  const engine = useWhatIfEngine(changes.length > 0 && model.state === 'ok' ? model.data.program : undefined, scheduled?.program.today);
  const scenario = useScenario(engine, changes);
  const answered = shownAnswer(scenario);
  const overlay = useMemo(() => (graph && answered ? scenarioOverlay(graph, changes, answered.answer) : undefined), [graph, answered, changes]);

  if (model.state === 'loading' || schedule.state === 'loading') return <p className="muted">Loading the dependency graph…</p>;
  if (model.state === 'error') return <p className="error">Could not read the program: {model.error.message}</p>;
  if (!graph) return null;
  return (
    <DepsBody
      key={route.programId}
      route={route}
      overlay={overlay}
      scenarioBanner={
        route.scenario === undefined ? undefined : (
          <ScenarioBanner
            route={route}
            changes={changes}
            error={parsed.ok ? undefined : parsed.error}
            status={engine.state === 'error' ? { error: engine.message } : scenario.status === 'error' ? { error: scenario.message } : answered && overlay ? { overlay, finish: answered.answer.result.program } : { busy: true }}
          />
        )
      }
      graph={graph}
      program={model.data.program}
      schedule={scheduled}
      scheduleError={schedule.state === 'error' ? schedule.error.message : undefined}
      knownPrograms={known}
    />
  );
}

const NO_CHANGES: WhatIfChange[] = [];

function DepsBody({
  route,
  graph,
  program,
  schedule,
  scheduleError,
  knownPrograms,
  overlay,
  scenarioBanner,
}: {
  route: ProgramRoute;
  graph: DepGraph;
  program: Program;
  schedule?: DepsSchedule;
  scheduleError?: string;
  knownPrograms: Set<string>;
  overlay?: DepsOverlay;
  scenarioBanner?: ReactNode;
}) {
  const big = graph.nodes.length > LAYOUT_LIMIT;
  const selectedInGraph = route.selected !== undefined && graph.byId.has(route.selected) ? route.selected : undefined;
  const [scope, setScope] = useState<Scope>(() => (!big ? { kind: 'all' } : selectedInGraph ? { kind: 'around', id: selectedInGraph } : { kind: 'summary' }));
  const wsTitles = useMemo(() => new Map(program.workstreams.map((w) => [w.id, w.title])), [program]);
  const summary = useMemo(() => (big ? aggregateByWorkstream(graph, wsTitles) : undefined), [big, graph, wsTitles]);
  const summaryImpact = useMemo(() => (big && overlay ? summaryOverlay(graph, overlay) : undefined), [big, graph, overlay]);

  const shown = useMemo(() => {
    if (scope.kind === 'all') return graph;
    if (scope.kind === 'summary') return summary!;
    if (scope.kind === 'group') return subgraph(graph, groupWithNeighbours(graph, scope.id));
    let around = neighbourhood(graph, scope.id, 2);
    if (around.size > LAYOUT_LIMIT) around = neighbourhood(graph, scope.id, 1);
    return subgraph(graph, around);
  }, [scope, graph, summary]);

  const select = (id: string | undefined) => {
    // In a big program, selecting a node that is not drawn (a side-panel link, say) redraws around it.
    if (id !== undefined && scope.kind !== 'all' && !shown.byId.has(id) && graph.byId.has(id)) setScope({ kind: 'around', id });
    if (id === route.selected) return;
    const { selected: _selected, ...rest } = route;
    navigate(routeUrl(id === undefined ? rest : { ...rest, selected: id }), true);
  };
  const activate = (id: string) => {
    if (scope.kind === 'summary') setScope({ kind: 'group', id });
    else select(id);
  };

  // Esc anywhere on the page (outside a field) clears the focus.
  useEffect(() => {
    if (route.selected === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || e.defaultPrevented || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName ?? ''))) return;
      select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const selectedNode = selectedInGraph ? graph.byId.get(selectedInGraph) : undefined;
  const groups = useMemo(() => (summary ? summary.nodes : []), [summary]);
  return (
    <div className="deps-tab">
      {scheduleError && <p className="error">No schedule, so no dates or critical chain: {scheduleError}</p>}
      {route.selected !== undefined && !selectedInGraph && <p className="warn">There is no node {route.selected} in this program.</p>}
      {scenarioBanner}
      {big && (
        <div className="deps-scope" role="region" aria-label="Graph scope">
          <p>
            This program has {graph.nodes.length.toLocaleString('en-GB')} nodes, more than the {LAYOUT_LIMIT} the graph lays out at once.{' '}
            {scope.kind === 'summary' && 'Shown: its workstreams, with the dependencies between them counted. Open a workstream, or select an item to see its neighbourhood.'}
            {scope.kind === 'group' && `Shown: the ${groups.find((g) => g.id === scope.id)?.title ?? scope.id} workstream with the nodes it links to directly.`}
            {scope.kind === 'around' && `Shown: the nodes within two dependencies of ${scope.id}.`}
          </p>
          <div className="toolbar">
            <button aria-pressed={scope.kind === 'summary'} onClick={() => setScope({ kind: 'summary' })}>
              All workstreams
            </button>
            <label>
              Open workstream{' '}
              <select value={scope.kind === 'group' ? scope.id : ''} onChange={(e) => e.target.value && setScope({ kind: 'group', id: e.target.value })}>
                <option value="">—</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title} ({g.count})
                  </option>
                ))}
              </select>
            </label>
            <button disabled={!selectedInGraph || (scope.kind === 'around' && scope.id === selectedInGraph)} onClick={() => selectedInGraph && setScope({ kind: 'around', id: selectedInGraph })}>
              Neighbourhood of {selectedInGraph ?? 'the selected item'}
            </button>
            {selectedNode && scope.kind === 'summary' && (
              <button onClick={() => setScope({ kind: 'group', id: groupOf(selectedNode).id })}>Open {selectedNode.id}'s workstream</button>
            )}
          </div>
        </div>
      )}
      <div className="deps-main">
        <DepsGraphView
          graph={shown}
          programName={program.program.name}
          selected={scope.kind === 'summary' ? undefined : selectedInGraph}
          onSelect={select}
          onActivate={activate}
          knownPrograms={knownPrograms}
          summary={scope.kind === 'summary'}
          overlay={scope.kind === 'summary' ? summaryImpact : overlay}
        />
        <SidePanel route={route} graph={graph} node={selectedNode} schedule={schedule} knownPrograms={knownPrograms} onSelect={select} />
      </div>
    </div>
  );
}

type BannerStatus = { busy: true } | { error: string } | { overlay: DepsOverlay; finish: { before: string; after: string; deltaDays: number } };

/** The scenario above the graph: its changes, what moves, and ways to edit it on the timeline or clear it. */
function ScenarioBanner({ route, changes, error, status }: { route: ProgramRoute; changes: WhatIfChange[]; error?: string; status: BannerStatus }) {
  const { scenario: _scenario, ...rest } = route;
  const timeline = routeUrl({ ...route, tab: 'timeline' });
  return (
    <div className="deps-scope deps-scenario" role="region" aria-label="Scenario">
      {error !== undefined ? (
        <p className="error" role="alert">
          The scenario in the link could not be read: {error}.
        </p>
      ) : (
        <p>
          <strong>Scenario:</strong> {changes.map(describeChange).join(' · ')}.{' '}
          {'busy' in status && <span className="muted">Computing its impact…</span>}
          {'error' in status && <span className="error">Could not compute it: {status.error}</span>}
          {'overlay' in status && (
            <span data-testid="deps-scenario-impact">
              {status.overlay.movedItems === 0 ? 'No item moves' : `${status.overlay.movedItems} item${status.overlay.movedItems === 1 ? ' moves' : 's move'}`}
              {status.overlay.milestones.length > 0 && `; ${status.overlay.milestones.map((m) => `${m.title} ${signedDays(m.deltaDays)}`).join(', ')}`}. Finish {formatDate(status.finish.before)} →{' '}
              {formatDate(status.finish.after)} ({signedDays(status.finish.deltaDays)}). The highlighted links carry the delay.
            </span>
          )}
        </p>
      )}
      <div className="toolbar">
        <a href={timeline} onClick={linkClick(timeline)}>
          Edit it on the timeline
        </a>
        <button onClick={() => navigate(routeUrl(rest), true)}>Clear the scenario</button>
      </div>
    </div>
  );
}

/** The titles of external nodes, read from the schedules of the other programs that are in the store (background lane). */
function useExternalTitles(graph: DepGraph | undefined, known: Set<string>, token: string): Map<string, { title: string; start?: string; finish?: string }> {
  const programs = useMemo(() => [...new Set((graph?.nodes ?? []).filter((n) => n.kind === 'external' && known.has(n.program!)).map((n) => n.program!))].sort(), [graph, known]);
  const [titles, setTitles] = useState(() => new Map<string, { title: string; start?: string; finish?: string }>());
  const key = programs.join(',');
  useEffect(() => {
    if (key === '') return;
    let live = true;
    Promise.all(
      key.split(',').map((p) =>
        cachedJson<DepsSchedule>(`/api/programs/${encodeURIComponent(p)}/schedule`, token, 'background').then(
          (s) => s.items.map((i) => [`${p}/${i.id}`, { title: i.title, start: i.start, finish: i.finish }] as const),
          () => [], // an unreadable program keeps its ids as titles
        ),
      ),
    ).then((lists) => live && setTitles(new Map(lists.flat())));
    return () => {
      live = false;
    };
  }, [key, token]);
  return titles;
}

function withTitles(graph: DepGraph, titles: Map<string, { title: string; start?: string; finish?: string }>): DepGraph {
  if (titles.size === 0) return graph;
  const nodes = graph.nodes.map((n) => {
    const t = n.kind === 'external' ? titles.get(n.id) : undefined;
    return t ? { ...n, title: t.title, ...(t.start ? { start: t.start, finish: t.finish } : {}) } : n;
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return { ...graph, nodes, byId };
}
