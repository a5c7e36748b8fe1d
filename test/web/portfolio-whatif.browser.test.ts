/**
 * "What if" across programs on the portfolio page, in headless Chromium with checkout and loyalty imported (each
 * stored alone, as the store keeps them): a pasted `/portfolio?scenario=slip:checkout-revamp/PAY-7:10` shows, per
 * program, the milestones that move with the dates and deltas `vantage whatif examples/commerce.portfolio.yaml`
 * prints, the chain into loyalty in words, and links to each program's timeline with its own scenario; then choosing
 * an item and days and pressing Run puts the scenario in the URL and shows the CLI's answer for it, and Add to
 * scenario joins a second change. No serious axe-core violation with the answer shown, light or dark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifact, describeBrowser } from '../browser.js';
import { runCli } from '../cli.js';
import { violations } from './axe.js';
import { checkoutExample, ROOT, TODAY, useCockpit } from './cockpit-server.js';
import { attr, shown, signIn, text } from './page.js';

type CliMilestone = { id: string; program: string; before: string; after: string; deltaDays: number };
type CliJson = { milestones: CliMilestone[]; programs: { id: string; before: string; after: string; deltaDays: number }[] };

async function cliWhatIf(slips: string | string[]): Promise<CliJson> {
  const flags = [slips].flat().flatMap((s) => ['--slip', s]);
  const run = await runCli(['--today', TODAY, 'whatif', join(ROOT, 'examples', 'commerce.portfolio.yaml'), ...flags, '--format', 'json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as CliJson;
}

/** 2027-02-26 as the page writes it (format.ts formatDate: "26 Feb 2027"). */
function shownDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
}

const signed = (d: number) => (d === 0 ? '0 d' : `${d > 0 ? '+' : '−'}${Math.abs(d)} d`);

/** Every milestone the CLI moves is a row of its program's table with the CLI's dates and delta, and no other row is. */
async function expectMoves(page: Page, cli: CliJson): Promise<void> {
  const moved = cli.milestones.filter((m) => m.deltaDays !== 0);
  const panel = page.getByRole('region', { name: 'What if' });
  const programs = new Set(moved.map((m) => m.program));
  await text(panel.getByTestId('pwhatif-status')).toMatch(new RegExp(`^Moves: ${moved.length} milestones? in ${programs.size} programs? \\(computed in \\d+ ms\\)\\.$`));
  for (const m of moved) {
    const row = panel.locator(`tr[data-milestone="${m.program}/${m.id}"]`);
    await shown(row);
    expect(await row.getAttribute('data-delta')).toBe(String(m.deltaDays));
    expect(await row.locator('td').nth(0).textContent()).toBe(`${shownDate(m.before)} → ${shownDate(m.after)}`);
    expect(await row.locator('td').nth(1).textContent()).toBe(signed(m.deltaDays));
  }
  expect(await panel.locator('tr[data-milestone]').count()).toBe(moved.length);
  for (const p of cli.programs.filter((x) => x.deltaDays !== 0)) {
    await shown(panel.locator(`[data-program="${p.id}"]`).getByLabel(`Finish ${p.before} to ${p.after}, ${signed(p.deltaDays)}`));
  }
}

