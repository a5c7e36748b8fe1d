/**
 * `vantage comms FILE [--format table|md|json] [--week YYYY-Www] [--mark-sent ID...]`: the communication plan
 * (influence × interest grid, who is due an update this week by cadence and channel, and what each cares about, from
 * the brief engine's objective statuses). `--mark-sent` records the status date as those stakeholders' `last_update`
 * in the file, changing nothing else; an unknown id writes nothing (exit 1, with a "did you mean").
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import { didYouMean } from '../../model/suggest.js';
import { commsPlan, isoWeekOf, parseIsoWeek } from '../../engine/brief/comms.js';
import { objectiveStatuses } from '../../engine/brief/objectives.js';
import { EditError, setEntryField } from '../../io/yaml/edit.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { statusDate } from '../today.js';
import { renderCommsJson, renderCommsMd, renderCommsTable } from '../render/comms-render.js';
import { BRIEF_TRIALS, briefForecast, choice, wholeNumber } from './brief.js';
import { loadProgram } from './snapshot.js';
import type { RegisterCommand } from './index.js';

type CommsFlags = { format: string; week?: string; markSent?: string[]; trials: string; seed: string };

export const registerComms: RegisterCommand = (program, output, setExit) => {
  program
    .command('comms')
    .description('communication plan: influence/interest grid, who is due an update this week, what each cares about')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .option('--format <format>', 'table, md or json', 'table')
    .option('--week <week>', 'the ISO week to plan, e.g. 2026-W48 (default: the status date\'s week)')
    .option('--mark-sent <ids...>', "record today's update to these stakeholders (sets last_update in the file)")
    .option('--trials <n>', 'Monte Carlo trials behind the objectives\' status', String(BRIEF_TRIALS))
    .option('--seed <n>', 'random seed', '1')
    .action(async (file: string, flags: CommsFlags, command: Command) => {
      const format = choice(flags.format, ['table', 'md', 'json'] as const, '--format');
      const trials = wholeNumber(flags.trials, '--trials', 1, 1_000_000);
      const seed = wholeNumber(flags.seed, '--seed', 0, 2 ** 32 - 1);
      const today = statusDate(command);
      let week = isoWeekOf(today);
      if (flags.week !== undefined) {
        const parsed = parseIsoWeek(flags.week);
        if (!parsed) throw new UsageError(`--week must be an ISO week like 2026-W48, not '${flags.week}'`);
        week = parsed;
      }
      const { program: p, source } = await loadProgram(file, output, 'communication plans');
      if (flags.markSent !== undefined) {
        const ids = [...new Set(flags.markSent)];
        markSent(file, source, ids, p.stakeholders.map((s) => s.id), today);
        const names = new Map(p.stakeholders.map((s) => [s.id, s.name]));
        if (format === 'json') output.out(`${JSON.stringify({ marked: ids.map((id) => ({ id, lastUpdate: today })), file }, null, 2)}\n`);
        else output.out(ids.map((id) => `Recorded an update to ${names.get(id)} (${id}) on ${today} in ${file}.\n`).join(''));
        setExit(0);
        return;
      }
      const forecast = briefForecast(p, { today, trials, seed });
      const plan = commsPlan(p, objectiveStatuses(p, forecast, today), week);
      if (format === 'json') output.out(renderCommsJson(plan, p.program.id));
      else if (format === 'md') output.out(renderCommsMd(plan, p.program.name));
      else output.out(renderCommsTable(plan, p.program.name));
      setExit(0);
    });
};

/** Sets last_update of each id to `date` in the file's text, then writes it once (temp file + rename). */
function markSent(file: string, source: string, ids: readonly string[], known: readonly string[], date: string): void {
  const unknown: Diagnostic[] = ids
    .filter((id) => !known.includes(id))
    .map((id) => {
      const guess = didYouMean(id, known);
      return {
        code: 'unknown-stakeholder',
        severity: 'error',
        file,
        message: `--mark-sent ${id}: no stakeholder has this id${guess ? `; did you mean '${guess}'?` : ''}`,
        hint: `the stakeholders are ${known.join(', ') || 'none'}; nothing was written`,
      };
    });
  if (unknown.length > 0) throw new InputError(unknown);
  let text = source;
  try {
    for (const id of ids) text = setEntryField(text, 'stakeholders', id, 'last_update', date);
  } catch (e) {
    if (e instanceof EditError) throw new InputError([{ code: 'cannot-edit', severity: 'error', file, message: e.message }]);
    throw e;
  }
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw new EnvironmentError(`cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
}
