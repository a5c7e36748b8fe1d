/**
 * The cockpit's URLs as pure functions (no DOM, no React; tested in Node): every view has a URL. `/` is the
 * portfolio (`/portfolio?scenario=slip:checkout-revamp/PAY-7:10` with a what-if across programs), `/programs/:id` a program's overview, `/programs/:id/:tab` a tab (e.g.
 * `/programs/checkout/timeline?zoom=week&sel=PAY-2&scenario=slip:PAY-2:5`), `/programs/:id/plan/:section` the editor of
 * one section, `/time` the TPM's own time. The server answers index.html for any such path, so a pasted link or a
 * reload lands on the same view.
 */
import { ZOOMS, type Zoom } from './types.js';

export { ZOOMS, type Zoom } from './types.js';

export const TABS = ['overview', 'timeline', 'dependencies', 'forecast', 'risks', 'people', 'brief', 'plan'] as const;
export type Tab = (typeof TABS)[number];

/** The sections the Plan tab edits (`/programs/:id/plan/:section`). */
export const PLAN_SECTIONS = ['items', 'risks', 'decisions', 'stakeholders'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

export type ProgramRoute = {
  view: 'program';
  programId: string;
  tab: Tab;
  /** Timeline zoom (?zoom=, timeline only; month when absent). */
  zoom: Zoom;
  /** The selected item, milestone, node or entry id (?sel=), on any tab. */
  selected?: string;
  /** A what-if scenario (?scenario=), e.g. `slip:PAY-2:5,cut:WEB-3,capacity:payments:+1` (timeline and dependencies). */
  scenario?: string;
  /** The Plan tab's section (path segment); items when absent. */
  section?: PlanSection;
  /** Brief audience (?audience=, brief only). */
  audience?: 'exec' | 'eng';
};

export type Route =
  | PortfolioRoute
  | ProgramRoute
  | TimeRoute
  | { view: 'not-found'; path: string };

/** The portfolio; `scenario` (?scenario=) is a what-if across programs on qualified ids (`slip:checkout-revamp/PAY-7:10`). */
export type PortfolioRoute = { view: 'portfolio'; scenario?: string };

/** How many weeks My time can show (?weeks=; 8 when absent). */
export const TIME_WEEKS = [4, 8, 12, 26] as const;
export type TimeWeeks = (typeof TIME_WEEKS)[number];

/** My time: `/time?program=ID&week=2027-W03&weeks=12`. */
export type TimeRoute = {
  view: 'time';
  /** The program whose `time:` section to read (?program=). */
  programId?: string;
  /** ISO week (?week=2027-W03). */
  week?: string;
  /** Weeks shown (?weeks=), one of TIME_WEEKS; 8 when absent. */
  weeks?: TimeWeeks;
};

/** The route of a path and query string. Example: `parseRoute('/programs/a/timeline', '?zoom=week')`. */
export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  const query = new URLSearchParams(search);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'portfolio')) {
    const scenario = query.get('scenario');
    return scenario ? { view: 'portfolio', scenario } : { view: 'portfolio' };
  }
  if (parts[0] === 'time' && parts.length === 1) {
    const programId = query.get('program');
    const week = query.get('week');
    const weeks = Number(query.get('weeks')) as TimeWeeks;
    return {
      view: 'time',
      ...(programId ? { programId } : {}),
      ...(week && /^\d{4}-W\d{2}$/.test(week) ? { week } : {}),
      ...(TIME_WEEKS.includes(weeks) && weeks !== 8 ? { weeks } : {}),
    };
  }
  if (parts[0] === 'programs' && parts.length >= 2 && parts.length <= 4) {
    const tab = (parts[2] ?? 'overview') as Tab;
    if (!TABS.includes(tab)) return { view: 'not-found', path: pathname };
    let section: PlanSection | undefined;
    if (parts.length === 4) {
      if (tab !== 'plan' || !PLAN_SECTIONS.includes(parts[3] as PlanSection)) return { view: 'not-found', path: pathname };
      section = parts[3] as PlanSection;
    }
    const z = query.get('zoom') as Zoom | null;
    const sel = query.get('sel');
    const scenario = query.get('scenario');
    const audience = query.get('audience');
    return {
      view: 'program',
      programId: parts[1],
      tab,
      zoom: tab === 'timeline' && z !== null && ZOOMS.includes(z) ? z : 'month',
      ...(sel ? { selected: sel } : {}),
      ...(scenario && (tab === 'timeline' || tab === 'dependencies') ? { scenario } : {}),
      ...(section && section !== 'items' ? { section } : {}),
      ...(tab === 'brief' && audience === 'eng' ? { audience: 'eng' as const } : {}),
    };
  }
  return { view: 'not-found', path: pathname };
}

/** The URL of a route (the inverse of parseRoute; defaults — month zoom, items section, exec audience — are left out). */
export function routeUrl(route: Route): string {
  if (route.view === 'portfolio') return route.scenario ? `/portfolio?${new URLSearchParams({ scenario: route.scenario }).toString()}` : '/';
  if (route.view === 'not-found') return route.path;
  if (route.view === 'time') {
    const query = new URLSearchParams();
    if (route.programId !== undefined) query.set('program', route.programId);
    if (route.week !== undefined) query.set('week', route.week);
    if (route.weeks !== undefined && route.weeks !== 8) query.set('weeks', String(route.weeks));
    const q = query.toString();
    return q === '' ? '/time' : `/time?${q}`;
  }
  const base = `/programs/${encodeURIComponent(route.programId)}`;
  let path = route.tab === 'overview' ? base : `${base}/${route.tab}`;
  if (route.tab === 'plan' && route.section !== undefined && route.section !== 'items') path += `/${route.section}`;
  const query = new URLSearchParams();
  if (route.tab === 'timeline' && route.zoom !== 'month') query.set('zoom', route.zoom);
  if (route.selected !== undefined) query.set('sel', route.selected);
  if (route.scenario !== undefined && (route.tab === 'timeline' || route.tab === 'dependencies')) query.set('scenario', route.scenario);
  if (route.tab === 'brief' && route.audience === 'eng') query.set('audience', 'eng');
  const q = query.toString();
  return q === '' ? path : `${path}?${q}`;
}
