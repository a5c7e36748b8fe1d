import { describe, expect, it } from 'vitest';
import { burnupSvg, cycleTimeScatterSvg, forecastHistogramSvg, throughputRunSvg } from './index.js';
import { burnupPoints, cyclePoints, histogram, markers, weeks } from './fixtures.js';
import { niceTicks, sparseIndices } from './svg.js';

const all = (): [string, string][] => [
  ['burnup', burnupSvg(burnupPoints, { target: '2027-02-05' })],
  ['cycle', cycleTimeScatterSvg(cyclePoints, { p50: 4, p85: 13, p95: 13 })],
  ['throughput', throughputRunSvg(weeks)],
  ['forecast', forecastHistogramSvg(histogram, markers)],
  ['empty burnup', burnupSvg([])],
  ['empty cycle', cycleTimeScatterSvg([], {})],
  ['empty throughput', throughputRunSvg([])],
  ['empty forecast', forecastHistogramSvg([], [])],
];

describe('charts', () => {
  it.each(all())('%s is a standalone, self-contained SVG document', (_name, svg) => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<title>');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined|href|url\(|<script/);
  });

  it('escapes text from the data', () => {
    const svg = cycleTimeScatterSvg(cyclePoints, {}, { title: 'Q1 <R&D>' });
    expect(svg).toContain('<title>Q1 &lt;R&amp;D&gt;</title>');
    expect(svg).toContain('B &lt;&amp;&gt; &quot;quoted&quot;: 4 days');
    expect(svg).not.toContain('<R&D>');
  });

  it('draws one mark per data point and labels the axes', () => {
    expect(cycleTimeScatterSvg(cyclePoints, {}).match(/<circle /g)).toHaveLength(cyclePoints.length);
    expect(forecastHistogramSvg(histogram, []).match(/<rect [^>]*fill="#3b82f6"/g)).toHaveLength(histogram.length);
    expect(throughputRunSvg(weeks).match(/<circle /g)).toHaveLength(weeks.length);
    expect(burnupSvg(burnupPoints)).toContain('>Items</text>');
    expect(throughputRunSvg(weeks)).toContain('>ISO week</text>');
    expect(throughputRunSvg(weeks)).toContain('median 3'); // counts 0 2 3 4 5
  });

  it('puts higher values higher on the page', () => {
    const svg = throughputRunSvg([{ week: '2027-W01', count: 1 }, { week: '2027-W02', count: 9 }]);
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[1]).toBeLessThan(ys[0]);
  });

  it('labels percentile lines and markers', () => {
    expect(cycleTimeScatterSvg(cyclePoints, { p85: 13 })).toContain('P85 13d');
    expect(cycleTimeScatterSvg(cyclePoints, { p50: 4, p85: 13, p95: 13 })).toContain('P85 = P95 13d');
    expect(forecastHistogramSvg(histogram, markers)).toContain('target 2027-03-03');
  });

  it('respects width and height', () => {
    expect(burnupSvg(burnupPoints, { width: 800, height: 400 })).toContain('width="800" height="400" viewBox="0 0 800 400"');
  });

  it('picks round ticks and sparse labels', () => {
    expect(niceTicks(17, 5)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(sparseIndices(3, 5)).toEqual([0, 1, 2]);
    const s = sparseIndices(144, 8);
    expect(s[0]).toBe(0);
    expect(s[s.length - 1]).toBe(143);
    expect(s.length).toBeLessThanOrEqual(8);
  });
});
