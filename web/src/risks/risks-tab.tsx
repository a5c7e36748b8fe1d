/**
 * The Risks tab: the register (sortable; by exposure, highest first, by default), the 5×5 heat map of probability ×
 * impact, and the findings of automatic risk detection with their rule, message, items and action.
 * Data: GET /api/programs/{id}/risk-report (the same JSON as `vantage risks --format json`).
 */
import { useRef, useState } from 'react';
import { postJson } from '../api.js';
import { formatDate, percent } from '../format.js';
import { linkClick, routeUrl } from '../router.js';
import type { RegisterRisk, RiskFinding, RiskReportJson } from '../types.js';
import { useApi } from '../use-api.js';
import { compareRisks, draftRisk, exposureText, heatLevel, type SortKey } from './register-order.js';

type SectionEntry = { entryId: string; data: Record<string, unknown> };

export function RisksTab({ programId, token }: { programId: string; token: string }) {
  const base = `/api/programs/${encodeURIComponent(programId)}`;
  // A risk made from a finding changes the file: a new epoch reads the report (and the risks section) again.
  const [epoch, setEpoch] = useState(0);
  const report = useApi<RiskReportJson>(`${base}/risk-report`, token, 'view', epoch);
  const section = useApi<{ entries: SectionEntry[] }>(`${base}/risks`, token, 'view', epoch);
  const people = useApi<{ entries: SectionEntry[] }>(`${base}/people`, token);
  const last = useRef<RiskReportJson | undefined>(undefined);
  if (report.state === 'ok') last.current = report.data;
  if (report.state === 'error') return <p className="error" role="alert">No risk report: {report.error.message}</p>;
  const r = report.state === 'ok' ? report.data : last.current;
  if (r === undefined) return <p className="muted">Scoring the risks against the forecast…</p>;
  const entries = section.state === 'ok' ? section.data.entries : undefined;
  const persons = new Set(people.state === 'ok' ? people.data.entries.map((e) => e.entryId) : []);
  return (
    <div className="risks">
      <p className="small muted">
        Exposure in working days (d) is the mean delay the risk adds to the finish over {r.forecast.trials.toLocaleString('en-GB')} trials; risks
        without a schedule impact score probability × severity (sev). Status date {formatDate(r.today)}.
        {report.state === 'loading' && <span aria-live="polite"> Updating…</span>}
      </p>
      <Register risks={r.risks} />
      <div className="chart-row">
        <HeatMap report={r} />
        <Findings
          findings={r.findings}
          programId={programId}
          recorded={entries && recordedFindings(entries)}
          onMake={async (f) => {
            if (!entries) return;
            await postJson(`${base}/risks`, token, { data: draftRisk(f, entries, persons) });
            setEpoch((e) => e + 1);
          }}
        />
      </div>
    </div>
  );
}

/** Finding key → the id of the risk already made from it (the entry's `x-finding`, as `vantage risks --propose` writes). */
function recordedFindings(entries: SectionEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) if (typeof e.data['x-finding'] === 'string') out.set(e.data['x-finding'], e.entryId);
  return out;
}

const COLUMNS: { key: SortKey | undefined; label: string; num?: boolean }[] = [
  { key: 'id', label: 'ID' },
  { key: undefined, label: 'Risk' },
  { key: undefined, label: 'Status' },
  { key: 'probability', label: 'Probability', num: true },
  { key: 'impact', label: 'Impact', num: true },
  { key: 'exposure', label: 'Exposure', num: true },
  { key: undefined, label: 'Owner' },
  { key: undefined, label: 'Flags' },
];

