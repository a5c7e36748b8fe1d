/**
 * The Timeline tab: a Gantt of the schedule, virtualised. Only the rows in view (plus a margin) are in the DOM, drawn
 * as one SVG per visible window beside focusable HTML rows that carry the accessible names; 5,000 items cost the
 * same as 50. Bars by status, the critical path outlined and labelled, milestones as diamonds with the committed
 * date as a tick and the forecast P50–P95 band behind, a today line, zoom week / month / quarter in the URL.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { dayOf, formatDate } from '../format.js';
import { navigate, routeUrl, ZOOMS, type Route } from '../router.js';
import type { ForecastJson, ScheduleJson } from '../types.js';
import { useApi } from '../use-api.js';
import { axisTicks, bandsOf, buildRows, dayRange, HEADER_HEIGHT, LABEL_WIDTH, PX_PER_DAY, ROW_HEIGHT, rowName, visibleRows, type Row } from './layout.js';

type ProgramRoute = Extract<Route, { view: 'program' }>;

export function TimelineTab({ route, token }: { route: ProgramRoute; token: string }) {
  const base = `/api/programs/${encodeURIComponent(route.programId)}`;
  const schedule = useApi<ScheduleJson>(`${base}/schedule`, token);
  // The bands need a Monte Carlo forecast: drawn when it arrives, never holding up the bars.
  const forecast = useApi<ForecastJson>(schedule.state === 'ok' ? `${base}/forecast` : null, token, 'background');
  return (
    <div className="timeline-tab">
      <div className="toolbar" role="toolbar" aria-label="Timeline zoom">
        <span className="muted small">Zoom</span>
        {ZOOMS.map((z) => (
          <button key={z} aria-pressed={route.zoom === z} onClick={() => navigate(routeUrl({ ...route, zoom: z }), true)}>
            {z[0].toUpperCase() + z.slice(1)}
          </button>
        ))}
        <Legend />
        {forecast.state === 'loading' && schedule.state === 'ok' && <span className="muted small">forecasting bands…</span>}
      </div>
      {schedule.state === 'loading' && <p className="muted">Scheduling…</p>}
      {schedule.state === 'error' && <p className="error">Could not schedule: {schedule.error.message}</p>}
      {schedule.state === 'ok' && (
        <Timeline
          schedule={schedule.data}
          forecast={forecast.state === 'ok' ? forecast.data : undefined}
          zoom={route.zoom}
          selected={route.selected}
          onSelect={(id) => id !== route.selected && navigate(routeUrl({ ...route, selected: id }), true)}
        />
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

/** `selected`: the row to focus first (an item or milestone id, from ?sel=); `onSelect` is told when the focus moves. */
export function Timeline({ schedule, forecast, zoom, selected, onSelect }: { schedule: ScheduleJson; forecast?: ForecastJson; zoom: ProgramRoute['zoom']; selected?: string; onSelect?: (id: string) => void }) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const bands = useMemo(() => bandsOf(forecast), [forecast]);
  const rows = useMemo(() => buildRows(schedule, collapsed, bands), [schedule, collapsed, bands]);
  const range = useMemo(() => dayRange(schedule, bands), [schedule, bands]);
  const ppd = PX_PER_DAY[zoom];
  const chartWidth = Math.ceil((range.to - range.from + 1) * ppd);
  const x = (iso: string) => (dayOf(iso) - range.from) * ppd;
  const todayX = x(schedule.program.today);

  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  const [active, setActiveIndex] = useState(() => Math.max(0, rows.findIndex((r) => rowId(r) === selected)));
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
    }
  };

  const windowHeight = shown.length * ROW_HEIGHT;
  return (
    <div className="tl-scroll" ref={scroller} onScroll={onScroll} role="grid" aria-label={`Timeline of ${schedule.program.name}`} aria-rowcount={rows.length} data-zoom={zoom}>
      <div className="tl-canvas" style={{ width: LABEL_WIDTH + chartWidth, height: HEADER_HEIGHT + rows.length * ROW_HEIGHT }}>
        <div className="tl-header" style={{ width: LABEL_WIDTH + chartWidth, height: HEADER_HEIGHT }} role="presentation">
          <div className="tl-corner" style={{ width: LABEL_WIDTH }}>
            {schedule.items.length} items · critical path {schedule.criticalPath.length} · finish {formatDate(schedule.program.finish)}
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
        <div className="tl-window" style={{ top: HEADER_HEIGHT + first * ROW_HEIGHT, width: LABEL_WIDTH + chartWidth, height: windowHeight }}>
          <div className="tl-labels" style={{ width: LABEL_WIDTH }}>
            {shown.map((row, k) => {
              const index = first + k;
              return (
                <div
                  key={rowKey(row)}
                  role="row"
                  aria-rowindex={index + 1}
                  aria-label={rowName(row)}
                  aria-expanded={row.kind === 'group' ? !row.collapsed : undefined}
                  tabIndex={index === active ? 0 : -1}
                  data-row={index}
                  data-testid={row.kind === 'item' ? 'timeline-row' : undefined}
                  data-critical={row.kind !== 'group' && (row.kind === 'item' ? row.item.critical : row.milestone.critical) ? 'true' : undefined}
                  className={`tl-label ${row.kind}`}
                  onKeyDown={(e) => onKey(e, index, row)}
                  onFocus={() => setActive(index)}
                  onClick={() => (row.kind === 'group' ? toggle(row.key) : setActive(index))}
                >
                  <span role="gridcell">
                    <RowLabel row={row} />
                  </span>
                </div>
              );
            })}
          </div>
          <svg width={chartWidth} height={windowHeight} className="tl-bars" aria-hidden="true">
            {shown.map((row, k) => (
              <RowShape key={rowKey(row)} row={row} y={k * ROW_HEIGHT} x={x} ppd={ppd} width={chartWidth} />
            ))}
            <line x1={todayX} x2={todayX} y1={0} y2={windowHeight} className="today" />
          </svg>
        </div>
      </div>
    </div>
  );
}

