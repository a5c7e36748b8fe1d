/**
 * The form of one entry (or a new one): fields from fields.ts, saved as the entry's data with the version it was read
 * at. The server's answer is shown in words: 422 diagnostics as `vantage check` prints them (beside the field they
 * concern when it can be told, and in a summary with role=alert), 403 with its reason, 409 as the conflict view.
 * While the form is untouched it follows live updates of its entry; once edited it keeps the user's text.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { formatDiagnostic, type Diagnostic } from '../../../src/model/diagnostic.js';
import { ApiError, deleteJson, postJson, putJson } from '../api.js';
import type { PlanSection } from '../routes.js';
import { canCreate, canWrite, entryWorkstream, whyReadOnly, type Access } from './access.js';
import { ConflictView, type Conflict } from './conflict.js';
import { clientProblems, FIELDS, fieldOfMessage, fromDraft, SECTION_NOUN, toDraft, type Draft, type FieldDef, type Json } from './fields.js';

/** An entry as the API gives it. */
export type EntryRecord = { programId: string; section: string; entryId: string; position: number; version: number; data: Json };
type Written = { entry: EntryRecord | null; programVersion: number };
type WireDiagnostic = { file: string | null; line: number | null; column: number | null; message: string; code: string; severity: string; hint?: string };

export type Suggestions = { workstreams: string[]; people: string[]; items: string[] };

/** A problem to show: its text as the CLI prints it, the field it concerns (if known), and its message and code. */
type Problem = { field?: string; message: string; code?: string; printed: string };

/** `checkout.vantage.yaml:42:7: error: item PAY-9 depends on UI-99, which does not exist [unknown-ref]`, as the CLI prints it. */
export function printed(d: WireDiagnostic): string {
  const diag: Diagnostic = { code: d.code, severity: d.severity === 'warning' ? 'warning' : 'error', message: d.message };
  if (d.file !== null) diag.file = d.file;
  if (d.line !== null) diag.line = d.line;
  if (d.column !== null) diag.col = d.column;
  if (d.hint !== undefined) diag.hint = d.hint;
  return formatDiagnostic(diag);
}

const draftKey = (d: Draft): string => JSON.stringify(Object.entries(d).sort(([a], [b]) => a.localeCompare(b)));

