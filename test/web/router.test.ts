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
    expect(parseRoute('/portfolio', '')).toEqual({ view: 'portfolio' });
    expect(routeUrl({ view: 'portfolio' })).toBe('/');
    expect(parseRoute('/programs/checkout-revamp', '')).toEqual({ view: 'program', programId: 'checkout-revamp', tab: 'overview', zoom: 'month' });
    expect(parseRoute('/programs/a/timeline', '?zoom=week&sel=PAY-2')).toEqual({ view: 'program', programId: 'a', tab: 'timeline', zoom: 'week', selected: 'PAY-2' });
  });

  it('falls back to month for an unknown zoom and says not-found for an unknown tab', () => {
    expect(parseRoute('/programs/a/timeline', '?zoom=decade')).toMatchObject({ zoom: 'month' });
    expect(parseRoute('/programs/a/gantt', '')).toEqual({ view: 'not-found', path: '/programs/a/gantt' });
  });

  it('round-trips every tab, zoom, selection, scenario, section and audience, with ids that need escaping', () => {
    for (const tab of TABS) {
      for (const zoom of ZOOMS) {
        for (const selected of [undefined, 'PAY-2', 'a b/ç']) {
          const route: Route = { view: 'program', programId: 'prog/with space', tab, zoom, ...(selected ? { selected } : {}) };
          const back = parseRoute(...split(routeUrl(route)));
          // Zoom belongs to the timeline; other tabs drop it from the URL. A selection belongs to every tab.
          expect(back).toEqual(tab === 'timeline' ? route : { ...route, zoom: 'month' });
        }
      }
      const rich: Route = { view: 'program', programId: 'p', tab, zoom: 'month', scenario: 'slip:PAY-2:5,cut:WEB-3', section: 'risks', audience: 'eng' };
      const back = parseRoute(...split(routeUrl(rich)));
      expect(back).toEqual({
        view: 'program',
        programId: 'p',
        tab,
        zoom: 'month',
        ...(tab === 'timeline' || tab === 'dependencies' ? { scenario: rich.scenario } : {}),
        ...(tab === 'plan' ? { section: 'risks' } : {}),
        ...(tab === 'brief' ? { audience: 'eng' } : {}),
      });
    }
  });

  it('keeps a what-if across programs in the portfolio URL, qualified ids and all', () => {
    const route: Route = { view: 'portfolio', scenario: 'slip:checkout-revamp/PAY-7:10,cut:loyalty/LOY-2' };
    expect(routeUrl(route)).toBe('/portfolio?scenario=slip%3Acheckout-revamp%2FPAY-7%3A10%2Ccut%3Aloyalty%2FLOY-2');
    expect(parseRoute(...split(routeUrl(route)))).toEqual(route);
    expect(parseRoute('/portfolio', '?scenario=slip:checkout-revamp/PAY-7:10')).toEqual({ view: 'portfolio', scenario: 'slip:checkout-revamp/PAY-7:10' });
    expect(parseRoute('/', '?scenario=slip:loyalty/LOY-7:3')).toEqual({ view: 'portfolio', scenario: 'slip:loyalty/LOY-7:3' });
    expect(parseRoute('/portfolio/x', '')).toEqual({ view: 'not-found', path: '/portfolio/x' });
  });

  it('reads the Plan sections and My time, and refuses unknown sections', () => {
    expect(parseRoute('/programs/a/plan/decisions', '?sel=D2')).toEqual({ view: 'program', programId: 'a', tab: 'plan', zoom: 'month', section: 'decisions', selected: 'D2' });
    expect(parseRoute('/programs/a/plan/items', '')).toEqual({ view: 'program', programId: 'a', tab: 'plan', zoom: 'month' });
    expect(parseRoute('/programs/a/plan/people', '')).toEqual({ view: 'not-found', path: '/programs/a/plan/people' });
    expect(parseRoute('/programs/a/timeline/x', '')).toEqual({ view: 'not-found', path: '/programs/a/timeline/x' });
    expect(parseRoute('/time', '?program=checkout&week=2027-W03')).toEqual({ view: 'time', programId: 'checkout', week: '2027-W03' });
    expect(parseRoute('/time', '?week=bad')).toEqual({ view: 'time' });
    expect(parseRoute('/time', '?weeks=12')).toEqual({ view: 'time', weeks: 12 });
    for (const weeks of ['8', '5', 'x', '']) expect(parseRoute('/time', `?weeks=${weeks}`)).toEqual({ view: 'time' });
    expect(routeUrl({ view: 'time', programId: 'a', weeks: 26 })).toBe('/time?program=a&weeks=26');
    expect(routeUrl({ view: 'time', weeks: 8 })).toBe('/time');
    expect(routeUrl({ view: 'time', programId: 'a b', week: '2027-W03' })).toBe('/time?program=a+b&week=2027-W03');
  });
});
