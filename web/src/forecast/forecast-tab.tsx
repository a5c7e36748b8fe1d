/**
 * The Forecast tab: when will it finish and how sure are we. Headline figures (P50/P85/P95, target, probability on
 * target), the histogram of finish dates with its percentile markers and the target (src/charts), the S-curve with the
 * target line, the probability of each committed milestone date, the items most often critical, and the risk tornado
 * (working days each risk adds at the program's confidence); then impact over perfection: the nice-to-haves to defer
 * so the must-haves land by the target at the program's confidence (`vantage scope`), with a link that opens that cut
 * as a what-if on the timeline. Data: GET /api/programs/{id}/forecast and /scope.
 */
import { useMemo } from 'react';
import { formatScenario } from '../whatif/scenario.js';
import { forecastHistogramSvg } from '../../../src/charts/forecast-histogram.js';
import { dayOf, formatDate, pLabel, percent } from '../format.js';
import { linkClick, routeUrl } from '../router.js';
import type { ForecastJson, ScheduleJson } from '../types.js';
import { useApi } from '../use-api.js';
import { dateTicks, linear, probabilityBy, stepPath, tornadoBars } from './chart-geometry.js';

/** How many of the most critical items the list shows. */
const TOP_ITEMS = 10;

export function ForecastTab({ programId, token }: { programId: string; token: string }) {
  const base = `/api/programs/${encodeURIComponent(programId)}`;
  const forecast = useApi<ForecastJson>(`${base}/forecast`, token);
  // Item titles for the criticality list (the forecast names items by id only); the timeline shares this read.
  const schedule = useApi<ScheduleJson>(`${base}/schedule`, token);
  if (forecast.state === 'loading') return <p className="muted">Running the Monte Carlo forecast…</p>;
  if (forecast.state === 'error') return <p className="error" role="alert">No forecast: {forecast.error.message}</p>;
  const f = forecast.data;
  const titles = new Map(schedule.state === 'ok' ? schedule.data.items.map((i) => [i.id, i.title]) : []);
  return (
    <div className="forecast">
      <Headline f={f} />
      <div className="chart-row">
        <Histogram f={f} />
        <SCurve f={f} />
      </div>
      <MilestoneOdds f={f} />
      <div className="chart-row">
        <Criticality f={f} titles={titles} programId={programId} />
        <Tornado f={f} />
      </div>
      <Scope programId={programId} token={token} titles={titles} />
    </div>
  );
}

/** `vantage scope --format json` (src/cli/render/scope-json.ts). */
type ScopeJson = {
  deferred: string[];
  date?: string;
  confidence: number;
  probabilityBefore: number;
  probabilityAfter: number;
  feasible: boolean;
  dateBefore: string;
  dateAfter: string;
  mustDate?: string;
  cuts: { id: string; with: string[]; daysBought: number; probabilityGain: number }[];
};

/** Which nice-to-haves to defer so the must-haves land by the target with the program's confidence (background lane). */
function Scope({ programId, token, titles }: { programId: string; token: string; titles: Map<string, string> }) {
  const scope = useApi<ScopeJson>(`/api/programs/${encodeURIComponent(programId)}/scope`, token, 'background');
  return (
    <section className="panel scope" aria-labelledby="scope-title">
      <h2 id="scope-title">Impact over perfection</h2>
      {scope.state === 'loading' && <p className="muted">Searching for the smallest cut…</p>}
      {scope.state === 'error' && <p className="error">No scope answer: {scope.error.message}</p>}
      {scope.state === 'ok' && <ScopeAnswer s={scope.data} programId={programId} titles={titles} />}
    </section>
  );
}

