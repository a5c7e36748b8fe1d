/** Output of `vantage snapshot`: what was stored and where. */
import type { Snapshot } from '../../model/snapshot.js';

/** One short paragraph: id, status date, planned finish and forecast, and the path written. */
export function renderSnapshotText(s: Snapshot, path: string): string {
  const lines = [`Snapshot ${s.id}${s.label ? ` (${s.label})` : ''} of ${s.program.name} for ${s.statusDate}.`];
  const finish = [`Planned finish ${s.planned}`];
  if (s.forecast) finish.push(`${Math.round(s.program.confidence * 100)}% forecast ${s.forecast.atConfidence} (${s.forecast.trials} trials, seed ${s.forecast.seed})`);
  if (s.program.target) finish.push(`target ${s.program.target}`);
  lines.push(`${finish.join('; ')}.`);
  lines.push(`${s.items.length} items, ${s.milestones.length} milestones, ${s.risks.length} risks, ${s.decisions.length} decisions.`);
  lines.push(`Written to ${path}`);
  return `${lines.join('\n')}\n`;
}

/** `{snapshot: {id, label, statusDate, takenAt, path, planned, forecast}}`. */
export function renderSnapshotJson(s: Snapshot, path: string): string {
  const out = {
    snapshot: {
      id: s.id,
      label: s.label ?? null,
      program: s.program.id,
      statusDate: s.statusDate,
      takenAt: s.takenAt,
      path,
      planned: s.planned,
      target: s.program.target ?? null,
      forecast: s.forecast ?? null,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
