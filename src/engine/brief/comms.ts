/**
 * The communication plan: where each stakeholder sits on the influence × interest grid, who is due an update in a
 * week by their cadence, and what each cares about (their objectives' status from objectiveStatuses, one line each).
 *
 * - Grid (Mendelow): high influence and high interest → manage closely; high influence otherwise → keep satisfied;
 *   high interest otherwise → keep informed; else monitor. Medium counts as not high; a missing level as low.
 * - Next update: last_update + 7 days (weekly), + 14 (biweekly), + one calendar month (monthly, clamped to the
 *   month's last day). Never updated → due now. No cadence but updated → not due (nothing promised).
 * - Due this week: the next update falls on or before the week's Sunday; overdue when before its Monday.
 */
import type { IsoDate, Program, Stakeholder } from '../../model/program.js';
import { dayNumber, isoDate, weekdayIndex } from '../dates.js';
import { statusWords, type HealthStatus } from './health.js';
import type { ObjectiveStatus } from './objectives.js';
import { longDate, percent } from './words.js';

export type Quadrant = 'manage-closely' | 'keep-satisfied' | 'keep-informed' | 'monitor';

export const QUADRANTS: readonly { id: Quadrant; title: string }[] = [
  { id: 'manage-closely', title: 'Manage closely (high influence, high interest)' },
  { id: 'keep-satisfied', title: 'Keep satisfied (high influence)' },
  { id: 'keep-informed', title: 'Keep informed (high interest)' },
  { id: 'monitor', title: 'Monitor' },
];

/** An ISO week: `2026-W48`, Monday `from` to Sunday `to`. */
export type IsoWeek = { id: string; from: IsoDate; to: IsoDate };

export type CaresAbout = { id: string; title: string; status: HealthStatus | 'unknown'; line: string };

export type CommsEntry = {
  id: string;
  name: string;
  influence?: Stakeholder['influence'];
  interest?: Stakeholder['interest'];
  quadrant: Quadrant;
  channel?: Stakeholder['channel'];
  cadence?: Stakeholder['cadence'];
  lastUpdate?: IsoDate;
  /** When the next update is owed (absent: never updated, or no cadence). */
  nextDue?: IsoDate;
  due: boolean;
  overdue: boolean;
  /** Why due or not, in words. */
  reason: string;
  caresAbout: CaresAbout[];
};

export type CommsPlan = {
  week: IsoWeek;
  stakeholders: CommsEntry[];
  grid: Record<Quadrant, string[]>;
  /** Ids of the stakeholders due an update this week, in file order. */
  due: string[];
};

/** The ISO week containing a date. Example: isoWeekOf('2026-11-25') is {id: '2026-W48', from: '2026-11-23', to: '2026-11-29'}. */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const day = dayNumber(date);
  const monday = day - ((weekdayIndex(day) + 6) % 7);
  const thursday = monday + 3;
  const year = isoDate(thursday).slice(0, 4);
  const week = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return { id: `${year}-W${String(week).padStart(2, '0')}`, from: isoDate(monday), to: isoDate(monday + 6) };
}

/** The ISO week named `YYYY-Www`, or undefined when there is no such week (`2026-W54`, `2026-48`). */
export function parseIsoWeek(text: string): IsoWeek | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return undefined;
  const jan4 = dayNumber(`${m[1]}-01-04`);
  const monday = jan4 - ((weekdayIndex(jan4) + 6) % 7) + (Number(m[2]) - 1) * 7;
  const week = isoWeekOf(isoDate(monday));
  return week.id === text ? week : undefined;
}

/** The date one calendar month after `date`, clamped to the month's end (31 Jan → 28 or 29 Feb). */
export function addMonth(date: IsoDate): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** When the next update is owed by cadence, or undefined (never updated, or no cadence). */
export function nextUpdate(s: Pick<Stakeholder, 'cadence' | 'lastUpdate'>): IsoDate | undefined {
  if (s.lastUpdate === undefined || s.cadence === undefined) return undefined;
  if (s.cadence === 'monthly') return addMonth(s.lastUpdate);
  return isoDate(dayNumber(s.lastUpdate) + (s.cadence === 'weekly' ? 7 : 14));
}

