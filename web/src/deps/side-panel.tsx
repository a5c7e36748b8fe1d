/**
 * The Dependencies tab's side panel: the selected node's status, dates and slack, its predecessors and successors (links
 * that select them), a link to it on the timeline, or for an external node a link to its own program's graph. With no
 * selection: how to use the graph and the program's critical chain.
 */
import type { MouseEvent } from 'react';
import { formatDate } from '../format.js';
import { linkClick, routeUrl } from '../router.js';
import type { ProgramRoute } from '../routes.js';
import { datesOf, type DepGraph, type DepsSchedule, type GraphNode } from './graph-model.js';

/** The critical chain listed when nothing is selected: its first items, then a count. */
const CHAIN_SHOWN = 12;

const STATUS_WORD: Record<string, string> = { todo: 'To do', doing: 'Doing', done: 'Done', blocked: 'Blocked', cut: 'Cut' };

export function SidePanel({
  route,
  graph,
  node,
  schedule,
  knownPrograms,
  onSelect,
}: {
  route: ProgramRoute;
  graph: DepGraph;
  node?: GraphNode;
  schedule?: DepsSchedule;
  knownPrograms: Set<string>;
  onSelect: (id: string | undefined) => void;
}) {
  const selectLink = (id: string) => {
    const url = routeUrl({ ...route, selected: id });
    return {
      href: url,
      onClick: (e: MouseEvent) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onSelect(id);
      },
    };
  };
  if (!node) {
    const chain = schedule?.criticalPath ?? [];
    const head = chain.length > CHAIN_SHOWN + 2 ? chain.slice(0, CHAIN_SHOWN) : chain;
    return (
      <aside className="deps-side panel" aria-label="Selected node">
        <h2>Critical chain</h2>
        {chain.length === 0 ? (
          <p className="muted small">No critical chain (no schedule, or nothing left to do).</p>
        ) : (
          <ol className="deps-chain small">
            {head.map((id) => (
              <li key={id}>
                <a {...selectLink(id)}>{id}</a> <span className="muted">{graph.byId.get(id)?.title}</span>
              </li>
            ))}
          </ol>
        )}
        {head.length < chain.length && (
          <p className="muted small">
            … and {chain.length - head.length} more, to <a {...selectLink(chain[chain.length - 1])}>{chain[chain.length - 1]}</a>.
          </p>
        )}
        <p className="muted small">Click a node, or press Enter on it, to keep its upstream and downstream bright and see its details here.</p>
      </aside>
    );
  }
  const links = (ids: string[]) =>
    ids.length === 0 ? (
      <p className="muted small">None.</p>
    ) : (
      <ul className="deps-links small">
        {ids.map((id) => {
          const n = graph.byId.get(id);
          const edge = graph.edges.find((e) => (e.from === id && e.to === node.id) || (e.from === node.id && e.to === id));
          return (
            <li key={id}>
              <a {...selectLink(id)} aria-label={`${id} ${n?.title ?? ''}${n?.critical ? ', critical' : ''}`.trim()}>
                {id}
              </a>{' '}
              <span className="muted">{n && n.title !== id ? n.title : ''}</span>
              {edge && edge.lag !== 0 && <span className="muted num"> (lag {edge.lag} d)</span>}
              {edge?.critical && <span className="tag critical">critical</span>}
            </li>
          );
        })}
      </ul>
    );
  const otherProgram = node.kind === 'external' ? node.program! : undefined;
  const itemInOther = otherProgram ? node.id.slice(otherProgram.length + 1) : undefined;
  const otherUrl = otherProgram ? routeUrl({ view: 'program', programId: otherProgram, tab: 'dependencies', zoom: 'month', selected: itemInOther }) : '';
  const timelineUrl = routeUrl({ ...route, tab: 'timeline', selected: node.id });
  return (
    <aside className="deps-side panel" aria-label="Selected node">
      <h2>
        {node.id} <span className="deps-side-title">{node.title !== node.id ? node.title : ''}</span>
      </h2>
      <dl className="deps-facts small">
        <dt>Kind</dt>
        <dd>{node.kind === 'item' ? `Item · ${STATUS_WORD[node.status ?? ''] ?? node.status}` : node.kind === 'milestone' ? 'Milestone' : `In program ${otherProgram}`}</dd>
        {node.critical && (
          <>
            <dt>Critical</dt>
            <dd>
              <span className="tag critical">critical</span> on the critical chain
            </dd>
          </>
        )}
        {datesOf(node) !== '' && (
          <>
            <dt>{node.kind === 'milestone' ? 'Forecast date' : 'Dates'}</dt>
            <dd className="num">{node.start && node.finish ? `${formatDate(node.start)} – ${formatDate(node.finish)}` : datesOf(node)}</dd>
          </>
        )}
        {node.committed && (
          <>
            <dt>Committed</dt>
            <dd className="num">{formatDate(node.committed)}</dd>
          </>
        )}
        {node.slack !== undefined && (
          <>
            <dt>Slack</dt>
            <dd className="num">
              {node.slack} working day{node.slack === 1 ? '' : 's'}
            </dd>
          </>
        )}
      </dl>
      {otherProgram ? (
        <p className="small">
          {knownPrograms.has(otherProgram) ? (
            <a href={otherUrl} onClick={linkClick(otherUrl)}>
              Open {itemInOther} in {otherProgram}'s dependencies
            </a>
          ) : (
            <span className="muted">{otherProgram} is not in this store.</span>
          )}
        </p>
      ) : (
        <p className="small">
          <a href={timelineUrl} onClick={linkClick(timelineUrl)}>
            Show {node.id} on the timeline
          </a>
        </p>
      )}
      <h3>Predecessors ({graph.preds.get(node.id)?.length ?? 0})</h3>
      {links(graph.preds.get(node.id) ?? [])}
      <h3>Successors ({graph.succs.get(node.id)?.length ?? 0})</h3>
      {links(graph.succs.get(node.id) ?? [])}
      <p>
        <button onClick={() => onSelect(undefined)}>Clear focus</button> <span className="muted small">(Esc)</span>
      </p>
    </aside>
  );
}
