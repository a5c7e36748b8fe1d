/**
 * The Timeline tab: a Gantt of the schedule, virtualised. Only the rows in view (plus a margin) are in the DOM, drawn
 * as one SVG per visible window beside focusable HTML rows that carry the accessible names; 5,000 items cost the
 * same as 50. Bars by status, the critical path outlined and labelled, milestones as diamonds with the committed
 * date as a tick and the forecast P50–P95 band behind, a today line, zoom week / month / quarter in the URL.
 *
 * What-if (issue 9): the panel beside the grid edits a scenario kept in the URL (?scenario=); the engine runs in a
 * Web Worker (web/src/whatif) and its answer is drawn in place: moved bars at their scenario dates over a dashed
 * baseline ghost, milestones with their delta ("+6 d"). Drag a bar sideways to slip it (whole working days), `s` on a
 * row goes to the slip input, Esc resets. Dependency arrows for the hovered or selected row, between rows in view.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent } from 'react';
import { createCalendar } from '../../../src/engine/calendar.js';
import { dayOf, formatDate } from '../format.js';
import { navigate, routeUrl, ZOOMS, type Route } from '../router.js';
import type { ForecastJson, ScheduleJson } from '../types.js';
import { useApi } from '../use-api.js';
import { WhatIfPanel } from '../whatif/panel.js';
import { dragWorkingDays, formatScenario, isWeekday, parseScenario, setSlip, signedDays, slipOf, type WhatIfChange } from '../whatif/scenario.js';
import { shownAnswer, useScenario, useWhatIfEngine, type ModelJson } from '../whatif/use-whatif.js';
import { dependencyArrows, successorsOf, type NodeBox } from './arrows.js';
import { axisTicks, bandsOf, buildRows, dayRange, HEADER_HEIGHT, LABEL_WIDTH, NARROW_LABEL_WIDTH, PX_PER_DAY, ROW_HEIGHT, rowName, scenarioNote, visibleRows, type Row, type ScenarioOverlay } from './layout.js';
import './timeline.css';

type ProgramRoute = Extract<Route, { view: 'program' }>;

const NO_CHANGES: WhatIfChange[] = [];

export function TimelineTab({ route, token }: { route: ProgramRoute; token: string }) {
  const base = `/api/programs/${encodeURIComponent(route.programId)}`;
  const schedule = useApi<ScheduleJson>(`${base}/schedule`, token);
  // The bands need a Monte Carlo forecast: drawn when it arrives, never holding up the bars.
  const forecast = useApi<ForecastJson>(schedule.state === 'ok' ? `${base}/forecast` : null, token, 'background');

  const parsed = useMemo(() => parseScenario(route.scenario ?? ''), [route.scenario]);
  const changes = parsed.ok ? parsed.changes : NO_CHANGES;
  // While a bar is dragged the scenario runs without touching the URL; the drop writes it.
  const [draft, setDraft] = useState<WhatIfChange[] | null>(null);
  // The model (for the arrows and the engine) is read once the bars are up; the worker starts only when a what-if is
  // wanted (a selection, a scenario, or a hand on the panel), so opening a 5,000-item timeline costs no engine time.
  const model = useApi<ModelJson>(schedule.state === 'ok' ? `${base}/model` : null, token, 'background');
  const [engaged, setEngaged] = useState(false);
  const wanted = engaged || route.selected !== undefined || changes.length > 0;
  const engine = useWhatIfEngine(wanted && model.state === 'ok' ? model.data.program : undefined, schedule.state === 'ok' ? schedule.data.program.today : undefined);
  const state = useScenario(engine, draft ?? changes);
  const answered = shownAnswer(state);
  const overlay = useMemo<ScenarioOverlay | undefined>(
    () =>
      answered && {
        bars: answered.answer.bars,
        gone: new Set(answered.answer.gone),
        milestones: new Map(answered.answer.result.milestones.map((m) => [m.id, { after: m.after, deltaDays: m.deltaDays }])),
        finish: { after: answered.answer.result.program.after, deltaDays: answered.answer.result.program.deltaDays },
      },
    [answered],
  );
  const program = model.state === 'ok' ? model.data.program : undefined;
  const predecessors = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const x of [...(program?.items ?? []), ...(program?.milestones ?? [])]) map.set(x.id, x.after.filter((d) => d.program === undefined).map((d) => d.id));
    return map;
  }, [program]);
  const isWorkingDay = useMemo(() => (program ? createCalendar(program.program.calendar, program.program.start).isWorkingDay : isWeekday), [program]);

  const setChanges = (next: WhatIfChange[]) => {
    setDraft(null);
    const { scenario: _old, ...rest } = route;
    navigate(routeUrl(next.length > 0 ? { ...rest, scenario: formatScenario(next) } : rest), true);
  };
  const slipInput = useRef<HTMLInputElement>(null);
  // `s` on a row: focus the slip input once the panel shows that row's item (after the selection re-renders).
  const [slipFocus, setSlipFocus] = useState(0);
  const focusSlip = useRef(false);
  useEffect(() => {
    if (!focusSlip.current || !slipInput.current) return;
    focusSlip.current = false;
    slipInput.current.focus();
    slipInput.current.select();
  }, [slipFocus, route.selected]);
  const select = (id: string) => id !== route.selected && navigate(routeUrl({ ...route, selected: id }), true);

  return (
    <div
      className="timeline-tab"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && (changes.length > 0 || draft !== null)) {
          e.preventDefault();
          setChanges([]);
        }
      }}
    >
      <div className="toolbar" role="toolbar" aria-label="Timeline zoom">
        <span className="muted small">Zoom</span>
        {ZOOMS.map((z) => (
          <button key={z} aria-pressed={route.zoom === z} onClick={() => navigate(routeUrl({ ...route, zoom: z }), true)}>
            {z[0].toUpperCase() + z.slice(1)}
          </button>
        ))}
        <Legend />
        {/* Kept in the layout once shown (hidden, not removed) so the toolbar never re-wraps and moves the rows. */}
        {schedule.state === 'ok' && (
          <span className="muted small" style={forecast.state === 'loading' ? undefined : { visibility: 'hidden' }} aria-hidden={forecast.state !== 'loading'}>
            forecasting bands…
          </span>
        )}
      </div>
      {schedule.state === 'loading' && <p className="muted">Scheduling…</p>}
      {schedule.state === 'error' && <p className="error">Could not schedule: {schedule.error.message}</p>}
      {schedule.state === 'ok' && (
        <div className="tl-split">
          <Timeline
            schedule={schedule.data}
            forecast={forecast.state === 'ok' ? forecast.data : undefined}
            zoom={route.zoom}
            selected={route.selected}
            onSelect={select}
            overlay={overlay}
            predecessors={predecessors}
            isWorkingDay={isWorkingDay}
            onDrag={(id, days, phase) => {
              if (phase === 'cancel') setDraft(null);
              else if (phase === 'end') setChanges(setSlip(changes, id, slipOf(changes, id) + days));
              else setDraft(setSlip(changes, id, slipOf(changes, id) + days));
            }}
            onSlipKey={(id) => {
              select(id);
              focusSlip.current = true;
              setSlipFocus((n) => n + 1);
            }}
          />
          <WhatIfPanel
            programId={route.programId}
            schedule={schedule.data}
            engine={engine}
            selected={route.selected}
            changes={draft ?? changes}
            scenarioError={parsed.ok ? undefined : `The scenario in the link could not be read: ${parsed.error}.`}
            state={state}
            onChange={setChanges}
            slipInput={slipInput}
            modelError={model.state === 'error' ? model.error.message : undefined}
            onEngage={() => setEngaged(true)}
          />
        </div>
      )}
    </div>
  );
}

