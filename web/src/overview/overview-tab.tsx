/**
 * The Overview tab, from the program's brief (the same JSON as `vantage brief --format json`): the objectives tree
 * (a treegrid: each objective's health, its metric as a bullet chart baseline → current → target, the work serving it
 * and that work's forecast at the program's confidence vs its due date; selecting one opens its evidence, the open
 * items that make its date, one click from the timeline), the committed milestones vs P50 and the confidence date,
 * and what changed since the last brief.
 */
import { Fragment, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatDate, pLabel, percent } from '../format.js';
import { healthLabel } from '../health.js';
import { linkClick, routeUrl } from '../router.js';
import type { ProgramRoute } from '../routes.js';
import type { BriefJson, BriefMetric, BriefObjective, BriefReason, Health, ScheduleJson } from '../types.js';
import { useApi, type Loaded } from '../use-api.js';
import { buildObjectiveTree, bulletGeometry, evidenceItems, metricWords, visibleRows, withUnit } from './objective-tree.js';
import './overview.css';

const SHAPE: Record<Health, string> = { 'on-track': '●', 'at-risk': '▲', 'off-track': '◆' };

/** The timeline with `id` (an item or milestone) selected: where a fact shows its technical evidence. */
function timelineUrl(programId: string, id: string): string {
  return routeUrl({ view: 'program', programId, tab: 'timeline', zoom: 'month', selected: id });
}

function TimelineLink({ programId, id, children, label }: { programId: string; id: string; children: ReactNode; label?: string }) {
  const url = timelineUrl(programId, id);
  return (
    <a href={url} onClick={linkClick(url)} aria-label={label}>
      {children}
    </a>
  );
}

export function OverviewTab({ route, token, brief }: { route: ProgramRoute; token: string; brief: Loaded<BriefJson> }) {
  if (brief.state === 'loading') return <p className="muted">Forecasting the objectives and milestones…</p>;
  if (brief.state === 'error') return <p className="error">No overview: {brief.error.message}</p>;
  const b = brief.data;
  return (
    <div className="overview">
      <ObjectivesTree brief={b} programId={route.programId} token={token} />
      <Milestones brief={b} programId={route.programId} />
      <Changes brief={b} />
    </div>
  );
}

/** "10 Mar 2027 (P85) vs due 19 Mar 2027 · 96% by due", or what is known when nothing is open. */
export function objectiveForecast(o: BriefObjective, confidence: number): string {
  if (o.atConfidence !== undefined) {
    const late = o.due !== undefined && o.atConfidence > o.due ? ' (late)' : '';
    return `${formatDate(o.atConfidence)} (${pLabel(confidence)})${o.due !== undefined ? ` vs due ${formatDate(o.due)}${late}` : ''}${o.probabilityOnDue !== undefined ? ` · ${percent(o.probabilityOnDue)} by due` : ''}`;
  }
  if (o.finishedOn !== undefined) return `Work done ${formatDate(o.finishedOn)}`;
  if (!o.work || o.work.total === 0) return 'No work serves it yet';
  return 'All its work is done';
}

function StatusBadge({ status, reasons }: { status?: Health; reasons?: BriefReason[] }) {
  if (!status) return <span className="muted">—</span>;
  const why = reasons?.find((r) => r.status === status)?.text;
  return (
    <span className={`chip health-${status}`} title={why}>
      <span aria-hidden="true">{SHAPE[status]}</span> {healthLabel(status)}
    </span>
  );
}

const BULLET_WIDTH = 120;
const BULLET_HEIGHT = 18;

/** The metric as a small bullet chart: a track, the bar from the baseline to the current value, a tick at the target. */
function Bullet({ metric }: { metric: BriefMetric }) {
  const g = bulletGeometry(metric, BULLET_WIDTH);
  const words = metricWords(metric);
  if (!g) return <span className="muted small" title={words}>not enough values to chart</span>;
  const mid = BULLET_HEIGHT / 2;
  return (
    <svg className="ov-bullet" width={BULLET_WIDTH} height={BULLET_HEIGHT} role="img" aria-label={words}>
      <title>{words}</title>
      <rect className="track" x={4} y={mid - 4} width={BULLET_WIDTH - 8} height={8} rx={2} />
      {g.bar && <rect className="bar" x={g.bar.x} y={mid - 3} width={Math.max(g.bar.width, 1)} height={6} />}
      {g.baselineX !== undefined && <line className="baseline" x1={g.baselineX} x2={g.baselineX} y1={mid - 6} y2={mid + 6} />}
      {g.currentX !== undefined && <circle className="current" cx={g.currentX} cy={mid} r={3} />}
      {g.targetX !== undefined && <line className="target" x1={g.targetX} x2={g.targetX} y1={1} y2={BULLET_HEIGHT - 1} />}
    </svg>
  );
}

