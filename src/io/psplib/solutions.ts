/**
 * PSPLIB solution tables: the j30 optima (`j30opt.sm`, Demeulemeester & Herroelen) and the merged bounds CSV
 * (`psplib_sm_bounds_merged.csv`, one row per instance with the best upper and lower bounds).
 * Keys are instance names as in the file names, e.g. `j301_1` for `j301_1.sm`.
 */

/** Optimal makespans from `j30opt.sm` (rows `parameter instance makespan cpu-seconds`), keyed `j30<p>_<i>`. */
export function parseOptimumTable(text: string, set = 'j30'): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)(\s|$)/.exec(line);
    if (m) out.set(`${set}${m[1]}_${m[2]}`, Number(m[3]));
  }
  return out;
}

export type InstanceBounds = {
  set: string;
  /** Best known upper bound (makespan of the best known schedule). */
  bestUb: number | null;
  /** Best known lower bound. */
  bestLb: number | null;
  /** True when the optimum is proven (bestLb = bestUb). */
  closed: boolean;
};

/** Rows of `psplib_sm_bounds_merged.csv`, keyed by instance name. Empty cells read as null. */
export function parseBoundsCsv(text: string): Map<string, InstanceBounds> {
  const out = new Map<string, InstanceBounds>();
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return out;
  const header = lines[0].split(',');
  const col = (name: string): number => header.indexOf(name);
  const [cSet, cInst, cUb, cLb, cClosed] = ['set', 'instance', 'best_ub', 'best_lb', 'closed'].map(col);
  const num = (s: string | undefined): number | null => (s === undefined || s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s));
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    out.set(f[cInst], { set: f[cSet], bestUb: num(f[cUb]), bestLb: num(f[cLb]), closed: f[cClosed] === '1' });
  }
  return out;
}
