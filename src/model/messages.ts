/**
 * Diagnostic message text, keyed by stable kebab-case codes, apart from the logic that raises them.
 *
 * Codes are cited by docs and tests; a retired code is never reused. Every message says what is wrong and, where it
 * is not obvious, what to do. `where` is the subject ("item PAY-1", "program") and `field` the place inside it
 * ("estimate.low", "after[1]"); both come from `subjectOf` and `fieldOf` below.
 */
import type { Severity } from './diagnostic.js';

const dym = (s: string | undefined, quote = ''): string => (s === undefined ? '' : `; did you mean ${quote}${s}${quote}?`);
const at = (where: string, field: string): string => (where && field ? `${where}: ${field}` : where || field);

/** How an unknown reference reads, by the kind of reference. */
export const REFERENCE_PHRASES = {
  'depends-on': (t: string) => `depends on ${t}, which does not exist`,
  'waits-for': (t: string) => `waits for ${t}, which does not exist`,
  owner: (t: string) => `is owned by ${t}, who is not in people`,
  workstream: (t: string) => `is in workstream ${t}, which does not exist`,
  lead: (t: string) => `is led by ${t}, who is not in people`,
  objective: (t: string) => `serves objective ${t}, which does not exist`,
  parent: (t: string) => `has parent objective ${t}, which does not exist`,
  team: (t: string) => `is in team ${t}, which is neither a team nor a workstream`,
  impacts: (t: string) => `impacts item ${t}, which does not exist`,
  raci: (t: string) => `names ${t} in its raci, who is neither a person nor a stakeholder`,
  'cares-about': (t: string) => `cares about objective ${t}, which does not exist`,
  supersedes: (t: string) => `supersedes decision ${t}, which does not exist`,
  'links-item': (t: string) => `links item ${t}, which does not exist`,
  'links-risk': (t: string) => `links risk ${t}, which does not exist`,
  tpm: (t: string) => `has tpm ${t}, who is not in people`,
} as const;

export type ReferenceKind = keyof typeof REFERENCE_PHRASES;

