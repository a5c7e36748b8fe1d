/**
 * A program: the strategic strip on top (from the brief), then the tabs of technical depth. Overview, Timeline,
 * Forecast and Risks are built (Forecast and Risks load lazily, outside the first-paint bundle); the other tabs say
 * honestly that they come next.
 */
import { lazy, Suspense, useEffect } from 'react';
import { formatDate, pLabel, percent } from './format.js';
import { linkClick, navigate, routeUrl, TABS, type Route, type Tab } from './router.js';
import { StrategicFacts } from './strategic.js';
import { TimelineTab } from './timeline/timeline.js';
import type { BriefJson } from './types.js';
import { useApi, type Loaded } from './use-api.js';

type ProgramRoute = Extract<Route, { view: 'program' }>;

const ForecastTab = lazy(() => import('./forecast/forecast-tab.js').then((m) => ({ default: m.ForecastTab })));
const RisksTab = lazy(() => import('./risks/risks-tab.js').then((m) => ({ default: m.RisksTab })));
const BUILT: readonly Tab[] = ['overview', 'timeline', 'forecast', 'risks'];

const TAB_LABEL: Record<Tab, string> = { overview: 'Overview', timeline: 'Timeline', dependencies: 'Dependencies', forecast: 'Forecast', risks: 'Risks', people: 'People', brief: 'Brief' };

/** `g` then a letter goes to a tab (DESIGN.md: `g t` timeline, `g d` dependencies); typing in a field is left alone. */
const G_KEYS: Record<string, Tab> = { o: 'overview', t: 'timeline', d: 'dependencies', f: 'forecast', r: 'risks', p: 'people', b: 'brief' };

function useTabShortcuts(route: ProgramRoute): void {
  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null; // a KeyboardEvent's target is an element or the document
      if (e.ctrlKey || e.metaKey || e.altKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName ?? ''))) return;
      if (pendingG && G_KEYS[e.key]) {
        const { selected: _selected, ...rest } = route;
        navigate(routeUrl({ ...rest, tab: G_KEYS[e.key] }));
      }
      pendingG = e.key === 'g';
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route]);
}

export function ProgramPage({ route, token }: { route: ProgramRoute; token: string }) {
  useTabShortcuts(route);
  const base = `/api/programs/${encodeURIComponent(route.programId)}`;
  // The brief runs a Monte Carlo forecast: it waits behind the tab's own data (background lane).
  const brief = useApi<BriefJson>(`${base}/brief`, token, 'background');
  const name = brief.state === 'ok' ? brief.data.program.name : route.programId;
  return (
    <article className="program" aria-labelledby="program-title">
      <header className="strip" aria-label="Strategic strip">
        <h1 id="program-title">{name}</h1>
        {brief.state === 'loading' && <p className="muted">Forecasting…</p>}
        {brief.state === 'error' && <p className="error">No forecast for the strip: {brief.error.message}</p>}
        {brief.state === 'ok' && <StrategicFacts brief={brief.data} programId={route.programId} />}
      </header>
      <nav className="tabs" aria-label="Program views">
        {TABS.map((t) => {
          const { selected: _selected, ...rest } = route; // a selection belongs to its tab
          const url = routeUrl({ ...rest, tab: t });
          return (
            <a key={t} href={url} onClick={linkClick(url)} aria-current={t === route.tab ? 'page' : undefined}>
              {TAB_LABEL[t]}
            </a>
          );
        })}
      </nav>
      <section className="tab-body" aria-label={TAB_LABEL[route.tab]}>
        {route.tab === 'overview' && <Overview brief={brief} />}
        {route.tab === 'timeline' && <TimelineTab route={route} token={token} />}
        <Suspense fallback={<p className="muted">Loading {TAB_LABEL[route.tab]}…</p>}>
          {route.tab === 'forecast' && <ForecastTab programId={route.programId} token={token} />}
          {route.tab === 'risks' && <RisksTab programId={route.programId} token={token} />}
        </Suspense>
        {!BUILT.includes(route.tab) && (
          <p className="empty">
            {TAB_LABEL[route.tab]} is coming next. Meanwhile the CLI has it: <code>vantage {route.tab === 'people' ? 'raci' : route.tab === 'dependencies' ? 'schedule' : route.tab} FILE</code>.
          </p>
        )}
      </section>
    </article>
  );
}

/** A minimal overview: milestones (committed vs P50 and the confidence date) and objectives with their metric. */
function Overview({ brief }: { brief: Loaded<BriefJson> }) {
  if (brief.state !== 'ok') return null;
  const b = brief.data;
  const p = pLabel(b.program.confidence);
  return (
    <div className="overview">
      <h2>Milestones</h2>
      <table className="dense">
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
          {b.milestones.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.title}{m.reached ? ' (reached)' : ''}</th>
              <td className="num">{m.date !== undefined ? formatDate(m.date) : '—'}</td>
              <td className="num">{formatDate(m.p50)}</td>
              <td className="num">{formatDate(m.atConfidence)}</td>
              <td className="num">{m.probabilityOnDate !== undefined ? percent(m.probabilityOnDate) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Objectives</h2>
      <ul className="objectives">
        {b.objectives.map((o) => (
          <li key={o.id}>
            <strong>{o.title}</strong>
            {o.metric && (
              <span className="num muted">
                {' '}
                · {o.metric.name}: {o.metric.baseline ?? '?'} → {o.metric.current ?? '?'} → {o.metric.target ?? '?'}
                {o.metric.unit ?? ''}
              </span>
            )}
            {o.work && <span className="muted"> · {o.work.done}/{o.work.total} items done</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
