/** Every chart parses as XML (DOMParser, no parsererror) and renders in headless Chromium; screenshots as artefacts. */
import { expect, it } from 'vitest';
import { artifact, describeBrowser } from '../../test/browser.js';
import { burnupSvg, cycleTimeScatterSvg, forecastHistogramSvg, throughputRunSvg } from './index.js';
import { burnupPoints, cyclePoints, histogram, markers, weeks } from './fixtures.js';

const charts: [string, string][] = [
  ['metrics-burnup.png', burnupSvg(burnupPoints, { target: '2027-02-05', title: 'Burn-up <test> & co' })],
  ['metrics-cycle-time.png', cycleTimeScatterSvg(cyclePoints, { p50: 4, p85: 13, p95: 13 })],
  ['metrics-throughput.png', throughputRunSvg(weeks)],
  ['metrics-forecast.png', forecastHistogramSvg(histogram, markers)],
];

describeBrowser('SVG charts', ({ newPage }) => {
  it.each(charts)('%s parses as XML and renders', async (png, svg) => {
    const page = await newPage();
    // Expressions as strings: the browser's DOM types are not in this Node project's lib.
    const parsed: unknown = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      return { error: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.nodeName, ns: doc.documentElement.namespaceURI };
    })()`);
    expect(parsed).toEqual({ error: 0, root: 'svg', ns: 'http://www.w3.org/2000/svg' });
    // As a standalone image document (how a report embeds the file), not inline HTML.
    await page.goto(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
    const size = (await page.evaluate(`(() => {
      const r = document.documentElement.getBoundingClientRect();
      return { width: r.width, height: r.height, texts: document.querySelectorAll('text').length };
    })()`)) as { width: number; height: number; texts: number }; // the shape returned just above
    expect(size.width).toBe(640);
    expect(size.height).toBe(360);
    expect(size.texts).toBeGreaterThan(5);
    const shot = await page.screenshot({ path: artifact(png), clip: { x: 0, y: 0, width: 640, height: 360 } });
    expect(shot.length).toBeGreaterThan(1000);
  }, 30_000);
});