export const MESSAGES = {
  // The file as a whole.
  'cannot-read': (a: { file: string; reason: string }) => `cannot read ${a.file}: ${a.reason}`,
  'yaml-syntax': (a: { detail: string }) => `YAML syntax error: ${a.detail}`,
  'duplicate-key': (a: { key: string }) => `key '${a.key}' appears twice in this mapping; keep only one`,
  'empty-file': (_a: Record<string, never>) => "the file is empty; a program file starts with 'vantage: 1' and a 'program:' section",
  'unsupported-version': (a: { value: string }) =>
    `format version ${a.value} is not supported; this version of Vantage reads 'vantage: 1'`,

  // Shape of the values.
  'unknown-key': (a: { key: string; where: string; suggestion?: string; allowed: string }) =>
    a.suggestion !== undefined
      ? `unknown key '${a.key}' in ${a.where}${dym(a.suggestion, "'")}`
      : `unknown key '${a.key}' in ${a.where}; expected one of ${a.allowed} (prefix your own keys with x-)`,
  'missing-field': (a: { where: string; field: string }) => `${a.where} has no ${a.field}, which is required`,
  'wrong-type': (a: { where: string; field: string; expected: string; actual: string }) =>
    `${at(a.where, a.field)} should be ${a.expected}, not ${a.actual}`,
  'bad-id': (a: { where: string; field: string; value: string }) =>
    `${at(a.where, a.field)} '${a.value}' is not a valid id; use only letters, digits, '.', '_' and '-'`,
  'bad-date': (a: { where: string; field: string; value: string; why?: string }) =>
    a.why !== undefined
      ? `${at(a.where, a.field)} ${a.value} is not a real date: ${a.why}`
      : `${at(a.where, a.field)} '${a.value}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-15`,
  'bad-duration': (a: { where: string; field: string; value: string }) =>
    `${at(a.where, a.field)} '${a.value}' is not a duration; write working days (5, 0.5) or a number with a unit (4h, 3d, 2w)`,
  'unknown-unit': (a: { where: string; field: string; value: string; unit: string }) =>
    `${at(a.where, a.field)} '${a.value}' has an unknown unit '${a.unit}'; use h (hours), d (working days) or w (weeks)`,
  'bad-enum': (a: { where: string; field: string; value: string; allowed: string; suggestion?: string }) =>
    `${at(a.where, a.field)} '${a.value}' is not one of ${a.allowed}${dym(a.suggestion)}`,
  'out-of-range': (a: { where: string; field: string; value: string; expected: string }) =>
    `${at(a.where, a.field)} is ${a.value}, but must be ${a.expected}`,
  'bad-regex': (a: { where: string; field: string; value: string; detail: string }) =>
    `${at(a.where, a.field)} '${a.value}' is not a valid regular expression (${a.detail})`,
  'invalid-value': (a: { where: string; field: string; detail: string }) => `${at(a.where, a.field)}: ${a.detail}`,

  // Meaning.
  'duplicate-id': (a: { kind: string; id: string; firstKind: string; line?: number }) =>
    `${a.kind} id ${a.id} is already used by ${a.firstKind === a.kind ? 'the' : /^[aeiou]/.test(a.firstKind) ? 'an' : 'a'} ${a.firstKind}${a.line === undefined ? '' : ` on line ${a.line}`}; ids must be unique`,
  'resource-id-clash': (a: { id: string; line?: number }) =>
    `team ${a.id} has the same id as person ${a.id}${a.line === undefined ? '' : ` (line ${a.line})`}; rename one, since needs names either`,
  'unknown-ref': (a: { where: string; kind: ReferenceKind; target: string; suggestion?: string }) =>
    `${a.where} ${REFERENCE_PHRASES[a.kind](a.target)}${dym(a.suggestion)}`,
  'milestone-dependency': (a: { where: string; target: string }) =>
    `${a.where} depends on ${a.target}, which is a milestone; depend on the milestone's items instead`,
  'dependency-cycle': (a: { cycle: string }) => `dependency cycle ${a.cycle}; remove one of these dependencies`,
  'objective-cycle': (a: { cycle: string }) =>
    `objective parents form a cycle ${a.cycle}; an objective cannot be its own ancestor`,
  'supersede-cycle': (a: { cycle: string }) =>
    `decisions supersede each other in a cycle ${a.cycle}; a decision cannot replace itself`,
  'unknown-resource': (a: { where: string; target: string; suggestion?: string }) =>
    `${a.where} needs ${a.target}, which is neither a person nor a team${dym(a.suggestion)}`,
  'needs-over-capacity': (a: { where: string; units: number; kind: string; target: string; capacity: number }) =>
    `${a.where} needs ${a.units} of ${a.kind} ${a.target} per working day, but ${a.target} has capacity ${a.capacity}; lower the need or raise the capacity`,
  'date-order': (a: { where: string; first: string; firstDate: string; second: string; secondDate: string }) =>
    `${a.where}: ${a.first} ${a.firstDate} is after ${a.second} ${a.secondDate}`,
  'bad-range': (a: { where: string; field: string; from: string; to: string }) =>
    `${at(a.where, a.field)} ends (${a.to}) before it starts (${a.from}); write [from, to]`,
  'estimate-order': (a: { where: string; field: string; low: string; likely: string; high: string; problem: 'low-above-high' | 'likely-outside' }) =>
    a.problem === 'low-above-high'
      ? `${at(a.where, a.field)} has low ${a.low} above high ${a.high}; it needs low <= likely <= high`
      : `${at(a.where, a.field)} has likely ${a.likely} outside low..high (${a.low}..${a.high}); it needs low <= likely <= high`,
  'remaining-not-started': (a: { where: string }) =>
    `${a.where} has remaining work but has not started; set status: doing (and started) or remove remaining`,
  'no-workdays': (_a: Record<string, never>) => 'program calendar has no working days; list at least one in workdays',
  'cross-program-ref': (a: { where: string; target: string; program: string }) =>
    `${a.where} depends on ${a.target} in program ${a.program}, which is checked only when loaded through a portfolio`,
  'unknown-program': (a: { where: string; target: string; program: string; suggestion?: string }) =>
    `${a.where} depends on ${a.target}, but the portfolio has no program ${a.program}${dym(a.suggestion)}`,
  'history-needs-loader': (a: { value: string }) =>
    `history ${a.value} is a CSV file, which is read only when the program is loaded from a file; it was left out`,
  'history-file-missing': (a: { value: string; path: string }) =>
    `history file ${a.value} does not exist (looked for ${a.path}); give a CSV path relative to the program file`,
  'missing-file': (a: { value: string; path: string }) =>
    `program file ${a.value} does not exist (looked for ${a.path}); paths are relative to the portfolio file`,
  'nested-portfolio': (a: { value: string }) => `${a.value} is a portfolio; a portfolio lists program files only`,
  'unknown-rule': (a: { rule: string; suggestion?: string; allowed: string }) =>
    a.suggestion !== undefined
      ? `unknown rule '${a.rule}' in rules${dym(a.suggestion, "'")}`
      : `unknown rule '${a.rule}' in rules; expected one of ${a.allowed}`,
} as const;

