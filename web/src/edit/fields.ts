/**
 * The Plan tab's forms as data (pure, tested in Node): the fields of each section as the program file names them
 * (../shared/PROGRAM-FORMAT.md), an entry's data to the strings of a form and back (keys the form does not show are
 * kept as they were), the few checks run before sending, and which field a validator diagnostic is about.
 */
import type { PlanSection } from '../routes.js';

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'list' | 'deps' | 'bool' | 'estimate';

/** One field of a form: `key` is the file's key (dotted inside a mapping: `impact.days`). */
export type FieldDef = {
  key: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  required?: boolean;
  /** Suggestions from the program: its workstreams, people or items. */
  suggest?: 'workstreams' | 'people' | 'items';
  hint?: string;
};

/** The form's values: one string per field key (`estimate` uses `estimate.mode`, `estimate.low` …). */
export type Draft = Record<string, string>;

export type Json = Record<string, unknown>;

export const FIELDS: Record<PlanSection, readonly FieldDef[]> = {
  items: [
    { key: 'title', label: 'Title', kind: 'text', required: true },
    { key: 'workstream', label: 'Workstream', kind: 'select', suggest: 'workstreams' },
    { key: 'owner', label: 'Owner', kind: 'text', suggest: 'people' },
    { key: 'estimate', label: 'Estimate', kind: 'estimate', hint: 'working days (5, 0.5) or with a unit (4h, 3d, 2w)' },
    { key: 'after', label: 'After', kind: 'deps', suggest: 'items', hint: 'item ids, comma-separated; ID+2 for a lag of 2 days' },
    { key: 'status', label: 'Status', kind: 'select', options: ['todo', 'doing', 'done', 'blocked', 'cut'] },
    { key: 'started', label: 'Started', kind: 'date' },
    { key: 'finished', label: 'Finished', kind: 'date' },
    { key: 'must', label: 'Must-have for the target', kind: 'bool' },
    { key: 'tags', label: 'Tags', kind: 'list', hint: 'comma-separated' },
  ],
  risks: [
    { key: 'title', label: 'Title', kind: 'text', required: true },
    { key: 'kind', label: 'Kind', kind: 'select', options: ['risk', 'assumption', 'issue'] },
    { key: 'probability', label: 'Probability (0–1)', kind: 'number' },
    { key: 'impact.days', label: 'Impact (working days)', kind: 'number' },
    { key: 'impact.items', label: 'Impacted items', kind: 'list', suggest: 'items', hint: 'item ids, comma-separated' },
    { key: 'severity', label: 'Severity (1–5)', kind: 'select', options: ['1', '2', '3', '4', '5'] },
    { key: 'owner', label: 'Owner', kind: 'text', suggest: 'people' },
    { key: 'mitigation', label: 'Mitigation', kind: 'textarea' },
    { key: 'trigger', label: 'Trigger', kind: 'text' },
    { key: 'status', label: 'Status', kind: 'select', options: ['open', 'mitigated', 'occurred', 'closed'] },
    { key: 'review', label: 'Review on', kind: 'date' },
  ],
  decisions: [
    { key: 'title', label: 'Title', kind: 'text', required: true },
    { key: 'date', label: 'Date', kind: 'date' },
    { key: 'owner', label: 'Owner', kind: 'text', suggest: 'people' },
    { key: 'status', label: 'Status', kind: 'text', hint: 'e.g. proposed, accepted, superseded' },
    { key: 'context', label: 'Context', kind: 'textarea' },
    { key: 'options', label: 'Options', kind: 'list', hint: 'comma-separated' },
    { key: 'decision', label: 'Decision', kind: 'textarea' },
    { key: 'supersedes', label: 'Supersedes', kind: 'text', hint: 'a decision id' },
  ],
  stakeholders: [
    { key: 'name', label: 'Name', kind: 'text', required: true },
    { key: 'influence', label: 'Influence', kind: 'select', options: ['low', 'medium', 'high'] },
    { key: 'interest', label: 'Interest', kind: 'select', options: ['low', 'medium', 'high'] },
    { key: 'cares_about', label: 'Cares about', kind: 'list', hint: 'objective ids, comma-separated' },
    { key: 'channel', label: 'Channel', kind: 'select', options: ['email', 'slack', 'meeting', 'doc'] },
    { key: 'cadence', label: 'Cadence', kind: 'select', options: ['weekly', 'biweekly', 'monthly'] },
    { key: 'last_update', label: 'Last update', kind: 'date' },
  ],
};

