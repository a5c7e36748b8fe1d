/**
 * The People tab's data as the views need it, pure (tested in Node by test/web/people-model.test.ts): the JSON of
 * `vantage raci|load --format json` (GET /api/programs/{id}/raci and /load), the RACI matrix grouped by workstream with
 * each finding on the row it is about, and the load grid's cells with their share, days off and accessible names.
 */
import type { FullRaci as Raci, RaciFinding } from '../../../src/engine/strategy/raci.js';
import { formatDate, percent } from '../format.js';

/** A RACI (responsible, accountable: one, consulted, informed) and a check's finding, as the engine gives them. */
export type { FullRaci as Raci, RaciFinding } from '../../../src/engine/strategy/raci.js';

/** `vantage raci --format json` (src/cli/render/raci-render.ts renderRaciJson). */
export type RaciJson = {
  program: { id: string; name: string };
  people: string[];
  workstreams: { id: string; title: string; lead?: string; raci: Raci }[];
  items: { id: string; title: string; workstream?: string; overridden: boolean; raci: Raci }[];
  findings: RaciFinding[];
};

export type LoadCell = { allocated: number; capacity: number; utilisation: number };
export type LoadPeriod = { id: string; from: string; to: string; workingDays: number };
export type LoadRow = { id: string; kind: 'person' | 'team'; name: string; capacityPerDay: number; cells: LoadCell[]; allocated: number; capacity: number; utilisation: number; overAllocated: string[] };
export type SinglePoint = { kind: string; person: string; message: string; skill?: string; workstream?: string; share?: number };

/** `vantage load --format json` (src/engine/strategy/load.ts LoadReport). */
export type LoadJson = {
  by: 'week' | 'month';
  periods: LoadPeriod[];
  rows: LoadRow[];
  overAllocations: { resource: string; period: string; allocated: number; capacity: number }[];
  singlePoints: SinglePoint[];
  levelled: boolean;
  today: string;
};

const ROLE_NAMES = { A: 'Accountable', R: 'Responsible', C: 'Consulted', I: 'Informed' } as const;
export type RoleLetter = keyof typeof ROLE_NAMES;

/** The roles `person` holds in `raci`, accountable first: `['A', 'R']` shows as "A/R". Example: `rolesOf({r:['bo'],a:'bo',c:[],i:[]}, 'bo')` → `['A','R']`. */
export function rolesOf(raci: Raci, person: string): RoleLetter[] {
  const out: RoleLetter[] = [];
  if (raci.a === person) out.push('A');
  if (raci.r.includes(person)) out.push('R');
  if (raci.c.includes(person)) out.push('C');
  if (raci.i.includes(person)) out.push('I');
  return out;
}

/** The accessible name of a RACI cell: "bo on payments: Accountable, Responsible" or "… : no role". */
export function raciCellName(person: string, rowId: string, roles: RoleLetter[]): string {
  return `${person} on ${rowId}: ${roles.length === 0 ? 'no role' : roles.map((r) => ROLE_NAMES[r]).join(', ')}`;
}

export type MatrixItem = RaciJson['items'][number] & { findings: RaciFinding[] };
export type MatrixGroup = {
  /** The workstream id; '' for items without a workstream. */
  id: string;
  title: string;
  lead?: string;
  /** Undefined for the group of items without a workstream. */
  raci?: Raci;
  findings: RaciFinding[];
  items: MatrixItem[];
  /** Findings on the group's items (shown when the group is collapsed too, as a count). */
  itemFindings: number;
};

/**
 * The matrix rows: each workstream (report order) with its open items and the findings about it; items without a
 * workstream last in a group of their own. Findings about people (accountable overload) are returned apart, as are
 * findings whose subject is no row (they still belong in the summary).
 */
