/**
 * The work items flow metrics count: the program's own items and its tracker history, merged by id.
 *
 * Rules (documented in `vantage metrics --help` and README):
 * - An id in both the items and the history is one entry. The item wins, as the file is the current plan: its status
 *   decides (todo: not started; doing/blocked: started, not finished; done: finished), its dates first and the history
 *   row's dates fill gaps. `created` comes from the history row (items have none).
 * - `cut` items are left out (and so is a history row with a cut item's id).
 * - A history row's state on a date follows its dates alone: started when `started` <= the date, finished likewise.
 * - A done item without a finished date cannot be placed in time: it is left out and reported as undated. A doing or
 *   blocked item without `started` counts in WIP on the status date but has no age; it is reported too.
 * - A history id repeated in the history counts once (the first row).
 */
import type { IsoDate, Program } from '../../model/program.js';

export type FlowEntry = {
  id: string;
  title?: string;
  source: 'item' | 'history';
  /** When the work became known (scope in burn-up): created, else started, else the program start (never after finished). */
  known: IsoDate;
  started?: IsoDate;
  finished?: IsoDate;
  /** A doing/blocked item with no started date: in progress on the status date, date unknown. */
  inProgressUndated?: boolean;
};

export type UndatedEntry = { id: string; reason: 'done-without-finished' | 'doing-without-started' };

/**
 * Merge `program.items` and `program.history` into flow entries (see the module comment). `today` caps the date an
 * undated backlog item becomes known (min of program start and today), so a backlog written before its program
 * starts is in scope on the status date.
 */
export function flowEntries(program: Pick<Program, 'items' | 'history' | 'program'>, today: IsoDate): { entries: FlowEntry[]; undated: UndatedEntry[] } {
  const history = new Map<string, Program['history'][number]>();
  for (const h of program.history) if (!history.has(h.id)) history.set(h.id, h);
  const fallback = program.program.start < today ? program.program.start : today;
  const entries: FlowEntry[] = [];
  const undated: UndatedEntry[] = [];
  const itemIds = new Set<string>();
  for (const item of program.items) {
    itemIds.add(item.id);
    if (item.status === 'cut') continue;
    const h = history.get(item.id);
    const started = item.status === 'todo' ? undefined : (item.started ?? h?.started);
    const finished = item.status === 'done' ? (item.finished ?? h?.finished) : undefined;
    if (item.status === 'done' && finished === undefined) {
      undated.push({ id: item.id, reason: 'done-without-finished' });
      continue;
    }
    const inProgressUndated = (item.status === 'doing' || item.status === 'blocked') && started === undefined;
    if (inProgressUndated) undated.push({ id: item.id, reason: 'doing-without-started' });
    entries.push({
      id: item.id,
      title: item.title,
      source: 'item',
      known: knownDate(h?.created ?? started ?? fallback, finished),
      ...(started !== undefined ? { started } : {}),
      ...(finished !== undefined ? { finished } : {}),
      ...(inProgressUndated ? { inProgressUndated } : {}),
    });
  }
  for (const h of history.values()) {
    if (itemIds.has(h.id)) continue;
    entries.push({
      id: h.id,
      source: 'history',
      known: knownDate(h.created ?? h.started ?? h.finished ?? fallback, h.finished),
      ...(h.started !== undefined ? { started: h.started } : {}),
      ...(h.finished !== undefined ? { finished: h.finished } : {}),
    });
  }
  return { entries, undated };
}

/** Work is known no later than it finished (keeps done <= scope on every date even with odd tracker data). */
function knownDate(known: IsoDate, finished: IsoDate | undefined): IsoDate {
  return finished !== undefined && finished < known ? finished : known;
}

/** Finished on or before `date`. */
export function isFinishedBy(e: FlowEntry, date: IsoDate): boolean {
  return e.finished !== undefined && e.finished <= date;
}

/** In progress on `date`: started on or before it (or an undated doing item, on the status date) and not finished by it. */
export function isInProgressOn(e: FlowEntry, date: IsoDate, today: IsoDate): boolean {
  if (isFinishedBy(e, date)) return false;
  if (e.started !== undefined) return e.started <= date;
  return e.inProgressUndated === true && date === today;
}
