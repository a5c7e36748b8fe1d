/**
 * History routing over routes.ts: navigate() with pushState/replaceState, useRoute() re-rendering on navigation and
 * back/forward, and in-app link clicks without a reload.
 */
import { useEffect, useState, type MouseEvent } from 'react';
import { parseRoute, type Route } from './routes.js';

export { parseRoute, routeUrl, TABS, ZOOMS, type Route, type Tab, type Zoom } from './routes.js';

const listeners = new Set<() => void>();

/** Goes to `url` inside the app (pushState; `replace` for a view refinement such as zoom). */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const l of listeners) l();
}

/** The current route, re-rendering on navigate() and on back/forward. */
export function useRoute(): Route {
  const read = () => parseRoute(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Click handler for in-app links: plain clicks navigate without a reload; modified clicks open as the browser would. */
export function linkClick(url: string): (e: MouseEvent) => void {
  return (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(url);
  };
}