function ScopeAnswer({ s, programId, titles }: { s: ScopeJson; programId: string; titles: Map<string, string> }) {
  const at = `${percent(s.confidence)} confidence`;
  if (s.date === undefined) return <p className="muted">No target date, so nothing to trade scope against. Set program.target to ask which nice-to-haves to defer.</p>;
  if (s.deferred.length === 0)
    return (
      <p data-testid="scope-summary">
        {s.feasible
          ? `Nothing needs deferring: the plan lands by ${formatDate(s.date)} with ${percent(s.probabilityBefore)} (the bar is ${at}).`
          : `Deferring nice-to-haves cannot reach ${formatDate(s.date)} at ${at}: the must-haves alone finish by ${formatDate(s.mustDate ?? s.dateBefore)} at that confidence.`}
      </p>
    );
  const cut = routeUrl({ view: 'program', programId, tab: 'timeline', zoom: 'month', scenario: formatScenario(s.deferred.map((id) => ({ kind: 'cut', id }))) });
  return (
    <>
      <p data-testid="scope-summary">
        {s.feasible ? 'To land the must-haves' : 'Deferring all it can, the must-haves still miss'} by {formatDate(s.date)} at {at}, defer {s.deferred.length} nice-to-have
        {s.deferred.length === 1 ? '' : 's'}: on target {percent(s.probabilityBefore)} → <strong>{percent(s.probabilityAfter)}</strong>, finish at that confidence{' '}
        {formatDate(s.dateBefore)} → <strong>{formatDate(s.dateAfter)}</strong>.
      </p>
      <ol className="scope-cuts" aria-label="Deferred, in the order they buy time">
        {s.cuts.map((c) => (
          <li key={c.id}>
            <span className="num">{c.id}</span> {titles.get(c.id) ?? ''}
            {c.with.length > 0 && <span className="muted small"> (with {c.with.join(', ')}, which wait on it)</span>}
            <span className="muted small">
              {' '}
              · buys {c.daysBought} working day{c.daysBought === 1 ? '' : 's'}, +{Math.round(c.probabilityGain * 100)} points on target
            </span>
          </li>
        ))}
      </ol>
      <a href={cut} onClick={linkClick(cut)}>
        See the cut on the timeline
      </a>
    </>
  );
}

function Headline({ f }: { f: ForecastJson }) {
  const p = f.program;
  const hasTarget = typeof p.target === 'string';
  return (
    <dl className="figures" aria-label="Forecast figures">
      <div>
        <dt>P50</dt>
        <dd className="num">{formatDate(p.p50)}</dd>
      </div>
      <div>
        <dt>P85</dt>
        <dd className="num">{formatDate(p.p85)}</dd>
      </div>
      <div>
        <dt>P95</dt>
        <dd className="num">{formatDate(p.p95)}</dd>
      </div>
      <div>
        <dt>Target</dt>
        <dd className="num">{hasTarget ? formatDate(p.target!) : 'none set'}</dd>
      </div>
      <div>
        <dt>On target</dt>
        <dd className="num big" data-testid="probability-on-target">
          {typeof p.probabilityOnTarget === 'number' ? percent(p.probabilityOnTarget) : '—'}
        </dd>
      </div>
      <div>
        <dt>Trials</dt>
        <dd className="num" title="The strategic strip reads the brief's smaller run, so its figures can differ from these by a point">
          {f.trials !== undefined ? `${f.trials.toLocaleString('en-GB')} · seed ${f.seed}` : '—'}
        </dd>
      </div>
    </dl>
  );
}

/** The histogram from src/charts (a standalone light SVG, shown on paper in both themes). */
function Histogram({ f }: { f: ForecastJson }) {
  const svg = useMemo(() => {
    const markers = [
      { label: 'P50', date: f.program.p50 },
      { label: 'P85', date: f.program.p85 },
      { label: 'P95', date: f.program.p95 },
      ...(typeof f.program.target === 'string' ? [{ label: 'Target', date: f.program.target }] : []),
    ];
    return forecastHistogramSvg(f.histogram ?? [], markers, { width: 440, height: 280, title: f.trials !== undefined ? `Finish dates over ${f.trials.toLocaleString('en-GB')} trials` : 'Finish dates' });
  }, [f]);
  return (
    <figure className="chart chart-paper" aria-label="Histogram of finish dates">
      {/* The chart functions escape every text they write (src/charts/svg.ts escapeXml). */}
      <div dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption className="small muted">Trials finishing on each working day; dashed lines at P50, P85, P95 and the target.</figcaption>
    </figure>
  );
}

