/**
 * What-if on the timeline in headless Chromium (issue 9), on the checkout demo: slip an item on the critical path by
 * typed days and see a milestone move by exactly the delta POST /api/programs/{id}/whatif answers (the CLI's JSON),
 * the scenario in the URL surviving a reload, Esc resetting; `s` going to the slip input; a dragged bar showing
 * "+N d"; cut and capacity; saved scenarios; dependency arrows on hover. Then the recompute time of the worker on a
 * generated 1,000-item plan, printed (never asserted). Screenshots of a scenario in light and dark themes.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generatePlan } from '../../bench/gen-plan.js';
import { artifact, describeBrowser } from '../browser.js';
import { checkoutExample, useCockpit } from './cockpit-server.js';
import { attr, focused, shown, signIn } from './page.js';

const PROGRAM = 'checkout-revamp';


type WhatIfApi = { milestones: { id: string; before: string; after: string; deltaDays: number }[]; program: { after: string; deltaDays: number } };

/** The accessible name the timeline gives a milestone row under a scenario (layout.ts scenarioNote). */
function scenarioNote(m: WhatIfApi['milestones'][number]): string {
  if (m.deltaDays === 0) return ', scenario unchanged';
  const d = Math.abs(m.deltaDays);
  return `, scenario ${m.after}, ${d} working ${d === 1 ? 'day' : 'days'} ${m.deltaDays > 0 ? 'later' : 'earlier'}`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const scenarioOf = (page: Page) => new URL(page.url()).searchParams.get('scenario');

describeBrowser('web cockpit: what-if on the timeline', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample()]);
  let whatif: (body: Record<string, string[]>) => Promise<WhatIfApi>;
  let titles: Map<string, string>;
  beforeAll(async () => {
    whatif = async (body) => {
      const res = await fetch(`${cockpit.url}/api/programs/${PROGRAM}/whatif`, { method: 'POST', headers: { Authorization: `Bearer ${cockpit.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return (await res.json()) as WhatIfApi;
    };
    const res = await fetch(`${cockpit.url}/api/programs/${PROGRAM}/schedule`, { headers: { Authorization: `Bearer ${cockpit.token}` } });
    titles = new Map(((await res.json()) as { milestones: { id: string; title: string }[] }).milestones.map((m) => [m.id, m.title]));
  }, 120_000);

  /** Every milestone row and the panel show the API's scenario date and delta for it. */
  async function expectMilestones(page: Page, api: WhatIfApi): Promise<void> {
    const grid = page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' });
    const panel = page.getByRole('complementary', { name: 'What-if' });
    for (const m of api.milestones) {
      const title = titles.get(m.id)!;
      await attr(grid.getByRole('row', { name: new RegExp(`^Milestone ${escapeRe(title)},`) }), 'aria-label').toContain(scenarioNote(m));
      const delta = `${m.deltaDays > 0 ? '+' : '−'}${Math.abs(m.deltaDays)} d`;
      if (m.deltaDays !== 0) await shown(panel.getByRole('row', { name: `${title}: ${m.before} to ${m.after}, ${delta}` }));
    }
  }

  it('slips a critical item by typed days: the milestone moves by the API\'s delta; the URL keeps it; Esc resets', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/timeline?sel=PAY-7`);
    const panel = page.getByRole('complementary', { name: 'What-if' });
    const status = panel.getByTestId('whatif-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^Ready: \d+ items prepared in \d+ ms\.$/);
    const grid = page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' });
    await shown(grid.getByRole('row', { name: /^PAY-7 .*, critical$/ }));

    await panel.getByLabel('Slip PAY-7 by (working days)').fill('6');
    const api = await whatif({ slip: ['PAY-7=6'] });
    const vault = api.milestones.find((m) => m.id === 'vault-live')!;
    expect(vault.deltaDays).toBeGreaterThan(0); // PAY-7 drives the card vault milestone
    await expectMilestones(page, api);
    await shown(grid.getByRole('row', { name: /^Milestone Card vault live in production,.*, scenario \d{4}-\d\d-\d\d, \d+ working days later$/ }));
    await attr(status, 'data-scenario').toBe('slip:PAY-7:6');
    await expect.poll(() => status.textContent()).toMatch(/^Recomputed in \d+ ms \(\d+ ms in the engine worker\)$/);
    // The program's finish in the panel is the API's too.
    await shown(panel.getByLabel('Program finish under the scenario').getByText(new RegExp(`${api.program.deltaDays > 0 ? '\\+' : '−'}${Math.abs(api.program.deltaDays)} d`)));
    // So does the timeline's header, beside the baseline finish.
    expect(api.program.deltaDays).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.tl-corner').textContent()).toMatch(new RegExp(`finish 22 Feb 2027 → \\d+ \\w+ \\d{4} \\+${api.program.deltaDays} d$`));
    // The moved bar is drawn at its scenario dates over a ghost of the baseline, and named so.
    await attr(grid.getByRole('row', { name: /^PAY-7 / }), 'aria-label').toMatch(/, scenario \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/);
    expect(await page.locator('.tl-bars .bar-ghost').count()).toBeGreaterThan(0);
    expect(scenarioOf(page)).toBe('slip:PAY-7:6');
    // Screenshots on a desk-sized screen, with the milestones in view.
    await page.setViewportSize({ width: 1440, height: 1000 });
    await grid.evaluate((el) => (el.scrollTop = 0));
    await shown(grid.getByRole('row', { name: /^Milestone General availability/ }));
    await page.screenshot({ path: artifact('web-whatif.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-whatif-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // A reload (or a pasted link) comes back to the same scenario and impacts.
    await page.reload();
    await attr(page.getByRole('complementary', { name: 'What-if' }).getByTestId('whatif-status'), 'data-scenario').toBe('slip:PAY-7:6');
    await expectMilestones(page, api);
    await expect.poll(() => page.getByLabel('Slip PAY-7 by (working days)').inputValue()).toBe('6');

    // Esc resets: the URL loses the scenario and the rows their scenario dates.
    await page.getByRole('row', { name: /^PAY-7 / }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => scenarioOf(page)).toBeNull();
    await attr(page.getByRole('row', { name: /^Milestone Card vault live in production,/ }), 'aria-label').not.toContain('scenario');
    await shown(page.getByRole('complementary', { name: 'What-if' }).getByText('None yet.'));

    // `s` on a selected row goes to its slip input; arrows still move the selection.
    await page.getByRole('row', { name: /^PAY-7 / }).focus();
    await page.keyboard.press('ArrowUp');
    await focused(page.getByRole('row', { name: /^PAY-6 / }));
    await page.keyboard.press('s');
    await focused(page.getByLabel('Slip PAY-6 by (working days)'));
  }, 180_000);

  it('drags a bar to slip it, showing "+N d" while dragging, and drops it into the scenario', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/timeline?zoom=week&sel=PAY-7`);
    await expect.poll(() => page.getByTestId('whatif-status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);
    const bar = page.locator('[data-bar="PAY-7"]');
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.boundingBox())!;
    // Grab the bar near its finish (its start may lie under the sticky labels); nothing may cover it there.
    const grabX = box.x + box.width - 8;
    const y = box.y + box.height / 2;
    expect(await page.evaluate(`document.elementFromPoint(${grabX}, ${y})?.getAttribute('data-bar')`)).toBe('PAY-7');
    await page.mouse.move(grabX, y);
    await page.mouse.down();
    // Week zoom: 22 px a day; 7 calendar days to the right are 5 working days.
    for (let step = 1; step <= 7; step++) await page.mouse.move(grabX + step * 22, y);
    await expect.poll(() => page.locator('.drag-label').textContent()).toBe('+5 d');
    await shown(page.locator('.tl-corner').getByText('Slipping PAY-7 by +5 d'));
    expect(await page.getByRole('status').filter({ hasText: 'Slipping PAY-7 by +5 d' }).count()).toBe(1); // read out too
    await page.screenshot({ path: artifact('web-whatif-drag.png') });
    await page.mouse.up();
    await expect.poll(() => scenarioOf(page)).toBe('slip:PAY-7:5');
    await expectMilestones(page, await whatif({ slip: ['PAY-7=5'] }));
    await expect.poll(() => page.getByLabel('Slip PAY-7 by (working days)').inputValue()).toBe('5');

    // A second drag adds to the slip; Esc mid-drag drops it and keeps the scenario as it was.
    // The bar is longer now; where it was grabbed before is still on it.
    expect(await page.evaluate(`document.elementFromPoint(${grabX}, ${y})?.getAttribute('data-bar')`)).toBe('PAY-7');
    await page.mouse.move(grabX, y);
    await page.mouse.down();
    for (let step = 1; step <= 3; step++) await page.mouse.move(grabX - step * 22, y);
    await shown(page.locator('.tl-corner').getByText(/^Slipping PAY-7 by −\d d$/));
    await page.keyboard.press('Escape');
    await page.mouse.up();
    expect(await page.locator('.drag-label').count()).toBe(0);
    expect(scenarioOf(page)).toBe('slip:PAY-7:5');
  }, 120_000);

  it('cuts an item, adds capacity, removes a change, and saves and reloads a named scenario', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/timeline?sel=PAY-7`);
    const panel = page.getByRole('complementary', { name: 'What-if' });
    await expect.poll(() => panel.getByTestId('whatif-status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);

    await panel.getByRole('button', { name: 'Cut PAY-7' }).click();
    await attr(panel.getByRole('button', { name: 'Restore PAY-7' }), 'aria-pressed').toBe('true');
    expect(scenarioOf(page)).toBe('cut:PAY-7');
    await expectMilestones(page, await whatif({ cut: ['PAY-7'] }));
    await attr(page.getByRole('row', { name: /^PAY-7 / }), 'aria-label').toMatch(/, cut in the scenario$/);

    await panel.getByLabel('Team or person').selectOption('bo');
    await panel.getByLabel('Capacity change').fill('1');
    await panel.getByRole('button', { name: 'Add capacity' }).click();
    await expect.poll(() => scenarioOf(page)).toBe('cut:PAY-7,capacity:bo:+1');
    const changes = panel.getByRole('region', { name: 'Scenario changes' });
    await shown(changes.getByText('Capacity of bo +1'));
    await expectMilestones(page, await whatif({ cut: ['PAY-7'], capacity: ['bo=+1'] }));

    await panel.getByRole('button', { name: 'Remove: Cut PAY-7' }).click();
    await expect.poll(() => scenarioOf(page)).toBe('capacity:bo:+1');
    await expectMilestones(page, await whatif({ capacity: ['bo=+1'] }));

    await panel.getByLabel('Scenario name').fill('Bo full time');
    await panel.getByRole('button', { name: 'Save as scenario' }).click();
    await shown(panel.getByRole('button', { name: 'Load scenario Bo full time' }));
    await panel.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => scenarioOf(page)).toBeNull();
    await page.reload(); // saved in the browser, not the page
    const reloaded = page.getByRole('complementary', { name: 'What-if' });
    // The panel grows as the engine readies (impacts, team list): click once it has, not while it moves.
    await expect.poll(() => reloaded.getByTestId('whatif-status').textContent(), { timeout: 30_000 }).toMatch(/^Ready/);
    await reloaded.getByRole('button', { name: 'Load scenario Bo full time' }).click();
    await expect.poll(() => scenarioOf(page)).toBe('capacity:bo:+1');
  }, 180_000);

  it('shows a bad scenario link as a message, not a blank page', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/timeline?scenario=slip:PAY-7`);
    await shown(page.getByRole('alert').getByText("The scenario in the link could not be read: scenario change 'slip:PAY-7' must look like slip:ID:DAYS (e.g. slip:PAY-2:5)."));
    await shown(page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' }));
  }, 120_000);

  it('draws dependency arrows for the hovered item, from predecessor finish to successor start', async () => {
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}/timeline`);
    // Nothing selected: the engine waits (a large plan costs nothing until a what-if is wanted); the arrows need only the model.
    await expect.poll(() => page.getByTestId('whatif-status').textContent(), { timeout: 30_000 }).toBe('The what-if engine starts when you select an item or use this panel.');
    await page.getByRole('row', { name: /^PAY-4 / }).hover();
    // PAY-4 is after PAY-2; PAY-5 and PAY-8 are after PAY-4 (examples/checkout.vantage.yaml), all in view.
    await expect.poll(() => page.locator('path.dep-arrow[data-to="PAY-4"]').getAttribute('data-from')).toBe('PAY-2');
    for (const succ of ['PAY-5', 'PAY-8']) expect(await page.locator(`path.dep-arrow[data-from="PAY-4"][data-to="${succ}"]`).count()).toBe(1);
    // Only between rows in view (rendered): PAY-4's successors further down (PLT-3, MOB-2...) get no arrow yet.
    const ends = await page.locator('path.dep-arrow').evaluateAll((els) => els.flatMap((e) => [e.getAttribute('data-from')!, e.getAttribute('data-to')!]));
    for (const id of new Set(ends)) expect(await page.getByRole('row', { name: new RegExp(`^${id} `) }).count()).toBe(1);
    expect(ends).not.toContain('PLT-3');
    await page.screenshot({ path: artifact('web-timeline-arrows.png') });
    // Nothing hovered and no item selected: no arrows.
    await page.getByRole('complementary', { name: 'What-if' }).hover();
    await expect.poll(() => page.locator('path.dep-arrow').count()).toBe(0);
  }, 120_000);
});

describeBrowser('what-if recompute on a 1,000-item plan', ({ newPage }) => {
  const cockpit = useCockpit(() => [
    { text: generatePlan({ items: 1000, seed: 7, resources: true, threePoint: true }), file: 'gen.vantage.yaml' },
    { text: generatePlan({ items: 1000, seed: 8, resources: false, threePoint: true }), file: 'gen-deps.vantage.yaml' },
  ]);

  for (const [programId, mode] of [
    ['gen-7', 'levelled (resources)'],
    ['gen-8', 'dependency-only'],
  ] as const) {
    it(`measures the worker's recompute and the round trip for slips, ${mode}`, async () => {
      const page = await newPage();
      await page.route(/\/api\/programs\/[^/]+\/(brief|forecast)$/, (route) => route.abort());
      const model = (await (await fetch(`${cockpit.url}/api/programs/${programId}/model`, { headers: { Authorization: `Bearer ${cockpit.token}` } })).json()) as { program: { items: { id: string; status: string }[] } };
      expect(model.program.items).toHaveLength(1000);
      const id = model.program.items.find((i) => i.status === 'todo')!.id;
      await page.goto(cockpit.url + '/');
      await page.evaluate(`sessionStorage.setItem('vantage.token', ${JSON.stringify(cockpit.token)})`);
      await page.goto(`${cockpit.url}/programs/${programId}/timeline?sel=${id}`);
      const status = page.getByTestId('whatif-status');
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^Ready: 1000 items prepared/);
      const prepare = (await status.textContent())!;
      const input = page.getByLabel(`Slip ${id} by (working days)`);
      const engine: number[] = [];
      const roundTrip: number[] = [];
      const onScreen: number[] = [];
      for (let days = 1; days <= 11; days++) {
        const started = Date.now();
        await input.fill(String(days));
        await expect.poll(() => status.getAttribute('data-scenario'), { timeout: 60_000, interval: 5 }).toBe(`slip:${id}:${days}`);
        const elapsed = Date.now() - started;
        if (days === 1) continue; // the first run warms the JIT
        engine.push(Number(await status.getAttribute('data-compute-ms')));
        roundTrip.push(Number(await status.getAttribute('data-roundtrip-ms')));
        onScreen.push(elapsed);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      process.stdout.write(
        `\n[web] what-if recompute, 1,000 items, ${mode} (median of ${engine.length} slips of ${id}): worker engine ${median(engine).toFixed(1)} ms, ` +
          `round trip ${median(roundTrip).toFixed(1)} ms, typed to shown ${median(onScreen)} ms (incl. test polling); ${prepare}\n`,
      );
      expect(engine.every((ms) => Number.isFinite(ms) && ms > 0)).toBe(true);
      expect(roundTrip.length).toBe(10);
    }, 300_000);
  }
});
