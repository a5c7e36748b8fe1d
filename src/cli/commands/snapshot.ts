/**
 * `vantage snapshot FILE` stores the program's plan and forecast in `.vantage/snapshots/` beside the file;
 * `vantage diff FILE [--since REF] [--to REF]` says what changed since one, in words (text, md) and JSON.
 *
 * The clock is read here only: a snapshot's `takenAt` and id. Everything else comes from the status date (--today).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Program } from '../../model/program.js';
import type { Snapshot } from '../../model/snapshot.js';
import { forecastProgram } from '../../engine/forecast/forecast.js';
import { scheduleProgram } from '../../engine/schedule.js';
import { makeSnapshot } from '../../engine/snapshot/make.js';
import { diffSnapshots } from '../../engine/snapshot/diff.js';
import { SnapshotError, findSnapshot, listSnapshots, previousSnapshot, snapshotId, writeSnapshot } from '../../io/snapshot/store.js';
import { EnvironmentError, InputError, UsageError, type Output } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderSnapshotJson, renderSnapshotText } from '../render/snapshot-taken.js';
import { renderDiffJson, renderDiffMd, renderDiffText, type DiffView } from '../render/snapshot-diff.js';
import type { RegisterCommand } from './index.js';

/** Trials of the forecast stored with a snapshot (enough for stable P85 dates, quick in one thread). */
export const SNAPSHOT_TRIALS = 2000;

type SnapshotFlags = { label?: string; trials: string; seed: string; forecast: boolean; format: string };
type DiffFlags = { since?: string; to?: string; format: string };

export const registerSnapshot: RegisterCommand = (program, output, setExit) => {
  program
    .command('snapshot')
    .description("store the program's plan and forecast for the status date (in .vantage/ beside the file)")
    .argument('<file>', 'program file (*.vantage.yaml)')
    .option('--label <label>', 'a name to find it by later, e.g. baseline')
    .option('--trials <n>', 'Monte Carlo trials of the stored forecast', String(SNAPSHOT_TRIALS))
    .option('--seed <n>', 'random seed of the forecast', '1')
    .option('--no-forecast', 'store the plan only (no Monte Carlo forecast)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (file: string, flags: SnapshotFlags, command: Command) => {
      const format = choice(flags.format, ['text', 'json'] as const, '--format');
      const trials = wholeNumber(flags.trials, '--trials', 1, 1_000_000);
      const seed = wholeNumber(flags.seed, '--seed', 0, 2 ** 32 - 1);
      if (flags.label !== undefined && !/^[A-Za-z0-9._-]+$/.test(flags.label)) {
        throw new UsageError(`--label takes letters, digits, '.', '_' and '-' only, not '${flags.label}'`);
      }
      const today = statusDate(command);
      const { program: p, source } = await loadProgram(file, output);
      const existing = new Set(stored(file).map((s) => s.id));
      const now = new Date();
      const snapshot = takeSnapshot(p, source, today, {
        id: snapshotId(today, now, existing),
        takenAt: now.toISOString(),
        label: flags.label,
        forecast: flags.forecast ? { trials, seed } : undefined,
      });
      let path: string;
      try {
        path = writeSnapshot(file, snapshot);
      } catch (e) {
        throw new EnvironmentError(`cannot write the snapshot beside ${file}: ${(e as Error).message}`, { cause: e });
      }
      output.out(format === 'json' ? renderSnapshotJson(snapshot, path) : renderSnapshotText(snapshot, path));
      setExit(0);
    });

  program
    .command('diff')
    .description('what changed since a snapshot: dates, scope, risks, decisions, metrics')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .option('--since <ref>', 'snapshot id (or prefix), label or date (default: the latest taken before the status date)')
    .option('--to <ref>', 'compare with this stored snapshot instead of the file as it is now')
    .option('--format <format>', 'text, md or json', 'text')
    .action(async (file: string, flags: DiffFlags, command: Command) => {
      const format = choice(flags.format, ['text', 'md', 'json'] as const, '--format');
      const today = statusDate(command);
      const snapshots = stored(file);
      const to = flags.to === undefined ? undefined : pick(snapshots, flags.to, '--to', file);
      const since =
        flags.since !== undefined ? pick(snapshots, flags.since, '--since', file) : (previousSnapshot(snapshots, to?.statusDate ?? today) ?? none(file, to?.statusDate ?? today, snapshots.length));
      let after: Snapshot;
      if (to) after = to;
      else {
        const { program: p, source } = await loadProgram(file, output);
        // The same trials and seed as the earlier forecast: what moved is the plan, not the dice.
        const forecast = since.forecast ? { trials: since.forecast.trials, seed: since.forecast.seed } : undefined;
        after = takeSnapshot(p, source, today, { id: 'now', takenAt: since.takenAt, forecast });
      }
      const view: DiffView = { before: since, after, current: to === undefined, changes: diffSnapshots(since, after) };
      output.out(format === 'json' ? renderDiffJson(view) : format === 'md' ? renderDiffMd(view) : renderDiffText(view));
      setExit(0);
    });
};

