/**
 * The what-if panel beside the timeline: slip the selected item (type days), cut it, add capacity to a team or
 * person, the scenario's changes with remove buttons, Reset (Esc), save / load named scenarios, and the impacts —
 * program finish, milestones and objectives with their deltas ("+6 d later"), teams with moved work, the chains the
 * impact travels through — recomputed by the engine worker as the scenario changes.
 */
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { WhatIfResult } from '../../../src/engine/strategy/whatif.js';
import { formatDate } from '../format.js';
import type { ScheduleJson } from '../types.js';
import { deleteScenario, listScenarios, saveScenario, type SavedScenario } from './saved.js';
import { addCapacity, describeChange, formatScenario, isCut, parseScenario, setSlip, signedDays, slipOf, toggleCut, type WhatIfChange } from './scenario.js';
import { shownAnswer, type ScenarioState, type WhatIfEngine } from './use-whatif.js';
import './whatif.css';

type Props = {
  programId: string;
  schedule: ScheduleJson;
  engine: WhatIfEngine;
  /** The selected row's id (?sel=): an item or a milestone. */
  selected?: string;
  changes: WhatIfChange[];
  /** Why the URL's scenario could not be read, if it could not. */
  scenarioError?: string;
  state: ScenarioState;
  onChange: (changes: WhatIfChange[]) => void;
  /** Where `s` on a timeline row sends the focus. */
  slipInput: RefObject<HTMLInputElement | null>;
  /** Why the program model could not be read, if it could not. */
  modelError?: string;
  /** A hand on the panel (pointer or focus): start the engine. */
  onEngage: () => void;
};