function ObjectivesTree({ brief, programId, token }: { brief: BriefJson; programId: string; token: string }) {
  const tree = useMemo(() => buildObjectiveTree(brief.objectives), [brief.objectives]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [active, setActive] = useState<string | undefined>(undefined);
  const rows = visibleRows(tree, collapsed);
  const gridRef = useRef<HTMLTableElement>(null);
  // The schedule says which open item finishes last: read once an objective's evidence is open (the timeline shares it).
  const schedule = useApi<ScheduleJson>(open !== undefined ? `/api/programs/${encodeURIComponent(programId)}/schedule` : null, token);
  const focusedId = active !== undefined && rows.some((r) => r.node.value.id === active) ? active : rows[0]?.node.value.id;

  if (brief.objectives.length === 0) {
    return (
      <section aria-labelledby="ov-objectives">
        <h2 id="ov-objectives">Objectives</h2>
        <p className="empty">The program lists no objectives: add them under objectives: with a metric (baseline, current, target) and a due date, and point items or workstreams at them.</p>
      </section>
    );
  }

  const focusRow = (id: string) => {
    setActive(id);
    gridRef.current?.querySelector<HTMLElement>(`tr[data-objective="${CSS.escape(id)}"]`)?.focus();
  };
  const toggleCollapsed = (id: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleOpen = (id: string) => setOpen((o) => (o === id ? undefined : id));

  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (e.target !== e.currentTarget) return; // keys inside a link or button are theirs
    const row = rows[index]!;
    const id = row.node.value.id;
    const hasChildren = row.node.children.length > 0;
    const isCollapsed = collapsed.has(id);
    let handled = true;
    if (e.key === 'ArrowDown' && index < rows.length - 1) focusRow(rows[index + 1]!.node.value.id);
    else if (e.key === 'ArrowUp' && index > 0) focusRow(rows[index - 1]!.node.value.id);
    else if (e.key === 'Home') focusRow(rows[0]!.node.value.id);
    else if (e.key === 'End') focusRow(rows[rows.length - 1]!.node.value.id);
    else if (e.key === 'ArrowRight' && hasChildren) {
      if (isCollapsed) toggleCollapsed(id);
      else focusRow(row.node.children[0]!.value.id);
    } else if (e.key === 'ArrowLeft') {
      if (hasChildren && !isCollapsed) toggleCollapsed(id);
      else if (row.parentId !== undefined) focusRow(row.parentId);
    } else if (e.key === 'Enter' || e.key === ' ') toggleOpen(id);
    else handled = false;
    if (handled) e.preventDefault();
  };

  return (
    <section aria-labelledby="ov-objectives">
      <h2 id="ov-objectives">Objectives</h2>
      <p className="muted small" id="ov-objectives-help">
        Select an objective to see the work that makes its date. Keys: ↑ ↓ move, → ← expand and collapse, Enter opens the evidence. Charts run
        from the baseline (thin tick) to the target (thick tick); the bar and dot are the current value.
      </p>
      <table className="ov-tree dense" role="treegrid" aria-labelledby="ov-objectives" aria-describedby="ov-objectives-help" ref={gridRef}>
        <thead>
          <tr>
            <th scope="col">Objective</th>
            <th scope="col">Health</th>
            <th scope="col">Metric: baseline → current, target</th>
            <th scope="col">Work done</th>
            <th scope="col">Forecast of its work</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, index) => {
            const o = r.node.value;
            const hasChildren = r.node.children.length > 0;
            const expanded = hasChildren ? !collapsed.has(o.id) : undefined;
            const isOpen = open === o.id;
            const forecast = objectiveForecast(o, brief.program.confidence);
            const status = o.status !== undefined ? healthLabel(o.status) : 'health unknown';
            const work = o.work ? `${o.work.done} of ${o.work.total} items done` : 'no work listed';
            const name = [o.title, status, o.metric ? metricWords(o.metric) : 'no metric', work, forecast].join('; ');
            return (
              <Fragment key={o.id}>
                <tr
                  role="row"
                  data-objective={o.id}
                  aria-level={r.node.depth + 1}
                  aria-expanded={expanded}
                  aria-label={name}
                  aria-selected={isOpen}
                  tabIndex={o.id === focusedId ? 0 : -1}
                  className={isOpen ? 'open' : undefined}
                  onKeyDown={(e) => onKey(e, index)}
                  onFocus={(e) => e.target === e.currentTarget && setActive(o.id)}
                >
                  <td role="gridcell">
                    <div className="ov-name" style={{ paddingLeft: `${r.node.depth * 18}px` }}>
                      {hasChildren ? (
                        <button className="ov-caret" tabIndex={-1} aria-label={`${expanded ? 'Collapse' : 'Expand'} ${o.title}`} aria-expanded={expanded} onClick={() => toggleCollapsed(o.id)}>
                          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                        </button>
                      ) : (
                        <span className="ov-caret-space" aria-hidden="true" />
                      )}
                      <button className="link ov-title" tabIndex={-1} aria-expanded={isOpen} aria-controls={isOpen ? `evidence-${o.id}` : undefined} onClick={() => toggleOpen(o.id)}>
                        {o.title}
                      </button>
                    </div>
                  </td>
                  <td role="gridcell">
                    <StatusBadge status={o.status} reasons={o.reasons} />
                  </td>
                  <td role="gridcell" className="ov-metric">
                    {o.metric ? (
                      <>
                        <Bullet metric={o.metric} />
                        <span className="num small">
                          {o.metric.baseline !== undefined ? withUnit(o.metric.baseline, o.metric.unit) : '?'} → {o.metric.current !== undefined ? withUnit(o.metric.current, o.metric.unit) : '?'}
                          {', target '}
                          {o.metric.target !== undefined ? withUnit(o.metric.target, o.metric.unit) : '?'}
                        </span>
                      </>
                    ) : (
                      <span className="muted">no metric</span>
                    )}
                  </td>
                  <td role="gridcell" className="num">
                    {o.work ? `${o.work.done}/${o.work.total}` : '—'}
                  </td>
                  <td role="gridcell" className={`num ov-forecast${o.atConfidence !== undefined && o.due !== undefined && o.atConfidence > o.due ? ' late' : ''}`}>
                    {forecast}
                  </td>
                </tr>
                {isOpen && (
                  <tr className="ov-evidence-row">
                    <td colSpan={5}>
                      <Evidence objective={o} programId={programId} schedule={schedule} confidence={brief.program.confidence} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

const SHOWN_ITEMS = 8;

/** Why an objective stands where it does: its reasons (milestones on the timeline) and its open items, latest finish first. */
function Evidence({ objective: o, programId, schedule, confidence }: { objective: BriefObjective; programId: string; schedule: Loaded<ScheduleJson>; confidence: number }) {
  const items = useMemo(() => (schedule.state === 'ok' ? evidenceItems(o.work?.items ?? [], schedule.data.items) : []), [schedule, o.work]);
  const driver = items[0];
  return (
    <div className="ov-evidence" id={`evidence-${o.id}`} role="region" aria-label={`Evidence: ${o.title}`}>
      {o.reasons && o.reasons.length > 0 ? (
        <ul className="ov-reasons">
          {o.reasons.map((r, k) => (
            <li key={k}>
              <span className={`health-${r.status}`} aria-hidden="true">
                {SHAPE[r.status]}
              </span>{' '}
              <span className="visually-hidden">{healthLabel(r.status)}: </span>
              {r.text}{' '}
              {r.subject && (r.subject.type === 'milestone' || r.subject.type === 'item') && (
                <TimelineLink programId={programId} id={r.subject.id} label={`See ${r.subject.id} on the timeline`}>
                  See it on the timeline
                </TimelineLink>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No rule fired: its work is forecast within its due date at {pLabel(confidence)}.</p>
      )}
      {schedule.state === 'loading' && <p className="muted">Scheduling its items…</p>}
      {schedule.state === 'error' && <p className="error">Could not schedule its items: {schedule.error.message}</p>}
      {schedule.state === 'ok' && !driver && <p className="muted">No open work serves it{o.work && o.work.total > 0 ? `: all ${o.work.total} items are done` : ''}.</p>}
      {driver && (
        <>
          <p>
            Driving its date:{' '}
            <TimelineLink programId={programId} id={driver.id} label={`Driving its date: ${driver.id} ${driver.title}, on the timeline`}>
              {driver.id} {driver.title}
            </TimelineLink>
            <span className="num">
              {driver.finish !== undefined ? `, planned to finish ${formatDate(driver.finish)}` : ''}
              {driver.critical ? ' (on the critical path)' : ''}
            </span>
          </p>
          <h3 className="small">Open work serving it, latest finish first</h3>
          <ol className="ov-items" aria-label={`Open work serving ${o.title}`}>
            {items.slice(0, SHOWN_ITEMS).map((i) => (
              <li key={i.id}>
                <TimelineLink programId={programId} id={i.id}>
                  {i.id}
                </TimelineLink>{' '}
                {i.title} <span className="muted num">· {i.status}{i.finish !== undefined ? ` · ${formatDate(i.finish)}` : ''}{i.critical ? ' · critical' : ''}</span>
              </li>
            ))}
          </ol>
          {items.length > SHOWN_ITEMS && <p className="muted small">and {items.length - SHOWN_ITEMS} more open items</p>}
        </>
      )}
    </div>
  );
}

function Milestones({ brief, programId }: { brief: BriefJson; programId: string }) {
  const p = pLabel(brief.program.confidence);
  if (brief.milestones.length === 0) {
    return (
      <section aria-labelledby="ov-milestones">
        <h2 id="ov-milestones">Milestones</h2>
        <p className="empty">No milestones yet: add them under milestones: with the items they wait for (after:) and a committed date.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="ov-milestones">
      <h2 id="ov-milestones">Milestones</h2>
      <table className="dense ov-milestones" aria-labelledby="ov-milestones">
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Committed</th>
            <th scope="col">P50</th>
            <th scope="col">{p}</th>
            <th scope="col">On date</th>
          </tr>
        </thead>
        <tbody>
          {brief.milestones.map((m) => {
            const below = !m.reached && m.probabilityOnDate !== undefined && m.probabilityOnDate < brief.program.confidence;
            return (
              <tr key={m.id} data-milestone={m.id}>
                <th scope="row">
                  <TimelineLink programId={programId} id={m.id}>
                    {m.title}
                  </TimelineLink>
                  {m.reached ? ' (reached)' : ''}
                </th>
                <td className="num">{m.date !== undefined ? formatDate(m.date) : '—'}</td>
                <td className="num">{formatDate(m.p50)}</td>
                <td className={`num${m.date !== undefined && m.atConfidence > m.date && !m.reached ? ' late' : ''}`}>{formatDate(m.atConfidence)}</td>
                <td className="num">
                  {m.probabilityOnDate !== undefined ? percent(m.probabilityOnDate) : '—'}
                  {below && (
                    <span className="health-at-risk">
                      {' '}
                      <span aria-hidden="true">▲</span> below {p}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Changes({ brief }: { brief: BriefJson }) {
  const since = brief.since;
  return (
    <section aria-labelledby="ov-changes">
      <h2 id="ov-changes">What changed since the last brief</h2>
      {!since ? (
        <p className="empty" data-testid="no-snapshot">
          No earlier snapshot to compare with: this is the first brief. Take one at each review with <code>vantage snapshot FILE</code> (it stores the plan and its
          forecast); the next brief lists what moved since.
        </p>
      ) : (
        <>
          <p className="muted small">
            Since {since.label !== undefined ? `${since.label}, ` : ''}the snapshot of {formatDate(since.statusDate)}
          </p>
          {(brief.changes ?? []).length === 0 ? (
            <p className="empty">Nothing changed since then.</p>
          ) : (
            <ul className="ov-changes" aria-label="Changes since the last brief">
              {(brief.changes ?? []).map((c, k) => (
                <li key={k} data-kind={c.kind}>
                  {c.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
