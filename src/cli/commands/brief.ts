/**
 * `vantage brief FILE [--audience exec|eng] [--format md|html|slack|text|json] [--since DATE|SNAPSHOT]`: the program's
 * state in business language (exec) or for the engineers (eng), from its schedule, an in-thread Monte Carlo forecast
 * (`--trials`, default 2,000; `--seed`, default 1) and what changed since a stored snapshot (default: the latest taken
 * before the status date; none: "first brief"). Health follows the rules of docs/health-rules.md.
 */
import type { Command } from 'commander';
import type { Program } from '../../model/program.js';
import type { Snapshot } from '../../model/snapshot.js';
import { buildBrief, type Brief, type BriefChange } from '../../engine/brief/brief.js';
import { withObjectiveMilestones } from '../../engine/brief/objectives.js';
import { forecastProgram } from '../../engine/forecast/forecast.js';
import type { ForecastResult } from '../../engine/forecast/summary.js';
import { scheduleProgram } from '../../engine/schedule.js';
import { diffSnapshots } from '../../engine/snapshot/diff.js';
import { loadReport } from '../../engine/strategy/load.js';
import { findSnapshot, previousSnapshot } from '../../io/snapshot/store.js';
import { InputError, UsageError } from '../context.js';
import { statusDate } from '../today.js';
import type { Audience } from '../render/brief-doc.js';
import { renderBriefHtml } from '../render/brief-html.js';
import { renderBriefMd } from '../render/brief-md.js';
import { renderBriefSlack } from '../render/brief-slack.js';
import { renderBriefText } from '../render/brief-text.js';
import type { RegisterCommand } from './index.js';
import { loadProgram, stored, takeSnapshot } from './snapshot.js';

export const BRIEF_FORMATS = ['md', 'html', 'slack', 'text', 'json'] as const;
export type BriefFormat = (typeof BRIEF_FORMATS)[number];
export const BRIEF_TRIALS = 2000;

type BriefFlags = { audience: string; format: string; since?: string; trials: string; seed: string };

export const registerBrief: RegisterCommand = (program, output, setExit) => {
  program
    .command('brief')
    .description('the status brief in business language: headline with its reasons, objectives, risks, asks, changes')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .option('--audience <audience>', 'exec (business language) or eng (critical path, blocked work, load, hand-offs)', 'exec')
    .option('--format <format>', 'md, html (printable, with charts), slack (Block Kit JSON), text or json', 'md')
    .option('--since <ref>', 'changes since this snapshot: id, label or date (default: the latest before the status date)')
    .option('--trials <n>', 'Monte Carlo trials', String(BRIEF_TRIALS))
    .option('--seed <n>', 'random seed (same seed, same brief)', '1')
    .action(async (file: string, flags: BriefFlags, command: Command) => {
      const audience = choice(flags.audience, ['exec', 'eng'] as const, '--audience');
      const format = choice(flags.format, BRIEF_FORMATS, '--format');
      const trials = wholeNumber(flags.trials, '--trials', 1, 1_000_000);
      const seed = wholeNumber(flags.seed, '--seed', 0, 2 ** 32 - 1);
      const today = statusDate(command);
      const { program: p, source } = await loadProgram(file, output, 'briefs');
      const brief = briefFor(p, source, file, { today, trials, seed, since: flags.since });
      output.out(renderBrief(brief, audience, format));
      setExit(0);
    });
};

/** Render a brief in one of the formats. */
export function renderBrief(brief: Brief, audience: Audience, format: BriefFormat): string {
  switch (format) {
    case 'md':
      return renderBriefMd(brief, audience);
    case 'html':
      return renderBriefHtml(brief, audience);
    case 'slack':
      return renderBriefSlack(brief, audience);
    case 'text':
      return renderBriefText(brief, audience);
    case 'json':
      return `${JSON.stringify({ audience, ...brief }, null, 2)}\n`;
  }
}

/** The forecast a brief reads: the program with one synthetic milestone per objective, at its confidence level too. */
export function briefForecast(program: Program, o: { today: string; trials: number; seed: number }): ForecastResult {
  return forecastProgram(withObjectiveMilestones(program), { today: o.today, trials: o.trials, seed: o.seed, percentiles: [program.program.confidence] });
}

/**
 * Schedule, forecast, load and snapshot diff of a program, then the brief. `since` undefined: the latest snapshot
 * before the status date, if any.
 */
export function briefFor(program: Program, source: string, file: string, o: { today: string; trials: number; seed: number; since?: string }): Brief {
  const { today } = o;
  const schedule = scheduleProgram(program, { today });
  const forecast = briefForecast(program, o);
  const load = loadReport(program, { today, by: 'week' });
  const snapshots = stored(file);
  let base: Snapshot | undefined;
  if (o.since !== undefined) {
    base = findSnapshot(snapshots, o.since);
    if (!base) {
      throw new InputError([{
        code: 'no-snapshot',
        severity: 'error',
        file,
        message: `no snapshot of this program matches --since ${o.since} (${snapshots.length === 0 ? 'none taken yet' : `${snapshots.length} stored`})`,
        hint: `take one with 'vantage snapshot ${file}', or leave out --since for the latest before ${today}`,
      }]);
    }
  } else {
    base = previousSnapshot(snapshots, today);
  }
  let changes: BriefChange[] | null = null;
  if (base) {
    // The earlier forecast's trials and seed: what moved is the plan, not the dice (as `vantage diff`).
    const again = base.forecast ? { trials: base.forecast.trials, seed: base.forecast.seed } : undefined;
    const now = takeSnapshot(program, source, today, { id: 'now', takenAt: base.takenAt, forecast: again });
    changes = diffSnapshots(base, now);
  }
  return buildBrief({
    program,
    schedule,
    forecast,
    load,
    today,
    changes,
    ...(base ? { since: { id: base.id, statusDate: base.statusDate, ...(base.label !== undefined ? { label: base.label } : {}) } } : {}),
  });
}

/** One of the allowed values of a flag, else a usage error listing them. */
export function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be ${allowed.join(', ')}, not '${value}'`);
  return found;
}

/** A whole number flag in [min, max], else a usage error. */
export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  }
  return n;
}
