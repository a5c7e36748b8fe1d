/**
 * The cockpit's Forecast and Risks tabs in headless Chromium on the checkout demo: what they show must be what the
 * API answers (the same JSON as `vantage forecast|risks --format json`): probability on target, the tornado's order,
 * the register's order by exposure, the heat map's cells and the findings. Screenshots in both themes as artefacts.
 */
import { expect, it } from 'vitest';
import { artifact, describeBrowser } from '../browser.js';
import { checkoutExample, useCockpit } from './cockpit-server.js';
import { attr, shown, signIn } from './page.js';

const PROGRAM = 'checkout-revamp';


/** "83%" for 0.828, as the cockpit formats a probability. */
const pct = (p: number) => `${Math.round(p * 100)}%`;

type ForecastApi = {
  program: { probabilityOnTarget: number | null; confidence: number; target: string | null };
  milestones: { id: string; title: string; date: string | null; probabilityOnDate: number | null }[];
  items: { id: string; criticality: number }[];
  risks: { id: string; title: string; days: number }[];
  histogram: { date: string; count: number }[];
};
type RiskApi = {
  risks: { id: string; title: string; exposure: number; exposureUnit: 'days' | 'severity'; active: boolean }[];
  findings: { rule: string; message: string; items: string[] }[];
  heatMap: { probabilityBands: string[]; impactBands: string[]; cells: string[][][] };
};