function Legend() {
  return (
    <span className="legend small" aria-label="Legend">
      <span className="sw bar-done" /> done <span className="sw bar-doing" /> doing <span className="sw bar-todo" /> to do <span className="sw bar-blocked" /> blocked{' '}
      <span className="sw sw-critical" /> critical <span className="sw band" /> P50–P95
    </span>
  );
}

type DragPhase = 'move' | 'end' | 'cancel';

type TimelineProps = {
  schedule: ScheduleJson;
  forecast?: ForecastJson;
  zoom: ProgramRoute['zoom'];
  /** The row to focus first (an item or milestone id, from ?sel=). */
  selected?: string;
  /** Told when the focus moves to an item or milestone. */
  onSelect?: (id: string) => void;
  /** The what-if scenario's answer, drawn over the baseline. */
  overlay?: ScenarioOverlay;
  /** Predecessor ids of each item and milestone (the model's `after`), for the dependency arrows. */
  predecessors?: ReadonlyMap<string, readonly string[]>;
  /** The program's working days (day numbers), to snap a drag to whole working days. */
  isWorkingDay?: (day: number) => boolean;
  /** A bar dragged sideways by `days` working days: while moving, on drop, or cancelled. */
  onDrag?: (id: string, days: number, phase: DragPhase) => void;
  /** `s` pressed on an item row. */
  onSlipKey?: (id: string) => void;
};

