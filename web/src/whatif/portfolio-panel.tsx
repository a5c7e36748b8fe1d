/**
 * The portfolio's "What if" panel: pick an item of any program (grouped by program), slip it by some working days (or
 * cut or remove it), run (or add it to the scenario's other changes), and see which milestones and objectives move in every program, with the links between
 * programs holding (the engine worker schedules the programs together: portfolio.ts). The scenario lives in the URL
 * (`/portfolio?scenario=slip:checkout-revamp/PAY-7:10`); each affected program links to its own timeline with the
 * scenario it can show alone.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Program } from '../../../src/model/program.js';
import { formatDate } from '../format.js';
import { linkClick, navigate, routeUrl } from '../router.js';
import { createPortfolioClient, type PortfolioClient, type PortfolioReady } from './portfolio-client.js';
import type { PortfolioAnswer, PortfolioMemberInput, ProgramMoves } from './portfolio.js';
import { describeChange, formatScenario, parseScenario, signedDays, type WhatIfChange } from './scenario.js';
import { engineWorker } from './use-whatif.js';
import './whatif.css';

export type PortfolioEngine =
  | { state: 'idle' }
  | { state: 'loading' }
  | ({ state: 'ready'; client: PortfolioClient } & PortfolioReady)
  | { state: 'error'; message: string };

/** Starts the engine worker on the programs read once `wanted`; idle until then or while the programs are being read. */
function usePortfolioEngine(inputs: PortfolioMemberInput[] | undefined, today: string | undefined, wanted: boolean): PortfolioEngine {
  const [engine, setEngine] = useState<PortfolioEngine>({ state: 'idle' });
  const start = wanted && inputs !== undefined && today !== undefined;
  useEffect(() => {
    if (!start) {
      setEngine({ state: 'idle' });
      return;
    }
    let live = true;
    setEngine({ state: 'loading' });
    const client = createPortfolioClient(inputs, today, engineWorker());
    client.ready.then(
      (ready) => live && setEngine({ state: 'ready', client, ...ready }),
      (e: unknown) => live && setEngine({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
      client.dispose();
    };
  }, [start, inputs, today]);
  return engine;
}

type Answered = { scenario: string; answer: PortfolioAnswer; roundTripMs: number };
type ScenarioState = { status: 'idle' } | { status: 'computing'; scenario: string } | ({ status: 'ok' } & Answered) | { status: 'error'; message: string };

function usePortfolioScenario(engine: PortfolioEngine, changes: readonly WhatIfChange[]): ScenarioState {
  const scenario = formatScenario(changes);
  const [state, setState] = useState<ScenarioState>({ status: 'idle' });
  const client = engine.state === 'ready' ? engine.client : undefined;
  useEffect(() => {
    if (!client || scenario === '') {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState({ status: 'computing', scenario });
    client.run(changes).then(
      (o) => live && o.kind === 'answer' && setState({ status: 'ok', scenario, answer: o.answer, roundTripMs: o.roundTripMs }),
      (e: unknown) => live && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // `changes` is keyed by its scenario string.
  }, [client, scenario]);
  return state;
}

type Props = {
  /** Every program read (model or why not), in the portfolio's order; undefined while reading. */
  inputs: PortfolioMemberInput[] | undefined;
  /** The status date the server schedules with. */
  today: string | undefined;
  /** Program id → name. */
  names: ReadonlyMap<string, string>;
  /** The scenario in the URL (?scenario=). */
  scenario: string | undefined;
};

type Kind = 'slip' | 'cut' | 'remove';

export function PortfolioWhatIf({ inputs, today, names, scenario }: Props) {
  const id = useId();
  const parsed = useMemo(() => parseScenario(scenario ?? ''), [scenario]);
  const changes = useMemo(() => (parsed.ok ? parsed.changes : []), [parsed]);
  const [engaged, setEngaged] = useState(false);
  const engine = usePortfolioEngine(inputs, today, engaged || changes.length > 0);
  const state = usePortfolioScenario(engine, changes);

  // The form follows the URL's first change (a pasted link, a reload), and is the user's while they edit it.
  const first = changes.find((c): c is Exclude<WhatIfChange, { kind: 'capacity' }> => c.kind !== 'capacity');
  const [item, setItem] = useState(first ? first.id : '');
  const [kind, setKind] = useState<Kind>(first ? first.kind : 'slip');
  const [days, setDays] = useState(first?.kind === 'slip' ? String(first.days) : '10');
  useEffect(() => {
    if (!first) return;
    setItem(first.id);
    setKind(first.kind);
    if (first.kind === 'slip') setDays(String(first.days));
  }, [scenario]);

  const groups = useMemo(() => (inputs ?? []).flatMap((m) => (m.program ? [{ id: m.id, name: names.get(m.id) ?? m.program.program.name, items: openItems(m.program) }] : [])), [inputs, names]);
  const chosen = item !== '' ? item : (groups[0]?.items[0]?.id !== undefined ? `${groups[0].id}/${groups[0].items[0].id}` : '');
  const n = Number(days);
  const valid = chosen !== '' && (kind !== 'slip' || (days.trim() !== '' && Number.isFinite(n)));
  /** Runs this change alone, or (`add`) with the scenario's others, the same item's earlier change replaced. */
  const run = (add: boolean) => {
    if (!valid) return;
    const change: WhatIfChange = kind === 'slip' ? { kind, id: chosen, days: n } : { kind, id: chosen };
    const others = add ? changes.filter((c) => c.kind === 'capacity' || c.id !== chosen) : [];
    navigate(routeUrl({ view: 'portfolio', scenario: formatScenario([...others, change]) }), true);
  };
  const answer = state.status === 'ok' ? state.answer : undefined;
  return (
    <section aria-labelledby={`${id}-title`} className="portfolio-whatif" onPointerEnter={() => setEngaged(true)} onFocus={() => setEngaged(true)}>
      <h2 id={`${id}-title`}>What if</h2>
      <p className="muted small">Slip, cut or remove one item and see which milestones and objectives move in every program: here the programs are scheduled together, so the links between them hold.</p>
      {!parsed.ok && (
        <p className="error" role="alert">
          The scenario in the link could not be read: {parsed.error}.
        </p>
      )}
      <form
        className="pwhatif-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(false);
        }}
      >
        <div>
          <label htmlFor={`${id}-item`}>Item</label>
          <select id={`${id}-item`} value={chosen} onChange={(e) => setItem(e.target.value)} disabled={groups.length === 0}>
            {groups.map((g) => (
              <optgroup key={g.id} label={g.name}>
                {g.items.map((it) => (
                  <option key={it.id} value={`${g.id}/${it.id}`}>
                    {it.id} {it.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>Change</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="slip">Slip by</option>
            <option value="cut">Cut</option>
            <option value="remove">Remove</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-days`}>Working days</label>
          <input id={`${id}-days`} type="number" step={1} inputMode="numeric" value={days} disabled={kind !== 'slip'} onChange={(e) => setDays(e.target.value)} />
        </div>
        <button type="submit" disabled={!valid}>
          Run
        </button>
        <button type="button" disabled={!valid || changes.length === 0} onClick={() => run(true)}>
          Add to scenario
        </button>
        <button type="button" disabled={changes.length === 0} onClick={() => navigate(routeUrl({ view: 'portfolio' }), true)}>
          Clear
        </button>
      </form>
      {changes.length > 0 && <p className="small">Scenario: {changes.map(describeChange).join('; ')}</p>}
      <p
        role="status"
        className={`small ${engine.state === 'error' || state.status === 'error' ? 'error' : ''}`}
        data-testid="pwhatif-status"
        data-scenario={state.status === 'ok' ? state.scenario : ''}
        data-compute-ms={answer ? answer.computeMs.toFixed(2) : undefined}
      >
        {statusText(engine, state, inputs === undefined)}
      </p>
      {engine.state === 'ready' && engine.problems.length > 0 && (
        <details className="small" open>
          <summary>Left out of the portfolio: {engine.problems.length === 1 ? '1 note' : `${engine.problems.length} notes`}</summary>
          <ul className="whatif-list">
            {engine.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      )}
      {answer && <Answer answer={answer} changes={changes} />}
    </section>
  );
}

/** The items one can slip, cut or remove: not done, not cut. */
function openItems(program: Program): { id: string; title: string }[] {
  return program.items.filter((it) => it.status !== 'done' && it.status !== 'cut').map((it) => ({ id: it.id, title: it.title }));
}

function statusText(engine: PortfolioEngine, state: ScenarioState, reading: boolean): string {
  if (reading) return 'Reading the programs’ plans…';
  if (engine.state === 'idle') return 'The what-if engine starts when you use this panel.';
  if (engine.state === 'loading') return 'Scheduling the programs together…';
  if (engine.state === 'error') return `The what-if engine could not start: ${engine.message}`;
  if (engine.programs.length === 0) return 'No program could be scheduled for what-ifs: see the notes below.';
  if (state.status === 'error') return `Could not compute the scenario: ${state.message}`;
  if (state.status === 'computing') return 'Computing…';
  if (state.status === 'ok') {
    const { milestones, programs } = state.answer.moves;
    return `Moves: ${milestones} milestone${milestones === 1 ? '' : 's'} in ${programs} program${programs === 1 ? '' : 's'} (computed in ${Math.round(state.roundTripMs)} ms).`;
  }
  return `Ready: ${engine.items} items in ${engine.programs.length} programs scheduled together in ${Math.round(engine.prepareMs)} ms.`;
}

function Delta({ days }: { days: number }) {
  const cls = days > 0 ? 'later' : days < 0 ? 'earlier' : 'same';
  return <span className={`delta ${cls}`}>{signedDays(days)}</span>;
}

/** How many of the scenario's changes are on `programId`'s own items. */
function countOwn(changes: readonly WhatIfChange[], programId: string): number {
  return changes.filter((c) => c.kind !== 'capacity' && c.id.startsWith(`${programId}/`)).length;
}

function Answer({ answer, changes }: { answer: PortfolioAnswer; changes: readonly WhatIfChange[] }) {
  const affected = answer.programs.filter((p) => p.items.length > 0 || p.milestones.length > 0 || p.finish.deltaDays !== 0);
  const calm = answer.programs.filter((p) => !affected.includes(p));
  return (
    <div className="pwhatif-answer">
      {answer.errors.map((e) => (
        <p key={e} className="error small">
          {e}
        </p>
      ))}
      {affected.map((p) => (
        <ProgramAnswer key={p.id} moves={p} ownChanges={countOwn(changes, p.id)} />
      ))}
      {calm.length > 0 && <p className="muted small">Nothing moves in {calm.map((p) => p.name).join(', ')}.</p>}
      {answer.crossChains.length > 0 && (
        <section aria-label="Chains across programs">
          <h3>Across programs</h3>
          <ul className="whatif-list small" data-testid="pwhatif-chains">
            {answer.crossChains.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function ProgramAnswer({ moves, ownChanges }: { moves: ProgramMoves; ownChanges: number }) {
  const id = useId();
  const objective = new Map(moves.objectives.map((o) => [o.id, o]));
  const atRisk = moves.objectives.filter((o) => o.atRisk);
  const local = formatScenario(moves.localChanges);
  const timeline = routeUrl({ view: 'program', programId: moves.id, tab: 'timeline', zoom: 'month', ...(local !== '' ? { scenario: local } : {}) });
  return (
    <section aria-labelledby={`${id}-h`} className="pwhatif-program" data-program={moves.id}>
      <h3 id={`${id}-h`}>
        {moves.name}{' '}
        <span className="small muted" aria-label={`Finish ${moves.finish.before} to ${moves.finish.after}, ${signedDays(moves.finish.deltaDays)}`}>
          finish {formatDate(moves.finish.before)} → {formatDate(moves.finish.after)} <Delta days={moves.finish.deltaDays} />
        </span>
      </h3>
      {moves.milestones.length === 0 ? (
        <p className="muted small">No milestone moves; {moves.items.length} item{moves.items.length === 1 ? '' : 's'} do.</p>
      ) : (
        <table className="dense whatif-table" aria-label={`Milestones that move in ${moves.name}`}>
          <thead>
            <tr>
              <th scope="col">Milestone</th>
              <th scope="col">Before → after</th>
              <th scope="col">Change</th>
              <th scope="col">Objective it serves</th>
            </tr>
          </thead>
          <tbody>
            {moves.milestones.map((m) => (
              <tr key={m.id} data-milestone={`${moves.id}/${m.id}`} data-delta={m.deltaDays}>
                <th scope="row">
                  {m.title} <span className="muted small num">{m.id}</span>
                </th>
                <td className="num">
                  <time dateTime={m.before}>{formatDate(m.before)}</time> → <time dateTime={m.after}>{formatDate(m.after)}</time>
                </td>
                <td>
                  <Delta days={m.deltaDays} />
                </td>
                <td>
                  {m.objectives.length === 0
                    ? '—'
                    : m.objectives.map((o, i) => (
                        <span key={o}>
                          {i > 0 ? ', ' : ''}
                          {objective.get(o)?.title ?? o}
                          {objective.get(o)?.atRisk && <span className="tag at-risk"> ▲ {objective.get(o)?.wasAtRisk ? 'still at risk' : 'now at risk'}</span>}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {moves.objectives.length > 0 && (
        <p className="small">
          Objectives that move: {moves.objectives.map((o) => `${o.title} ${signedDays(o.deltaDays)}`).join(', ')}.
        </p>
      )}
      {atRisk.length > 0 && (
        <p className="small link-late">
          <span aria-hidden="true">▲</span> Objectives at risk: {atRisk.map((o) => `${o.title} (due ${o.due ? formatDate(o.due) : '—'}, now ${formatDate(o.after)})`).join('; ')}
        </p>
      )}
      <p className="small">
        Items that move: {moves.items.map((it) => `${it.id} ${signedDays(it.deltaDays)}`).join(', ') || 'none'}.{' '}
        <a href={timeline} onClick={linkClick(timeline)}>
          Open {moves.name}’s timeline{local !== '' ? ` with: ${moves.localChanges.map(describeChange).join('; ')}` : ''}
        </a>
        {moves.localChanges.length > ownChanges && (
          <span className="muted"> (the knock-on from other programs as a slip there: a program’s own timeline plans it without its links)</span>
        )}
      </p>
    </section>
  );
}
