/**
 * The Monte Carlo model: everything a trial needs, on flat typed arrays and plain numbers, so that it can be cloned to
 * a worker thread (Node worker_threads, a browser Web Worker) cheaply and each trial allocates nothing.
 *
 * Built once from a compiled Network by `buildForecastModel`, which also decides, like `vantage schedule`, whether
 * trials must be resource-levelled: they are when the deterministic plan needs levelling ('auto'), or always / never
 * when asked. A levelled model carries the levelling Instance and the fixed priority list (the start order of the
 * deterministic levelled schedule); no search runs per trial.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { criticalPathMethod } from '../cpm.js';
import { chooseSlotsPerDay, instanceOf, NODE_DONE, NODE_MILESTONE, type Network } from '../network.js';
import type { Instance } from '../rcpsp/instance.js';
import { defaultSearchBudget } from '../schedule.js';
import { levelledReference, needsLevelling } from './levelling.js';
import { sampleParams } from './sampling.js';

export type ForecastModel = {
  n: number;
  nItems: number;
  nPrograms: number;
  /** Copied from the Network (see network.ts). */
  topo: Int32Array;
  status: Uint8Array;
  nodeProgram: Int32Array;
  predStart: Int32Array;
  predIdx: Int32Array;
  predLag: Float64Array;
  succStart: Int32Array;
  succIdx: Int32Array;
  succLag: Float64Array;
  release: Float64Array;
  fixedStart: Float64Array;
  fixedFinish: Float64Array;
  pauses: (Int32Array | null)[];
  /** Sampling parameters (see sampling.ts). */
  sampleKind: Uint8Array;
  sampleA: Float64Array;
  sampleB: Float64Array;
  sampleTable: Int32Array;
  tables: Float64Array;
  /** Sampled risks: probability, days added, the program they belong to, and their nodes (CSR). */
  nRisks: number;
  riskProb: Float64Array;
  riskDays: Float64Array;
  riskProgram: Int32Array;
  riskStart: Int32Array;
  riskNode: Int32Array;
  /** Milestone node indices, in network order. */
  milestoneNodes: Int32Array;
  /** Resource-levelled trials (serial SGS on `instance` with the list `order`). */
  levelled: boolean;
  /** Slots per working day of the levelled trials (sampled durations are rounded to slots; a positive one to >= 1). */
  slotsPerDay: number;
  instance: Instance | null;
  order: Int32Array | null;
  /**
   * Estimate calibration (`forecast --calibrate`): when true, each trial multiplies node j's sampled work by a ratio
   * drawn from its group's empirical distribution: calRatios[calStart[g] .. calStart[g + 1]) with g = calGroup[j]
   * (-1: not calibrated). Empty arrays when false.
   */
  calibrated: boolean;
  calGroup: Int32Array;
  calStart: Int32Array;
  calRatios: Float64Array;
};

/**
 * Per node, the group of ratios its sampled work is multiplied by (-1: none), and the groups' ratios (CSR). Built by
 * engine/calibration/table.ts.
 */
export type CalibrationTable = { nodeGroup: Int32Array; groupStart: Int32Array; ratios: Float64Array };

export type ModelOptions = {
  /** 'auto' (default): level when `vantage schedule` would; true: always; false: never. */
  level?: boolean | 'auto';
  /** Search budget and seed of the deterministic levelled schedule (defaults as in `vantage schedule`). */
  schedules?: number;
  scheduleSeed?: number;
  /** Calibrated trials (see ForecastModel.calibrated); absent: uncalibrated, exactly as before. */
  calibration?: CalibrationTable;
};

export type ModelInfo = {
  model: ForecastModel;
  /** Per program: the deterministic finish on the axis (working days): the plan at likely estimates, as scheduled. */
  deterministicProgramFinish: Float64Array;
  /** Per milestone (network order): its deterministic offset on the axis. */
  deterministicMilestones: Float64Array;
  /** Risks that are sampled (index into the programs' risk lists) and those skipped, with why. */
  risks: { program: number; index: number }[];
  warnings: Diagnostic[];
};

/** Levelled trials run at least this many slots a working day, so sampled durations keep quarter-day precision. */
const MIN_TRIAL_SLOTS = 4;

/**
 * The Monte Carlo model of a compiled network. Risks sampled: status `open`, a probability in (0, 1] and an impact
 * with days > 0 on at least one item that is not cut or done; others are skipped (a warning names risks that look
 * meant to be sampled but cannot be).
 */
