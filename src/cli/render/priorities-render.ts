/** `vantage priorities`: the ranking and the alignment report as a terminal table, Markdown or JSON. */
import type { AlignmentReport } from '../../engine/strategy/alignment.js';
import { MISMATCH_MIN_GAP, MISMATCH_RATIO } from '../../engine/strategy/alignment.js';
import type { PrioritiesResult, RankedItem } from '../../engine/strategy/priorities.js';
import type { PrioritizeMethod, ProgramInfo } from '../../model/program.js';

export type PrioritiesView = {
  program: Pick<ProgramInfo, 'id' | 'name'>;
  today: string;
  priorities: PrioritiesResult;
  alignment: AlignmentReport;
};

const FORMULA: Record<PrioritizeMethod, string> = {
  wsjf: 'WSJF = (value + time criticality + risk reduction) / job size',
  rice: 'RICE = reach x impact x confidence / job size',
  value: 'value',
};

const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, ''));
const pct = (x: number): string => `${Math.round(x * 100)}%`;
const cut = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`);

/** JSON: `{program, method, items: [{id, rank, score, objectives, ...}], missing, alignment: {...}}`; shares 0..1. */
export function renderPrioritiesJson(view: PrioritiesView): string {
  const a = view.alignment;
  const json = {
    program: { id: view.program.id, name: view.program.name },
    today: view.today,
    method: view.priorities.method,
    items: view.priorities.items.map((i) => ({
      id: i.id,
      rank: i.rank,
      score: round(i.score),
      objectives: i.objectives,
      title: i.title,
      jobSize: round(i.jobSize),
      status: i.status,
      must: i.must,
      workstream: i.workstream,
      owner: i.owner,
      critical: i.critical,
      // Infinity (an item the schedule does not know) is not JSON.
      slack: Number.isFinite(i.slack) ? round(i.slack) : null,
      missing: i.missing,
      waitsOn: i.waitsOn,
    })),
    missing: view.priorities.missing,
    alignment: {
      totalEffort: round(a.totalEffort),
      alignedEffort: round(a.alignedEffort),
      unalignedEffort: round(a.unalignedEffort),
      unalignedItems: a.unalignedItems,
      objectives: a.objectives.map((o) => ({
        id: o.id,
        title: o.title,
        parent: o.parent,
        weight: o.weight,
        weightShare: round(o.weightShare),
        effort: round(o.effort),
        directEffort: round(o.directEffort),
        effortShare: round(o.effortShare),
        items: o.items,
        hasMetric: o.hasMetric,
        mismatch: o.mismatch,
      })),
      noWork: a.noWork,
      noOpenWork: a.noOpenWork,
      noMetric: a.noMetric,
      mismatches: a.mismatches.map((m) => ({ ...m, effortShare: round(m.effortShare), weightShare: round(m.weightShare) })),
    },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function rankCells(i: RankedItem, titleWidth: number): string[] {
  return [
    String(i.rank),
    i.id,
    cut(i.title, titleWidth),
    num(round(i.score, 2)),
    num(round(i.jobSize, 1)),
    i.critical ? '*' : '',
    Number.isFinite(i.slack) ? num(round(i.slack, 1)) : '-',
    i.must ? 'must' : '',
    i.objectives.join(',') || '(none)',
    i.waitsOn.length > 0 ? String(i.waitsOn.length) : '',
    i.missing.length > 0 ? `missing ${i.missing.join(',')}` : '',
  ];
}

function table(head: string[], rows: string[][], right: Set<number>): string[] {
  const widths = head.map((h) => h.length);
  for (const r of rows) for (let c = 0; c < r.length; c++) if (r[c].length > widths[c]) widths[c] = r[c].length;
  const line = (r: string[]): string => r.map((v, c) => (right.has(c) ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

function alignmentLines(a: AlignmentReport): string[] {
  const out: string[] = [];
  for (const m of a.mismatches) out.push(`! ${m.message}`);
  if (a.unalignedItems.length > 0) {
    const share = a.totalEffort > 0 ? ` (${pct(a.unalignedEffort / a.totalEffort)} of open effort)` : '';
    out.push(`! ${a.unalignedItems.length} open item(s) serve no objective${share}: ${a.unalignedItems.join(', ')}; link them to an objective or question them`);
  }
  if (a.noWork.length > 0) out.push(`! objectives with no work: ${a.noWork.join(', ')}; plan work for them or drop them`);
  if (a.noOpenWork.length > 0) out.push(`  objectives whose work is all done: ${a.noOpenWork.join(', ')}`);
  if (a.noMetric.length > 0) out.push(`! objectives with no metric: ${a.noMetric.join(', ')}; without one nobody can tell whether the work paid off`);
  if (out.length === 0) out.push('No alignment problems found.');
  return out;
}

/** The terminal table: ranking, then alignment (objective shares and findings), then missing inputs. */
export function renderPrioritiesTable(view: PrioritiesView): string {
  const p = view.priorities;
  const out: string[] = [];
  out.push(`${view.program.name} (${view.program.id}): priorities by ${FORMULA[p.method]}; status date ${view.today}`);
  out.push('');
  if (p.items.length === 0) out.push('No open items.');
  else {
    out.push(
      ...table(
        ['Rank', 'ID', 'Title', 'Score', 'Days', 'Crit', 'Slack', 'Must', 'Objectives', 'Waits', ''],
        p.items.map((i) => rankCells(i, 40)),
        new Set([0, 3, 4, 6, 9]),
      ),
    );
    out.push('', 'Days: job size in working days (estimate mean; remaining work for doing items). Ties: critical first, then less slack.');
    out.push('Waits: open predecessors the item waits on; rank says what matters most, not what can start now.');
  }
  const a = view.alignment;
  out.push('', `Alignment: ${num(round(a.totalEffort, 1))} working days of open work, ${num(round(a.alignedEffort, 1))} serving objectives`);
  if (a.objectives.length > 0) {
    out.push(
      ...table(
        ['Objective', 'Parent', 'Weight', 'Weight share', 'Effort', 'Effort share', 'Metric', ''],
        a.objectives.map((o) => [
          o.id,
          o.parent ?? '',
          num(o.weight),
          pct(o.weightShare),
          num(round(o.effort, 1)),
          pct(o.effortShare),
          o.hasMetric ? 'yes' : 'NO',
          o.mismatch === 'over' ? 'OVER-served' : o.mismatch === 'under' ? 'UNDER-served' : '',
        ]),
        new Set([2, 3, 4, 5]),
      ),
    );
  }
  out.push('', ...alignmentLines(a));
  out.push(`(flagged when effort share > ${MISMATCH_RATIO}x or < 1/${MISMATCH_RATIO} of weight share and at least ${Math.round(MISMATCH_MIN_GAP * 100)} percentage points apart)`);
  const missing = missingLine(p);
  if (missing !== undefined) out.push('', missing);
  return `${out.join('\n')}\n`;
}

/** Which items were scored with defaults; one sentence when no open item has some input at all. */
function missingLine(p: PrioritiesResult): string | undefined {
  if (p.missing.length === 0) return undefined;
  const everywhere = p.items.length > 1 && p.missing.length === p.items.length
    ? p.missing[0].fields.filter((f) => p.missing.every((m) => m.fields.includes(f)))
    : [];
  if (everywhere.length > 0) {
    return `No open item has ${everywhere.join(', ')}: every item was scored with the defaults, so ${p.method} cannot tell them apart on those inputs; fill them in or use another --method.`;
  }
  return `Missing scoring inputs (scored with defaults): ${p.missing.map((m) => `${m.id} (${m.fields.join(', ')})`).join('; ')}`;
}

const esc = (text: string): string => text.replace(/\|/g, '\\|');

/** Markdown: the same content as the table, for a doc or a wiki. */
export function renderPrioritiesMd(view: PrioritiesView): string {
  const p = view.priorities;
  const a = view.alignment;
  const out: string[] = [];
  out.push(`# Priorities: ${esc(view.program.name)}`, '', `Ranked by ${FORMULA[p.method]}; status date ${view.today}.`, '');
  if (p.items.length === 0) out.push('No open items.');
  else {
    out.push('| Rank | Item | Score | Job size (days) | Critical | Slack | Must | Objectives |', '|---:|---|---:|---:|---|---:|---|---|');
    for (const i of p.items) {
      const flag = i.missing.length > 0 ? ` (missing ${i.missing.join(', ')})` : '';
      const slack = Number.isFinite(i.slack) ? num(round(i.slack, 1)) : '—';
      out.push(
        `| ${i.rank} | ${esc(`${i.id}: ${i.title}`)}${esc(flag)} | ${num(round(i.score, 2))} | ${num(round(i.jobSize, 1))} | ${i.critical ? 'yes' : ''} | ${slack} | ${i.must ? 'yes' : ''} | ${i.objectives.join(', ') || '(none)'} |`,
      );
    }
  }
  out.push('', '## Alignment', '', `${num(round(a.totalEffort, 1))} working days of open work, ${num(round(a.alignedEffort, 1))} serving objectives.`, '');
  if (a.objectives.length > 0) {
    out.push('| Objective | Weight share | Effort share | Effort (days) | Metric | Flag |', '|---|---:|---:|---:|---|---|');
    for (const o of a.objectives) {
      const flag = o.mismatch === 'over' ? 'over-served' : o.mismatch === 'under' ? 'under-served' : '';
      out.push(`| ${esc(`${o.id}: ${o.title}`)} | ${pct(o.weightShare)} | ${pct(o.effortShare)} | ${num(round(o.effort, 1))} | ${o.hasMetric ? 'yes' : 'no'} | ${flag} |`);
    }
    out.push('');
  }
  for (const line of alignmentLines(a)) out.push(`- ${line.replace(/^[! ] /, '')}`);
  const missing = missingLine(p);
  if (missing !== undefined) out.push('', missing);
  return `${out.join('\n')}\n`;
}
