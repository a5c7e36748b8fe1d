/**
 * The decision and lesson logs.
 *
 * - `vantage decisions FILE` / `vantage lessons FILE`: list and filter (--status, --item, --risk, --since, --search),
 *   with linked item and risk titles and supersession chains (table, md or json).
 * - `vantage decide FILE --title T ...` / `vantage learn FILE --title T ...`: append a well-formed entry to the program
 *   file, changing no other byte (src/io/yaml/edit.ts). References are checked against the program before anything is
 *   written (a bad one: exit 1, file untouched); the new text is re-parsed and must load without errors; the file is
 *   replaced atomically (temp file + rename). `decide --supersedes D2` also sets D2's status to superseded.
 */
import { readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import type { Command } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import { hasErrors } from '../../model/diagnostic.js';
import { REFERENCE_PHRASES, type ReferenceKind } from '../../model/messages.js';
import type { Program } from '../../model/program.js';
import { didYouMean } from '../../model/suggest.js';
import { decisionViews, filterDecisions, filterLessons, lessonViews, nextId, type LogFilter } from '../../engine/logs/decisions.js';
import { appendEntry, EditError, setEntryField } from '../../io/yaml/edit.js';
import { parseProgram } from '../../io/yaml/load.js';
import { EnvironmentError, InputError, UsageError, type Output } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import {
  renderDecisionsJson,
  renderDecisionsMd,
  renderDecisionsTable,
  renderLessonsJson,
  renderLessonsMd,
  renderLessonsTable,
} from '../render/decisions-render.js';
import type { RegisterCommand } from './index.js';

type ListFlags = { status?: string; item?: string; risk?: string; since?: string; search?: string; format: string };
type DecideFlags = {
  title?: string;
  id?: string;
  date?: string;
  owner?: string;
  status: string;
  context?: string;
  option: string[];
  decision?: string;
  supersedes?: string;
  item: string[];
  risk: string[];
  format: string;
};
type LearnFlags = { title?: string; id?: string; date?: string; change?: string; item: string[]; risk: string[]; format: string };

const DECISION_STATUSES = ['proposed', 'accepted', 'rejected', 'superseded'] as const;
const ID = /^[A-Za-z0-9._-]+$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export const registerDecisions: RegisterCommand = (program, output, setExit) => {
  const listing = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .argument('<file>', 'program file (*.vantage.yaml)')
      .option('--item <id>', 'only those linked to this item')
      .option('--risk <id>', 'only those linked to this risk')
      .option('--since <date>', 'only those dated on or after this date')
      .option('--search <text>', 'only those mentioning this text (case-insensitive)')
      .option('--format <format>', 'table, md or json', 'table');

  listing('decisions', 'the decision log: links to items and risks, supersession chains, filters')
    .option('--status <status>', 'only decisions with this status (proposed, accepted, rejected, superseded, ...)')
    .action(async (file: string, flags: ListFlags) => {
      const format = choice(flags.format, ['table', 'md', 'json'] as const, '--format');
      const filter = listFilter(flags);
      const p = await loadProgram(file, output);
      const { views, problems } = decisionViews(p);
      const listed = { program: { id: p.program.id, name: p.program.name }, views: filterDecisions(views, filter), total: views.length, problems };
      output.out(format === 'json' ? renderDecisionsJson(listed) : format === 'md' ? renderDecisionsMd(listed) : renderDecisionsTable(listed));
      setExit(0);
    });

  listing('lessons', 'the lessons log: what was learned, the change it asks for, linked items and risks')
    .action(async (file: string, flags: ListFlags) => {
      const format = choice(flags.format, ['table', 'md', 'json'] as const, '--format');
      const filter = listFilter(flags);
      const p = await loadProgram(file, output);
      const views = lessonViews(p);
      const listed = { program: { id: p.program.id, name: p.program.name }, views: filterLessons(views, filter), total: views.length };
      output.out(format === 'json' ? renderLessonsJson(listed) : format === 'md' ? renderLessonsMd(listed) : renderLessonsTable(listed));
      setExit(0);
    });

  program
    .command('decide')
    .description('record a decision in the program file (comments and formatting kept)')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .requiredOption('--title <text>', 'what was decided, in a few words')
    .option('--id <id>', 'the decision id (default: the next free D<n>)')
    .option('--date <date>', 'when it was decided (default: the status date)')
    .option('--owner <person>', 'who decided (a person id)')
    .option('--status <status>', `${DECISION_STATUSES.join(', ')}`, 'accepted')
    .option('--context <text>', 'why a decision was needed')
    .option('--option <text>', 'an option considered (repeat for each)', collect, [])
    .option('--decision <text>', 'the outcome and its reason')
    .option('--supersedes <id>', 'the decision this one replaces (its status becomes superseded)')
    .option('--item <id>', 'an item it concerns (repeat for each)', collect, [])
    .option('--risk <id>', 'a risk it concerns (repeat for each)', collect, [])
    .option('--format <format>', 'text or json', 'text')
    .action(async (file: string, flags: DecideFlags, command: Command) => {
      const format = choice(flags.format, ['text', 'json'] as const, '--format');
      const status = choice(flags.status, DECISION_STATUSES, '--status');
      const date = dateFlag(flags.date, '--date') ?? statusDate(command);
      if (flags.id !== undefined) idFlag(flags.id, '--id');
      const p = await loadProgram(file, output);
      const id = flags.id ?? nextId(p.decisions.map((d) => d.id), 'D');
      const problems = [
        ...duplicateId(p.decisions, id, 'decision', file),
        ...checkRefs(file, `decision ${id}`, [
          { flag: '--owner', kind: 'owner', ids: flags.owner === undefined ? [] : [flags.owner], table: p.people.map((x) => x.id) },
          { flag: '--supersedes', kind: 'supersedes', ids: flags.supersedes === undefined ? [] : [flags.supersedes], table: p.decisions.map((x) => x.id) },
          { flag: '--item', kind: 'links-item', ids: flags.item, table: p.items.map((x) => x.id) },
          { flag: '--risk', kind: 'links-risk', ids: flags.risk, table: p.risks.map((x) => x.id) },
        ]),
        ...alreadySuperseded(p, flags.supersedes, file),
      ];
      if (problems.length > 0) throw new InputError(problems);
      const entry = {
        id,
        date,
        title: flags.title,
        owner: flags.owner,
        status,
        context: flags.context,
        options: flags.option.length > 0 ? flags.option : undefined,
        decision: flags.decision,
        supersedes: flags.supersedes,
        items: flags.item.length > 0 ? flags.item : undefined,
        risks: flags.risk.length > 0 ? flags.risk : undefined,
      };
      const written = edit(file, (text) => {
        const added = appendEntry(text, 'decisions', entry);
        return flags.supersedes === undefined ? added : setEntryField(added, 'decisions', flags.supersedes, 'status', 'superseded');
      });
      const note = flags.supersedes === undefined ? '' : `; ${flags.supersedes} is now superseded`;
      output.out(
        format === 'json'
          ? `${JSON.stringify({ added: { section: 'decisions', id, ...withoutUndefined(entry) }, superseded: flags.supersedes ?? null, file: written }, null, 2)}\n`
          : `Recorded decision ${id} (${flags.title}) in ${file}${note}.\n`,
      );
      setExit(0);
    });

  program
    .command('learn')
    .description('record a lesson in the program file (comments and formatting kept)')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .requiredOption('--title <text>', 'what was learned')
    .option('--id <id>', 'the lesson id (default: the next free L<n>)')
    .option('--date <date>', 'when (default: the status date)')
    .option('--change <text>', 'what to do differently from now on')
    .option('--item <id>', 'an item it concerns (repeat for each)', collect, [])
    .option('--risk <id>', 'a risk it concerns (repeat for each)', collect, [])
    .option('--format <format>', 'text or json', 'text')
    .action(async (file: string, flags: LearnFlags, command: Command) => {
      const format = choice(flags.format, ['text', 'json'] as const, '--format');
      const date = dateFlag(flags.date, '--date') ?? statusDate(command);
      if (flags.id !== undefined) idFlag(flags.id, '--id');
      const p = await loadProgram(file, output);
      const id = flags.id ?? nextId(p.lessons.map((l) => l.id), 'L');
      const problems = [
        ...duplicateId(p.lessons, id, 'lesson', file),
        ...checkRefs(file, `lesson ${id}`, [
          { flag: '--item', kind: 'links-item', ids: flags.item, table: p.items.map((x) => x.id) },
          { flag: '--risk', kind: 'links-risk', ids: flags.risk, table: p.risks.map((x) => x.id) },
        ]),
      ];
      if (problems.length > 0) throw new InputError(problems);
      const entry = {
        id,
        date,
        title: flags.title,
        change: flags.change,
        items: flags.item.length > 0 ? flags.item : undefined,
        risks: flags.risk.length > 0 ? flags.risk : undefined,
      };
      const written = edit(file, (text) => appendEntry(text, 'lessons', entry));
      output.out(
        format === 'json'
          ? `${JSON.stringify({ added: { section: 'lessons', id, ...withoutUndefined(entry) }, file: written }, null, 2)}\n`
          : `Recorded lesson ${id} (${flags.title}) in ${file}.\n`,
      );
      setExit(0);
    });
};

async function loadProgram(file: string, output: Output): Promise<Program> {
  const loaded = await loadForCli(file, output);
  if (loaded.kind !== 'program') throw new UsageError(`${file} is a portfolio; decisions and lessons live in each program file: name one`);
  return loaded.program;
}

function listFilter(flags: ListFlags): LogFilter {
  const filter: LogFilter = {};
  if (flags.status !== undefined) filter.status = flags.status;
  if (flags.item !== undefined) filter.item = flags.item;
  if (flags.risk !== undefined) filter.risk = flags.risk;
  const since = dateFlag(flags.since, '--since');
  if (since !== undefined) filter.since = since;
  if (flags.search !== undefined) filter.search = flags.search;
  return filter;
}

type RefCheck = { flag: string; kind: ReferenceKind; ids: readonly string[]; table: readonly string[] };

/** One `unknown-ref` diagnostic per id a flag names that the program lacks, with a "did you mean". */
function checkRefs(file: string, where: string, checks: readonly RefCheck[]): Diagnostic[] {
  return checks.flatMap(({ flag, kind, ids, table }) =>
    ids
      .filter((id) => !table.includes(id))
      .map((id): Diagnostic => {
        const suggestion = didYouMean(id, table);
        return {
          code: 'unknown-ref',
          severity: 'error',
          file,
          message: `${where} (${flag}) ${REFERENCE_PHRASES[kind](id)}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
          hint: 'nothing was written',
        };
      }),
  );
}

function duplicateId(entries: readonly { id: string; loc?: { line: number; col: number } }[], id: string, noun: string, file: string): Diagnostic[] {
  const clash = entries.find((e) => e.id === id);
  if (!clash) return [];
  return [
    {
      code: 'duplicate-id',
      severity: 'error',
      file,
      ...(clash.loc ? { line: clash.loc.line, col: clash.loc.col } : {}),
      message: `the file already has a ${noun} ${id}`,
      hint: 'leave out --id to take the next free one; nothing was written',
    },
  ];
}

/** Superseding a decision that another already replaced would fork the chain: supersede the newer one instead. */
function alreadySuperseded(p: Program, target: string | undefined, file: string): Diagnostic[] {
  if (target === undefined) return [];
  const newer = p.decisions.find((d) => d.supersedes === target);
  if (!newer) return [];
  return [
    {
      code: 'superseded-twice',
      severity: 'error',
      file,
      ...(newer.loc ? { line: newer.loc.line, col: newer.loc.col } : {}),
      message: `decision ${target} is already superseded by ${newer.id}`,
      hint: `use --supersedes ${newer.id} (or the newest in its chain); nothing was written`,
    },
  ];
}

/**
 * Reads the file, applies `change` to its text, proves the result loads without errors, and replaces the file
 * atomically. Returns the path written. A failed edit or check writes nothing.
 */
function edit(file: string, change: (text: string) => string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EnvironmentError(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  let next: string;
  try {
    next = change(text);
  } catch (e) {
    if (e instanceof EditError) throw new InputError([{ code: 'cannot-edit', severity: 'error', file, message: e.message, hint: 'nothing was written' }]);
    throw e;
  }
  const check = parseProgram(next, file);
  if (hasErrors(check.diagnostics)) {
    // The edit module produced text the loader rejects: a bug, never written to the user's file.
    const first = check.diagnostics.find((d) => d.severity === 'error');
    throw new Error(`the edited ${file} would not load (${first?.message ?? 'unknown error'}); nothing was written`);
  }
  const tmp = `${file}.vantage-tmp-${process.pid}`;
  try {
    writeFileSync(tmp, next);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // The temp file may not exist: nothing to clean up.
    }
    throw new EnvironmentError(`cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
  return file;
}

function withoutUndefined(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new UsageError(`${flag} must be ${allowed.join(', ')}, not '${value}'`);
  return found;
}

function dateFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date like 2027-05-12, not '${value}'`);
  }
  return value;
}

function idFlag(value: string, flag: string): void {
  if (!ID.test(value)) throw new UsageError(`${flag} takes letters, digits, '.', '_' and '-' only, not '${value}'`);
}
