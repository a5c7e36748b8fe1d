/**
 * What changed between two snapshots of a program, as a list of changes each with one plain-English sentence (for
 * `vantage diff`, status briefs and scope-growth rules).
 *
 * Rules:
 * - Order is deterministic: program, milestones, items, risks, decisions, objectives; within a kind, the order of the
 *   later snapshot's file, then what was removed in the earlier one's order; per entity a fixed order of fields.
 * - A moved date carries `days`: signed calendar days, + = later. Dates in sentences read "22 Apr" (with the year
 *   when it differs from the later snapshot's status date year).
 * - The program's finish compares the forecast at the program's confidence when both snapshots have a forecast, else
 *   the planned (deterministic) finish. A milestone compares its P85 when both have one, else its planned date.
 * - Scope is the sum of the mean estimates (working days) of the items that are not cut.
 * - An item's dates compare its scheduled finish, for items scheduled in both snapshots.
 */
import type { IsoDate, ItemStatus } from '../../model/program.js';
import type { Snapshot, SnapshotItem, SnapshotMilestone, SnapshotObjective, SnapshotRisk } from '../../model/snapshot.js';
import { dayNumber } from '../dates.js';

export type ChangeKind =
  | 'item-added'
  | 'item-removed'
  | 'item-cut'
  | 'item-restored'
  | 'item-status'
  | 'item-estimate'
  | 'item-dates'
  | 'milestone-added'
  | 'milestone-removed'
  | 'milestone-committed'
  | 'milestone-forecast'
  | 'risk-opened'
  | 'risk-closed'
  | 'risk-changed'
  | 'decision-made'
  | 'decision-changed'
  | 'objective-metric'
  | 'program-target'
  | 'program-forecast'
  | 'scope-total';

export type ChangeSubject = { type: 'item' | 'milestone' | 'risk' | 'decision' | 'objective' | 'program'; id: string; title: string };

export type Change = {
  kind: ChangeKind;
  subject: ChangeSubject;
  before?: string | number;
  after?: string | number;
  /** signed working or calendar days where a date moved (+ = later); here always calendar days */
  days?: number;
  /** one plain-English sentence, no jargon, e.g. "Beta to 5% of traffic moved 6 days later, to 22 Apr (85% forecast)." */
  text: string;
};

