/**
 * The portfolio: one card per program with its strategic facts, each brief fetched when its card nears the viewport;
 * then the dependencies between programs, each checked against both programs' own plans (portfolio-links.ts); then
 * "What if" across programs (whatif/portfolio-panel.tsx), with the scenario in the URL (`/portfolio?scenario=…`).
 */
import { useEffect, useMemo, useState } from 'react';
import type { Program } from '../../src/model/program.js';
import { cachedJson } from './api.js';
import { formatDate } from './format.js';
import { crossProgramLinks, marginWords, type CrossLink } from './portfolio-links.js';
import { linkClick, routeUrl, type Route } from './router.js';
import { StrategicFacts } from './strategic.js';
import type { BriefJson, ProgramSummary, ScheduleJson } from './types.js';
import { useApi, type Loaded } from './use-api.js';
import { useInView } from './use-in-view.js';
import type { PortfolioMemberInput } from './whatif/portfolio.js';
import { PortfolioWhatIf } from './whatif/portfolio-panel.js';

const NO_PROGRAMS: ProgramSummary[] = [];

export function PortfolioPage({ programs, token, route }: { programs: Loaded<{ programs: ProgramSummary[] }>; token: string; route: Extract<Route, { view: 'portfolio' }> }) {
  const list = programs.state === 'ok' ? programs.data.programs : NO_PROGRAMS;
  const plans = usePlans(list, token);
  const links = plans?.links;
  const names = useMemo(() => new Map(list.map((p) => [p.id, p.name])), [list]);
  return (
    <section aria-labelledby="portfolio-title">
      <h1 id="portfolio-title">Portfolio</h1>
      {programs.state === 'loading' && <p className="muted">Loading programs…</p>}
      {programs.state === 'error' && <p className="error">Could not load the programs: {programs.error.message}</p>}
      {programs.state === 'ok' && programs.data.programs.length === 0 && (
        <p className="empty">
          No programs yet. Import one with <code>vantage store import FILE</code> or <code>POST /api/programs</code>, or start the demo with <code>vantage serve --demo</code>.
        </p>
      )}
      <div className="cards">
        {list.map((p) => (
          <ProgramCard key={p.id} program={p} token={token} lateLinks={links?.filter((l) => l.status === 'late' && l.to.program === p.id)} />
        ))}
      </div>
      {list.length > 1 && list.length <= LINKS_PROGRAM_LIMIT && <CrossProgramLinks programs={list} links={links} />}
      {list.length > 1 && list.length <= LINKS_PROGRAM_LIMIT && <PortfolioWhatIf inputs={plans?.inputs} today={plans?.today} names={names} scenario={route.scenario} />}
    </section>
  );
}

/** Above this many programs the page does not read every model and schedule for the links (each program's graph shows its own). */
const LINKS_PROGRAM_LIMIT = 40;

/** What the page read of every program: the links between them, and the models for the what-if engine. */
type Plans = { links: CrossLink[]; inputs: PortfolioMemberInput[]; today?: string };

