/**
 * Loading program and portfolio files: text -> data (parse.ts) -> validated, resolved model (model/resolve.ts).
 *
 * `parseProgram` is pure (no file system): usable by the server and the browser. `loadFile` reads from disk, follows
 * a `history: file.csv` path and a portfolio's program paths (relative to the file that names them), and returns
 * every diagnostic of every file it read, with the sources for rendering them.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { hasErrors, type Diagnostic } from '../../model/diagnostic.js';
import { messageFor } from '../../model/messages.js';
import type { HistoryEntry, Portfolio, Program } from '../../model/program.js';
import { linkPortfolio, readPortfolioDoc, type PortfolioMember } from '../../model/portfolio.js';
import { resolveProgram, resolveProgramPartial, sortDiagnostics } from '../../model/resolve.js';
import { isPortfolioDoc } from '../../model/schema.js';
import { DiagnosticSink } from '../../model/validate.js';
import { parseHistoryCsv } from '../csv/history.js';
import { parseYamlText, type ParsedText } from './parse.js';

export type LoadedValue = { kind: 'program'; program: Program } | { kind: 'portfolio'; portfolio: Portfolio };

export type LoadResult = {
  /** Set when no file had an error. */
  value?: LoadedValue;
  diagnostics: Diagnostic[];
  /** Text of every file read, by the name diagnostics use. */
  sources: Map<string, string>;
};

/**
 * Parses and resolves one program from text, without touching the file system. A `history` that names a CSV file
 * is left empty, with a warning (`history-needs-loader`): use `loadFile` to read it.
 */
export function parseProgram(text: string, file: string): { program?: Program; diagnostics: Diagnostic[] } {
  const parsed = parseYamlText(text, file);
  if (parsed.value === undefined && hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const r = resolveProgram(parsed.value, { file, locate: parsed.locate });
  return { program: r.program, diagnostics: [...parsed.diagnostics, ...r.diagnostics] };
}

/** Loads a program or portfolio file (a portfolio has a top-level `portfolio:` key). */
export async function loadFile(path: string): Promise<LoadResult> {
  const sources = new Map<string, string>();
  const read = await readText(path);
  if (typeof read !== 'string') {
    return { diagnostics: [{ code: 'cannot-read', severity: 'error', message: messageFor('cannot-read', { file: path, reason: read.reason }), file: path }], sources };
  }
  sources.set(path, read);
  const parsed = parseYamlText(read, path);
  if (parsed.value === undefined && hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics, sources };
  if (isPortfolioDoc(parsed.value)) return loadPortfolio(path, parsed, sources);
  const r = await resolveFromFile(path, parsed, sources, false);
  const diagnostics = [...parsed.diagnostics, ...r.diagnostics];
  if (hasErrors(diagnostics) || !r.program) return { diagnostics, sources };
  return { value: { kind: 'program', program: r.program }, diagnostics, sources };
}

/** Resolves a parsed program file, reading its history CSV if `history` names one. */
async function resolveFromFile(
  file: string,
  parsed: ParsedText,
  sources: Map<string, string>,
  inPortfolio: boolean,
): Promise<{ program?: Program; diagnostics: Diagnostic[] }> {
  const raw = parsed.value;
  const extra: Diagnostic[] = [];
  let historyFromFile: HistoryEntry[] | undefined;
  const history = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).history : undefined;
  if (typeof history === 'string') {
    historyFromFile = [];
    const csvFile = isAbsolute(history) ? history : join(dirname(file), history);
    const csv = await readText(csvFile);
    const sink = new DiagnosticSink(file, parsed.locate);
    if (typeof csv === 'string') {
      sources.set(csvFile, csv);
      const h = parseHistoryCsv(csv, csvFile);
      historyFromFile = h.entries;
      extra.push(...h.diagnostics);
    } else if (csv.code === 'ENOENT') {
      sink.add('history-file-missing', ['history'], { value: history, path: csvFile });
    } else {
      const pos = sink.position(['history']);
      extra.push({ code: 'cannot-read', severity: 'error', message: messageFor('cannot-read', { file: csvFile, reason: csv.reason }), file, line: pos.line, col: pos.col });
    }
    extra.push(...sink.list);
  }
  const r = resolveProgramPartial(raw, { file, locate: parsed.locate, historyFromFile, inPortfolio });
  return { program: r.program, diagnostics: sortDiagnostics([...r.diagnostics, ...extra]) };
}

async function loadPortfolio(path: string, parsed: ParsedText, sources: Map<string, string>): Promise<LoadResult> {
  const head = readPortfolioDoc(parsed.value, { file: path, locate: parsed.locate });
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...head.diagnostics];
  if (!head.header) return { diagnostics, sources };
  const sink = new DiagnosticSink(path, parsed.locate);
  const members: PortfolioMember[] = [];
  for (const entry of head.header.programs) {
    const file = isAbsolute(entry.path) ? entry.path : join(dirname(path), entry.path);
    const text = await readText(file);
    if (typeof text !== 'string') {
      if (text.code === 'ENOENT') sink.add('missing-file', ['programs', entry.index], { value: entry.path, path: file });
      else {
        const pos = sink.position(['programs', entry.index]);
        diagnostics.push({ code: 'cannot-read', severity: 'error', message: messageFor('cannot-read', { file, reason: text.reason }), file: path, line: pos.line, col: pos.col });
      }
      continue;
    }
    sources.set(file, text);
    const child = parseYamlText(text, file);
    diagnostics.push(...child.diagnostics);
    if (child.value === undefined && hasErrors(child.diagnostics)) continue;
    if (isPortfolioDoc(child.value)) {
      sink.add('nested-portfolio', ['programs', entry.index], { value: entry.path });
      continue;
    }
    const r = await resolveFromFile(file, child, sources, true);
    diagnostics.push(...r.diagnostics);
    members.push({ index: entry.index, file, program: r.program });
  }
  diagnostics.push(...sink.list);
  const ok = !hasErrors(diagnostics) && members.length === head.header.programs.length;
  const linked = linkPortfolio(head.header, members, { file: path, locate: parsed.locate, ok });
  const files = [path, ...head.header.programs.map((e) => (isAbsolute(e.path) ? e.path : join(dirname(path), e.path)))];
  const all = sortDiagnostics([...diagnostics, ...linked.diagnostics], files);
  if (!linked.portfolio || hasErrors(all)) return { diagnostics: all, sources };
  return { value: { kind: 'portfolio', portfolio: linked.portfolio }, diagnostics: all, sources };
}

type ReadFailure = { code: string; reason: string };

/** The file's text, or why it cannot be read ("no such file", "permission denied", ...). */
export async function readText(path: string): Promise<string | ReadFailure> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'; // fs errors carry a code
    return { code, reason: readFailureReason(code, error) };
  }
}

export function readFailureReason(code: string, error: unknown): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
