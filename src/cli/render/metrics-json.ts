/** `vantage metrics --format json`: the contract keys (throughput, cycleTime, wip, ageing, burnup) plus context. */
import type { FlowMetrics } from '../../engine/flow/metrics.js';
import type { ForecastAccuracy } from '../../engine/flow/forecast-accuracy.js';

export type MetricsView = { program: { id: string; name: string }; metrics: FlowMetrics; accuracy: ForecastAccuracy; charts?: string[]; notes: string[] };

/** The JSON document; weeks are ISO weeks, cycle times and ages calendar days. */
export function renderMetricsJson(view: MetricsView): string {
  const m = view.metrics;
  const doc = {
    program: view.program.id,
    today: m.today,
    window: m.window,
    throughput: m.throughput,
    cycleTime: m.cycleTime,
    wip: m.wip,
    ageing: m.ageing,
    burnup: m.burnup,
    forecastAccuracy: view.accuracy,
    undated: m.undated,
    ...(view.charts ? { charts: view.charts } : {}),
    notes: view.notes,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