/** Each program's model and schedule (background lane, re-read when a program changes), and the links between them. */
function usePlans(programs: ProgramSummary[], token: string): Plans | undefined {
  const key = programs.map((p) => `${p.id}@${p.version}`).join(',');
  const [plans, setPlans] = useState<{ key: string; plans: Plans } | undefined>();
  useEffect(() => {
    if (programs.length < 2 || programs.length > LINKS_PROGRAM_LIMIT) return;
    let live = true;
    const read = <T,>(id: string, what: string) =>
      cachedJson<T>(`/api/programs/${encodeURIComponent(id)}/${what}`, token, 'background').then(
        (value) => ({ value }),
        (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
      );
    void Promise.all(programs.map(async (p) => [p.id, await read<{ program: Program }>(p.id, 'model'), await read<ScheduleJson>(p.id, 'schedule')] as const)).then((got) => {
      if (!live) return;
      const models = new Map(got.flatMap(([id, m]) => ('value' in m ? [[id, m.value.program] as const] : [])));
      const schedules = new Map(got.flatMap(([id, , s]) => ('value' in s ? [[id, s.value] as const] : [])));
      const inputs = got.map(([id, m]): PortfolioMemberInput => ('value' in m ? { id, program: m.value.program } : { id, error: m.error }));
      const today = [...schedules.values()][0]?.program.today;
      setPlans({ key, plans: { links: crossProgramLinks(models, schedules), inputs, ...(today !== undefined ? { today } : {}) } });
    });
    return () => {
      live = false;
    };
    // `key` names the programs and their versions: a new version is new work.
  }, [key, token]);
  return plans?.key === key ? plans.plans : undefined;
}

const STATUS_MARK: Record<CrossLink['status'], string> = { late: '▲', tight: '◆', ok: '✓', unknown: '?' };

function CrossProgramLinks({ programs, links }: { programs: ProgramSummary[]; links: CrossLink[] | undefined }) {
  const names = new Map(programs.map((p) => [p.id, p.name]));
  const late = links?.filter((l) => l.status === 'late').length ?? 0;
  const itemUrl = (program: string, id: string) => routeUrl({ view: 'program', programId: program, tab: 'dependencies', zoom: 'month', selected: id });
  const end = (e: { program: string; id: string; title?: string }) =>
    names.has(e.program) ? (
      <a href={itemUrl(e.program, e.id)} onClick={linkClick(itemUrl(e.program, e.id))}>
        <span className="num">{e.id}</span> {e.title ?? ''}
      </a>
    ) : (
      <span>
        <span className="num">{e.id}</span> {e.title ?? ''}
      </span>
    );
  return (
    <section aria-labelledby="links-title" className="cross-links">
      <h2 id="links-title">Dependencies between programs</h2>
      {links === undefined ? (
        <p className="muted">Reading the programs’ plans…</p>
      ) : links.length === 0 ? (
        <p className="muted">No program waits on another: no item lists another program’s work in its after:.</p>
      ) : (
        <>
          <p data-testid="links-summary">
            {links.length} link{links.length === 1 ? '' : 's'} between programs
            {late > 0 ? `; ${late} planned to start before what ${late === 1 ? 'it waits' : 'they wait'} on is done` : ''}. Each program is planned on its own, so only a
            portfolio file makes its schedule wait; here each link is checked against both plans.
          </p>
          <table className="dense cross-links-table" aria-labelledby="links-title">
            <thead>
              <tr>
                <th scope="col">Waiting</th>
                <th scope="col">Waits on</th>
                <th scope="col">That finishes</th>
                <th scope="col">Needed by</th>
                <th scope="col">Margin</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={`${l.to.program}/${l.to.id}<-${l.from.program}/${l.from.id}`} data-link={`${l.from.program}/${l.from.id}->${l.to.program}/${l.to.id}`} data-status={l.status}>
                  <td>
                    <span className="muted small">{names.get(l.to.program) ?? l.to.program}</span>
                    <br />
                    {end(l.to)}
                  </td>
                  <td>
                    <span className="muted small">{names.get(l.from.program) ?? l.from.program}</span>
                    <br />
                    {end(l.from)}
                    {l.lag > 0 && <span className="muted small"> (+{l.lag} working days)</span>}
                  </td>
                  <td className="num">{l.from.finish ? formatDate(l.from.finish) : '—'}</td>
                  <td className="num">{l.to.needBy ? formatDate(l.to.needBy) : '—'}</td>
                  <td className={`link-${l.status}`}>
                    <span aria-hidden="true">{STATUS_MARK[l.status]}</span> {marginWords(l)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** One program's card; `lateLinks` are its links to other programs planned to start before what they wait on is done. */
function ProgramCard({ program, token, lateLinks }: { program: ProgramSummary; token: string; lateLinks?: CrossLink[] }) {
  const [ref, near] = useInView<HTMLElement>();
  const brief = useApi<BriefJson>(near ? `/api/programs/${encodeURIComponent(program.id)}/brief` : null, token);
  const url = `/programs/${encodeURIComponent(program.id)}`;
  return (
    <article ref={ref} className="card" aria-label={program.name} data-program={program.id}>
      <h2>
        <a href={url} onClick={linkClick(url)}>
          {program.name}
        </a>{' '}
        <span className="muted small">{program.items} items</span>
      </h2>
      {brief.state === 'loading' && <p className="muted">Forecasting…</p>}
      {brief.state === 'error' && <p className="error">No brief: {brief.error.message}</p>}
      {brief.state === 'ok' && <StrategicFacts brief={brief.data} programId={program.id} />}
      {lateLinks !== undefined && lateLinks.length > 0 && (
        // Its own forecast cannot see this: a program is scheduled without its links to other programs.
        <p className="link-late small" data-testid="late-links">
          <span aria-hidden="true">▲</span> Waits on other programs: {lateLinks.length} link{lateLinks.length === 1 ? '' : 's'} planned too early, worst{' '}
          {lateLinks[0].to.id} {marginWords(lateLinks[0])} for {lateLinks[0].from.program}/{lateLinks[0].from.id} (see below).
        </p>
      )}
    </article>
  );
}
