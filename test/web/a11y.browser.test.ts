/**
 * Accessibility of every main view, checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium, in the light
 * and the dark theme: no serious or critical violation (contrast, names, roles, labels, keyboard traps).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../browser.js';
import { checkoutExample, ROOT, useCockpit } from './cockpit-server.js';
import { shown, signIn } from './page.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const P = '/programs/checkout-revamp';

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** axe's serious and critical violations on the page as it is, one readable line per element. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
  const found = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((r) => r.violations)`)) as Violation[];
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`));
}

const VIEWS: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'portfolio', path: '/', ready: (p) => shown(p.getByRole('table', { name: 'Dependencies between programs' })) },
  { name: 'portfolio what-if', path: '/portfolio?scenario=slip:checkout-revamp/PAY-7:10', ready: (p) => shown(p.getByTestId('pwhatif-status').filter({ hasText: /^Moves:/ })) },
  { name: 'overview', path: P, ready: (p) => shown(p.getByRole('table', { name: 'Milestones' })) },
  { name: 'timeline', path: `${P}/timeline?sel=PAY-7&scenario=slip:PAY-7:5`, ready: (p) => shown(p.getByTestId('whatif-status').filter({ hasText: /^Recomputed/ })) },
  { name: 'dependencies', path: `${P}/dependencies`, ready: (p) => shown(p.locator('[data-node="PAY-2"]')) },
  { name: 'forecast', path: `${P}/forecast`, ready: (p) => shown(p.getByRole('heading', { name: 'Risk tornado' })) },
  { name: 'risks', path: `${P}/risks`, ready: (p) => shown(p.getByRole('table', { name: 'Heat map' })) },
  { name: 'people', path: `${P}/people`, ready: (p) => shown(p.getByRole('table', { name: 'RACI' })) },
  { name: 'brief', path: `${P}/brief`, ready: (p) => shown(p.frameLocator('iframe').locator('h1').first()) },
  { name: 'plan', path: `${P}/plan?sel=PAY-4`, ready: (p) => shown(p.getByRole('form', { name: 'Edit PAY-4' })) },
  { name: 'my time', path: '/time', ready: (p) => shown(p.getByRole('table', { name: 'Strategic and tactical hours per week' })) },
];

describeBrowser('web cockpit: accessibility (axe-core, WCAG 2.1 AA)', ({ newPage }) => {
  // Two programs, so the portfolio shows the links between them too.
  const cockpit = useCockpit(() => [checkoutExample(), { text: readFileSync(join(ROOT, 'examples', 'loyalty.vantage.yaml'), 'utf8'), file: 'loyalty.vantage.yaml', files: [] }]);

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical violation on any main view, ${scheme} theme`, async () => {
      const page = await newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, cockpit, '/');
      const problems: string[] = [];
      for (const view of VIEWS) {
        await page.goto(cockpit.url + view.path);
        await view.ready(page);
        for (const v of await violations(page)) problems.push(`${view.name}: ${v}`);
      }
      expect(problems).toEqual([]);
    }, 240_000);
  }
});