export type DiagnosticCode = keyof typeof MESSAGES;
export type MessageArgs<C extends DiagnosticCode> = Parameters<(typeof MESSAGES)[C]>[0];

const WARNINGS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'remaining-not-started',
  'cross-program-ref',
  'history-needs-loader',
]);

export function severityOf(code: DiagnosticCode): Severity {
  return WARNINGS.has(code) ? 'warning' : 'error';
}

export function messageFor<C extends DiagnosticCode>(code: C, args: MessageArgs<C>): string {
  // Each entry takes its own argument shape; MessageArgs<C> is exactly that shape.
  return (MESSAGES[code] as (a: MessageArgs<C>) => string)(args);
}

/** The singular noun of an entity of each list section. */
export const SECTION_NOUNS: Record<string, string> = {
  objectives: 'objective',
  people: 'person',
  teams: 'team',
  workstreams: 'workstream',
  items: 'item',
  milestones: 'milestone',
  risks: 'risk',
  decisions: 'decision',
  lessons: 'lesson',
  stakeholders: 'stakeholder',
  history: 'history entry',
  programs: 'program entry',
};

type Path = readonly (string | number)[];

/** How many leading path segments name the subject: `items, 3` (an entity of a list) or `program` / `time`. */
export function subjectLength(path: Path): number {
  if (path.length === 0) return 0;
  const head = String(path[0]);
  if (head in SECTION_NOUNS && typeof path[1] === 'number') return 2;
  if (head === 'program' || head === 'time' || head === 'portfolio') return 1;
  return 0;
}

/** "item PAY-1", "item #4" (no usable id), "program", "time", or '' for the file itself. */
export function subjectOf(path: Path, root: unknown): string {
  const n = subjectLength(path);
  if (n === 0) return '';
  const head = String(path[0]);
  if (n === 1) return head;
  const entity = valueAt(root, path.slice(0, 2));
  const id =
    entity !== null && typeof entity === 'object' && !Array.isArray(entity)
      ? (entity as Record<string, unknown>).id
      : undefined;
  const noun = SECTION_NOUNS[head];
  return typeof id === 'string' && id !== '' ? `${noun} ${id}` : `${noun} #${Number(path[1]) + 1}`;
}

/** The place inside the subject: `estimate.low`, `after[1]`, or '' for the subject itself. */
export function fieldOf(path: Path): string {
  return renderPath(path.slice(subjectLength(path)));
}

/** `a.b[2].c` */
export function renderPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** "the text 'abc'", "the number 5", "a list", ... for "must be X, not Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text '${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** A value rendered for a message: strings as is, others as YAML would write them. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'empty';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The value at `path` inside plain data, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
