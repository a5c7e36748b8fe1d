/**
 * The cockpit's URLs as pure functions (no DOM, no React; tested in Node): every view has a URL. `/` is the
 * portfolio, `/programs/:id` a program's overview, `/programs/:id/:tab` a tab (e.g. `/programs/checkout/timeline?zoom=week&sel=PAY-2`). The server answers index.html for
 * any such path, so a pasted link or a reload lands on the same view.
 */
import { ZOOMS, type Zoom } from './types.js';

export { ZOOMS, type Zoom } from './types.js';

export const TABS = ['overview', 'timeline', 'dependencies', 'forecast', 'risks', 'people', 'brief'] as const;
export type Tab = (typeof TABS)[number];

export type Route =
  | { view: 'portfolio' }
  | { view: 'program'; programId: string; tab: Tab; zoom: Zoom; /** the selected item or milestone id (?sel=) */ selected?: string }
  | { view: 'not-found'; path: string };

/** The route of a path and query string. Example: `parseRoute('/programs/a/timeline', '?zoom=week')`. */
export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  if (parts.length === 0) return { view: 'portfolio' };
  if (parts[0] === 'programs' && parts.length >= 2 && parts.length <= 3) {
    const tab = (parts[2] ?? 'overview') as Tab;
    if (!TABS.includes(tab)) return { view: 'not-found', path: pathname };
    const query = new URLSearchParams(search);
    const z = query.get('zoom') as Zoom | null;
    const sel = query.get('sel');
    return { view: 'program', programId: parts[1], tab, zoom: z !== null && ZOOMS.includes(z) ? z : 'month', ...(sel ? { selected: sel } : {}) };
  }
  return { view: 'not-found', path: pathname };
}

/** The URL of a route (the inverse of parseRoute; the default zoom is left out). */
export function routeUrl(route: Route): string {
  if (route.view === 'portfolio') return '/';
  if (route.view === 'not-found') return route.path;
  const base = `/programs/${encodeURIComponent(route.programId)}`;
  const tab = route.tab === 'overview' ? base : `${base}/${route.tab}`;
  if (route.tab !== 'timeline') return tab;
  const query = new URLSearchParams();
  if (route.zoom !== 'month') query.set('zoom', route.zoom);
  if (route.selected !== undefined) query.set('sel', route.selected);
  const q = query.toString();
  return q === '' ? tab : `${tab}?${q}`;
}

