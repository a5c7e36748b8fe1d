/**
 * The People tab, the My time page and the shell's tablet and theme behaviour in headless Chromium on the checkout
 * demo: what the views show must be what the API answers (the JSON of `vantage raci|load|time --format json`), the
 * theme toggle must survive a reload, and at 768×1024 the rail folds while the timeline stays usable without the page
 * scrolling sideways. Screenshots as artefacts.
 */
import { expect, it } from 'vitest';
import { artifact, describeBrowser } from '../browser.js';
import { checkoutExample, useCockpit } from './cockpit-server.js';
import { attr, shown, signIn } from './page.js';

const PROGRAM = 'checkout-revamp';
/** A program without a time: section, listed before checkout (programs list by id). */
const AARDVARK = { file: 'aardvark.vantage.yaml', text: 'vantage: 1\nprogram: {id: aardvark, name: Aardvark pilot, start: 2026-11-02}\npeople:\n  - {id: zoe, name: Zoe}\nitems:\n  - {id: A-1, title: Spike, owner: zoe, estimate: 3}\n', files: [] };

const pct = (p: number) => `${Math.round(p * 100)}%`;

type RaciApi = { people: string[]; findings: { check: string; severity: string; subject: string; message: string; fix: string }[] };
type LoadApi = { periods: { id: string; from: string }[]; rows: { id: string; overAllocated: string[] }[]; overAllocations: { resource: string; period: string }[]; levelled: boolean };
type TimeApi = { weeks: { week: string; strategicHours: number; tacticalHours: number; share: number; target: number }[]; focusBlocks: { local: string }[]; sinks: { title: string }[] };

/** "7 Dec", as the cockpit names a week by its first day. */
const dayMonth = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