/** The noun a validator message uses for an entry of the section ("item PAY-3 …"). */
export const SECTION_NOUN: Record<PlanSection, string> = { items: 'item', risks: 'risk', decisions: 'decision', stakeholders: 'stakeholder' };

/** The field that names an entry in lists: title, or name for stakeholders. */
export const titleKey = (section: PlanSection): string => (section === 'stakeholders' ? 'name' : 'title');

function get(data: Json, key: string): unknown {
  let v: unknown = data;
  for (const k of key.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json)[k] : undefined;
  return v;
}

function set(data: Json, key: string, value: unknown): void {
  const [head, ...rest] = key.split('.');
  if (rest.length === 0) {
    if (value === undefined) delete data[head];
    else data[head] = value;
    return;
  }
  const inner = data[head] !== null && typeof data[head] === 'object' && !Array.isArray(data[head]) ? { ...(data[head] as Json) } : {};
  set(inner, rest.join('.'), value);
  if (Object.keys(inner).length === 0) delete data[head];
  else data[head] = inner;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A dependency as typed: `PAY-2`, or `UI-2+2` for `{id: UI-2, lag: 2}`. */
function depText(d: unknown): string {
  if (d !== null && typeof d === 'object' && 'id' in d) {
    const { id, lag } = d as { id: unknown; lag?: unknown };
    return lag !== undefined && lag !== 0 ? `${str(id)}+${str(lag)}` : str(id);
  }
  return str(d);
}

/** The form's strings for an entry's data (`{}` for a new entry). Example: `toDraft('items', {title: 'x', estimate: 5})`. */
export function toDraft(section: PlanSection, data: Json): Draft {
  const draft: Draft = { id: str(data.id) };
  for (const f of FIELDS[section]) {
    const v = get(data, f.key);
    if (f.kind === 'estimate') {
      const range = v !== null && typeof v === 'object' && !Array.isArray(v);
      draft['estimate.mode'] = range ? 'range' : 'fixed';
      draft.estimate = range ? '' : str(v);
      for (const p of ['low', 'likely', 'high', 'dist']) draft[`estimate.${p}`] = range ? str((v as Json)[p]) : '';
    } else if (f.kind === 'list' || f.kind === 'deps') {
      draft[f.key] = Array.isArray(v) ? v.map(f.kind === 'deps' ? depText : str).join(', ') : str(v);
    } else if (f.kind === 'bool') {
      draft[f.key] = v === true ? 'true' : '';
    } else {
      draft[f.key] = str(v);
    }
  }
  return draft;
}

/** A number when the text is one ("5", "0.5"), else the text itself (a duration like "2w", or a mistake the validator names). */
function numberOrText(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

const listOf = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * The entry's data from the form: `original` (the entry as read; `{}` when new) with each field of the form set or,
 * when emptied, removed. Keys the form does not show (needs, raci, links …) stay as they were.
 * Example: `fromDraft('items', {id: 'X-1', title: 'Vault', estimate: '2w', 'estimate.mode': 'fixed'}, {})` →
 * `{id: 'X-1', title: 'Vault', estimate: '2w'}`.
 */
export function fromDraft(section: PlanSection, draft: Draft, original: Json): Json {
  const data: Json = { ...original }; // a new entry: id first, then the fields in form order (the file keeps it)
  if (draft.id !== undefined && draft.id.trim() !== '') data.id = draft.id.trim();
  for (const f of FIELDS[section]) {
    const text = (draft[f.key] ?? '').trim();
    let value: unknown;
    switch (f.kind) {
      case 'estimate': {
        if (draft['estimate.mode'] === 'range') {
          const points: Json = {};
          for (const p of ['low', 'likely', 'high']) {
            const t = (draft[`estimate.${p}`] ?? '').trim();
            if (t !== '') points[p] = numberOrText(t);
          }
          const dist = (draft['estimate.dist'] ?? '').trim();
          if (dist !== '') points.dist = dist;
          value = Object.keys(points).length > 0 ? points : undefined;
        } else value = text === '' ? undefined : numberOrText(text);
        break;
      }
      case 'number':
        value = text === '' ? undefined : numberOrText(text);
        break;
      case 'select':
        value = text === '' ? undefined : f.key === 'severity' ? numberOrText(text) : text;
        break;
      case 'list':
        value = text === '' ? undefined : listOf(text);
        break;
      case 'deps':
        value =
          text === ''
            ? undefined
            : listOf(text).map((d) => {
                const m = /^(.+?)\s*\+\s*(\d+(?:\.\d+)?)$/.exec(d);
                return m ? { id: m[1], lag: Number(m[2]) } : d;
              });
        break;
      case 'bool':
        value = text === 'true' ? true : get(original, f.key) === false ? false : undefined;
        break;
      default:
        value = text === '' ? undefined : text;
    }
    set(data, f.key, value);
  }
  return data;
}

/** The checks run before sending (the validator stays the judge): required fields, and numbers that must be numbers. */
export function clientProblems(section: PlanSection, draft: Draft, isNew: boolean): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (isNew && (draft.id ?? '').trim() === '') out.push({ field: 'id', message: 'Give the entry an id, e.g. PAY-10' });
  for (const f of FIELDS[section]) {
    const text = (draft[f.key] ?? '').trim();
    if (f.required && text === '') out.push({ field: f.key, message: `${f.label} is required` });
    if (f.kind === 'number' && text !== '' && !Number.isFinite(Number(text))) out.push({ field: f.key, message: `${f.label} must be a number, not '${text}'` });
  }
  return out;
}

/** How the validator phrases a reference from an entry, and the field it is about. */
const PHRASES: [RegExp, string][] = [
  [/^ depends on /, 'after'],
  [/^ waits for /, 'after'],
  [/^ is owned by /, 'owner'],
  [/^ is in workstream /, 'workstream'],
  [/^ impacts item /, 'impact.items'],
  [/^ cares about objective /, 'cares_about'],
  [/^ supersedes decision /, 'supersedes'],
];

/**
 * The form field a validator message is about, when it can be told: messages read "item PAY-3: estimate.low …",
 * "item PAY-3 depends on X, which does not exist" or "item PAY-3 has no title, which is required". Undefined: the
 * message is about another entry or no one field.
 * Example: `fieldOfMessage('items', 'PAY-3', 'item PAY-3: estimate has low 9 above high 5; …')` → 'estimate'.
 */
export function fieldOfMessage(section: PlanSection, entryId: string, message: string): string | undefined {
  const subject = `${SECTION_NOUN[section]} ${entryId}`;
  if (!message.startsWith(subject)) return undefined;
  const rest = message.slice(subject.length);
  const keys = ['id', ...FIELDS[section].map((f) => f.key)];
  const best = (path: string): string | undefined => {
    // The longest field key that is the path or a prefix of it by segments: impact.days → impact.days, estimate.low → estimate.
    const clean = path.replace(/\[\d+\]/g, '');
    return keys.filter((k) => clean === k || clean.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
  };
  const field = /^: ([\w.[\]]+)/.exec(rest);
  if (field) return best(field[1]);
  const missing = /^ has no ([\w.]+)/.exec(rest);
  if (missing) return best(missing[1]);
  for (const [re, key] of PHRASES) if (re.test(rest) && keys.includes(key)) return key;
  return undefined;
}