/**
 * Schedules and (unless `forecast` is undefined) forecasts a program in this thread, then builds its snapshot.
 * Example: takeSnapshot(program, text, '2026-11-25', { id, takenAt, forecast: { trials: 2000, seed: 1 } }).
 */
export function takeSnapshot(
  program: Program,
  source: string,
  today: string,
  o: { id: string; takenAt: string; label?: string; forecast?: { trials: number; seed: number } },
): Snapshot {
  const schedule = scheduleProgram(program, { today });
  const forecast = o.forecast ? forecastProgram(program, { today, trials: o.forecast.trials, seed: o.forecast.seed }) : undefined;
  return makeSnapshot({ program, source, schedule, forecast, statusDate: today, takenAt: o.takenAt, id: o.id, ...(o.label !== undefined ? { label: o.label } : {}) });
}

/** Loads a program file and its text; a portfolio is a usage error (`what` names the command's output, e.g. 'briefs'). */
export async function loadProgram(file: string, output: Output, what = 'snapshots'): Promise<{ program: Program; source: string }> {
  const loaded = await loadForCli(file, output);
  if (loaded.kind !== 'program') throw new UsageError(`${file} is a portfolio; ${what} are of one program: name a program file`);
  return { program: loaded.program, source: readFileSync(file, 'utf8') };
}

/** The stored snapshots; a damaged one is bad input naming its file (exit 1). */
export function stored(file: string): Snapshot[] {
  try {
    return listSnapshots(file);
  } catch (e) {
    if (e instanceof SnapshotError) throw new InputError([{ code: 'bad-snapshot', severity: 'error', message: e.message }]);
    throw e;
  }
}

function pick(snapshots: readonly Snapshot[], ref: string, flag: string, file: string): Snapshot {
  const found = findSnapshot(snapshots, ref);
  if (found) return found;
  const known = snapshots.length === 0 ? 'there are none yet' : `known: ${snapshots.slice(-5).map((s) => s.id + (s.label ? ` (${s.label})` : '')).join(', ')}`;
  throw new InputError([
    {
      code: 'no-snapshot',
      severity: 'error',
      file,
      message: `no snapshot of this program matches ${flag} ${ref} (${known})`,
      hint: `take one with 'vantage snapshot ${file}' or pick one from .vantage/snapshots/ beside it`,
    },
  ]);
}

function none(file: string, before: string, count: number): never {
  throw new InputError([
    {
      code: 'no-snapshot',
      severity: 'error',
      file,
      message: `no snapshot of this program was taken before ${before}${count > 0 ? ` (${count} on or after it: name one with --since)` : ''}`,
      hint: `take one with 'vantage snapshot ${file}', then diff against it at a later status date`,
    },
  ]);
}

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be ${allowed.join(', ')}, not '${value}'`);
  return found;
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return n;
}
