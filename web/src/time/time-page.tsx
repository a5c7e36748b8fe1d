/**
 * My time (`/time?program=ID&week=2027-W03&weeks=12`): the TPM's strategic vs tactical share per ISO week as 100 % stacked bars
 * against the target line, the figures per week with the plan to reach the target, the largest tactical sinks, and
 * the suggested focus blocks with an .ics to import. The time lives in a program's `time:` section: the page reads
 * `?program=` or the first program that has one. Data: GET /api/programs/{id}/time?weeks=N[&week=W].
 */
import { useEffect, useMemo, useState } from 'react';
import { ApiError, cachedJson } from '../api.js';
import { formatDate, percent } from '../format.js';
import { navigate, routeUrl } from '../router.js';
import { TIME_WEEKS, type TimeRoute, type TimeWeeks } from '../routes.js';
import type { ProgramSummary } from '../types.js';
import { useApi } from '../use-api.js';
import { timeChart } from './time-geometry.js';
import { focusBlocksIcs, hoursText, isoWeekOfDate, shiftIsoWeek, type TimeJson } from './time-model.js';
import './time.css';


/** Which programs have a `time:` section (GET /api/programs/{id} includes `time` when present); undefined while reading. */
function useTimePrograms(programs: ProgramSummary[], token: string): Set<string> | undefined {
  const ids = programs.map((p) => p.id).join('\n');
  const [result, setResult] = useState<{ ids: string; withTime: Set<string> } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const list = ids === '' ? [] : ids.split('\n');
    Promise.all(list.map((id) => cachedJson<{ time?: unknown }>(`/api/programs/${encodeURIComponent(id)}`, token).then((p) => (p.time !== undefined ? id : undefined), () => undefined))).then((found) => {
      if (live) setResult({ ids, withTime: new Set(found.filter((x): x is string => x !== undefined)) });
    });
    return () => {
      live = false;
    };
  }, [ids, token]);
  return result?.ids === ids ? result.withTime : undefined;
}

export function TimePage({ route, token, programs }: { route: TimeRoute; token: string; programs: ProgramSummary[] }) {
  const withTime = useTimePrograms(programs, token);
  const weeks = route.weeks ?? 8;
  const programId = route.programId ?? (withTime ? programs.find((p) => withTime.has(p.id))?.id : undefined);
  const go = (next: Partial<TimeRoute>) => navigate(routeUrl({ ...route, ...(programId !== undefined ? { programId } : {}), ...next }));
  return (
    <section aria-labelledby="time-title" className="time-page">
      <h1 id="time-title">My time</h1>
      <div className="toolbar">
        <label htmlFor="time-program">Program</label>
        <select id="time-program" value={programId ?? ''} onChange={(e) => navigate(routeUrl({ ...route, programId: e.target.value }))}>
          {programId === undefined && <option value="">Choose a program</option>}
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {withTime && !withTime.has(p.id) ? ' (no time: section)' : ''}
            </option>
          ))}
        </select>
        <label htmlFor="time-weeks">Weeks shown</label>
        <select id="time-weeks" value={weeks} onChange={(e) => navigate(routeUrl({ ...route, weeks: Number(e.target.value) as TimeWeeks }), true)}>
          {TIME_WEEKS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {programs.length === 0 ? (
        <p className="muted">Reading the programs…</p>
      ) : programId === undefined ? (
        withTime === undefined ? <p className="muted">Looking for a program with a time: section…</p> : <NoTimeSection />
      ) : (
        <TimeReport key={programId} programId={programId} programName={programs.find((p) => p.id === programId)?.name ?? programId} week={route.week} weeks={weeks} token={token} onWeek={(week) => go({ week })} />
      )}
    </section>
  );
}

function NoTimeSection({ programName }: { programName?: string }) {
  return (
    <div className="empty-teach" role="note">
      <p>
        <strong>{programName !== undefined ? `${programName} has no time: section.` : 'No program has a time: section yet.'}</strong> My time reads your
        calendar exports (.ics) and counts each meeting as strategic or tactical by its title, then compares the strategic share of each week with
        your target.
      </p>
      <p>Add this to the program file, with the .ics stored beside it (import the program with its calendars):</p>
      <pre className="snippet">
        {`time:
  email: you@example.com        # you in the calendars' ATTENDEE lines
  target_strategic: 0.4         # share of your working time for strategy
  calendars: [you.ics]          # iCalendar exports, paths relative to the file
  rules:                        # first match wins; unmatched events are tactical
    - {match: "roadmap|strategy|planning|okr", kind: strategic}
    - {match: "standup|1:1|triage|sync", kind: tactical}`}
      </pre>
      <p className="small muted">
        From a terminal: <code>vantage time FILE --from 2026-11-02 --to 2026-11-29</code> shows the same report.
      </p>
    </div>
  );
}

