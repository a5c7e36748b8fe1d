/**
 * Estimate calibration, step 3: the ratio table a calibrated Monte Carlo forecast samples from (see
 * ForecastModel.calibrated). Each open or doing item gets the distribution of its workstream (program items have no
 * type, so the workstream+type and type levels never apply to them), else the overall one (groups.ts: groupFor).
 */
import type { Network } from '../network.js';
import { NODE_DOING, NODE_OPEN } from '../network.js';
import type { CalibrationTable } from '../forecast/model.js';
import { groupFor, type Calibration, type RatioGroup } from './groups.js';

/** One group the table uses, and how many open items it calibrates. */
export type GroupUse = { group: RatioGroup; items: number };

/**
 * The calibration table of a compiled network: per node its group (-1 for done items and milestones) and each used
 * group's ascending ratios. Example: a network whose open items are all in workstream `payments` with a trusted
 * `payments` group gets one group, with that group's ratios.
 */
export function calibrationTable(net: Network, calibration: Calibration): { table: CalibrationTable; uses: GroupUse[] } {
  const nodeGroup = new Int32Array(net.n).fill(-1);
  const uses: GroupUse[] = [];
  const index = new Map<RatioGroup, number>();
  for (let j = 0; j < net.nItems; j++) {
    if (net.status[j] !== NODE_OPEN && net.status[j] !== NODE_DOING) continue;
    const g = groupFor(calibration, net.items[j]?.workstream, undefined);
    const key = g.level === 'overall' ? overallKey(index, g) : g;
    let gi = index.get(key);
    if (gi === undefined) {
      gi = uses.length;
      index.set(key, gi);
      uses.push({ group: g, items: 0 });
    }
    uses[gi].items++;
    nodeGroup[j] = gi;
  }
  const groupStart = new Int32Array(uses.length + 1);
  uses.forEach((u, i) => (groupStart[i + 1] = groupStart[i] + u.group.distribution.count));
  const ratios = new Float64Array(groupStart[uses.length]);
  uses.forEach((u, i) => ratios.set(u.group.distribution.sorted, groupStart[i]));
  return { table: { nodeGroup, groupStart, ratios }, uses };
}

/** groupFor makes a fresh overall group on each call: use the first one seen as the key for all. */
function overallKey(index: Map<RatioGroup, number>, g: RatioGroup): RatioGroup {
  for (const k of index.keys()) if (k.level === 'overall') return k;
  return g;
}