export function buildForecastModel(net: Network, options: ModelOptions = {}): ModelInfo {
  const warnings: Diagnostic[] = [];
  const n = net.n;
  const sp = sampleParams(net);

  // Risks.
  const riskProb: number[] = [];
  const riskDays: number[] = [];
  const riskProgram: number[] = [];
  const riskStart: number[] = [0];
  const riskNode: number[] = [];
  const risks: { program: number; index: number }[] = [];
  net.programs.forEach((np, pi) => {
    const pid = np.program.program.id;
    np.program.risks.forEach((risk, ri) => {
      if (risk.status !== 'open' || !risk.impact || !(risk.impact.days > 0)) return;
      const prob = risk.probability;
      if (prob === undefined || !(prob > 0)) {
        if (prob === undefined) {
          warnings.push({
            code: 'risk-no-probability',
            severity: 'warning',
            message: `risk ${risk.id} has an impact but no probability; the forecast leaves it out`,
            ...(risk.loc ? { file: risk.loc.file, line: risk.loc.line, col: risk.loc.col } : {}),
          });
        }
        return;
      }
      const nodes: number[] = [];
      for (const ref of risk.impact.items) {
        const key = net.portfolio ? (ref.includes('/') ? ref : `${pid}/${ref}`) : ref;
        const j = net.index.get(key);
        if (j === undefined || j >= net.nItems || net.status[j] === NODE_DONE || nodes.includes(j)) continue;
        nodes.push(j);
      }
      if (nodes.length === 0) return;
      riskProb.push(Math.min(1, prob));
      riskDays.push(risk.impact.days);
      riskProgram.push(pi);
      riskNode.push(...nodes);
      riskStart.push(riskNode.length);
      risks.push({ program: pi, index: ri });
    });
  });

  const milestoneNodes: number[] = [];
  for (let j = 0; j < n; j++) if (net.status[j] === NODE_MILESTONE) milestoneNodes.push(j);

  // Levelling: the same decision as `vantage schedule`.
  const cpm = criticalPathMethod(net);
  const deterministicProgramFinish = programMaxima(net, cpm.ef);
  const deterministicMilestones = Float64Array.from(milestoneNodes, (j) => cpm.es[j]);
  const mode = options.level ?? 'auto';
  let levelled = false;
  let slotsPerDay = 1;
  let instance: Instance | null = null;
  let order: Int32Array | null = null;
  if (mode !== false && n > 0) {
    const chosen = chooseSlotsPerDay(net).slotsPerDay;
    if (mode === true || needsLevelling(net, cpm, chosen)) {
      levelled = true;
      const budget = options.schedules ?? defaultSearchBudget(n);
      const ref = levelledReference(instanceOf(net, chosen), budget, options.scheduleSeed ?? 1);
      order = ref.order;
      deterministicProgramFinish.set(programMaxima(net, Float64Array.from(ref.solution.finish, (f) => f / chosen)));
      for (let i = 0; i < milestoneNodes.length; i++) deterministicMilestones[i] = ref.solution.start[milestoneNodes[i]] / chosen;
      slotsPerDay = Math.max(chosen, MIN_TRIAL_SLOTS);
      // Built on the longest durations so that no item that can take time has its demands dropped as zero-length.
      const longest = Float64Array.from(net.duration);
      for (let j = 0; j < n; j++) if (net.status[j] !== NODE_DONE && net.estHigh[j] > longest[j]) longest[j] = net.estHigh[j];
      for (let r = 0; r < riskDays.length; r++) for (let k = riskStart[r]; k < riskStart[r + 1]; k++) longest[riskNode[k]] += riskDays[r];
      instance = instanceOf(net, slotsPerDay, longest);
    }
  }

  const model: ForecastModel = {
    n,
    nItems: net.nItems,
    nPrograms: net.programs.length,
    topo: net.topo,
    status: net.status,
    nodeProgram: net.nodeProgram,
    predStart: net.predStart,
    predIdx: net.predIdx,
    predLag: net.predLag,
    succStart: net.succStart,
    succIdx: net.succIdx,
    succLag: net.succLag,
    release: net.release,
    fixedStart: net.fixedStart,
    fixedFinish: net.fixedFinish,
    pauses: net.pauses,
    sampleKind: sp.kind,
    sampleA: sp.a,
    sampleB: sp.b,
    sampleTable: sp.table,
    tables: sp.tables,
    nRisks: riskProb.length,
    riskProb: Float64Array.from(riskProb),
    riskDays: Float64Array.from(riskDays),
    riskProgram: Int32Array.from(riskProgram),
    riskStart: Int32Array.from(riskStart),
    riskNode: Int32Array.from(riskNode),
    milestoneNodes: Int32Array.from(milestoneNodes),
    levelled,
    slotsPerDay,
    instance,
    order,
    calibrated: false,
    calGroup: new Int32Array(0),
    calStart: new Int32Array(0),
    calRatios: new Float64Array(0),
  };
  return {
    model: options.calibration ? calibratedModel(model, options.calibration) : model,
    deterministicProgramFinish,
    deterministicMilestones,
    risks,
    warnings,
  };
}

/**
 * The same model with calibrated trials (see ForecastModel.calibrated): cheap, shares every array, so a command can
 * run the plain and the calibrated forecast from one build. Throws when the table does not fit the model (a bug).
 */
export function calibratedModel(model: ForecastModel, table: CalibrationTable): ForecastModel {
  const groups = table.groupStart.length - 1;
  if (table.nodeGroup.length !== model.n || groups < 0) throw new Error('calibratedModel: the table was built for another network');
  for (let g = 0; g < groups; g++) {
    if (!(table.groupStart[g + 1] > table.groupStart[g])) throw new Error(`calibratedModel: ratio group ${g} is empty`);
  }
  return { ...model, calibrated: true, calGroup: table.nodeGroup, calStart: table.groupStart, calRatios: table.ratios };
}

/** Per program: the largest value of `ef` over its nodes (0 when it has none). */
function programMaxima(net: Network, ef: Float64Array): Float64Array {
  const out = new Float64Array(net.programs.length);
  for (let j = 0; j < net.n; j++) if (ef[j] > out[net.nodeProgram[j]]) out[net.nodeProgram[j]] = ef[j];
  return out;
}