const SC = { width: 440, height: 280, left: 44, right: 426, top: 24, bottom: 234 };

function SCurve({ f }: { f: ForecastJson }) {
  const points = f.sCurve ?? [];
  if (points.length === 0) return <p className="muted">No S-curve: the forecast has no trials.</p>;
  const target = typeof f.program.target === 'string' ? f.program.target : undefined;
  const days = [...points.map((p) => dayOf(p.date)), ...(target ? [dayOf(target)] : [])];
  const d0 = Math.min(...days) - 2;
  const d1 = Math.max(...days) + 2;
  const x = linear(d0, d1, SC.left, SC.right);
  const y = linear(0, 1, SC.bottom, SC.top);
  const conf = f.program.confidence;
  const onTarget = target ? (typeof f.program.probabilityOnTarget === 'number' ? f.program.probabilityOnTarget : probabilityBy(points, target)) : undefined;
  const label = `S-curve: probability of finishing by each date; ${pLabel(conf)} on ${formatDate(f.program.atConfidence)}${target && onTarget !== undefined ? `; ${percent(onTarget)} by the target ${formatDate(target)}` : ''}`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${SC.width} ${SC.height}`} width={SC.width} height={SC.height} role="img" aria-label={label} className="svg-chart">
        <title>{label}</title>
        {[0, 0.25, 0.5, 0.75, 1].map((p) => (
          <g key={p}>
            <line className="grid" x1={SC.left} x2={SC.right} y1={y(p)} y2={y(p)} />
            <text className="axis-label" x={SC.left - 6} y={y(p) + 4} textAnchor="end">{`${p * 100}%`}</text>
          </g>
        ))}
        {dateTicks(d0, d1).map((iso) => (
          <text key={iso} className="axis-label" x={x(dayOf(iso))} y={SC.bottom + 16} textAnchor="middle">
            {formatDate(iso, true)}
          </text>
        ))}
        <text className="axis-label" x={(SC.left + SC.right) / 2} y={SC.height - 8} textAnchor="middle">Finish date</text>
        <line className="guide" x1={SC.left} x2={x(dayOf(f.program.atConfidence))} y1={y(conf)} y2={y(conf)} />
        <line className="guide" x1={x(dayOf(f.program.atConfidence))} x2={x(dayOf(f.program.atConfidence))} y1={y(conf)} y2={SC.bottom} />
        <text className="guide-label" x={x(dayOf(f.program.atConfidence)) + 4} y={y(conf) + 14}>{`${pLabel(conf)} ${formatDate(f.program.atConfidence, true)}`}</text>
        <path className="s-curve" d={stepPath(points, x, y)} />
        {target && (
          <g className="target">
            <line x1={x(dayOf(target))} x2={x(dayOf(target))} y1={SC.top} y2={SC.bottom} />
            <text x={x(dayOf(target)) - 4} y={SC.top + 12} textAnchor="end">{`Target ${formatDate(target, true)}${onTarget !== undefined ? ` · ${percent(onTarget)}` : ''}`}</text>
          </g>
        )}
      </svg>
      <figcaption className="small muted">Chance of finishing on or before each date (cumulative over the trials).</figcaption>
    </figure>
  );
}

function MilestoneOdds({ f }: { f: ForecastJson }) {
  const conf = f.program.confidence;
  return (
    <section aria-labelledby="odds-title">
      <h2 id="odds-title">Probability on each committed date</h2>
      <table className="dense" aria-labelledby="odds-title">
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Committed</th>
            <th scope="col">P50</th>
            <th scope="col">P85</th>
            <th scope="col">P95</th>
            <th scope="col">On date</th>
          </tr>
        </thead>
        <tbody>
          {f.milestones.map((m) => {
            const p = typeof m.probabilityOnDate === 'number' ? m.probabilityOnDate : undefined;
            const below = p !== undefined && p < conf;
            return (
              <tr key={m.id}>
                <th scope="row">{m.title}</th>
                <td className="num">{typeof m.date === 'string' ? formatDate(m.date) : 'not committed'}</td>
                <td className="num">{formatDate(m.p50)}</td>
                <td className="num">{formatDate(m.p85)}</td>
                <td className="num">{formatDate(m.p95)}</td>
                <td className="num odds">
                  {p === undefined ? '—' : <ProbabilityBar p={p} />}
                  {below && <span className="warn small"> ▲ below {pLabel(conf)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** A percentage with a small bar behind it. */
function ProbabilityBar({ p }: { p: number }) {
  return (
    <span className="pbar" title={`${(p * 100).toFixed(1)}%`}>
      <span className="pbar-fill" style={{ width: `${Math.round(p * 100)}%` }} />
      <span className="pbar-text">{percent(p)}</span>
    </span>
  );
}

function Criticality({ f, titles, programId }: { f: ForecastJson; titles: Map<string, string>; programId: string }) {
  const top = (f.items ?? []).filter((i) => i.criticality > 0).sort((a, b) => b.criticality - a.criticality || (a.id < b.id ? -1 : 1)).slice(0, TOP_ITEMS);
  return (
    <section className="panel" aria-labelledby="crit-title">
      <h2 id="crit-title">Most often critical</h2>
      <p className="small muted">Share of trials in which the item was on the critical path.</p>
      {top.length === 0 ? (
        <p className="muted">No open item was ever critical.</p>
      ) : (
        <ol className="crit-list" aria-labelledby="crit-title">
          {top.map((i) => {
            const url = routeUrl({ view: 'program', programId, tab: 'timeline', zoom: 'month', selected: i.id });
            return (
              <li key={i.id} aria-label={`${i.id} ${titles.get(i.id) ?? ''}: critical in ${percent(i.criticality)} of trials`}>
                <a href={url} onClick={linkClick(url)} className="id">
                  {i.id}
                </a>
                <span className="crit-title">{titles.get(i.id) ?? ''}</span>
                <ProbabilityBar p={i.criticality} />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

const TORNADO = { label: 210, bar: 160, row: 26 };

function Tornado({ f }: { f: ForecastJson }) {
  const risks = f.risks ?? [];
  const conf = pLabel(f.program.confidence);
  const { bars, maxDays } = tornadoBars(risks, TORNADO.bar, TORNADO.row);
  const height = Math.max(1, bars.length) * TORNADO.row + 24;
  const width = TORNADO.label + TORNADO.bar + 60;
  return (
    <section className="panel" aria-labelledby="tornado-title">
      <h2 id="tornado-title">Risk tornado</h2>
      <p className="small muted">Working days each risk adds to the finish at {conf} (the forecast with the risk sampled vs without).</p>
      {risks.length === 0 ? (
        <p className="muted">No risk with a schedule impact.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="list" aria-label={`Risk tornado: days added at ${conf}`} className="svg-chart tornado">
          {bars.map((b) => (
            <g key={b.id} role="listitem" aria-label={`${b.id} ${b.title}: +${b.days} working days at ${conf}`} data-risk={b.id} transform={`translate(0 ${b.y})`}>
              <title>{`${b.id} ${b.title}: +${b.days} working days at ${conf}`}</title>
              <text className="tornado-label" x={TORNADO.label - 8} y={TORNADO.row / 2 + 4} textAnchor="end">
                {truncate(`${b.id} ${b.title}`, 30)}
              </text>
              <rect className="tornado-bar" x={TORNADO.label} y={4} width={Math.max(b.width, 1)} height={TORNADO.row - 8} />
              <text className="tornado-value" x={TORNADO.label + b.width + 6} y={TORNADO.row / 2 + 4}>{`+${b.days} d`}</text>
            </g>
          ))}
          <line className="grid" x1={TORNADO.label} x2={TORNADO.label} y1={0} y2={bars.length * TORNADO.row} />
          <text className="axis-label" x={TORNADO.label} y={height - 6}>0</text>
          <text className="axis-label" x={TORNADO.label + TORNADO.bar} y={height - 6} textAnchor="end">{`${maxDays} working days`}</text>
        </svg>
      )}
    </section>
  );
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