function Register({ risks }: { risks: RegisterRisk[] }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'exposure', descending: true });
  const rows = [...risks].sort((a, b) => compareRisks(a, b, sort.key, sort.descending));
  const toggle = (key: SortKey) => setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key !== 'id' }));
  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">Register</h2>
      <table className="dense register" aria-labelledby="register-title">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={c.num ? 'num' : undefined}
                aria-sort={c.key !== undefined && c.key === sort.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                {c.key === undefined ? (
                  c.label
                ) : (
                  <button type="button" className="sort" onClick={() => toggle(c.key!)}>
                    {c.label}
                    <span aria-hidden="true">{c.key === sort.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((risk) => (
            <tr key={risk.id} data-risk={risk.id} className={risk.active ? undefined : 'inactive'} title={risk.mitigation ? `Mitigation: ${risk.mitigation}` : 'No mitigation written'}>
              <th scope="row" className="id">{risk.id}</th>
              <td>{risk.title}</td>
              <td>{risk.kind === 'risk' ? risk.status : `${risk.kind}, ${risk.status}`}</td>
              <td className="num">{risk.probability !== undefined ? percent(risk.probability) : '—'}</td>
              <td className="num">{risk.impactDays !== undefined ? `${risk.impactDays} d` : risk.severity !== undefined ? `severity ${risk.severity}` : '—'}</td>
              <td className="num" data-testid="exposure">{exposureText(risk)}</td>
              <td>{risk.owner ?? <span className="warn">no owner</span>}</td>
              <td className="small">{flags(risk).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function flags(r: RegisterRisk): string[] {
  const out: string[] = [];
  if (r.triggerFired) out.push(`trigger fired (${r.triggerDate ? formatDate(r.triggerDate) : 'date'})`);
  if (r.reviewOverdue) out.push(`review overdue (${r.review ? formatDate(r.review) : 'date'})`);
  if (r.missingMitigation) out.push('no mitigation');
  if (r.active && r.probability === undefined) out.push('no probability');
  return out;
}

/** Probability bands top (most likely) to bottom, impact bands left to right; each cell names its risks. */
function HeatMap({ report }: { report: RiskReportJson }) {
  const { probabilityBands, impactBands, cells } = report.heatMap;
  return (
    <section className="panel" aria-labelledby="heat-title">
      <h2 id="heat-title">Heat map</h2>
      <table className="heat" aria-labelledby="heat-title">
        <thead>
          <tr>
            <th scope="col" className="corner small muted">
              Probability ↓<br />
              Impact →
            </th>
            {impactBands.map((b) => (
              <th key={b} scope="col" className="num small">
                {b.replace('d', ' d')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...probabilityBands.keys()].reverse().map((p) => (
            <tr key={p}>
              <th scope="row" className="num small">{probabilityBands[p]}</th>
              {impactBands.map((ib, i) => {
                const ids = cells[p]?.[i] ?? [];
                return (
                  <td
                    key={ib}
                    data-testid="heat-cell"
                    data-count={ids.length}
                    className={`heat-cell heat-${heatLevel(p + 1, i + 1)}`}
                    aria-label={`Probability ${probabilityBands[p]}, impact ${ib}: ${ids.length === 0 ? 'no risks' : `${ids.length} ${ids.length === 1 ? 'risk' : 'risks'} (${ids.join(', ')})`}`}
                  >
                    {ids.length > 0 && (
                      <>
                        <strong className="num">{ids.length}</strong>
                        <span className="small">{ids.join(' ')}</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        Active risks with a probability; impact in working days if it happens (or its severity band). Tint by probability band × impact band:{' '}
        <span className="sw heat-low" /> low (under 5), <span className="sw heat-medium" /> medium (5–11), <span className="sw heat-high" /> high (12 and over).
      </p>
    </section>
  );
}

const SEVERITY: Record<RiskFinding['severity'], string> = { high: '◆ High', medium: '▲ Medium', low: '● Low' };

function Findings({ findings, programId, recorded, onMake }: { findings: RiskFinding[]; programId: string; recorded?: Map<string, string>; onMake: (f: RiskFinding) => Promise<void> }) {
  return (
    <section className="panel findings" aria-labelledby="findings-title">
      <h2 id="findings-title">Detected findings ({findings.length})</h2>
      {findings.length === 0 ? (
        <p className="muted">No rule fired.</p>
      ) : (
        <ul aria-labelledby="findings-title">
          {findings.map((f) => (
            <li key={f.key} data-rule={f.rule}>
              <div>
                <span className={`sev sev-${f.severity}`}>{SEVERITY[f.severity]}</span> <code>{f.rule}</code>
              </div>
              <p>{f.message}</p>
              {f.items.length > 0 && (
                <p className="small">
                  Concerns{' '}
                  {f.items.map((id, i) => {
                    const url = routeUrl({ view: 'program', programId, tab: 'timeline', zoom: 'month', selected: id });
                    return (
                      <span key={id}>
                        {i > 0 && ', '}
                        <a href={url} onClick={linkClick(url)}>
                          {id}
                        </a>
                      </span>
                    );
                  })}
                </p>
              )}
              <p className="action small">
                <strong>Do:</strong> {f.action}
              </p>
              <MakeRisk finding={f} recordedAs={recorded?.get(f.key)} ready={recorded !== undefined} onMake={onMake} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Make it a risk": a draft risk in the register from the finding, or the id it was recorded as. */
function MakeRisk({ finding, recordedAs, ready, onMake }: { finding: RiskFinding; recordedAs?: string; ready: boolean; onMake: (f: RiskFinding) => Promise<void> }) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  if (recordedAs !== undefined) return <p className="small muted">In the register as {recordedAs}.</p>;
  return (
    <p className="small">
      <button
        type="button"
        disabled={!ready || state.busy}
        onClick={() => {
          setState({ busy: true });
          onMake(finding).then(
            () => setState({ busy: false }),
            (e: unknown) => setState({ busy: false, error: e instanceof Error ? e.message : String(e) }),
          );
        }}
      >
        {state.busy ? 'Adding…' : 'Make it a risk'}
      </button>
      {state.error !== undefined && (
        <span className="error" role="alert">
          {' '}
          Not added: {state.error}
        </span>
      )}
    </p>
  );
}
