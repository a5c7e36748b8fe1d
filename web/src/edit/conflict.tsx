/**
 * The 409 view: "Changed by bo just now", both versions side by side (yours and theirs, the fields that differ
 * marked with the side that changed them), "Merge" (your changed fields onto theirs; where both changed a field you
 * pick one) and "Reload theirs".
 */
import { useState } from 'react';
import type { EntryRecord } from './entry-form.js';
import { ago, merge, planMerge, type Json } from './merge.js';

export type Conflict = { mine: Json; current: EntryRecord; changedBy: string | null; changedAt: string | null };

/** A value in a cell: lists joined, mappings as `{low: 3, likely: 5}`, none as an em dash. */
export function shown(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? shown(x) : String(x))).join(', ');
  if (typeof v === 'object')
    return `{${Object.entries(v as Json)
      .map(([k, x]) => `${k}: ${shown(x)}`)
      .join(', ')}}`;
  return String(v);
}

export function ConflictView({ conflict, base, busy, onMerge, onReload }: { conflict: Conflict; base: Json; busy: boolean; onMerge: (merged: Json) => void; onReload: () => void }) {
  const theirs = conflict.current.data;
  const plan = planMerge(base, conflict.mine, theirs);
  const [picks, setPicks] = useState<Record<string, 'mine' | 'theirs'>>({});
  const unpicked = plan.conflicts.filter((k) => picks[k] === undefined);
  const who = conflict.changedBy ?? 'someone';
  return (
    <section className="conflict" aria-labelledby="conflict-title" role="region">
      <h3>
        <span aria-hidden="true" className="conflict-icon">
          ⇄{' '}
        </span>
        <span id="conflict-title">
          Changed by {who} {ago(conflict.changedAt)}
        </span>
      </h3>
      <p className="small">
        Your save was not applied: {conflict.current.entryId} is at version {conflict.current.version} now.{' '}
        {plan.conflicts.length === 0 ? 'Your changes touch other fields than theirs: merging keeps both.' : `You both changed ${plan.conflicts.join(', ')}: pick a side for each, then merge.`}
      </p>
      <table className="dense conflict-table" aria-label="Your version and theirs">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Yours</th>
            <th scope="col">Theirs ({who})</th>
          </tr>
        </thead>
        <tbody>
          {plan.differing.map((d) => (
            <tr key={d.key} data-field={d.key} className={d.conflict ? 'both' : ''}>
              <th scope="row">
                {d.key}
                {d.conflict && <span className="tag"> both changed</span>}
              </th>
              <td className={d.mineChanged ? 'changed' : ''}>
                {d.conflict ? (
                  <label>
                    <input type="radio" name={`pick-${d.key}`} checked={picks[d.key] === 'mine'} onChange={() => setPicks((p) => ({ ...p, [d.key]: 'mine' }))} /> Keep yours: {shown(d.mine)}
                  </label>
                ) : (
                  <>
                    {shown(d.mine)}
                    {d.mineChanged && <span className="tag"> yours</span>}
                  </>
                )}
              </td>
              <td className={d.theirsChanged ? 'changed' : ''}>
                {d.conflict ? (
                  <label>
                    <input type="radio" name={`pick-${d.key}`} checked={picks[d.key] === 'theirs'} onChange={() => setPicks((p) => ({ ...p, [d.key]: 'theirs' }))} /> Keep theirs: {shown(d.theirs)}
                  </label>
                ) : (
                  <>
                    {shown(d.theirs)}
                    {d.theirsChanged && <span className="tag"> theirs</span>}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy || unpicked.length > 0} onClick={() => onMerge(merge(base, conflict.mine, theirs, picks))}>
          Merge
        </button>
        <button type="button" disabled={busy} onClick={onReload}>
          Reload theirs
        </button>
        {unpicked.length > 0 && <span className="small muted">Pick a side for {unpicked.join(', ')} to merge.</span>}
      </div>
    </section>
  );
}