export type ChangeSummary = {
  datesMoved: number;
  scopeAdded: number;
  scopeCut: number;
  risksOpened: number;
  risksClosed: number;
  decisionsMade: number;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "22 Apr", or "22 Apr 2028" when the year is not `year`. */
export function formatDay(iso: IsoDate, year: string): string {
  const [y, m, d] = iso.split('-');
  const text = `${Number(d)} ${MONTHS[Number(m) - 1]}`;
  return y === year ? text : `${text} ${y}`;
}

/** A number as people write it: at most one decimal, no trailing zero (9.5, 14). */
function num(x: number): string {
  return String(Math.round(x * 10) / 10 + 0);
}

const pct = (p: number): string => `${Math.round(p * 100)}%`;
const plural = (n: number, word: string): string => `${num(n)} ${word}${Math.abs(n) === 1 ? '' : 's'}`;
const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

const STATUS_WORDS: Record<ItemStatus, string> = { todo: 'not started', doing: 'in progress', done: 'done', blocked: 'blocked', cut: 'cut' };
const RISK_NOUN: Record<string, string> = { risk: 'Risk', assumption: 'Assumption', issue: 'Issue' };

/** "moved 6 days later, to 22 Apr" / "moved 2 days earlier, to 3 Mar". */
function moved(days: number, to: IsoDate, year: string): string {
  return `moved ${plural(Math.abs(days), 'day')} ${days > 0 ? 'later' : 'earlier'}, to ${formatDay(to, year)}`;
}

/** Pairs entities by id: the later snapshot's order, then the removed ones in the earlier one's order. */
function pair<T extends { id: string }>(before: readonly T[], after: readonly T[]): [T | undefined, T | undefined][] {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Set(after.map((x) => x.id));
  return [...after.map((x): [T | undefined, T | undefined] => [old.get(x.id), x]), ...before.filter((x) => !now.has(x.id)).map((x): [T | undefined, T | undefined] => [x, undefined])];
}

/**
 * Every change from `before` to `after` (see the module comment for the rules). The diff of a snapshot with itself is
 * empty. Example: an item whose mean estimate went from 9.5 to 14 days gives an `item-estimate` change "The estimate
 * for 3-D Secure 2 challenge flow (PAY-3) rose from 9.5 to 14 working days."
 */
export function diffSnapshots(before: Snapshot, after: Snapshot): Change[] {
  const year = after.statusDate.slice(0, 4);
  return [
    ...programChanges(before, after, year),
    ...pair(before.milestones, after.milestones).flatMap(([b, a]) => milestoneChanges(b, a, year)),
    ...pair(before.items, after.items).flatMap(([b, a]) => itemChanges(b, a, year)),
    ...pair(before.risks, after.risks).flatMap(([b, a]) => riskChanges(b, a)),
    ...pair(before.decisions, after.decisions).flatMap(([b, a]) => decisionChanges(b, a)),
    ...pair(before.objectives, after.objectives).flatMap(([b, a]) => objectiveChanges(b, a)),
  ];
}

/**
 * Counts for a headline: dates moved (the program's target and finish, milestones' committed and forecast dates; not
 * single items', which follow them), items added or restored, items cut or removed, risks opened and closed,
 * decisions made.
 */
export function summarizeChanges(changes: Change[]): ChangeSummary {
  const count = (...kinds: ChangeKind[]): number => changes.filter((c) => kinds.includes(c.kind)).length;
  return {
    datesMoved: count('program-target', 'program-forecast', 'milestone-committed', 'milestone-forecast'),
    scopeAdded: count('item-added', 'item-restored'),
    scopeCut: count('item-cut', 'item-removed'),
    risksOpened: count('risk-opened'),
    risksClosed: count('risk-closed'),
    decisionsMade: count('decision-made'),
  };
}

function scopeDays(s: Snapshot): number {
  return s.items.reduce((sum, i) => (i.status === 'cut' ? sum : sum + i.estimateDays), 0);
}

function programChanges(before: Snapshot, after: Snapshot, year: string): Change[] {
  const subject: ChangeSubject = { type: 'program', id: after.program.id, title: after.program.name };
  const out: Change[] = [];
  const [bt, at] = [before.program.target, after.program.target];
  if (bt !== at) {
    if (bt !== undefined && at !== undefined) {
      const days = daysBetween(bt, at);
      out.push({ kind: 'program-target', subject, before: bt, after: at, days, text: `The target date ${moved(days, at, year)} (was ${formatDay(bt, year)}).` });
    } else if (at !== undefined) {
      out.push({ kind: 'program-target', subject, after: at, text: `The program now has a target date: ${formatDay(at, year)}.` });
    } else if (bt !== undefined) {
      out.push({ kind: 'program-target', subject, before: bt, text: `The target date (${formatDay(bt, year)}) was removed.` });
    }
  }
  const both = before.forecast !== undefined && after.forecast !== undefined;
  const bf = both ? before.forecast?.atConfidence : before.planned;
  const af = both ? after.forecast?.atConfidence : after.planned;
  if (bf !== undefined && af !== undefined && bf !== af) {
    const days = daysBetween(bf, af);
    const what = both ? `The ${pct(after.program.confidence)} forecast of the finish` : 'The planned finish';
    out.push({ kind: 'program-forecast', subject, before: bf, after: af, days, text: `${what} ${moved(days, af, year)}.` });
  }
  const [bs, as] = [scopeDays(before), scopeDays(after)];
  if (num(bs) !== num(as)) {
    const delta = as - bs;
    out.push({
      kind: 'scope-total',
      subject,
      before: Number(num(bs)),
      after: Number(num(as)),
      text: `Total scope ${delta > 0 ? 'grew' : 'shrank'} by ${plural(Math.abs(delta), 'working day')}, to ${num(as)} (was ${num(bs)}).`,
    });
  }
  return out;
}

/** The date a milestone is compared on, and its name in sentences. */
function milestoneDate(m: SnapshotMilestone, useP85: boolean): IsoDate | undefined {
  return useP85 ? m.p85 : m.planned;
}

function milestoneChanges(b: SnapshotMilestone | undefined, a: SnapshotMilestone | undefined, year: string): Change[] {
  const m = a ?? b;
  if (!m) return [];
  const subject: ChangeSubject = { type: 'milestone', id: m.id, title: m.title };
  if (!b && a) {
    const when = a.p85 ?? a.planned;
    const text = `New milestone: ${a.title}${when ? `, forecast for ${formatDay(when, year)}${a.p85 ? ' (85% forecast)' : ''}` : ''}.`;
    return [{ kind: 'milestone-added', subject, ...(when ? { after: when } : {}), text }];
  }
  if (b && !a) return [{ kind: 'milestone-removed', subject, text: `The milestone ${b.title} was removed.` }];
  if (!a || !b) return [];
  const out: Change[] = [];
  if (a.date !== b.date) {
    if (a.date !== undefined && b.date !== undefined) {
      const days = daysBetween(b.date, a.date);
      out.push({ kind: 'milestone-committed', subject, before: b.date, after: a.date, days, text: `The committed date of ${a.title} ${moved(days, a.date, year)}.` });
    } else if (a.date !== undefined) {
      out.push({ kind: 'milestone-committed', subject, after: a.date, text: `${a.title} is now committed for ${formatDay(a.date, year)}.` });
    } else if (b.date !== undefined) {
      out.push({ kind: 'milestone-committed', subject, before: b.date, text: `${a.title} no longer has a committed date (was ${formatDay(b.date, year)}).` });
    }
  }
  const useP85 = a.p85 !== undefined && b.p85 !== undefined;
  const [bd, ad] = [milestoneDate(b, useP85), milestoneDate(a, useP85)];
  if (bd !== undefined && ad !== undefined && bd !== ad) {
    const days = daysBetween(bd, ad);
    out.push({
      kind: 'milestone-forecast',
      subject,
      before: bd,
      after: ad,
      days,
      text: `${a.title} ${moved(days, ad, year)} (${useP85 ? '85% forecast' : 'plan'}).`,
    });
  }
  return out;
}

function itemChanges(b: SnapshotItem | undefined, a: SnapshotItem | undefined, year: string): Change[] {
  const i = a ?? b;
  if (!i) return [];
  const subject: ChangeSubject = { type: 'item', id: i.id, title: i.title };
  const name = `${i.title} (${i.id})`;
  if (!b && a) {
    const size = a.estimateDays > 0 ? `, estimated at ${plural(a.estimateDays, 'working day')}` : ', not yet estimated';
    return [{ kind: 'item-added', subject, after: a.estimateDays, text: `New work: ${name}${size}.` }];
  }
  if (b && !a) return [{ kind: 'item-removed', subject, before: b.estimateDays, text: `${name} was removed from the plan.` }];
  if (!a || !b) return [];
  const out: Change[] = [];
  if (a.status !== b.status) {
    if (a.status === 'cut') out.push({ kind: 'item-cut', subject, before: b.status, after: a.status, text: `${name} was cut from scope.` });
    else if (b.status === 'cut') out.push({ kind: 'item-restored', subject, before: b.status, after: a.status, text: `${name} is back in scope.` });
    else {
      out.push({ kind: 'item-status', subject, before: b.status, after: a.status, text: `${name} is now ${STATUS_WORDS[a.status]} (was ${STATUS_WORDS[b.status]}).` });
    }
  }
  if (num(a.estimateDays) !== num(b.estimateDays)) {
    const verb = a.estimateDays > b.estimateDays ? 'rose' : 'fell';
    out.push({
      kind: 'item-estimate',
      subject,
      before: b.estimateDays,
      after: a.estimateDays,
      text: `The estimate for ${name} ${verb} from ${num(b.estimateDays)} to ${plural(a.estimateDays, 'working day')}.`,
    });
  }
  if (a.finish !== undefined && b.finish !== undefined && a.finish !== b.finish) {
    const days = daysBetween(b.finish, a.finish);
    out.push({ kind: 'item-dates', subject, before: b.finish, after: a.finish, days, text: `${name} finish ${moved(days, a.finish, year)}.` });
  }
  return out;
}

const isClosed = (status: string): boolean => status === 'closed' || status === 'mitigated';

function riskChanges(b: SnapshotRisk | undefined, a: SnapshotRisk | undefined): Change[] {
  const r = a ?? b;
  if (!r) return [];
  const subject: ChangeSubject = { type: 'risk', id: r.id, title: r.title };
  const name = `${RISK_NOUN[r.kind] ?? 'Risk'} ${r.id} (${r.title})`;
  if (!b && a) {
    if (isClosed(a.status)) return [{ kind: 'risk-closed', subject, after: a.status, text: `${name} was logged already ${a.status}.` }];
    const odds = [a.probability !== undefined ? `${pct(a.probability)} likely` : '', a.impactDays !== undefined ? `${plural(a.impactDays, 'day')} of delay if it happens` : '']
      .filter((s) => s !== '')
      .join(', ');
    return [{ kind: 'risk-opened', subject, after: a.status, text: `New: ${name}${odds ? `, ${odds}` : ''}.` }];
  }
  if (b && !a) return [{ kind: 'risk-closed', subject, before: b.status, text: `${name} was removed from the log.` }];
  if (!a || !b) return [];
  const out: Change[] = [];
  if (a.status !== b.status) {
    if (isClosed(a.status) && !isClosed(b.status)) {
      out.push({ kind: 'risk-closed', subject, before: b.status, after: a.status, text: `${name} is now ${a.status} (was ${b.status}).` });
    } else if (!isClosed(a.status) && isClosed(b.status)) {
      out.push({ kind: 'risk-opened', subject, before: b.status, after: a.status, text: `${name} is ${a.status} again (was ${b.status}).` });
    } else {
      const text = a.status === 'occurred' ? `${name} has happened (was ${b.status}).` : `${name} is now ${a.status} (was ${b.status}).`;
      out.push({ kind: 'risk-changed', subject, before: b.status, after: a.status, text });
    }
  }
  const field = (before: number | undefined, after: number | undefined, what: (x: number) => string, noun: string): void => {
    if (before === after) return;
    const text =
      before === undefined
        ? `${name} now has a ${noun} of ${what(after ?? 0)}.`
        : after === undefined
          ? `${name} no longer has a ${noun} (was ${what(before)}).`
          : `The ${noun} of ${name} went ${after > before ? 'up' : 'down'} from ${what(before)} to ${what(after)}.`;
    out.push({ kind: 'risk-changed', subject, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), text });
  };
  field(b.probability, a.probability, pct, 'likelihood');
  field(b.impactDays, a.impactDays, (x) => plural(x, 'day'), 'delay if it happens');
  field(b.severity, a.severity, (x) => `${num(x)} of 5`, 'severity');
  return out;
}