describeBrowser('web cockpit: people, my time, tablet and theme', ({ newPage }) => {
  const cockpit = useCockpit(() => [AARDVARK, checkoutExample()]);
  const api = <T,>(path: string) => cockpit.api<T>(PROGRAM, path);

  it('shows the RACI matrix with the API’s findings inline, and the load heat map’s over-allocations', async () => {
    const raci = await api<RaciApi>('raci');
    expect(raci.findings.length).toBeGreaterThan(0);
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/people`);
    await attr(page.getByRole('link', { name: 'People', exact: true }), 'aria-current').toBe('page');

    const matrix = page.getByRole('table', { name: 'RACI' });
    await shown(matrix);
    // The summary counts what the API found; every finding is on a row of the matrix, word for word with its fix.
    await shown(page.getByTestId('raci-summary').getByText(`${raci.findings.length} findings:`, { exact: false }));
    const rows = matrix.getByTestId('raci-finding');
    expect(await rows.count()).toBe(raci.findings.length);
    const first = raci.findings[0];
    const row = rows.filter({ hasText: first.message }).first();
    await shown(row);
    expect(await row.locator('.finding-message').first().textContent()).toBe(first.message);
    expect(await row.textContent()).toContain(first.fix);
    // A cell says in words who holds which role: bo is accountable and responsible on payments.
    await shown(matrix.getByRole('cell', { name: 'bo on payments: Accountable, Responsible' }));
    // A workstream opens to its items; their cells inherit its RACI.
    await matrix.getByRole('button', { name: /^payments Payments platform \d+ items/ }).click();
    await attr(matrix.getByRole('button', { name: /^payments Payments platform / }), 'aria-expanded').toBe('true');
    await shown(matrix.getByRole('cell', { name: 'bo on PAY-2: Accountable, Responsible' }));

    // Clicking a person selects them in the URL.
    await matrix.getByRole('button', { name: 'bo', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/\/people\?sel=bo$/);
    await attr(matrix.getByRole('button', { name: 'bo', exact: true }), 'aria-pressed').toBe('true');

    // The levelled plan has no over-allocation; before levelling, the heat map flags exactly the API's cells.
    const levelled = await api<LoadApi>('load?by=week');
    const heat = page.getByRole('table', { name: 'Load per person and week' });
    await shown(heat);
    expect(await heat.locator('td[data-over]').count()).toBe(levelled.overAllocations.length);
    await page.screenshot({ path: artifact('web-people.png'), fullPage: true });

    const unlevelled = await api<LoadApi>('load?by=week&level=false');
    expect(unlevelled.overAllocations.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Without levelling' }).click();
    await shown(page.getByTestId('load-summary').getByText(`▲ ${unlevelled.overAllocations.length} over-allocated weeks`));
    await expect.poll(() => heat.locator('td[data-over]').count(), { timeout: 20_000 }).toBe(unlevelled.overAllocations.length);
    for (const o of unlevelled.overAllocations) {
      const from = unlevelled.periods.find((p) => p.id === o.period)!.from;
      const cell = heat.getByRole('cell', { name: new RegExp(`^${o.resource}, week of ${dayMonth(from)}: \\d+%, over-allocated`) });
      await shown(cell);
      expect(await cell.textContent()).toMatch(/^▲ \d+%/);
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-people-dark.png'), fullPage: true });

    // An item's id opens it selected on the timeline.
    await matrix.getByRole('link', { name: 'PAY-2', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/\/programs\/checkout-revamp\/timeline\?sel=PAY-2$/);
  });

  it('shows My time: each week’s strategic share against the target, sinks and focus blocks', async () => {
    const t = await api<TimeApi>('time?weeks=8');
    expect(t.weeks).toHaveLength(8);
    const page = await newPage();
    await signIn(page, cockpit, '/time');
    await attr(page.getByRole('link', { name: 'My time' }), 'aria-current').toBe('page');
    const table = page.getByRole('table', { name: 'Strategic and tactical hours per week' });
    await shown(table);
    // The first program with a time: section is chosen and kept in the URL when stepping.
    expect(await page.getByLabel('Program', { exact: true }).inputValue()).toBe(PROGRAM);
    for (const w of t.weeks) {
      const row = table.getByRole('row', { name: new RegExp(`^${w.week} `) });
      await shown(row);
      const counted = w.strategicHours + w.tacticalHours > 0;
      expect(await row.getByTestId('share').textContent()).toBe(counted ? `${w.share < w.target ? '▼' : '✓'} ${pct(w.share)}` : 'no meetings');
      expect(await row.textContent()).toContain(pct(w.target));
    }
    const chart = page.getByRole('img', { name: /^Strategic share per week against the target of 40%: / });
    await shown(chart);
    expect(await chart.locator('rect.time-strategic').count()).toBe(t.weeks.filter((w) => w.strategicHours + w.tacticalHours > 0).length);
    await shown(chart.getByText('Target 40%'));
    await shown(page.getByRole('heading', { name: 'Largest tactical sinks' }));
    for (const s of t.sinks.slice(0, 2)) await shown(page.getByText(s.title, { exact: true }));
    if (t.focusBlocks.length > 0) {
      await shown(page.getByText(t.focusBlocks[0].local));
      const download = page.getByRole('link', { name: 'Download the focus blocks (.ics)' });
      expect(decodeURIComponent((await download.getAttribute('href')) ?? '')).toContain('SUMMARY:Focus: strategy');
    }
    await page.screenshot({ path: artifact('web-my-time.png'), fullPage: true });

    await page.getByRole('button', { name: '← Earlier' }).click();
    await expect.poll(() => page.url()).toMatch(/\/time\?program=checkout-revamp&week=2026-W40$/);
    await shown(table.getByRole('row', { name: /^2026-W40 / }));
    // How many weeks is in the link too, and the table follows it.
    await page.getByLabel('Weeks shown').selectOption('4');
    await expect.poll(() => page.url()).toMatch(/\/time\?program=checkout-revamp&week=2026-W40&weeks=4$/);
    await expect.poll(() => table.getByRole('row').count()).toBe(4 + 1);
    await page.getByLabel('Weeks shown').selectOption('8');
    await expect.poll(() => page.url()).toMatch(/\/time\?program=checkout-revamp&week=2026-W40$/);

    // A program without a time: section teaches how to add one.
    await page.getByLabel('Program', { exact: true }).selectOption('aardvark');
    await expect.poll(() => page.url()).toMatch(/\/time\?program=aardvark&week=2026-W40$/);
    await shown(page.getByText('Aardvark pilot has no time: section.'));
    expect(await page.locator('pre.snippet').textContent()).toMatch(/^time:\n {2}email: .*\n {2}target_strategic: 0\.4/);
    expect(await page.getByRole('option', { name: 'Aardvark pilot (no time: section)' }).count()).toBe(1);
  });

  it('switches to the dark theme from the rail and keeps it after a reload', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}`);
    const dark = page.getByRole('group', { name: 'Theme' }).getByRole('button', { name: 'Dark theme' });
    await shown(dark);
    const bg = () => page.evaluate<string>(`getComputedStyle(document.documentElement).backgroundColor`);
    const light = await bg();
    await dark.click();
    await attr(page.locator('html'), 'data-theme').toBe('dark');
    await expect.poll(bg).not.toBe(light);
    await page.reload();
    await attr(page.locator('html'), 'data-theme').toBe('dark');
    await attr(page.getByRole('button', { name: 'Dark theme' }), 'aria-pressed').toBe('true');
    await page.getByRole('button', { name: 'Light theme' }).click();
    await attr(page.locator('html'), 'data-theme').toBe('light');
    // Light chosen by hand wins over a dark system preference.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await bg()).toBe(light);
    await page.getByRole('button', { name: 'System theme' }).click();
    await attr(page.locator('html'), 'data-theme').toBe(null);
    await expect.poll(bg).not.toBe(light);
  });

  it('folds the rail at 768×1024 and keeps the overview and timeline usable without sideways page scroll', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 768, height: 1024 });
    await signIn(page, cockpit, `/programs/${PROGRAM}`);
    const menu = page.getByRole('button', { name: 'Menu' });
    await shown(menu);
    await attr(menu, 'aria-expanded').toBe('false');
    expect(await page.getByRole('link', { name: 'My time' }).isVisible()).toBe(false);
    await shown(page.getByRole('link', { name: 'Timeline', exact: true }));
    const overflow = () => page.evaluate<number>(`document.scrollingElement.scrollWidth - window.innerWidth`);
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact('web-tablet-overview.png'), fullPage: true });

    // The menu opens the rail over the view; following a link closes it.
    await menu.click();
    await attr(menu, 'aria-expanded').toBe('true');
    await shown(page.getByRole('link', { name: 'My time' }));
    await page.getByRole('navigation', { name: 'Programs' }).getByRole('link', { name: /Checkout revamp/ }).click();
    await attr(menu, 'aria-expanded').toBe('false');

    await page.getByRole('link', { name: 'Timeline', exact: true }).click();
    const grid = page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' });
    await shown(grid);
    await shown(grid.getByRole('row', { name: /^PAY-2 / }));
    // Tap once the forecast bands have arrived (the rows then stay put: the toolbar keeps the place of its note).
    await page.getByText('forecasting bands…').waitFor({ state: 'hidden', timeout: 30_000 });
    await grid.getByRole('row', { name: /^payments: / }).click();
    await attr(grid.getByRole('row', { name: /^payments: / }), 'aria-expanded').toBe('false');
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    // The what-if panel goes below the timeline, which keeps the view's width for its bars.
    const view = (await page.locator('main.view').boundingBox())!;
    const timeline = (await page.locator('.tl-scroll').boundingBox())!;
    const panel = (await page.getByRole('complementary', { name: 'What-if' }).boundingBox())!;
    expect(timeline.width).toBeGreaterThan(view.width * 0.9);
    expect((await page.locator('.tl-labels').boundingBox())!.width).toBeLessThan(timeline.width * 0.35);
    expect(panel.y).toBeGreaterThanOrEqual(timeline.y + timeline.height);
    await page.screenshot({ path: artifact('web-tablet-timeline.png') });

    // The People tab's wide tables scroll inside their box, not the page.
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await shown(page.getByRole('table', { name: 'RACI' }));
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact('web-tablet-landscape-people.png') });
  });
});
