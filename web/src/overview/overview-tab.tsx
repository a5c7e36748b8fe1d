/**
 * The Overview tab: milestones (committed vs P50 and the confidence date) and objectives with their metric, from the
 * program's brief (the same JSON as `vantage brief --format json`).
 */
import { formatDate, pLabel, percent } from '../format.js';
import type { ProgramRoute } from '../routes.js';
import type { BriefJson } from '../types.js';
import type { Loaded } from '../use-api.js';

export function OverviewTab({ brief }: { route: ProgramRoute; token: string; brief: Loaded<BriefJson> }) {
  if (brief.state !== 'ok') return null;
  const b = brief.data;
  const p = pLabel(b.program.confidence);
  return (
    <div className="overview">
      <h2>Milestones</h2>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Committed</th>
            <th scope="col">P50</th>
            <th scope="col">{p}</th>
            <th scope="col">On date</th>
          </tr>
        </thead>
        <tbody>
          {b.milestones.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.title}{m.reached ? ' (reached)' : ''}</th>
              <td className="num">{m.date !== undefined ? formatDate(m.date) : '—'}</td>
              <td className="num">{formatDate(m.p50)}</td>
              <td className="num">{formatDate(m.atConfidence)}</td>
              <td className="num">{m.probabilityOnDate !== undefined ? percent(m.probabilityOnDate) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Objectives</h2>
      <ul className="objectives">
        {b.objectives.map((o) => (
          <li key={o.id}>
            <strong>{o.title}</strong>
            {o.metric && (
              <span className="num muted">
                {' '}
                · {o.metric.name}: {o.metric.baseline ?? '?'} → {o.metric.current ?? '?'} → {o.metric.target ?? '?'}
                {o.metric.unit ?? ''}
              </span>
            )}
            {o.work && <span className="muted"> · {o.work.done}/{o.work.total} items done</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
