/**
 * The web cockpit end to end in headless Chromium: sign in with a token, the portfolio with the checkout program's
 * health, its timeline with the critical path marked, deep links that survive a reload, a refused token, and the
 * first render of a 5,000-item timeline (printed, not asserted).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generatePlan } from '../../bench/gen-plan.js';
import { artifact, describeBrowser } from '../browser.js';
import { defaultWebDir } from '../../src/server/web.js';
import { checkoutExample, useCockpit } from './cockpit-server.js';
import { attr, focused, shown, signIn, text } from './page.js';

const PROGRAM = 'checkout-revamp';

/** playwright-core has no web-first assertions: wait for the locator, or poll what it reads. */

/** Puts `token` in the page's sessionStorage as the app keeps it (a string: the test's tsconfig has no DOM types). */
const keepToken = (page: Page, token: string) => page.evaluate(`sessionStorage.setItem('vantage.token', ${JSON.stringify(token)})`);

describeBrowser('web cockpit', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample()]);

  it('signs in and shows the portfolio with the program health and its reason', async () => {
    const page = await newPage();
    await signIn(page, cockpit);
    const card = page.getByRole('article', { name: 'Checkout revamp' });
    // The brief says off track because vault-live is 31% likely by its committed date (see `vantage brief`).
    const chip = card.getByRole('img', { name: /^Health: Off track\. Card vault live in production is now \d+% likely/ });
    await chip.waitFor();
    await shown(card.getByText(/\(P85\) vs target 19 Mar 2027 · \d+% on target/));
    await shown(card.getByText(/Next milestone/));
    await shown(card.getByText(/Card vault live in production · committed 8 Jan 2027/));
    await shown(card.getByText(/QSA finds gaps in legacy order service \(\+\d+ d at P85\)/));
    // The rail's dot carries the same health in words, not colour alone.
    await page.getByRole('navigation', { name: 'Programs' }).getByRole('img', { name: 'Health: Off track' }).waitFor();
    await page.screenshot({ path: artifact('web-portfolio.png'), fullPage: true });
    // One click from a strategic fact to its evidence: the milestone selected on the timeline.
    await card.getByRole('link', { name: 'Card vault live in production' }).click();
    await expect.poll(() => page.url()).toMatch(/\/programs\/checkout-revamp\/timeline\?sel=vault-live$/);
    await attr(page.getByRole('row', { name: /^Milestone Card vault live in production/ }), 'tabindex').toBe('0');
  });

  it('opens the timeline with the critical path marked, and keeps the view on reload', async () => {
    const page = await newPage();
    await signIn(page, cockpit);
    await page.getByRole('link', { name: 'Checkout revamp' }).first().click();
    await page.getByRole('link', { name: 'Timeline', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe(`/programs/${PROGRAM}/timeline`);
    const grid = page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' });
    await grid.waitFor();
    // `vantage schedule examples/checkout.vantage.yaml --today 2026-11-25`: the critical path starts PAY-2, PAY-4, PAY-7.
    for (const id of ['PAY-2', 'PAY-4', 'PAY-7']) await shown(grid.getByRole('row', { name: new RegExp(`^${id} .*, critical$`) }));
    await attr(grid.getByRole('row', { name: /^PAY-1 Tokenise card storage, done/ }), 'aria-label').not.toMatch(/critical/);
    await attr(grid.getByRole('row', { name: /^PAY-3 / }), 'aria-label').toMatch(/, 7 days slack$/);
    // Milestones get their forecast band once the forecast arrives.
    await shown(grid.getByRole('row', { name: /^Milestone Card vault live in production, planned 2027-01-07, committed 2027-01-08, forecast P50–P95 / }));
    await page.screenshot({ path: artifact('web-timeline.png') });

    // Groups collapse and expand (click, or Enter on the focused header).
    const payments = grid.getByRole('row', { name: /^payments: 9 items, 3 critical, expanded$/ });
    await payments.click();
    await attr(grid.getByRole('row', { name: /^payments: / }), 'aria-expanded').toBe('false');
    expect(await grid.getByRole('row', { name: /^PAY-\d / }).count()).toBe(0);
    await page.keyboard.press('Enter');
    await shown(grid.getByRole('row', { name: /^PAY-2 / }));

    // Dark theme from the same tokens.
    const surface = () => page.evaluate(`getComputedStyle(document.querySelector('.tl-scroll')).backgroundColor`);
    expect(await surface()).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await surface()).toBe('rgb(30, 33, 37)');
    await page.screenshot({ path: artifact('web-timeline-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Week' }).click();
    expect(page.url()).toMatch(/\/timeline\?zoom=week$/);
    await attr(grid, 'data-zoom').toBe('week');
    await page.reload();
    await attr(page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' }), 'data-zoom').toBe('week');
    await attr(page.getByRole('button', { name: 'Week' }), 'aria-pressed').toBe('true');

    // Keyboard: rows are focusable and arrows move through them.
    const firstItem = grid.getByRole('row', { name: /^PAY-1 / });
    await firstItem.click();
    await page.keyboard.press('ArrowDown');
    await focused(grid.getByRole('row', { name: /^PAY-2 / }));
    // The selection is in the URL, so a pasted link (or a reload) comes back to it.
    await expect.poll(() => page.url()).toMatch(/\/timeline\?zoom=week&sel=PAY-2$/);
    await page.reload();
    await attr(page.getByRole('row', { name: /^PAY-2 / }), 'tabindex').toBe('0');
    await attr(page.getByRole('row', { name: /^PAY-1 / }), 'tabindex').toBe('-1');
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe(`/programs/${PROGRAM}`);
  });

  it('opens a pasted deep link straight after sign-in, and moves between tabs by keyboard', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/brief`);
    await shown(page.getByRole('region', { name: 'Brief', exact: true }));
    await attr(page.getByRole('link', { name: 'Brief', exact: true }), 'aria-current').toBe('page');
    // Keyboard: `g t` goes to the timeline, `g o` to the overview (its milestones table).
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    await shown(page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' }));
    await page.keyboard.press('g');
    await page.keyboard.press('o');
    await shown(page.getByRole('columnheader', { name: 'Committed' }));
    expect(new URL(page.url()).pathname).toBe(`/programs/${PROGRAM}`);
  });

  it('refuses a bad token with the reason, and returns to sign-in when a kept token stops working', async () => {
    const page = await newPage();
    await page.goto(cockpit.url + '/');
    await page.getByLabel('API token').fill('vt_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await text(page.getByRole('alert')).toMatch(/That token was refused: invalid, expired or revoked token/);
    // A token kept in the session that the server no longer accepts: back to sign-in with the message.
    await keepToken(page, 'vt_revoked');
    await page.goto(`${cockpit.url}/programs/${PROGRAM}/timeline`);
    await text(page.getByRole('alert')).toMatch(/Your token was refused/);
    await shown(page.getByLabel('API token'));
  });

  it('keeps the first-paint JavaScript under the 300 KB gzip budget (DESIGN.md), as a production build', () => {
    const web = defaultWebDir();
    // First paint: the entry script and what index.html preloads; lazy chunks (tabs, elkjs, workers) come later.
    const html = readFileSync(join(web, 'index.html'), 'utf8');
    const first = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(first.length).toBeGreaterThan(0);
    const all = readdirSync(join(web, 'assets')).filter((f) => f.endsWith('.js'));
    expect(all.length).toBeGreaterThan(first.length); // the tabs are split out
    const js = first.map((f) => readFileSync(join(web, f)));
    const gzipped = js.reduce((sum, b) => sum + gzipSync(b).length, 0);
    process.stdout.write(`[web] first-paint JS: ${Math.round(js.reduce((s, b) => s + b.length, 0) / 1024)} KB, ${Math.round(gzipped / 1024)} KB gzipped (${first.length} of ${all.length} chunks)\n`);
    expect(gzipped).toBeLessThan(300 * 1024);
    expect(js.some((b) => b.includes('getCurrentStack'))).toBe(false); // a marker of React's development build
    expect(js.some((b) => b.includes('org.eclipse.elk'))).toBe(false); // the graph layout is lazy
    // The what-if engine, for a program or the portfolio, stays in the worker chunk.
    expect(js.some((b) => b.includes('whatif-slip-closed') || b.includes('no program could be read'))).toBe(false);
    expect(all.some((f) => f.startsWith('engine.worker') && readFileSync(join(web, 'assets', f), 'utf8').includes('no program could be read'))).toBe(true);
  });

  it('answers API paths with the API and unknown pages with the app', async () => {
    const api = await fetch(`${cockpit.url}/api/programs`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    const page = await fetch(`${cockpit.url}/programs/${PROGRAM}/timeline?zoom=quarter`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});

describeBrowser('web cockpit at 5,000 items', ({ newPage }) => {
  const cockpit = useCockpit(() => [{ text: generatePlan({ items: 5000, seed: 7, resources: true, threePoint: true }), file: 'gen.vantage.yaml' }]);

  it('renders the timeline of a 5,000-item program virtualised, and reports the first render time', async () => {
    const page = await newPage();
    // Only the timeline is measured: the Monte Carlo reads (strip, bands, health dots) are left out of this run.
    await page.route(/\/api\/programs\/[^/]+\/(brief|forecast)$/, (route) => route.abort());
    await page.goto(cockpit.url + '/');
    await keepToken(page, cockpit.token);
    const started = Date.now();
    await page.goto(`${cockpit.url}/programs/gen-7/timeline`);
    await page.getByTestId('timeline-row').first().waitFor();
    const firstRenderMs = Date.now() - started;
    const inBrowser = await page.evaluate(() => Math.round(performance.now()));
    process.stdout.write(`\n[web] first render of a 5,000-item timeline: ${firstRenderMs} ms (navigation to first bar; page clock ${inBrowser} ms)\n`);
    const grid = page.getByRole('treegrid', { name: /Timeline of Generated 5000/ });
    await attr(grid, 'aria-rowcount').toBe('5001');
    // Virtualised: a window of rows, not 5,000.
    const rendered = await page.getByTestId('timeline-row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(120);
    // Scrolling to the end renders the last rows.
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await shown(grid.getByRole('row', { name: /^T4999 / }));
    await page.screenshot({ path: artifact('web-timeline-5000.png') });
  });
});