function TimeReport({ programId, programName, week, weeks, token, onWeek }: { programId: string; programName: string; week: string | undefined; weeks: number; token: string; onWeek: (week: string) => void }) {
  const query = new URLSearchParams({ weeks: String(weeks), ...(week !== undefined ? { week } : {}) });
  const time = useApi<TimeJson>(`/api/programs/${encodeURIComponent(programId)}/time?${query.toString()}`, token);
  if (time.state === 'loading') return <p className="muted">Reading the calendars…</p>;
  if (time.state === 'error') {
    const e = time.error;
    if (e instanceof ApiError && e.code === 'time-missing') return <NoTimeSection programName={programName} />;
    return (
      <p className="error" role="alert">
        No time report: {e.message}
      </p>
    );
  }
  const t = time.data;
  const lastWeek = isoWeekOfDate(t.window.to);
  const step = (by: number) => {
    const next = shiftIsoWeek(lastWeek, by);
    if (next !== undefined) onWeek(next);
  };
  return (
    <>
      <div className="toolbar">
        <button type="button" onClick={() => step(-weeks)}>
          ← Earlier
        </button>
        <button type="button" onClick={() => step(weeks)}>
          Later →
        </button>
        <span className="small muted">
          {formatDate(t.window.from)} – {formatDate(t.window.to)} · {t.window.zone} · working hours {t.window.hours}
        </span>
      </div>
      <TimeSummary t={t} />
      <TimeChartView t={t} />
      <WeekTable t={t} />
      <div className="time-columns">
        <Sinks t={t} />
        <FocusBlocks t={t} programName={programName} />
      </div>
    </>
  );
}

function TimeSummary({ t }: { t: TimeJson }) {
  const strategic = t.weeks.reduce((s, w) => s + w.strategicHours, 0);
  const tactical = t.weeks.reduce((s, w) => s + w.tacticalHours, 0);
  const target = t.weeks[0]?.target;
  const counted = t.weeks.filter((w) => w.strategicHours + w.tacticalHours > 0);
  const below = counted.filter((w) => w.share < w.target).length;
  if (target === undefined) return null;
  const share = strategic + tactical > 0 ? strategic / (strategic + tactical) : 0;
  return (
    <p className="time-summary" data-testid="time-summary">
      Strategic share over {t.weeks.length} week{t.weeks.length === 1 ? '' : 's'}: <strong>{percent(share)}</strong> against a target of{' '}
      <strong>{percent(target)}</strong>
      {counted.length > 0 && (
        <>
          {' '}
          — {below === 0 ? 'every week reaches it' : `${below} of ${counted.length} week${counted.length === 1 ? '' : 's'} below`}
        </>
      )}
      . {hoursText(strategic)} strategic, {hoursText(tactical)} tactical in meetings.
    </p>
  );
}

function TimeChartView({ t }: { t: TimeJson }) {
  const chart = useMemo(() => timeChart(t.weeks), [t]);
  const label = `Strategic share per week against the target of ${percent(t.weeks[0]?.target ?? 0)}: ${t.weeks.map((w) => `${w.week} ${w.strategicHours + w.tacticalHours > 0 ? percent(w.share) : 'no meetings'}`).join(', ')}`;
  return (
    <figure className="time-chart">
      <svg viewBox={`0 0 ${chart.width} ${chart.height}`} width={chart.width} height={chart.height} role="img" aria-label={label} className="svg-chart">
        {chart.grid.map((g) => (
          <g key={g.share}>
            <line className="grid" x1={chart.plot.left} x2={chart.plot.right} y1={g.y} y2={g.y} />
            <text className="axis-label" x={chart.plot.left - 6} y={g.y + 4} textAnchor="end">
              {percent(g.share)}
            </text>
          </g>
        ))}
        {chart.bars.map((b) => (
          <g key={b.week} className={b.belowTarget ? 'week below' : 'week'}>
            {b.empty ? (
              <rect className="time-empty" x={b.x} y={chart.plot.top} width={b.width} height={chart.plot.bottom - chart.plot.top} />
            ) : (
              <>
                <rect className="time-tactical" x={b.x} y={b.tactical.y} width={b.width} height={b.tactical.height}>
                  <title>{`${b.week}: tactical`}</title>
                </rect>
                <rect className="time-strategic" x={b.x} y={b.strategic.y} width={b.width} height={b.strategic.height}>
                  <title>{`${b.week}: strategic`}</title>
                </rect>
              </>
            )}
            <text className="axis-label" x={b.cx} y={chart.plot.bottom + 14} textAnchor="middle">
              {b.week.slice(5)}
            </text>
            <text className={b.belowTarget ? 'bar-value below' : 'bar-value'} x={b.cx} y={chart.plot.bottom + 28} textAnchor="middle">
              {b.empty ? '—' : `${b.belowTarget ? '▼' : '✓'}${percent(t.weeks.find((w) => w.week === b.week)?.share ?? 0)}`}
            </text>
          </g>
        ))}
        {chart.targetY !== undefined && (
          <g className="target">
            <line x1={chart.plot.left - 2} x2={chart.plot.right + 2} y1={chart.targetY} y2={chart.targetY} />
            <text x={chart.plot.right + 6} y={chart.targetY + 4}>
              Target {percent(chart.target ?? 0)}
            </text>
          </g>
        )}
      </svg>
      <figcaption className="small muted">
        <span className="sw time-strategic-sw" /> strategic · <span className="sw time-tactical-sw" /> tactical · dashed line: target · ▼ below target, ✓ reaches it
      </figcaption>
    </figure>
  );
}

