import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { artifact, describeBrowser } from '../../../test/browser.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The golden html briefs (test/golden/brief), rendered by Chromium offline: screenshots, print layout, no requests. */
describeBrowser('html brief in Chromium', ({ newPage }) => {
  for (const name of ['checkout-exec', 'checkout-eng']) {
    it(`renders ${name}.html with its charts, requests nothing and prints`, async () => {
      const html = readFileSync(join(root, 'test/golden/brief', `${name}.html`), 'utf8');
      const page = await newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
      expect(requests).toEqual([]);
      // Two inline charts, each laid out with a real size.
      const charts = page.locator('.charts svg');
      expect(await charts.count()).toBe(2);
      for (let i = 0; i < 2; i++) {
        const box = await charts.nth(i).boundingBox();
        expect(box!.width).toBeGreaterThan(200);
        expect(box!.height).toBeGreaterThan(100);
      }
      // The headline carries its colour class and is visible at the top of the page.
      const headline = page.locator('.headline');
      expect(await headline.getAttribute('class')).toMatch(/headline (on-track|at-risk|off-track)/);
      const hb = await headline.boundingBox();
      expect(hb!.y).toBeLessThan(200);
      // Item links land on the appendix rows.
      const links = await page.locator('a[href^="#item-"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
      for (const id of links) expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
      await page.screenshot({ path: artifact(`brief-${name}.png`), fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    }, 60_000);
  }
});
