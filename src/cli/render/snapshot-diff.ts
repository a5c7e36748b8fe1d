/** Output of `vantage diff`: the changes between two snapshots as text, Markdown or JSON. */
import type { Snapshot } from '../../model/snapshot.js';
import { summarizeChanges, type Change, type ChangeSummary } from '../../engine/snapshot/diff.js';

export type DiffView = {
  before: Snapshot;
  after: Snapshot;
  /** True when `after` is the file as it is now (not a stored snapshot). */
  current: boolean;
  changes: Change[];
};

const SECTIONS: [Change['subject']['type'], string][] = [
  ['program', 'Program'],
  ['milestone', 'Milestones'],
  ['item', 'Work'],
  ['risk', 'Risks'],
  ['decision', 'Decisions'],
  ['objective', 'Objectives'],
];

/** Up to this many items' date changes are listed one by one; more are summed up in one sentence. */
export const MAX_ITEM_DATE_LINES = 5;

/** The sentences of one group; many item date moves (they follow from the others) become one line. */
function sentences(changes: readonly Change[], type: Change['subject']['type']): string[] {
  const group = changes.filter((c) => c.subject.type === type);
  const dates = group.filter((c) => c.kind === 'item-dates');
  if (dates.length <= MAX_ITEM_DATE_LINES) return group.map((c) => c.text);
  const later = dates.filter((c) => (c.days ?? 0) > 0).map((c) => c.days ?? 0);
  const earlier = dates.length - later.length;
  const range = later.length === 0 ? '' : Math.min(...later) === Math.max(...later) ? ` by ${Math.min(...later)} days` : ` by ${Math.min(...later)} to ${Math.max(...later)} days`;
  const parts = [later.length > 0 ? `${later.length} ${later.length === 1 ? 'item now finishes' : 'items now finish'} later${range}` : '', earlier > 0 ? `${earlier} earlier` : ''].filter((p) => p !== '');
  return [...group.filter((c) => c.kind !== 'item-dates').map((c) => c.text), `${parts.join(', ')} (--format json lists each).`];
}

function describe(s: Snapshot): string {
  return `snapshot ${s.id}${s.label ? ` "${s.label}"` : ''}`;
}

function heading(v: DiffView): string {
  const to = v.current ? `the plan now (${v.after.statusDate})` : `${describe(v.after)} (${v.after.statusDate})`;
  return `Changes in ${v.after.program.name} from ${describe(v.before)} (${v.before.statusDate}) to ${to}`;
}

const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "4 dates moved, 1 item added, 1 item cut, 1 risk closed, 1 decision made." (only non-zero counts). */
export function headline(summary: ChangeSummary): string {
  const parts = [
    summary.datesMoved > 0 ? counted(summary.datesMoved, 'date moved', 'dates moved') : '',
    summary.scopeAdded > 0 ? counted(summary.scopeAdded, 'item added', 'items added') : '',
    summary.scopeCut > 0 ? counted(summary.scopeCut, 'item cut', 'items cut') : '',
    summary.risksOpened > 0 ? counted(summary.risksOpened, 'risk opened', 'risks opened') : '',
    summary.risksClosed > 0 ? counted(summary.risksClosed, 'risk closed', 'risks closed') : '',
    summary.decisionsMade > 0 ? counted(summary.decisionsMade, 'decision made', 'decisions made') : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? '' : `${parts.join(', ')}.`;
}

/** Plain text: a heading, a one-line summary, then the sentences grouped by what they concern. */
export function renderDiffText(v: DiffView): string {
  const lines = [`${heading(v)}:`];
  if (v.changes.length === 0) return `${lines[0]}\nNothing changed.\n`;
  const h = headline(summarizeChanges(v.changes));
  if (h) lines.push(h);
  for (const [type, title] of SECTIONS) {
    const group = sentences(v.changes, type);
    if (group.length === 0) continue;
    lines.push('', title);
    for (const text of group) lines.push(`  - ${text}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown for a status update: a heading, the summary, a section per group. */
export function renderDiffMd(v: DiffView): string {
  const lines = [`## ${heading(v)}`, ''];
  if (v.changes.length === 0) return `${lines.join('\n')}\nNothing changed.\n`;
  const h = headline(summarizeChanges(v.changes));
  if (h) lines.push(h, '');
  for (const [type, title] of SECTIONS) {
    const group = sentences(v.changes, type);
    if (group.length === 0) continue;
    lines.push(`### ${title}`, '', ...group.map((text) => `- ${text}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `{diff: {program, since: {id, label, statusDate}, to: {id | null, statusDate}, summary, changes}}`. */
export function renderDiffJson(v: DiffView): string {
  const ref = (s: Snapshot) => ({ id: s.id, label: s.label ?? null, statusDate: s.statusDate, takenAt: s.takenAt });
  const out = {
    diff: {
      program: v.after.program.id,
      since: ref(v.before),
      to: v.current ? { id: null, label: null, statusDate: v.after.statusDate, takenAt: null } : ref(v.after),
      summary: summarizeChanges(v.changes),
      changes: v.changes,
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