describeBrowser('web cockpit: forecast and risks tabs', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample()]);
  const api = <T,>(path: string) => cockpit.api<T>(PROGRAM, path);

  it('shows the forecast: probability on target, histogram, S-curve, milestone odds, criticality and the tornado', async () => {
    const f = await api<ForecastApi>('forecast');
    expect(f.program.probabilityOnTarget).not.toBeNull();
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/forecast`);
    await attr(page.getByRole('link', { name: 'Forecast', exact: true }), 'aria-current').toBe('page');

    const onTarget = page.getByTestId('probability-on-target');
    await shown(onTarget);
    expect(await onTarget.textContent()).toBe(pct(f.program.probabilityOnTarget!));

    // The histogram (src/charts) draws one bar per finish date of the API's histogram, with P50/P85/P95 and target.
    const histogram = page.getByRole('figure', { name: 'Histogram of finish dates' });
    await shown(histogram);
    expect(await histogram.locator('svg rect title').count()).toBe(f.histogram.length);
    for (const label of ['P50', 'P85', 'P95', 'Target']) await shown(histogram.getByText(new RegExp(`^${label} \\d{4}-`)));

    // The S-curve names the same probability by the target.
    await shown(page.getByRole('img', { name: new RegExp(`^S-curve: .*; ${pct(f.program.probabilityOnTarget!)} by the target 19 Mar 2027$`) }));

    // Each committed milestone with its probability; vault-live (31%) is flagged below P85.
    const odds = page.getByRole('table', { name: 'Probability on each committed date' });
    for (const m of f.milestones.filter((x) => x.probabilityOnDate !== null)) {
      const row = odds.getByRole('row', { name: new RegExp(`^${m.title} `) });
      await shown(row);
      expect(await row.textContent()).toContain(pct(m.probabilityOnDate!));
      expect((await row.textContent())?.includes('below P85')).toBe(m.probabilityOnDate! < f.program.confidence);
    }

    // Criticality: the most often critical item first.
    const top = [...f.items].sort((a, b) => b.criticality - a.criticality)[0];
    const crit = page.getByRole('list', { name: 'Most often critical' }).getByRole('listitem');
    await attr(crit.first(), 'aria-label').toMatch(new RegExp(`^${top.id} .*: critical in ${pct(top.criticality)} of trials$`));

    // The tornado keeps the API's order: its first bar is the API's first risk, with its days at P85.
    const bars = page.getByRole('list', { name: 'Risk tornado: days added at P85' }).getByRole('listitem');
    expect(await bars.count()).toBe(f.risks.length);
    await attr(bars.first(), 'data-risk').toBe(f.risks[0].id);
    expect(await bars.first().getAttribute('aria-label')).toBe(`${f.risks[0].id} ${f.risks[0].title}: +${f.risks[0].days} working days at P85`);

    // Impact over perfection: the API's scope answer, and its cut opens as a what-if on the timeline.
    const scope = await api<{ deferred: string[]; probabilityBefore: number; probabilityAfter: number; cuts: { id: string; daysBought: number }[] }>('scope');
    expect(scope.deferred.length).toBeGreaterThan(0);
    const summary = page.getByTestId('scope-summary');
    await shown(summary);
    expect(await summary.textContent()).toContain(`defer ${scope.deferred.length} nice-to-have`);
    expect(await summary.textContent()).toContain(`on target ${pct(scope.probabilityBefore)} → ${pct(scope.probabilityAfter)}`);
    const cuts = page.getByRole('list', { name: 'Deferred, in the order they buy time' }).getByRole('listitem');
    expect(await cuts.count()).toBe(scope.cuts.length);
    expect(await cuts.first().textContent()).toContain(`buys ${scope.cuts[0].daysBought} working day`);
    await page.screenshot({ path: artifact('web-forecast.png'), fullPage: true });
    const see = page.getByRole('link', { name: 'See the cut on the timeline' });
    expect(new URL((await see.getAttribute('href'))!, cockpit.url).searchParams.get('scenario')).toBe(scope.deferred.map((id) => `cut:${id}`).join(','));

    // Dark theme from the same tokens: the S-curve's panel follows it (the src/charts histogram stays on paper).
    const panel = () => page.evaluate(`getComputedStyle(document.querySelector('.svg-chart')).backgroundColor`);
    expect(await panel()).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await panel()).toBe('rgb(30, 33, 37)');
    await page.screenshot({ path: artifact('web-forecast-dark.png'), fullPage: true });
  });

  it('shows the risks: the register by exposure (sortable), the 5×5 heat map and the findings', async () => {
    const r = await api<RiskApi>('risk-report');
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/risks`);
    const register = page.getByRole('table', { name: 'Register' });
    await shown(register);
    const rows = register.locator('tbody tr');
    expect(await rows.count()).toBe(r.risks.length);
    // Highest exposure first: the largest among active risks measured in working days (R1, 3.02 d, just above R3).
    const highest = r.risks.filter((x) => x.active && x.exposureUnit === 'days').sort((a, b) => b.exposure - a.exposure)[0];
    await attr(rows.first(), 'data-risk').toBe(highest.id);
    expect(await rows.first().getByTestId('exposure').textContent()).toBe(`${highest.exposure} d`);
    const exposureHeader = register.getByRole('columnheader', { name: /Exposure/ });
    await attr(exposureHeader, 'aria-sort').toBe('descending');
    // Sorting ascending puts that risk last and a closed one (no exposure) first; again restores the order.
    await register.getByRole('button', { name: /Exposure/ }).click();
    await attr(exposureHeader, 'aria-sort').toBe('ascending');
    await attr(rows.last(), 'data-risk').toBe(highest.id);
    const closed = r.risks.find((x) => !x.active);
    if (closed) await attr(rows.first(), 'data-risk').toBe(closed.id);
    await register.getByRole('button', { name: /Exposure/ }).click();
    await attr(rows.first(), 'data-risk').toBe(highest.id);

    // The heat map: 25 cells, each with the API's count, the most likely band on top.
    const heat = page.getByRole('table', { name: 'Heat map' });
    const cells = heat.getByTestId('heat-cell');
    expect(await cells.count()).toBe(25);
    const shownCounts = (await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))) as number[];
    const apiCounts = [...r.heatMap.cells].reverse().flatMap((row) => row.map((ids) => ids.length));
    expect(shownCounts).toEqual(apiCounts);
    expect(apiCounts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await shown(heat.getByRole('cell', { name: /^Probability <=30%, impact <=10d: 2 risks \(R1, R2\)$/ }));

    // Findings: every one with its rule, message, items and action.
    const findings = page.getByRole('list', { name: /^Detected findings/ }).getByRole('listitem');
    expect(await findings.count()).toBe(r.findings.length);
    const first = findings.first();
    await attr(first, 'data-rule').toBe(r.findings[0].rule);
    expect(await first.textContent()).toContain(r.findings[0].message);
    for (const id of r.findings[0].items) await shown(first.getByRole('link', { name: id, exact: true }));
    await shown(first.getByText(/^Do:/));
    await page.screenshot({ path: artifact('web-risks.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-risks-dark.png'), fullPage: true });

    // A finding's item is one click from the timeline with it selected; `g r` comes back.
    await first.getByRole('link', { name: r.findings[0].items[0], exact: true }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/programs/${PROGRAM}/timeline\\?sel=${r.findings[0].items[0]}$`));
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await shown(page.getByRole('table', { name: 'Register' }));
  });

  it('makes a finding a risk: a draft in the register, recorded so it is not offered twice', async () => {
    const before = await api<RiskApi>('risk-report');
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/risks`);
    const first = page.getByRole('list', { name: /^Detected findings/ }).getByRole('listitem').first();
    await first.getByRole('button', { name: 'Make it a risk' }).click();
    // R1..R4 are taken: the draft is R5, open, with the finding's message as its title and no probability yet.
    await shown(first.getByText('In the register as R5.'));
    const row = page.getByRole('table', { name: 'Register' }).locator('tbody tr[data-risk="R5"]');
    await shown(row);
    expect(await row.textContent()).toContain(before.findings[0].message);
    expect(await row.textContent()).toContain('no probability');
    const after = await api<RiskApi>('risk-report');
    expect(after.risks.length).toBe(before.risks.length + 1);
    expect(after.risks.find((x) => x.id === 'R5')?.title).toBe(before.findings[0].message);
    // The file records the finding's key, so after a reload the finding says where it went instead of offering again.
    await page.reload();
    await shown(page.getByRole('list', { name: /^Detected findings/ }).getByRole('listitem').first().getByText('In the register as R5.'));
    expect(await page.getByRole('button', { name: 'Make it a risk' }).count()).toBe(before.findings.length - 1);
  });
});
