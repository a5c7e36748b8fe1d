/**
 * A program: the strategic strip on top (from the brief), then the tabs of technical depth. Overview and Timeline are
 * in the first-paint bundle; the other tabs load lazily. Live updates (SSE) are subscribed while the page is open.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useLiveUpdates } from './live/live.js';
import { OverviewTab } from './overview/overview-tab.js';
import { linkClick, navigate, routeUrl, TABS, type Tab } from './router.js';
import type { ProgramRoute } from './routes.js';
import { StrategicFacts } from './strategic.js';
import { TimelineTab } from './timeline/timeline.js';
import type { BriefJson } from './types.js';
import { useApi } from './use-api.js';

const ForecastTab = lazy(() => import('./forecast/forecast-tab.js').then((m) => ({ default: m.ForecastTab })));
const RisksTab = lazy(() => import('./risks/risks-tab.js').then((m) => ({ default: m.RisksTab })));
const DependenciesTab = lazy(() => import('./deps/deps-tab.js').then((m) => ({ default: m.DependenciesTab })));
const PeopleTab = lazy(() => import('./people/people-tab.js').then((m) => ({ default: m.PeopleTab })));
const BriefTab = lazy(() => import('./brief/brief-tab.js').then((m) => ({ default: m.BriefTab })));
const PlanTab = lazy(() => import('./edit/plan-tab.js').then((m) => ({ default: m.PlanTab })));

const TAB_LABEL: Record<Tab, string> = { overview: 'Overview', timeline: 'Timeline', dependencies: 'Dependencies', forecast: 'Forecast', risks: 'Risks', people: 'People', brief: 'Brief', plan: 'Plan' };

/** `g` then a letter goes to a tab (DESIGN.md: `g t` timeline, `g d` dependencies); typing in a field is left alone. */
const G_KEYS: Record<string, Tab> = { o: 'overview', t: 'timeline', d: 'dependencies', f: 'forecast', r: 'risks', p: 'people', b: 'brief', e: 'plan' };

function useTabShortcuts(route: ProgramRoute): void {
  useEffect(() => {
    let pendingG = false;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null; // a KeyboardEvent's target is an element or the document
      if (e.ctrlKey || e.metaKey || e.altKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName ?? ''))) return;
      if (pendingG && G_KEYS[e.key]) {
        const { selected: _selected, scenario: _scenario, ...rest } = route;
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
  useLiveUpdates(route.programId, token);
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
          const { selected: _selected, ...rest } = route; // a selection belongs to its tab; a scenario follows timeline <-> dependencies
          const url = routeUrl({ ...rest, tab: t });
          return (
            <a key={t} href={url} onClick={linkClick(url)} aria-current={t === route.tab ? 'page' : undefined}>
              {TAB_LABEL[t]}
            </a>
          );
        })}
      </nav>
      <section className="tab-body" aria-label={TAB_LABEL[route.tab]}>
        {route.tab === 'overview' && <OverviewTab route={route} token={token} brief={brief} />}
        {route.tab === 'timeline' && <TimelineTab route={route} token={token} />}
        <Suspense fallback={<p className="muted">Loading {TAB_LABEL[route.tab]}…</p>}>
          {route.tab === 'forecast' && <ForecastTab programId={route.programId} token={token} />}
          {route.tab === 'risks' && <RisksTab programId={route.programId} token={token} />}
          {route.tab === 'dependencies' && <DependenciesTab route={route} token={token} />}
          {route.tab === 'people' && <PeopleTab route={route} token={token} />}
          {route.tab === 'brief' && <BriefTab route={route} token={token} />}
          {route.tab === 'plan' && <PlanTab route={route} token={token} />}
        </Suspense>
      </section>
    </article>
  );
}

