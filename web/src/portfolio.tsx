/** The portfolio: one card per program with its strategic facts, each brief fetched when its card nears the viewport. */
import { linkClick } from './router.js';
import { StrategicFacts } from './strategic.js';
import type { BriefJson, ProgramSummary } from './types.js';
import { useApi, type Loaded } from './use-api.js';
import { useInView } from './use-in-view.js';

export function PortfolioPage({ programs, token }: { programs: Loaded<{ programs: ProgramSummary[] }>; token: string }) {
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
        {programs.state === 'ok' && programs.data.programs.map((p) => <ProgramCard key={p.id} program={p} token={token} />)}
      </div>
    </section>
  );
}

function ProgramCard({ program, token }: { program: ProgramSummary; token: string }) {
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
    </article>
  );
}