describeBrowser('web cockpit: what if across programs on the portfolio', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample(), { text: readFileSync(join(ROOT, 'examples', 'loyalty.vantage.yaml'), 'utf8'), file: 'loyalty.vantage.yaml', files: [] }]);

  it('opens a shared scenario link: the milestones of both programs move by the CLI\'s deltas, the chain into loyalty in words', async () => {
    const cli = await cliWhatIf('checkout-revamp/PAY-7=10');
    expect(cli.milestones.find((m) => m.program === 'loyalty' && m.deltaDays > 0)).toBeDefined(); // the slip crosses into loyalty
    const page = await newPage();
    await signIn(page, cockpit, '/portfolio?scenario=slip:checkout-revamp/PAY-7:10');
    const panel = page.getByRole('region', { name: 'What if' });
    await expectMoves(page, cli);
    await attr(panel.getByTestId('pwhatif-status'), 'data-scenario').toBe('slip:checkout-revamp/PAY-7:10');
    // The form shows the scenario it answers.
    expect(await panel.getByLabel('Item').inputValue()).toBe('checkout-revamp/PAY-7');
    expect(await panel.getByLabel('Working days').inputValue()).toBe('10');
    // The objective each milestone serves, and the chain across programs.
    const launch = panel.locator('tr[data-milestone="loyalty/loyalty-launch"]');
    expect(await launch.getByRole('rowheader').textContent()).toMatch(/loyalty-launch$/);
    expect(await launch.locator('td').nth(2).textContent()).not.toBe('—');
    expect(await panel.getByTestId('pwhatif-chains').textContent()).toContain('checkout-revamp/PAY-7 +10 d → checkout-revamp/REL-3 +10 d → loyalty/LOY-7 +10 d');
    // Each program's timeline, with the scenario it can show alone: checkout its slip, loyalty the knock-on on LOY-7.
    await attr(panel.locator('[data-program="checkout-revamp"]').getByRole('link', { name: /timeline/ }), 'href').toBe('/programs/checkout-revamp/timeline?scenario=slip%3APAY-7%3A10');
    await attr(panel.locator('[data-program="loyalty"]').getByRole('link', { name: /timeline/ }), 'href').toBe('/programs/loyalty/timeline?scenario=slip%3ALOY-7%3A10');
    // Accessible in both themes with the answer on screen (axe-core, as a11y.browser.test.ts checks every view).
    await page.setViewportSize({ width: 1440, height: 1000 });
    await panel.scrollIntoViewIfNeeded();
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: artifact('web-portfolio-whatif.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: artifact('web-portfolio-whatif-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // Following loyalty's link opens its timeline with the knock-on slipped there.
    await panel.locator('[data-program="loyalty"]').getByRole('link', { name: /timeline/ }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe('/programs/loyalty/timeline');
    await attr(page.getByRole('complementary', { name: 'What-if' }).getByTestId('whatif-status'), 'data-scenario').toBe('slip:LOY-7:10');
  }, 180_000);

  it('chooses an item and days, runs: the URL keeps the scenario and the panel shows the CLI\'s answer', async () => {
    const cli = await cliWhatIf('checkout-revamp/WEB-3=5');
    const page = await newPage();
    await signIn(page, cockpit, '/');
    const panel = page.getByRole('region', { name: 'What if' });
    // The engine starts when the panel is used.
    await panel.getByLabel('Item').focus();
    await text(panel.getByTestId('pwhatif-status')).toMatch(/^Ready: \d+ items in 2 programs scheduled together in \d+ ms\.$/);
    await panel.getByLabel('Item').selectOption('checkout-revamp/WEB-3');
    await panel.getByLabel('Working days').fill('5');
    await panel.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario'), { timeout: 20_000 }).toBe('slip:checkout-revamp/WEB-3:5');
    expect(new URL(page.url()).pathname).toBe('/portfolio');
    await attr(panel.getByTestId('pwhatif-status'), 'data-scenario').toBe('slip:checkout-revamp/WEB-3:5');
    await expectMoves(page, cli);

    // Add to scenario: a second change joins the first; the answer is the CLI's for both.
    const both = await cliWhatIf(['checkout-revamp/WEB-3=5', 'loyalty/LOY-7=3']);
    await panel.getByLabel('Item').selectOption('loyalty/LOY-7');
    await panel.getByLabel('Working days').fill('3');
    await panel.getByRole('button', { name: 'Add to scenario' }).click();
    await attr(panel.getByTestId('pwhatif-status'), 'data-scenario').toBe('slip:checkout-revamp/WEB-3:5,slip:loyalty/LOY-7:3');
    expect(new URL(page.url()).searchParams.get('scenario')).toBe('slip:checkout-revamp/WEB-3:5,slip:loyalty/LOY-7:3');
    await expectMoves(page, both);

    // Clear drops the scenario from the URL and the answer from the page.
    await panel.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBeNull();
    await text(panel.getByTestId('pwhatif-status')).toMatch(/^Ready:/);
    expect(await panel.locator('tr[data-milestone]').count()).toBe(0);
  }, 180_000);
});