export function WhatIfPanel({ programId, schedule, engine, selected, changes, scenarioError, state, onChange, slipInput, modelError, onEngage }: Props) {
  const item = schedule.items.find((i) => i.id === selected);
  return (
    <aside className="whatif-panel" aria-label="What-if" onPointerEnter={onEngage} onFocus={onEngage}>
      <h2>What-if</h2>
      {scenarioError && (
        <p className="error" role="alert">
          {scenarioError}
        </p>
      )}
      {item ? (
        <ItemControls key={item.id} item={item} changes={changes} onChange={onChange} slipInput={slipInput} />
      ) : (
        <p className="muted small">Select an item on the timeline to slip or cut it (arrows move the selection; s slips).</p>
      )}
      <Impacts schedule={schedule} engine={engine} state={state} modelError={modelError} />
      <CapacityControls engine={engine} changes={changes} onChange={onChange} />
      <section aria-label="Scenario changes">
        <h3>Changes</h3>
        {changes.length === 0 ? (
          <p className="muted small">None yet.</p>
        ) : (
          <ul className="whatif-changes">
            {changes.map((c, i) => (
              <li key={`${i}:${describeChange(c)}`}>
                <span>{describeChange(c)}</span>
                <button className="link" aria-label={`Remove: ${describeChange(c)}`} onClick={() => onChange(changes.filter((_, k) => k !== i))}>
                  remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <button onClick={() => onChange([])} disabled={changes.length === 0} title="Esc" aria-keyshortcuts="Escape">
          Reset
        </button>
      </section>
      <SavedScenarios programId={programId} changes={changes} onChange={onChange} />
    </aside>
  );
}

function ItemControls({ item, changes, onChange, slipInput }: { item: ScheduleJson['items'][number]; changes: WhatIfChange[]; onChange: (c: WhatIfChange[]) => void; slipInput: RefObject<HTMLInputElement | null> }) {
  const id = useId();
  const slip = slipOf(changes, item.id);
  const [text, setText] = useState(slip === 0 ? '' : String(slip));
  // Follow the scenario when it changes from elsewhere (a drag, Reset, a loaded scenario), not while typing "-".
  useEffect(() => {
    const typed = text.trim() === '' ? 0 : Number(text);
    if (Number.isFinite(typed) && typed !== slip) setText(slip === 0 ? '' : String(slip));
  }, [slip]);
  const closed = item.status === 'done' || item.status === 'cut';
  const cut = isCut(changes, item.id);
  return (
    <section aria-label="Selected item" className="whatif-item">
      <p>
        <strong className="num">{item.id}</strong> {item.title} <span className="muted small">({item.status})</span>
      </p>
      {closed ? (
        <p className="muted small">
          {item.id} is {item.status}: it cannot slip.
        </p>
      ) : (
        <div className="whatif-row">
          <label htmlFor={`${id}-slip`}>Slip {item.id} by (working days)</label>
          <input
            id={`${id}-slip`}
            ref={slipInput}
            type="number"
            step={1}
            inputMode="numeric"
            value={text}
            placeholder="0"
            onChange={(e) => {
              setText(e.target.value);
              const days = e.target.value.trim() === '' ? 0 : Number(e.target.value);
              if (Number.isFinite(days)) onChange(setSlip(changes, item.id, days));
            }}
          />
          <button aria-pressed={cut} onClick={() => onChange(toggleCut(changes, item.id))}>
            {cut ? `Restore ${item.id}` : `Cut ${item.id}`}
          </button>
        </div>
      )}
      {!closed && <p className="muted small">Or drag its bar to the right or left.</p>}
    </section>
  );
}

function CapacityControls({ engine, changes, onChange }: { engine: WhatIfEngine; changes: WhatIfChange[]; onChange: (c: WhatIfChange[]) => void }) {
  const id = useId();
  const program = engine.state === 'ready' ? engine.program : undefined;
  const resources = program ? [...program.teams.map((t) => ({ id: t.id, label: `${t.name} (team, ${t.capacity})` })), ...program.people.map((p) => ({ id: p.id, label: `${p.name} (${p.capacity ?? 1})` }))] : [];
  const [resource, setResource] = useState('');
  const [amount, setAmount] = useState('1');
  const chosen = resource !== '' ? resource : resources[0]?.id;
  const delta = Number(amount);
  return (
    <section aria-label="Capacity" className="whatif-capacity">
      <h3>Capacity</h3>
      <div className="whatif-row">
        <label htmlFor={`${id}-res`}>Team or person</label>
        <select id={`${id}-res`} value={chosen ?? ''} onChange={(e) => setResource(e.target.value)} disabled={!program}>
          {resources.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div className="whatif-row">
        <label htmlFor={`${id}-n`}>Capacity change</label>
        <input id={`${id}-n`} type="number" step={0.5} value={amount} onChange={(e) => setAmount(e.target.value)} />
        <button disabled={!chosen || !Number.isFinite(delta) || delta === 0} onClick={() => chosen && onChange(addCapacity(changes, chosen, delta))}>
          Add capacity
        </button>
      </div>
    </section>
  );
}

function SavedScenarios({ programId, changes, onChange }: { programId: string; changes: WhatIfChange[]; onChange: (c: WhatIfChange[]) => void }) {
  const id = useId();
  const [saved, setSaved] = useState<SavedScenario[]>(() => listScenarios(localStorage, programId));
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const active = formatScenario(changes);
  const nameInput = useRef<HTMLInputElement>(null);
  const save = () => {
    if (name.trim() === '') {
      setProblem('Name the scenario first.');
      nameInput.current?.focus();
      return;
    }
    setSaved(saveScenario(localStorage, programId, name.trim(), active));
    setProblem(undefined);
    setName('');
  };
  return (
    <section aria-label="Saved scenarios" className="whatif-saved">
      <h3>Scenarios</h3>
      <form
        className="whatif-row"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={`${id}-name`}>Scenario name</label>
        <input id={`${id}-name`} ref={nameInput} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={changes.length === 0}>
          Save as scenario
        </button>
      </form>
      {problem && <p className="error small">{problem}</p>}
      {saved.length > 0 && (
        <ul className="whatif-changes">
          {saved.map((s) => (
            <li key={s.name} aria-current={s.scenario === active ? 'true' : undefined}>
              <button className="link" aria-label={`Load scenario ${s.name}`} onClick={() => onChange(parseSaved(s.scenario))}>
                {s.name}
              </button>
              {s.scenario === active && <span className="muted small"> (active)</span>}
              <button className="link" aria-label={`Delete scenario ${s.name}`} onClick={() => setSaved(deleteScenario(localStorage, programId, s.name))}>
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A saved scenario's changes (saved strings came from formatScenario; anything unreadable loads as none). */
function parseSaved(text: string): WhatIfChange[] {
  const parsed = parseScenario(text);
  return parsed.ok ? parsed.changes : [];
}

function Delta({ days }: { days: number }) {
  const d = Math.round(days * 10) / 10;
  const cls = d > 0 ? 'later' : d < 0 ? 'earlier' : 'same';
  return (
    <span className={`delta ${cls}`}>
      {signedDays(d)} {d > 0 ? 'later' : d < 0 ? 'earlier' : 'unchanged'}
    </span>
  );
}

/** The one-line state of the engine and of the scenario's computation. */
function statusText(engine: WhatIfEngine, state: ScenarioState, modelError: string | undefined): string {
  if (modelError !== undefined) return `Could not read the program for what-ifs: ${modelError}`;
  if (engine.state === 'idle') return 'The what-if engine starts when you select an item or use this panel.';
  if (engine.state === 'loading') return 'Preparing the what-if engine…';
  if (engine.state === 'error') return `The what-if engine could not start: ${engine.message}`;
  if (state.status === 'error') return `Could not compute the scenario: ${state.message}`;
  if (state.status === 'computing') return 'Computing…';
  if (state.status === 'ok') return `Recomputed in ${Math.round(state.roundTripMs)} ms (${Math.round(state.answer.computeMs)} ms in the engine worker)`;
  return `Ready: ${engine.program.items.length} items prepared in ${Math.round(engine.prepareMs)} ms.`;
}

function Impacts({ schedule, engine, state, modelError }: { schedule: ScheduleJson; engine: WhatIfEngine; state: ScenarioState; modelError?: string }) {
  const shown = shownAnswer(state);
  const result: WhatIfResult | undefined = shown?.answer.result;
  const program = engine.state === 'ready' ? engine.program : undefined;
  const titleOfMilestone = new Map(schedule.milestones.map((m) => [m.id, m.title]));
  const titleOfObjective = new Map((program?.objectives ?? []).map((o) => [o.id, o.title]));
  const status = statusText(engine, state, modelError);
  const errors = result?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  const movedMilestones = result?.milestones.filter((m) => m.deltaDays !== 0) ?? [];
  const objectives = result?.objectives.filter((o) => o.deltaDays !== 0 || o.atRisk !== o.wasAtRisk) ?? [];
  return (
    <section aria-label="Impacts" className="whatif-impacts">
      <h3>Impacts</h3>
      <p
        role="status"
        className={`small ${modelError !== undefined || engine.state === 'error' || state.status === 'error' ? 'error' : 'muted'}`}
        data-testid="whatif-status"
        data-seq={shown?.seq ?? 0}
        data-scenario={shown?.scenario ?? ''}
        data-compute-ms={shown ? shown.answer.computeMs.toFixed(2) : undefined}
        data-roundtrip-ms={shown ? shown.roundTripMs.toFixed(2) : undefined}
      >
        {status}
      </p>
      {errors.map((d) => (
        <p key={d.message} className="error small">
          {d.message}
        </p>
      ))}
      {result && (
        <>
          <p aria-label="Program finish under the scenario">
            Finish {formatDate(result.program.before)} → <strong>{formatDate(result.program.after)}</strong> <Delta days={result.program.deltaDays} />
          </p>
          <table className="whatif-table" aria-label="Milestones under the scenario">
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col">Scenario</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {movedMilestones.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No milestone moves.
                  </td>
                </tr>
              )}
              {movedMilestones.map((m) => (
                <tr key={m.id} aria-label={`${titleOfMilestone.get(m.id) ?? m.id}: ${m.before} to ${m.after}, ${signedDays(m.deltaDays)}`}>
                  <th scope="row">{titleOfMilestone.get(m.id) ?? m.id}</th>
                  <td className="num">{formatDate(m.after)}</td>
                  <td>
                    <Delta days={m.deltaDays} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {objectives.length > 0 && (
            <>
              <h4>Objectives</h4>
              <ul className="whatif-list" aria-label="Objectives affected">
                {objectives.map((o) => (
                  <li key={o.id}>
                    {titleOfObjective.get(o.id) ?? o.id}: {formatDate(o.after)} <Delta days={o.deltaDays} />
                    {o.atRisk && <span className="tag at-risk">{o.wasAtRisk ? '▲ still at risk' : '▲ now at risk'}</span>}
                    {!o.atRisk && o.wasAtRisk && <span className="tag on-track">● back on track</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.moved.teams.length > 0 && (
            <p className="small">
              Teams with moved work: {result.moved.teams.join(', ')} · {result.moved.items.length} items moved
            </p>
          )}
          {result.chainText.length > 0 && (
            <details className="small">
              <summary>Why: {result.chainText.length === 1 ? '1 chain' : `${result.chainText.length} chains`}</summary>
              <ul className="whatif-list">
                {result.chainText.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </details>
          )}
          {result.anomalies.length > 0 && (
            <p className="small muted">
              Moved by levelling or days off, beyond what the changes alone explain: {result.anomalies.map((a) => `${a.id} ${signedDays(a.deltaDays)}`).join(', ')}.
            </p>
          )}
        </>
      )}
    </section>
  );
}
