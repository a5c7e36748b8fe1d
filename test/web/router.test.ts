/** web/src/router.ts: every view has a URL, and parsing a URL gives back the view it was made from. */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeUrl, TABS, type Route } from '../../web/src/routes.js';
import { ZOOMS } from '../../web/src/types.js';

const split = (url: string): [string, string] => {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
};

describe('routes', () => {
  it('reads the portfolio, a program tab, zoom and selection', () => {
    expect(parseRoute('/', '')).toEqual({ view: 'portfolio' });
    expect(parseRoute('/programs/checkout-revamp', '')).toEqual({ view: 'program', programId: 'checkout-revamp', tab: 'overview', zoom: 'month' });
    expect(parseRoute('/programs/a/timeline', '?zoom=week&sel=PAY-2')).toEqual({ view: 'program', programId: 'a', tab: 'timeline', zoom: 'week', selected: 'PAY-2' });
  });

  it('falls back to month for an unknown zoom and says not-found for an unknown tab', () => {
    expect(parseRoute('/programs/a/timeline', '?zoom=decade')).toMatchObject({ zoom: 'month' });
    expect(parseRoute('/programs/a/gantt', '')).toEqual({ view: 'not-found', path: '/programs/a/gantt' });
  });

  it('round-trips every tab, zoom and selection, with ids that need escaping', () => {
    for (const tab of TABS) {
      for (const zoom of ZOOMS) {
        for (const selected of [undefined, 'PAY-2', 'a b/ç']) {
          const route: Route = { view: 'program', programId: 'prog/with space', tab, zoom, ...(selected ? { selected } : {}) };
          const back = parseRoute(...split(routeUrl(route)));
          // Zoom and selection belong to the timeline; other tabs drop them from the URL.
          expect(back).toEqual(tab === 'timeline' ? route : { view: 'program', programId: 'prog/with space', tab, zoom: 'month' });
        }
      }
    }
  });
});
