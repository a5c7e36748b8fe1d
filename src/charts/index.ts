/**
 * Standalone SVG charts for reports and the web cockpit: pure functions from plain data to an SVG document string
 * (xmlns, width/height/viewBox, <title>, axis labels, escaped text, no external resources, light theme).
 * This folder imports only the model and pure engine helpers, so it runs unchanged in the browser.
 */
export type { ChartOptions } from './svg.js';
export { burnupSvg } from './burnup.js';
export { cycleTimeScatterSvg } from './cycle-time-scatter.js';
export { throughputRunSvg } from './throughput-run.js';
export { forecastHistogramSvg } from './forecast-histogram.js';