/** The id a row stands for in the URL (?sel=): an item's or milestone's id; groups have none. */
function rowId(row: Row): string | undefined {
  return row.kind === 'item' ? row.item.id : row.kind === 'milestone' ? row.milestone.id : undefined;
}

function rowKey(row: Row): string {
  return row.kind === 'group' ? `g:${row.key}` : row.kind === 'item' ? `i:${row.item.id}` : `m:${row.milestone.id}`;
}

function RowLabel({ row }: { row: Row }) {
  if (row.kind === 'group') {
    return (
      <>
        <span aria-hidden="true" className="caret">{row.collapsed ? '▸' : '▾'}</span> <strong>{row.label}</strong> <span className="muted small">{row.count}</span>
      </>
    );
  }
  if (row.kind === 'milestone') {
    const m = row.milestone;
    return (
      <>
        <span aria-hidden="true">◆</span> {m.title} {m.critical && <span className="tag critical">critical</span>}
      </>
    );
  }
  const i = row.item;
  return (
    <>
      <span className="id num">{i.id}</span> <span className="title">{i.title}</span> {i.critical && <span className="tag critical">critical</span>}
    </>
  );
}

function RowShape({ row, y, x, ppd, width }: { row: Row; y: number; x: (iso: string) => number; ppd: number; width: number }) {
  if (row.kind === 'group') return <rect x={0} y={y} width={width} height={ROW_HEIGHT} className="group-bg" />;
  const mid = y + ROW_HEIGHT / 2;
  if (row.kind === 'item') {
    const i = row.item;
    const left = x(i.start);
    const w = Math.max(3, x(i.finish) + ppd - left);
    return <rect x={left} y={y + 6} width={w} height={ROW_HEIGHT - 12} rx={3} className={`bar bar-${i.status}${i.critical ? ' critical' : ''}`} />;
  }
  const m = row.milestone;
  const cx = x(m.date) + ppd / 2;
  const r = 7;
  return (
    <g>
      {row.band && <rect x={x(row.band.p50)} y={y + 4} width={Math.max(2, x(row.band.p95) - x(row.band.p50) + ppd)} height={ROW_HEIGHT - 8} className="band" />}
      {m.committed && (
        <g className="committed">
          <line x1={x(m.committed)} x2={x(m.committed)} y1={y + 2} y2={y + ROW_HEIGHT - 2} />
        </g>
      )}
      <polygon points={`${cx},${mid - r} ${cx + r},${mid} ${cx},${mid + r} ${cx - r},${mid}`} className={`diamond${m.critical ? ' critical' : ''}${m.late ? ' late' : ''}`} />
    </g>
  );
}