/** The grid quadrant of a stakeholder (see the module comment). */
export function quadrantOf(s: Pick<Stakeholder, 'influence' | 'interest'>): Quadrant {
  const influence = s.influence === 'high';
  const interest = s.interest === 'high';
  if (influence && interest) return 'manage-closely';
  if (influence) return 'keep-satisfied';
  if (interest) return 'keep-informed';
  return 'monitor';
}

/** One line on an objective's status for a stakeholder: status, forecast vs due, metric, and the worst rule's reason when not on track. */
export function objectiveLine(o: ObjectiveStatus, confidence: number): string {
  const parts: string[] = [statusWords(o.status)];
  if (o.atConfidence !== undefined) {
    parts.push(`work done by ${longDate(o.atConfidence)} at ${percent(confidence)}${o.due !== undefined ? ` (due ${longDate(o.due)})` : ''}`);
  } else if (o.finishedOn !== undefined) {
    parts.push(`work done on ${longDate(o.finishedOn)}`);
  } else if (o.due !== undefined) {
    parts.push(`due ${longDate(o.due)}`);
  }
  const m = o.metric;
  if (m && (m.baseline !== undefined || m.current !== undefined || m.target !== undefined)) {
    const v = (x: number | undefined) => (x === undefined ? '?' : `${x}${m.unit ?? ''}`);
    parts.push(`${m.name} ${v(m.baseline)} → ${v(m.current)} → ${v(m.target)}`);
  }
  const why = o.reasons[0] && o.status !== 'on-track' ? ` (${o.reasons[0].rule}: ${o.reasons[0].text.replace(/\.$/, '')})` : '';
  return `${o.title}: ${parts.join('; ')}${why}`;
}

/**
 * The communication plan of a program for a week (see the module comment). Example: a weekly stakeholder last updated
 * on 2026-11-20 is due on 2026-11-27, so due in week 2026-W48.
 */
export function commsPlan(program: Program, objectives: readonly ObjectiveStatus[], week: IsoWeek): CommsPlan {
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const declared = new Map(program.objectives.map((o) => [o.id, o.title]));
  const conf = program.program.confidence;
  const stakeholders = program.stakeholders.map((s): CommsEntry => {
    const next = nextUpdate(s);
    const never = s.lastUpdate === undefined;
    const due = never || (next !== undefined && next <= week.to);
    const overdue = !never && next !== undefined && next < week.from;
    const reason = never
      ? 'never updated'
      : next === undefined
        ? 'no cadence set'
        : overdue
          ? `overdue since ${longDate(next)}`
          : due
            ? `due ${longDate(next)}`
            : `next due ${longDate(next)}`;
    const caresAbout = s.caresAbout.map((id): CaresAbout => {
      const o = byId.get(id);
      if (!o) return { id, title: declared.get(id) ?? id, status: 'unknown', line: `${declared.get(id) ?? id}: no status` };
      return { id, title: o.title, status: o.status, line: objectiveLine(o, conf) };
    });
    return {
      id: s.id,
      name: s.name,
      ...(s.influence !== undefined ? { influence: s.influence } : {}),
      ...(s.interest !== undefined ? { interest: s.interest } : {}),
      quadrant: quadrantOf(s),
      ...(s.channel !== undefined ? { channel: s.channel } : {}),
      ...(s.cadence !== undefined ? { cadence: s.cadence } : {}),
      ...(s.lastUpdate !== undefined ? { lastUpdate: s.lastUpdate } : {}),
      ...(next !== undefined ? { nextDue: next } : {}),
      due,
      overdue,
      reason,
      caresAbout,
    };
  });
  const grid: Record<Quadrant, string[]> = { 'manage-closely': [], 'keep-satisfied': [], 'keep-informed': [], monitor: [] };
  for (const s of stakeholders) grid[s.quadrant].push(s.id);
  return { week, stakeholders, grid, due: stakeholders.filter((s) => s.due).map((s) => s.id) };
}