function WeekTable({ t }: { t: TimeJson }) {
  const plans = new Map(t.plan.map((p) => [p.week, p]));
  return (
    <div className="table-scroll">
      <table className="dense time-weeks" aria-label="Strategic and tactical hours per week">
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col" className="num">Strategic</th>
            <th scope="col" className="num">Tactical</th>
            <th scope="col" className="num">Strategic share</th>
            <th scope="col" className="num">Target</th>
            <th scope="col">To reach the target</th>
          </tr>
        </thead>
        <tbody>
          {t.weeks.map((w) => {
            const plan = plans.get(w.week);
            const counted = w.strategicHours + w.tacticalHours > 0;
            const below = counted && w.share < w.target;
            return (
              <tr key={w.week} data-week={w.week}>
                <th scope="row">{w.week}</th>
                <td className="num">{hoursText(w.strategicHours)}</td>
                <td className="num">{hoursText(w.tacticalHours)}</td>
                <td className="num" data-testid="share">
                  {counted ? (
                    <span className={below ? 'warn' : undefined}>
                      {below ? '▼ ' : '✓ '}
                      {percent(w.share)}
                    </span>
                  ) : (
                    <span className="muted">no meetings</span>
                  )}
                </td>
                <td className="num">{percent(w.target)}</td>
                <td className="small">{plan ? planText(plan) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function planText(p: TimeJson['plan'][number]): string {
  if (p.reason !== undefined) return p.neededHours > 0 ? `${hoursText(p.neededHours)} short; ${p.reason}` : p.reason;
  if (p.neededHours <= 0) return 'reaches it';
  return `${hoursText(p.neededHours)} needed: ${hoursText(p.plannedHours)} of focus blocks → ${percent(p.shareWithBlocks)}${p.reachesTarget ? '' : ' (still short)'}`;
}

function Sinks({ t }: { t: TimeJson }) {
  return (
    <section className="panel" aria-labelledby="sinks-title">
      <h2 id="sinks-title">Largest tactical sinks</h2>
      {t.sinks.length === 0 ? (
        <p className="muted small">No recurring tactical meetings in these weeks.</p>
      ) : (
        <ul className="sinks">
          {t.sinks.map((s) => (
            <li key={s.title}>
              <strong>{s.title}</strong> <span className="num">{hoursText(s.hoursPerWeek)} a week</span>{' '}
              <span className="muted small">
                ({s.occurrences}× about {s.averageMinutes} min, {hoursText(s.hours)} in all)
              </span>
              {s.suggestion !== undefined && <p className="small">{s.suggestion}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FocusBlocks({ t, programName }: { t: TimeJson; programName: string }) {
  const target = t.weeks[0]?.target ?? 0.4;
  const href = useMemo(() => {
    if (t.focusBlocks.length === 0) return undefined;
    const text = focusBlocksIcs(t.focusBlocks, { programName, target, today: t.window.from });
    return `data:text/calendar;charset=utf-8,${encodeURIComponent(text)}`;
  }, [t, programName, target]);
  return (
    <section className="panel" aria-labelledby="focus-title">
      <h2 id="focus-title">Suggested focus blocks</h2>
      {t.focusBlocks.length === 0 ? (
        <p className="muted small">No focus blocks to suggest: the weeks shown are over or already reach the target, or there is no free slot of 2 h.</p>
      ) : (
        <>
          <ul className="focus-blocks">
            {t.focusBlocks.map((b) => (
              <li key={b.start}>
                <time dateTime={b.start}>{b.local}</time> <span className="muted small">({hoursText(b.hours)}, {b.week})</span>
              </li>
            ))}
          </ul>
          <a className="button-link" href={href} download={`focus-blocks-${t.program}.ics`}>
            Download the focus blocks (.ics)
          </a>
        </>
      )}
    </section>
  );
}