export function raciMatrix(raci: RaciJson): { groups: MatrixGroup[]; personFindings: RaciFinding[]; otherFindings: RaciFinding[] } {
  const bySubject = new Map<string, RaciFinding[]>();
  for (const f of raci.findings) {
    if (f.subjectKind === 'person') continue;
    const key = `${f.subjectKind}:${f.subject}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), f]);
  }
  const used = new Set<RaciFinding>();
  const take = (kind: string, id: string): RaciFinding[] => {
    const found = bySubject.get(`${kind}:${id}`) ?? [];
    for (const f of found) used.add(f);
    return found;
  };
  const groups: MatrixGroup[] = raci.workstreams.map((w) => ({ id: w.id, title: w.title, ...(w.lead !== undefined ? { lead: w.lead } : {}), raci: w.raci, findings: take('workstream', w.id), items: [], itemFindings: 0 }));
  const byId = new Map(groups.map((g) => [g.id, g]));
  const loose: MatrixGroup = { id: '', title: 'Items without a workstream', findings: [], items: [], itemFindings: 0 };
  for (const item of raci.items) {
    const group = (item.workstream !== undefined ? byId.get(item.workstream) : undefined) ?? loose;
    const findings = take('item', item.id);
    group.items.push({ ...item, findings });
    group.itemFindings += findings.length;
  }
  if (loose.items.length > 0) groups.push(loose);
  return {
    groups,
    personFindings: raci.findings.filter((f) => f.subjectKind === 'person'),
    otherFindings: raci.findings.filter((f) => f.subjectKind !== 'person' && !used.has(f)),
  };
}

/** "13 findings: 2 errors, 11 warnings" (or "No RACI problems found."). */
export function findingsSummary(findings: RaciFinding[]): string {
  if (findings.length === 0) return 'No RACI problems found.';
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(findings.length, 'finding')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** Findings counted per check, most frequent first: `[['stakeholder-not-informed', 13]]`. */
export function findingsByCheck(findings: RaciFinding[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** How full a load cell is, for its shade: none (no capacity or nothing allocated), low ≤ 50 %, medium ≤ 85 %, high ≤ 100 %, over. */
export type LoadLevel = 'none' | 'low' | 'medium' | 'high' | 'over';

export type LoadCellView = {
  level: LoadLevel;
  /** allocated / capacity; undefined when there is no capacity. */
  share?: number;
  over: boolean;
  /** Working days of the period this person is off (people only; 0 for teams). */
  daysOff: number;
  /** What the cell shows: "130%", "—" (no capacity). */
  text: string;
  /** The accessible name: "bo, week of 7 Dec: 130%, over-allocated (4.8 of 4 days)". */
  name: string;
};

const EPS = 1e-9;
const round1 = (x: number): string => String(Math.round(x * 10) / 10);

/** One cell of the load heat map. Over-allocated exactly when the engine says so (allocated > capacity). */
export function loadCellView(row: LoadRow, period: LoadPeriod, cell: LoadCell, by: 'week' | 'month' = 'week'): LoadCellView {
  const over = row.overAllocated.includes(period.id);
  const expected = row.capacityPerDay * period.workingDays;
  const daysOff = row.kind === 'person' && row.capacityPerDay > 0 ? Math.max(0, Math.round((expected - cell.capacity) / row.capacityPerDay)) : 0;
  const share = cell.capacity > EPS ? cell.allocated / cell.capacity : undefined;
  const level: LoadLevel = over ? 'over' : share === undefined || cell.allocated <= EPS ? 'none' : share <= 0.5 + EPS ? 'low' : share <= 0.85 + EPS ? 'medium' : 'high';
  const text = share === undefined ? (cell.allocated > EPS ? `${round1(cell.allocated)} d` : '—') : percent(share);
  const when = `${by === 'week' ? 'week of' : 'month from'} ${formatDate(period.from, true)}`;
  const parts = [share === undefined ? (cell.allocated > EPS ? `${round1(cell.allocated)} days with no capacity` : 'no capacity') : text];
  if (over) parts.push(`over-allocated (${round1(cell.allocated)} of ${round1(cell.capacity)} days)`);
  if (daysOff > 0) parts.push(`${daysOff} day${daysOff === 1 ? '' : 's'} off`);
  return { level, ...(share !== undefined ? { share } : {}), over, daysOff, text, name: `${row.id}, ${when}: ${parts.join(', ')}` };
}
