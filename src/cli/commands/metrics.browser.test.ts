/** The charts `vantage metrics --svg-dir` writes from real data parse as XML and render in headless Chromium. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { artifact, describeBrowser } from '../../../test/browser.js';
import { runCli, scratch } from '../../../test/cli.js';

const out = scratch('vantage-metrics-svg-');

describeBrowser('vantage metrics charts', ({ newPage }) => {
  it('renders every chart of the real history and the checkout example', async () => {
    const flow = await runCli(['metrics', 'examples/flow/team-flow.vantage.yaml', '--today', '2017-10-31', '--svg-dir', join(out.dir, 'flow')]);
    const checkout = await runCli(['metrics', 'examples/checkout.vantage.yaml', '--today', '2026-11-25', '--svg-dir', join(out.dir, 'checkout'), '--trials', '500']);
    expect([flow.code, checkout.code]).toEqual([0, 0]);
    const files = [
      ...['burnup', 'cycle-time', 'throughput'].map((n) => ['flow', n]),
      ...['burnup', 'cycle-time', 'throughput', 'forecast'].map((n) => ['checkout', n]),
    ];
    const page = await newPage();
    for (const [dir, name] of files) {
      const svg = readFileSync(join(out.dir, dir, `${name}.svg`), 'utf8');
      const errors: unknown = await page.evaluate(`new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml').getElementsByTagName('parsererror').length`);
      expect(errors, `${dir}/${name}.svg`).toBe(0);
      await page.setContent(`<body style="margin:0">${svg}</body>`);
      const box = await page.locator('svg').boundingBox();
      expect(box?.width).toBe(640);
      await page.screenshot({ path: artifact(`metrics-${dir}-${name}.png`), clip: { x: 0, y: 0, width: 640, height: 360 } });
    }
  }, 60_000);
});