type Drag = { id: string; pointerId: number; originX: number; endX: number; finishDay: number; dx: number; days: number };

const narrowQuery = () => window.matchMedia('(max-width: 900px)');
function subscribeNarrow(onChange: () => void): () => void {
  const q = narrowQuery();
  q.addEventListener('change', onChange);
  return () => q.removeEventListener('change', onChange);
}

export function Timeline({ schedule, forecast, zoom, selected, onSelect, overlay, predecessors, isWorkingDay = isWeekday, onDrag, onSlipKey }: TimelineProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const bands = useMemo(() => bandsOf(forecast), [forecast]);
  const rows = useMemo(() => buildRows(schedule, collapsed, bands), [schedule, collapsed, bands]);
  const baseRange = useMemo(() => dayRange(schedule, bands), [schedule, bands]);
  // A scenario may push work past the plan's end: widen the chart to show it (never narrower than the baseline).
  const range = useMemo(() => {
    let to = baseRange.to;
    if (overlay) {
      for (const b of Object.values(overlay.bars)) to = Math.max(to, dayOf(b.finish) + 7);
      for (const m of overlay.milestones.values()) to = Math.max(to, dayOf(m.after) + 7);
    }
    return { from: baseRange.from, to };
  }, [baseRange, overlay]);
  const ppd = PX_PER_DAY[zoom];
  const chartWidth = Math.ceil((range.to - range.from + 1) * ppd);
  const x = (iso: string) => (dayOf(iso) - range.from) * ppd;
  const todayX = x(schedule.program.today);

  const scroller = useRef<HTMLDivElement>(null);
  const bars = useRef<SVGSVGElement>(null);
  // On a tablet the labels give up width to the bars (titles are cut with an ellipsis; the full one is the row's name).
  const labelWidth = useSyncExternalStore(subscribeNarrow, () => narrowQuery().matches) ? NARROW_LABEL_WIDTH : LABEL_WIDTH;
  const [view, setView] = useState({ top: 0, height: 800 });
  const [active, setActiveIndex] = useState(() => Math.max(0, rows.findIndex((r) => rowId(r) === selected)));
  const [hover, setHover] = useState<string | undefined>();
  const [drag, setDrag] = useState<Drag | null>(null);
  const focusPending = useRef(false);
  const setActive = (index: number) => {
    setActiveIndex(index);
    const id = rows[index] && rowId(rows[index]);
    if (id !== undefined) onSelect?.(id);
  };
  const initialScroll = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setView({ top: el.scrollTop, height: el.clientHeight });
    el.scrollLeft = Math.max(0, todayX - 120); // open on today, not on the first day of the plan
    if (initialScroll.current) {
      initialScroll.current = false;
      if (active > 0) el.scrollTop = Math.max(0, active * ROW_HEIGHT - el.clientHeight / 3); // a linked selection in view
    }
    const ro = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
    // Re-centred on today only when the zoom changes, not on every render.
  }, [zoom]);

  const frame = useRef(0);
  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const el = scroller.current;
      if (el) setView({ top: el.scrollTop, height: el.clientHeight });
    });
  };

  const { first, last } = visibleRows(Math.max(0, view.top - HEADER_HEIGHT), view.height, rows.length);
  const shown = rows.slice(first, last);
  const ticks = useMemo(() => axisTicks(range.from, range.to, zoom), [range, zoom]);

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-row="${active}"]`)?.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, index));
    const el = scroller.current;
    if (el) {
      const top = HEADER_HEIGHT + i * ROW_HEIGHT;
      if (top < el.scrollTop + HEADER_HEIGHT) el.scrollTop = top - HEADER_HEIGHT;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
      setView({ top: el.scrollTop, height: el.clientHeight });
    }
    focusPending.current = true;
    setActive(i);
  };
  const toggle = (key: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const onKey = (e: KeyboardEvent, index: number, row: Row) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: rows.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]);
    } else if ((e.key === 'Enter' || e.key === ' ') && row.kind === 'group') {
      e.preventDefault();
      toggle(row.key);
    } else if (e.key === 's' && !e.ctrlKey && !e.metaKey && !e.altKey && row.kind === 'item' && onSlipKey) {
      e.preventDefault();
      onSlipKey(row.item.id);
    }
  };

  // Where each row in view is drawn (scenario dates when it moved), for the arrows.
  const spanOf = (row: Row): { start: string; finish: string } | undefined => {
    if (row.kind === 'item') return overlay?.bars[row.item.id] ?? row.item;
    if (row.kind === 'milestone') {
      const date = overlay?.milestones.get(row.milestone.id)?.after ?? row.milestone.date;
      return { start: date, finish: date };
    }
    return undefined;
  };
  const focus = hover ?? (rows[active] && rowId(rows[active]));
  const successors = useMemo(() => successorsOf(predecessors ?? new Map()), [predecessors]);
  const arrows = (() => {
    if (focus === undefined || !predecessors) return [];
    const boxes = new Map<string, NodeBox>();
    shown.forEach((row, k) => {
      const id = rowId(row);
      const span = spanOf(row);
      if (id === undefined || !span) return;
      // A milestone's arrows meet its diamond's points; an item's meet its bar's ends.
      boxes.set(id, row.kind === 'milestone' ? { row: k, startX: x(span.start) + ppd / 2 - 7, endX: x(span.start) + ppd / 2 + 7 } : { row: k, startX: x(span.start), endX: x(span.finish) + ppd });
    });
    return dependencyArrows(focus, boxes, predecessors, successors, ROW_HEIGHT);
  })();

  // Dragging: the SVG captures the pointer (bars re-render as answers arrive; the SVG stays).
  const startDrag = (e: PointerEvent, row: Row, index: number) => {
    if (row.kind !== 'item' || !onDrag || e.button !== 0) return;
    const span = spanOf(row)!;
    e.preventDefault();
    bars.current?.setPointerCapture(e.pointerId);
    setActive(index);
    setDrag({ id: row.item.id, pointerId: e.pointerId, originX: e.clientX, endX: x(span.finish) + ppd, finishDay: dayOf(span.finish), dx: 0, days: 0 });
  };
  const moveDrag = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const dx = e.clientX - drag.originX;
    const days = dragWorkingDays(dx, ppd, drag.finishDay, isWorkingDay);
    if (days !== drag.days) onDrag?.(drag.id, days, 'move');
    setDrag({ ...drag, dx, days });
  };
  const endDrag = (e: PointerEvent, phase: DragPhase) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    onDrag?.(drag.id, phase === 'end' ? drag.days : 0, drag.days === 0 && phase === 'end' ? 'cancel' : phase);
    setDrag(null);
  };

  // Esc during a drag drops it (wherever the focus is), leaving the scenario as it was.
  const dragging = drag?.id;
  useEffect(() => {
    if (dragging === undefined) return;
    const onEscape = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      onDrag?.(dragging, 0, 'cancel');
      setDrag(null);
    };
    window.addEventListener('keydown', onEscape, true);
    return () => window.removeEventListener('keydown', onEscape, true);
  }, [dragging]);

  const windowHeight = shown.length * ROW_HEIGHT;
  const corner = drag ? (
    <strong>
      Slipping {drag.id} by {signedDays(drag.days)}
    </strong>
  ) : (
    <>
        {schedule.items.length} items · critical path {schedule.criticalPath.length} · finish {formatDate(schedule.program.finish)}
        {overlay?.finish && overlay.finish.deltaDays !== 0 && (
          <span className={`ms-delta ${overlay.finish.deltaDays > 0 ? 'later' : 'earlier'}`}>
            {' '}
            → {formatDate(overlay.finish.after)} {signedDays(overlay.finish.deltaDays)}
          </span>
        )}
    </>
  );
  const dragRow = drag ? shown.findIndex((r) => r.kind === 'item' && r.item.id === drag.id) : -1;
  return (
    <>
    <div className="tl-scroll" ref={scroller} onScroll={onScroll} role="treegrid" aria-label={`Timeline of ${schedule.program.name}`} aria-rowcount={rows.length} data-zoom={zoom}>
      <div className="tl-canvas" style={{ width: labelWidth + chartWidth, height: HEADER_HEIGHT + rows.length * ROW_HEIGHT }}>
        <div className="tl-header" style={{ width: labelWidth + chartWidth, height: HEADER_HEIGHT }} role="presentation">
          {/* Shown here; read out by the status outside the grid (a grid holds rows only). */}
          <div className="tl-corner" style={{ width: labelWidth }} aria-hidden="true">
            {corner}
          </div>
          <svg width={chartWidth} height={HEADER_HEIGHT} aria-hidden="true">
            {ticks.map((t) => (
              <g key={t.day} transform={`translate(${(t.day - range.from) * ppd},0)`}>
                <line y1={t.major ? 14 : 24} y2={HEADER_HEIGHT} className={t.major ? 'tick major' : 'tick'} />
                <text x={3} y={HEADER_HEIGHT - 8} className="tick-label">
                  {t.label}
                </text>
              </g>
            ))}
            <line x1={todayX} x2={todayX} y1={0} y2={HEADER_HEIGHT} className="today" />
            <text x={todayX + 3} y={11} className="today-label">
              today {formatDate(schedule.program.today, true)}
            </text>
          </svg>
        </div>
        <div className="tl-window" style={{ top: HEADER_HEIGHT + first * ROW_HEIGHT, width: labelWidth + chartWidth, height: windowHeight }}>
          <div className="tl-labels" style={{ width: labelWidth }}>
            {shown.map((row, k) => {
              const index = first + k;
              const id = rowId(row);
              return (
                <div
                  key={rowKey(row)}
                  role="row"
                  aria-rowindex={index + 1}
                  aria-label={rowName(row) + scenarioNote(row, overlay)}
                  aria-expanded={row.kind === 'group' ? !row.collapsed : undefined}
                  aria-level={row.kind === 'group' ? 1 : 2}
                  aria-keyshortcuts={row.kind === 'item' ? 's' : undefined}
                  tabIndex={index === active ? 0 : -1}
                  data-row={index}
                  data-testid={row.kind === 'item' ? 'timeline-row' : undefined}
                  data-critical={row.kind !== 'group' && (row.kind === 'item' ? row.item.critical : row.milestone.critical) ? 'true' : undefined}
                  className={`tl-label ${row.kind}${id !== undefined && id === hover ? ' hovered' : ''}`}
                  onKeyDown={(e) => onKey(e, index, row)}
                  onFocus={() => setActive(index)}
                  onClick={() => (row.kind === 'group' ? toggle(row.key) : setActive(index))}
                  onPointerEnter={id !== undefined ? () => setHover(id) : undefined}
                  onPointerLeave={id !== undefined ? () => setHover(undefined) : undefined}
                >
                  <span role="gridcell">
                    <RowLabel row={row} overlay={overlay} />
                  </span>
                </div>
              );
            })}
          </div>
          <svg
            ref={bars}
            width={chartWidth}
            height={windowHeight}
            className="tl-bars"
            aria-hidden="true"
            onPointerMove={moveDrag}
            onPointerUp={(e) => endDrag(e, 'end')}
            onPointerCancel={(e) => endDrag(e, 'cancel')}
          >
            <defs>
              <marker id="tl-arrow-head" viewBox="0 0 6 6" refX={6} refY={3} markerWidth={6} markerHeight={6} orient="auto">
                <path d="M0,0 L6,3 L0,6 z" className="dep-arrow-head" />
              </marker>
            </defs>
            {shown.map((row, k) => (
              <RowShape
                key={rowKey(row)}
                row={row}
                y={k * ROW_HEIGHT}
                x={x}
                ppd={ppd}
                width={chartWidth}
                overlay={overlay}
                draggable={!!onDrag && row.kind === 'item' && row.item.status !== 'done' && row.item.status !== 'cut' && !overlay?.gone.has(row.item.id)}
                onPointerDown={(e) => startDrag(e, row, first + k)}
                onHover={(on) => {
                  const id = rowId(row);
                  if (id !== undefined) setHover(on ? id : undefined);
                }}
              />
            ))}
            {arrows.map((a) => (
              <path key={`${a.from}>${a.to}`} d={a.d} className="dep-arrow" markerEnd="url(#tl-arrow-head)" data-from={a.from} data-to={a.to} />
            ))}
            {drag && dragRow >= 0 && (
              <g>
                <rect x={Math.min(drag.endX, drag.endX + drag.dx)} y={dragRow * ROW_HEIGHT + 6} width={Math.abs(drag.dx)} height={ROW_HEIGHT - 12} className="drag-preview" />
                <text x={drag.endX + drag.dx + 4} y={dragRow * ROW_HEIGHT + ROW_HEIGHT / 2 + 4} className="drag-label">
                  {signedDays(drag.days)}
                </text>
              </g>
            )}
            <line x1={todayX} x2={todayX} y1={0} y2={windowHeight} className="today" />
          </svg>
        </div>
      </div>
    </div>
    <p className="visually-hidden" role="status">
      {corner}
    </p>
    </>
  );
}

/** The id a row stands for in the URL (?sel=): an item's or milestone's id; groups have none. */
function rowId(row: Row): string | undefined {
  return row.kind === 'item' ? row.item.id : row.kind === 'milestone' ? row.milestone.id : undefined;
}

function rowKey(row: Row): string {
  return row.kind === 'group' ? `g:${row.key}` : row.kind === 'item' ? `i:${row.item.id}` : `m:${row.milestone.id}`;
}

function RowLabel({ row, overlay }: { row: Row; overlay?: ScenarioOverlay }) {
  if (row.kind === 'group') {
    return (
      <>
        <span aria-hidden="true" className="caret">{row.collapsed ? '▸' : '▾'}</span> <strong>{row.label}</strong> <span className="muted small">{row.count}</span>
      </>
    );
  }
  if (row.kind === 'milestone') {
    const m = row.milestone;
    const moved = overlay?.milestones.get(m.id);
    return (
      <>
        <span aria-hidden="true">◆</span> {m.title} {m.critical && <span className="tag critical">critical</span>}
        {moved && moved.deltaDays !== 0 && (
          <span className={`ms-delta ${moved.deltaDays > 0 ? 'later' : 'earlier'}`}>
            {formatDate(moved.after, true)} {signedDays(moved.deltaDays)}
          </span>
        )}
      </>
    );
  }
  const i = row.item;
  return (
    <>
      <span className="id num">{i.id}</span> <span className="title">{i.title}</span> {i.critical && <span className="tag critical">critical</span>}
      {overlay?.gone.has(i.id) && <span className="tag">cut</span>}
    </>
  );
}

type ShapeProps = {
  row: Row;
  y: number;
  x: (iso: string) => number;
  ppd: number;
  width: number;
  overlay?: ScenarioOverlay;
  draggable: boolean;
  onPointerDown: (e: PointerEvent) => void;
  onHover: (on: boolean) => void;
};

function RowShape({ row, y, x, ppd, width, overlay, draggable, onPointerDown, onHover }: ShapeProps) {
  if (row.kind === 'group') return <rect x={0} y={y} width={width} height={ROW_HEIGHT} className="group-bg" />;
  const mid = y + ROW_HEIGHT / 2;
  if (row.kind === 'item') {
    const i = row.item;
    const left = x(i.start);
    const w = Math.max(3, x(i.finish) + ppd - left);
    const cls = `bar bar-${i.status}${i.critical ? ' critical' : ''}`;
    if (overlay?.gone.has(i.id)) return <rect x={left} y={y + 6} width={w} height={ROW_HEIGHT - 12} rx={3} className="bar gone" data-bar={i.id} />;
    const moved = overlay?.bars[i.id];
    const sLeft = moved ? x(moved.start) : left;
    const sWidth = moved ? Math.max(3, x(moved.finish) + ppd - sLeft) : w;
    return (
      <g onPointerEnter={() => onHover(true)} onPointerLeave={() => onHover(false)}>
        {moved && <rect x={left} y={y + 4} width={w} height={ROW_HEIGHT - 8} rx={3} className="bar-ghost" />}
        <rect
          x={sLeft}
          y={y + 6}
          width={sWidth}
          height={ROW_HEIGHT - 12}
          rx={3}
          className={`${cls}${moved ? ' scenario' : ''}${draggable ? ' draggable' : ''}`}
          data-bar={i.id}
          onPointerDown={draggable ? onPointerDown : undefined}
        />
      </g>
    );
  }
  const m = row.milestone;
  const r = 7;
  const moved = overlay?.milestones.get(m.id);
  const diamond = (cx: number, cls: string) => <polygon points={`${cx},${mid - r} ${cx + r},${mid} ${cx},${mid + r} ${cx - r},${mid}`} className={cls} />;
  const baseX = x(m.date) + ppd / 2;
  const cx = moved ? x(moved.after) + ppd / 2 : baseX;
  return (
    <g onPointerEnter={() => onHover(true)} onPointerLeave={() => onHover(false)}>
      {row.band && <rect x={x(row.band.p50)} y={y + 4} width={Math.max(2, x(row.band.p95) - x(row.band.p50) + ppd)} height={ROW_HEIGHT - 8} className="band" />}
      {m.committed && (
        <g className="committed">
          <line x1={x(m.committed)} x2={x(m.committed)} y1={y + 2} y2={y + ROW_HEIGHT - 2} />
        </g>
      )}
      {moved && moved.deltaDays !== 0 && diamond(baseX, 'diamond ghost')}
      {diamond(cx, `diamond${m.critical ? ' critical' : ''}${m.late ? ' late' : ''}`)}
      {moved && moved.deltaDays !== 0 && (
        <text x={cx + r + 3} y={mid + 4} className={`ms-delta ${moved.deltaDays > 0 ? 'later' : 'earlier'}`}>
          {signedDays(moved.deltaDays)}
        </text>
      )}
    </g>
  );
}
