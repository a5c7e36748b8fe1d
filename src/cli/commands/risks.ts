/**
 * `vantage risks FILE [--format table|md|json] [--trials N] [--seed S] [--propose] [--rule ID...]`: the risk register
 * (exposure, 5×5 heat map, fired triggers, overdue reviews, missing owners and mitigations) and the findings of the
 * automatic risk-detection rules (docs/risk-rules.md), computed from the plan, its schedule, a Monte Carlo forecast
 * run in this thread (default 2,000 trials, seed 1), the history and the earlier snapshots (.vantage/snapshots/).
 *
 * `--propose` appends each finding not proposed before to the file's `risks:` as a draft risk (status open, x-rule,
 * x-finding), editing only the lines it adds and writing the file atomically (temp file + rename).
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { parse } from 'yaml';
import { detectRisks } from '../../engine/risk/detect.js';
import { draftRisks } from '../../engine/risk/propose.js';
import { riskRegister } from '../../engine/risk/register.js';
import { forecastProgram } from '../../engine/forecast/forecast.js';
import { scheduleProgram } from '../../engine/schedule.js';
import type { Program } from '../../model/program.js';
import { isRuleId, RULE_IDS, type RuleId } from '../../model/risk-rules.js';
import { didYouMean } from '../../model/suggest.js';
import type { Snapshot } from '../../model/snapshot.js';
import { appendEntry, EditError } from '../../io/yaml/edit.js';
import { listSnapshots, SnapshotError } from '../../io/snapshot/store.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { renderRisksJson } from '../render/risks-json.js';
import { renderRisksMd } from '../render/risks-md.js';
import type { RisksReport } from '../render/risks-report.js';
import { renderRisksTable } from '../render/risks-table.js';
import { statusDate } from '../today.js';
import type { RegisterCommand } from './index.js';

type Format = 'table' | 'md' | 'json';
type Flags = { format: Format; trials: string; seed: string; propose?: boolean; rule?: string[] };

export const DEFAULT_RISK_TRIALS = 2000;

export const registerRisks: RegisterCommand = (program, output) => {
  program
    .command('risks')
    .description('risk register (exposure, heat map, triggers, reviews) and automatic risk detection')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .option('--trials <n>', 'Monte Carlo trials behind exposure and commitment findings', String(DEFAULT_RISK_TRIALS))
    .option('--seed <n>', 'random seed (same seed, same findings)', '1')
    .option('--propose', "append the findings to the file's risks: as draft risks (once each)")
    .option('--rule <ids...>', `run only these rules: ${RULE_IDS.join(', ')}`)
    .action(async (file: string, flags: Flags, command: Command) => {
      const today = statusDate(command);
      const trials = whole(flags.trials, '--trials', 1);
      const seed = whole(flags.seed, '--seed', 0);
      const only = flags.rule === undefined ? undefined : ruleIds(flags.rule);
      const loaded = await loadForCli(file, output);
      if (loaded.kind !== 'program') throw new UsageError(`${file} is a portfolio; vantage risks reads one program file`);
      const report = analyse(loaded.program, file, { today, trials, seed, only });
      if (flags.propose) report.proposed = propose(file, loaded.program, report);
      output.out(flags.format === 'json' ? renderRisksJson(report) : flags.format === 'md' ? renderRisksMd(report) : renderRisksTable(report));
    });
};

/** Schedule, forecast, register and findings of one program on `today`. */
function analyse(program: Program, file: string, o: { today: string; trials: number; seed: number; only?: RuleId[] }): RisksReport {
  const confidence = program.program.confidence;
  const schedule = scheduleProgram(program, { today: o.today });
  const forecast = forecastProgram(program, { today: o.today, trials: o.trials, seed: o.seed, percentiles: [confidence] });
  const findings = detectRisks({ program, schedule, forecast, snapshots: snapshotsOf(file), today: o.today }, { only: o.only });
  return {
    program: { id: program.program.id, name: program.program.name },
    today: o.today,
    register: riskRegister(program, forecast, o.today),
    findings,
    forecast: { trials: o.trials, seed: o.seed, confidence, atConfidence: forecast.program.atConfidence },
  };
}

function snapshotsOf(file: string): Snapshot[] {
  try {
    return listSnapshots(file);
  } catch (e) {
    if (e instanceof SnapshotError) throw new InputError([{ code: 'bad-snapshot', severity: 'error', message: e.message }]);
    throw new EnvironmentError(`cannot read the snapshots of ${file}: ${(e as Error).message}`, { cause: e });
  }
}

/** Appends the new drafts to the file (atomically) and returns their ids. */
function propose(file: string, program: Program, report: RisksReport): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EnvironmentError(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const drafts = draftRisks(report.findings, program, proposedKeys(text));
  if (drafts.length === 0) return [];
  let next = text;
  try {
    for (const d of drafts) next = appendEntry(next, 'risks', d);
  } catch (e) {
    if (e instanceof EditError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, next, { mode: statSync(file).mode });
    renameSync(tmp, file);
  } catch (e) {
    throw new EnvironmentError(`cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
  return drafts.map((d) => d.id);
}

/** The `x-finding` keys of the file's risks (findings proposed before). */
function proposedKeys(text: string): Set<string> {
  const doc: unknown = parse(text);
  const risks = doc !== null && typeof doc === 'object' ? (doc as { risks?: unknown }).risks : undefined;
  const keys = new Set<string>();
  if (Array.isArray(risks)) {
    for (const r of risks) {
      const key: unknown = r !== null && typeof r === 'object' ? (r as Record<string, unknown>)['x-finding'] : undefined;
      if (typeof key === 'string') keys.add(key);
    }
  }
  return keys;
}

function ruleIds(values: string[]): RuleId[] {
  return values.flatMap((v) => v.split(',')).map((id) => {
    if (isRuleId(id)) return id;
    const s = didYouMean(id, RULE_IDS);
    throw new UsageError(`--rule ${id} is not a rule${s ? `; did you mean ${s}?` : `; rules: ${RULE_IDS.join(', ')}`}`);
  });
}

function whole(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be a whole number >= ${min}, not '${text}'`);
  return value;
}
