/**
 * Forecast accuracy: were earlier forecasts honest? For each snapshot with a Monte Carlo forecast, and for the program
 * and each milestone that has since been reached, compare the snapshot's P85 with the actual date.
 *
 * Rules:
 * - "Reached" is judged in the current program file on the status date: a milestone when every item it depends on
 *   (through other milestones too; cut items do not count) is done with a finished date on or before today, on the
 *   latest of those dates; the program when every non-cut item is, on the latest finished date.
 * - A check counts only when the snapshot was taken before the actual date (a forecast of the past proves nothing)
 *   and not after the status date.
 * - hit = actual <= P85; errorDays = actual - P85 in calendar days (positive: later than forecast).
 * An honest P85 hits about 85% of the time; far less means the forecasts were optimistic, 100% over many checks means
 * they were padded.
 */
import type { IsoDate, Program } from '../../model/program.js';
import type { Snapshot } from '../../model/snapshot.js';
import { dayNumber } from '../dates.js';

export type AccuracyCheck = {
  snapshot: string;
  statusDate: IsoDate;
  /** 'program' or a milestone id. */
  target: string;
  title: string;
  p50?: IsoDate;
  p85: IsoDate;
  actual: IsoDate;
  hit: boolean;
  errorDays: number;
};

export type ForecastAccuracy = {
  /** Snapshots read, and how many had a forecast. */
  snapshots: number;
  withForecast: number;
  checks: AccuracyCheck[];
  hits: number;
  /** hits / checks, null when nothing could be checked yet. */
  hitRateP85: number | null;
  /** Mean of errorDays, null when nothing was checked. */
  meanErrorDays: number | null;
};

/** Score earlier snapshots' P85 forecasts against what the current file says happened (see the module comment). */
export function forecastAccuracy(program: Pick<Program, 'items' | 'milestones' | 'program'>, snapshots: readonly Snapshot[], today: IsoDate): ForecastAccuracy {
  const reached = reachedDates(program, today);
  const checks: AccuracyCheck[] = [];
  const withForecast = snapshots.filter((s) => s.forecast !== undefined);
  for (const s of withForecast) {
    if (s.statusDate > today) continue;
    const add = (target: string, title: string, p85: IsoDate | undefined, p50: IsoDate | undefined) => {
      const actual = reached.get(target);
      if (actual === undefined || p85 === undefined || s.statusDate >= actual) return;
      const errorDays = dayNumber(actual) - dayNumber(p85);
      checks.push({ snapshot: s.id, statusDate: s.statusDate, target, title, ...(p50 !== undefined ? { p50 } : {}), p85, actual, hit: errorDays <= 0, errorDays });
    };
    add('program', program.program.name, s.forecast?.p85, s.forecast?.p50);
    for (const m of s.milestones) if (m.id !== 'program') add(m.id, m.title, m.p85, m.p50);
  }
  const hits = checks.filter((c) => c.hit).length;
  return {
    snapshots: snapshots.length,
    withForecast: withForecast.length,
    checks,
    hits,
    hitRateP85: checks.length === 0 ? null : hits / checks.length,
    meanErrorDays: checks.length === 0 ? null : checks.reduce((sum, c) => sum + c.errorDays, 0) / checks.length,
  };
}

/** The date each milestone (and 'program') was reached by today, for those that were. */
function reachedDates(program: Pick<Program, 'items' | 'milestones'>, today: IsoDate): Map<string, IsoDate> {
  const items = new Map(program.items.map((i) => [i.id, i]));
  const milestones = new Map(program.milestones.map((m) => [m.id, m]));
  const memo = new Map<string, IsoDate | null>();
  // Latest finish among an id's work; null when some of it is not done yet. `visiting` guards a (invalid) cycle.
  const visiting = new Set<string>();
  const finishOf = (id: string): IsoDate | null | 'cut' => {
    const item = items.get(id);
    if (item) {
      if (item.status === 'cut') return 'cut';
      return item.status === 'done' && item.finished !== undefined && item.finished <= today ? item.finished : null;
    }
    const m = milestones.get(id);
    if (!m || visiting.has(id)) return null;
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    visiting.add(id);
    let latest: IsoDate | null = null;
    let any = false;
    let open = false;
    for (const dep of m.after) {
      if (dep.program !== undefined) {
        open = true; // another program's work: not judged from this file
        continue;
      }
      const f = finishOf(dep.id);
      if (f === 'cut') continue;
      if (f === null) open = true;
      else {
        any = true;
        if (latest === null || f > latest) latest = f;
      }
    }
    visiting.delete(id);
    const result = open || !any ? null : latest;
    memo.set(id, result);
    return result;
  };
  const out = new Map<string, IsoDate>();
  for (const m of program.milestones) {
    const f = finishOf(m.id);
    if (typeof f === 'string' && f !== 'cut') out.set(m.id, f);
  }
  const live = program.items.filter((i) => i.status !== 'cut');
  if (live.length > 0 && live.every((i) => i.status === 'done' && i.finished !== undefined && i.finished <= today)) {
    out.set('program', live.reduce((max, i) => (i.finished !== undefined && i.finished > max ? i.finished : max), live[0].finished ?? ''));
  }
  return out;
}
