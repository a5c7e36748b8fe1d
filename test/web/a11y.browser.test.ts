/**
 * Accessibility of every main view, checked by axe-core (WCAG 2.1 A and AA rules) in headless Chromium, in the light
 * and the dark theme: no serious or critical violation (contrast, names, roles, labels, keyboard traps).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeBrowser } from '../browser.js';
import { checkoutExample, ROOT, useCockpit } from './cockpit-server.js';
import { violations } from './axe.js';
import { shown, signIn } from './page.js';

const P = '/programs/checkout-revamp';

const VIEWS: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'portfolio', path: '/', ready: (p) => shown(p.getByRole('table', { name: 'Dependencies between programs' })) },
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