export function EntryForm(props: {
  section: PlanSection;
  base: string;
  token: string;
  /** The entry as last read (undefined: a new entry). */
  entry?: EntryRecord;
  access: Access;
  suggestions: Suggestions;
  itemWorkstream: (id: string) => string | undefined;
  /** After a create (the new id) or a delete (null). */
  onDone: (id: string | null) => void;
}) {
  const { section, base, token, entry, access, suggestions } = props;
  const isNew = entry === undefined;
  const newDefaults = (): Json => (section === 'items' && access.role === 'lead' && access.workstreams[0] ? { workstream: access.workstreams[0] } : {});
  // What the form started from: the data and version a save names (a 409 tells whether someone changed it since).
  const [baseData, setBaseData] = useState<Json>(() => entry?.data ?? newDefaults());
  const [baseVersion, setBaseVersion] = useState<number | undefined>(entry?.version);
  const [draft, setDraft] = useState<Draft>(() => toDraft(section, entry?.data ?? newDefaults()));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [alert, setAlert] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dirty = draftKey(draft) !== draftKey(toDraft(section, baseData));

  // Untouched, the form follows its entry as others change it (a live update re-read the list).
  useEffect(() => {
    if (entry && entry.version !== baseVersion && !dirty && !conflict && !busy) {
      setBaseData(entry.data);
      setBaseVersion(entry.version);
      setDraft(toDraft(section, entry.data));
    }
  }, [entry, baseVersion, dirty, conflict, busy, section]);

  const writable = isNew ? canCreate(access, section) : canWrite(access, section, entryWorkstream(section, baseData, props.itemWorkstream));
  const readOnlyWhy = isNew ? undefined : whyReadOnly(access, section, entryWorkstream(section, baseData, props.itemWorkstream));
  const id = entry?.entryId ?? draft.id ?? '';
  const entryPath = `${base}/${section}/${encodeURIComponent(id)}`;

  const showError = (e: unknown, mine: Json): void => {
    if (!(e instanceof ApiError)) return setAlert(`Could not save: ${e instanceof Error ? e.message : String(e)}`);
    if (e.status === 422 && Array.isArray(e.details.diagnostics)) {
      const diags = (e.details.diagnostics as WireDiagnostic[]).filter((d) => d.severity === 'error');
      const list = diags.length > 0 ? diags : (e.details.diagnostics as WireDiagnostic[]);
      setProblems(list.map((d) => ({ field: fieldOfMessage(section, id, d.message), message: d.message, code: d.code, printed: printed(d) })));
      return setAlert(`The program would not be valid: ${list.length} problem${list.length === 1 ? '' : 's'}. Nothing was changed.`);
    }
    if (e.status === 409) {
      const current = (e.details.current ?? null) as EntryRecord | null;
      if (current === null || !('data' in current)) return setAlert(`Not saved: ${e.message}. It was deleted meanwhile.`);
      setConflict({ mine, current, changedBy: (e.details.changedBy as string | null | undefined) ?? null, changedAt: (e.details.changedAt as string | null | undefined) ?? null });
      return setAlert(null);
    }
    if (e.status === 403) return setAlert(`Not allowed: ${e.message}.`);
    setAlert(`Not saved: ${e.message}`);
  };

  /** Sends `data` (naming `version` when editing); on success the form starts again from what the server stored. */
  const save = async (data: Json, version: number | undefined): Promise<void> => {
    setBusy(true);
    setProblems([]);
    setAlert(null);
    setSaved(null);
    try {
      if (isNew) {
        const r = await postJson<Written>(`${base}/${section}`, token, { data });
        props.onDone(r.entry?.entryId ?? String(data.id));
        return;
      }
      const r = await putJson<Written>(entryPath, token, version !== undefined ? { data, version } : { data });
      if (r.entry) {
        setBaseData(r.entry.data);
        setBaseVersion(r.entry.version);
        setDraft(toDraft(section, r.entry.data));
      }
      setConflict(null);
      setSaved(`Saved ${id} (version ${r.entry?.version ?? '?'}).`);
    } catch (e) {
      showError(e, data);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const local = clientProblems(section, draft, isNew);
    if (local.length > 0) {
      setSaved(null);
      setProblems(local.map((p) => ({ field: p.field, message: p.message, printed: p.message })));
      setAlert(`Please fix ${local.length === 1 ? 'this' : `these ${local.length}`} before saving.`);
      return;
    }
    void save(fromDraft(section, draft, baseData), baseVersion);
  };

  const remove = async (): Promise<void> => {
    setBusy(true);
    setAlert(null);
    try {
      await deleteJson(entryPath, token, baseVersion);
      props.onDone(null);
    } catch (e) {
      setConfirmDelete(false);
      showError(e, baseData);
    } finally {
      setBusy(false);
    }
  };

  const fieldProblems = (key: string) => problems.filter((p) => p.field === key);
  const general = problems.filter((p) => p.field === undefined || !['id', ...FIELDS[section].map((f) => f.key)].includes(p.field));
  const set = (key: string, value: string) => {
    setSaved(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  return (
    <form className="entry-form" onSubmit={submit} aria-label={isNew ? `New ${SECTION_NOUN[section]}` : `Edit ${id}`} noValidate>
      <h2>{isNew ? `New ${SECTION_NOUN[section]}` : <>{id} <span className="muted small num">version {baseVersion}</span></>}</h2>
      {readOnlyWhy !== undefined && (
        <p className="note" data-testid="read-only-note">
          <span aria-hidden="true">🔒 </span>
          {readOnlyWhy}
        </p>
      )}
      {alert !== null && (
        <div className="form-alert" role="alert">
          <p>{alert}</p>
          {problems.length > 0 && (
            <ul className="diagnostics">
              {problems.map((p, i) => (
                <li key={i}>
                  <code>{p.printed}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {conflict !== null && (
        <ConflictView
          conflict={conflict}
          base={baseData}
          busy={busy}
          onMerge={(merged) => void save(merged, conflict.current.version)}
          onReload={() => {
            setBaseData(conflict.current.data);
            setBaseVersion(conflict.current.version);
            setDraft(toDraft(section, conflict.current.data));
            setConflict(null);
            setSaved(`Reloaded ${id} as ${conflict.changedBy ?? 'the server'} left it (version ${conflict.current.version}).`);
          }}
        />
      )}
      <fieldset disabled={!writable || busy} className="fields">
        <legend className="visually-hidden">{isNew ? 'New entry' : `Fields of ${id}`}</legend>
        {isNew && <TextField def={{ key: 'id', label: 'Id', kind: 'text', required: true }} value={draft.id ?? ''} onChange={set} problems={fieldProblems('id')} />}
        {FIELDS[section].map((f) => (
          <Field key={f.key} def={f} draft={draft} onChange={set} problems={fieldProblems(f.key)} options={optionsFor(f, access, suggestions, draft[f.key] ?? '')} />
        ))}
      </fieldset>
      {general.length > 0 && alert === null && (
        <ul className="diagnostics">
          {general.map((p, i) => (
            <li key={i}>{p.printed}</li>
          ))}
        </ul>
      )}
      {writable && (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || (!isNew && !dirty)}>
            {busy ? 'Saving…' : isNew ? 'Add' : 'Save'}
          </button>
          {!isNew && dirty && (
            <button type="button" disabled={busy} onClick={() => setDraft(toDraft(section, baseData))}>
              Discard changes
            </button>
          )}
          {!isNew &&
            (confirmDelete ? (
              <>
                <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
                  Delete {id} for good
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  Keep it
                </button>
              </>
            ) : (
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
                Delete…
              </button>
            ))}
          {isNew && (
            <button type="button" onClick={() => props.onDone(null)}>
              Cancel
            </button>
          )}
        </div>
      )}
      <p className="saved" role="status">
        {saved}
      </p>
    </form>
  );
}

/** The choices of a select: its fixed options, or the program's workstreams (a lead's own, plus the current value). */
function optionsFor(f: FieldDef, access: Access, s: Suggestions, current: string): readonly string[] | undefined {
  if (f.options) return f.options;
  if (f.suggest === 'workstreams') {
    const all = access.role === 'lead' ? s.workstreams.filter((w) => access.workstreams.includes(w)) : s.workstreams;
    return current !== '' && !all.includes(current) ? [current, ...all] : all;
  }
  if (f.suggest === 'people') return s.people;
  if (f.suggest === 'items') return s.items;
  return undefined;
}

type FieldProps = { def: FieldDef; draft: Draft; onChange: (key: string, value: string) => void; problems: Problem[]; options: readonly string[] | undefined };

const inputId = (key: string) => `field-${key.replace(/\W/g, '-')}`;

function Problems({ id, problems }: { id: string; problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <span className="field-problem" id={id}>
      {problems.map((p, i) => (
        <span key={i}>
          {p.message}
          {p.code !== undefined && <code> [{p.code}]</code>}
        </span>
      ))}
    </span>
  );
}

function TextField({ def, value, onChange, problems, list }: { def: FieldDef; value: string; onChange: (key: string, value: string) => void; problems: Problem[]; list?: string }) {
  const id = inputId(def.key);
  const bad = problems.length > 0;
  return (
    <div className={`field${bad ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {def.label}
        {def.required && <span aria-hidden="true"> *</span>}
      </label>
      {def.kind === 'textarea' ? (
        <textarea id={id} value={value} rows={3} onChange={(e) => onChange(def.key, e.target.value)} aria-invalid={bad || undefined} aria-describedby={bad ? `${id}-problem` : def.hint ? `${id}-hint` : undefined} />
      ) : (
        <input
          id={id}
          type={def.kind === 'date' ? 'date' : 'text'}
          inputMode={def.kind === 'number' ? 'decimal' : undefined}
          value={value}
          list={list}
          required={def.required}
          onChange={(e) => onChange(def.key, e.target.value)}
          aria-invalid={bad || undefined}
          aria-describedby={bad ? `${id}-problem` : def.hint ? `${id}-hint` : undefined}
        />
      )}
      {def.hint && !bad && (
        <span className="hint" id={`${id}-hint`}>
          {def.hint}
        </span>
      )}
      <Problems id={`${id}-problem`} problems={problems} />
    </div>
  );
}

function Field({ def, draft, onChange, problems, options }: FieldProps) {
  const id = inputId(def.key);
  const bad = problems.length > 0;
  const value = draft[def.key] ?? '';
  if (def.kind === 'select') {
    return (
      <div className={`field${bad ? ' invalid' : ''}`}>
        <label htmlFor={id}>{def.label}</label>
        <select id={id} value={value} onChange={(e) => onChange(def.key, e.target.value)} aria-invalid={bad || undefined} aria-describedby={bad ? `${id}-problem` : undefined}>
          <option value="">—</option>
          {(options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <Problems id={`${id}-problem`} problems={problems} />
      </div>
    );
  }
  if (def.kind === 'bool') {
    return (
      <div className={`field check${bad ? ' invalid' : ''}`}>
        <input id={id} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(def.key, e.target.checked ? 'true' : '')} />
        <label htmlFor={id}>{def.label}</label>
        <Problems id={`${id}-problem`} problems={problems} />
      </div>
    );
  }
  if (def.kind === 'estimate') {
    const range = draft['estimate.mode'] === 'range';
    return (
      <fieldset className={`field estimate${bad ? ' invalid' : ''}`} aria-describedby={bad ? `${id}-problem` : `${id}-hint`}>
        <legend>{def.label}</legend>
        <div className="modes" role="radiogroup" aria-label="Kind of estimate">
          <label>
            <input type="radio" name="estimate-mode" checked={!range} onChange={() => onChange('estimate.mode', 'fixed')} /> Fixed
          </label>
          <label>
            <input type="radio" name="estimate-mode" checked={range} onChange={() => onChange('estimate.mode', 'range')} /> Three points
          </label>
        </div>
        {range ? (
          <div className="points">
            {(['low', 'likely', 'high'] as const).map((p) => (
              <label key={p}>
                {p[0].toUpperCase() + p.slice(1)}
                <input type="text" inputMode="decimal" value={draft[`estimate.${p}`] ?? ''} onChange={(e) => onChange(`estimate.${p}`, e.target.value)} aria-invalid={bad || undefined} />
              </label>
            ))}
            <label>
              Distribution
              <select value={draft['estimate.dist'] ?? ''} onChange={(e) => onChange('estimate.dist', e.target.value)}>
                <option value="">pert (default)</option>
                <option value="triangular">triangular</option>
                <option value="lognormal">lognormal</option>
              </select>
            </label>
          </div>
        ) : (
          <label className="fixed">
            Duration
            <input id={id} type="text" value={value} onChange={(e) => onChange('estimate', e.target.value)} aria-invalid={bad || undefined} />
          </label>
        )}
        {!bad && (
          <span className="hint" id={`${id}-hint`}>
            {def.hint}
          </span>
        )}
        <Problems id={`${id}-problem`} problems={problems} />
      </fieldset>
    );
  }
  const listId = options && options.length > 0 && def.kind !== 'list' && def.kind !== 'deps' ? `${id}-options` : undefined;
  return (
    <>
      <TextField def={def} value={value} onChange={onChange} problems={problems} {...(listId ? { list: listId } : {})} />
      {listId && (
        <datalist id={listId}>
          {options!.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      )}
    </>
  );
}