function decisionChanges(b: Snapshot['decisions'][number] | undefined, a: Snapshot['decisions'][number] | undefined): Change[] {
  const d = a ?? b;
  if (!d) return [];
  const subject: ChangeSubject = { type: 'decision', id: d.id, title: d.title };
  const name = `decision ${d.id} (${d.title})`;
  if (!b && a) {
    return [{ kind: 'decision-made', subject, ...(a.status !== undefined ? { after: a.status } : {}), text: `New ${name}${a.status ? `, ${a.status}` : ''}.` }];
  }
  if (b && !a) return [{ kind: 'decision-changed', subject, ...(b.status !== undefined ? { before: b.status } : {}), text: `The ${name} was removed from the log.` }];
  if (!a || !b || a.status === b.status) return [];
  return [
    {
      kind: 'decision-changed',
      subject,
      ...(b.status !== undefined ? { before: b.status } : {}),
      ...(a.status !== undefined ? { after: a.status } : {}),
      text: `The ${name} is now ${a.status ?? 'without a status'}${b.status ? ` (was ${b.status})` : ''}.`,
    },
  ];
}

function objectiveChanges(b: SnapshotObjective | undefined, a: SnapshotObjective | undefined): Change[] {
  if (!a || !b) return [];
  const subject: ChangeSubject = { type: 'objective', id: a.id, title: a.title };
  const metric = a.metric ?? b.metric ?? 'its metric';
  const out: Change[] = [];
  if (a.current !== b.current && a.current !== undefined) {
    const toTarget = a.target !== undefined ? ` (target ${num(a.target)})` : '';
    const text = b.current === undefined ? `${a.title}: ${metric} is now measured at ${num(a.current)}${toTarget}.` : `${a.title}: ${metric} moved from ${num(b.current)} to ${num(a.current)}${toTarget}.`;
    out.push({ kind: 'objective-metric', subject, ...(b.current !== undefined ? { before: b.current } : {}), after: a.current, text });
  }
  if (a.target !== b.target && a.target !== undefined && b.target !== undefined) {
    out.push({ kind: 'objective-metric', subject, before: b.target, after: a.target, text: `${a.title}: the target for ${metric} changed from ${num(b.target)} to ${num(a.target)}.` });
  }
  return out;
}
