/**
 * YAML (and JSON) text -> plain data plus a way to find where any value came from.
 *
 * The fast parser handles the common subset quickly; anything else goes to the `yaml` library, which also
 * produces the syntax errors (with positions). Either way the result is the same plain data.
 */
import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { messageFor } from '../../model/messages.js';
import type { Locate } from '../../model/resolve.js';
import { fastParse } from './fast-parse.js';
import { parseJsonFast } from './json-positions.js';
import { documentLocator, LineIndex, tableLocator } from './positions.js';

export type ParsedText = {
  /** The data; undefined when the text has syntax errors. */
  value?: unknown;
  locate: Locate;
  /** Syntax errors and warnings. */
  diagnostics: Diagnostic[];
};

/** Parses program-file text. `file` is only used to label diagnostics. */
export function parseYamlText(text: string, file: string): ParsedText {
  const lines = new LineIndex(text);
  const fast = (looksLikeJson(text) ? parseJsonFast(text) : undefined) ?? fastParse(text, 'entities');
  if (fast) return { value: fast.value, locate: tableLocator(text, fast, lines), diagnostics: [] };
  return parseWithYaml(text, file, lines);
}

/** The complete (slower) path, through the `yaml` library. */
export function parseWithYaml(text: string, file: string, lines = new LineIndex(text)): ParsedText {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const locate = documentLocator(doc, lines);
  const diagnostics = yamlDiagnostics(doc, text, file, lines);
  if (diagnostics.length > 0) return { locate, diagnostics };
  try {
    return { value: doc.toJS({ maxAliasCount: 10_000 }), locate, diagnostics };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: messageFor('yaml-syntax', { detail }), file, line: 1, col: 1 });
    return { locate, diagnostics };
  }
}

/**
 * The `yaml` library's errors as diagnostics (duplicate keys get their own code). One mistake often yields several
 * errors on one line; only the first of each line is kept. An unclosed quote is reported where it opens.
 */
export function yamlDiagnostics(doc: Document, text: string, file: string, lines: LineIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const error of doc.errors) {
    let offset = error.pos[0];
    const detail = error.message.split('\n')[0];
    const quote = /^Missing closing (["'])quote/.exec(detail);
    if (quote) {
      const open = text.lastIndexOf(quote[1], Math.max(0, offset - 1));
      if (open >= 0) offset = open;
    }
    const { line, col } = lines.position(offset);
    if (seen.has(line)) continue;
    seen.add(line);
    if (error.code === 'DUPLICATE_KEY') {
      const m = /^(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\n]*?))\s*:(?:\s|$)/.exec(text.slice(error.pos[0], error.pos[0] + 200));
      const key = m ? (m[1] ?? m[2] ?? m[3]) : text.slice(error.pos[0], error.pos[1]);
      diagnostics.push({ code: 'duplicate-key', severity: 'error', message: messageFor('duplicate-key', { key }), file, line, col });
    } else {
      diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: messageFor('yaml-syntax', { detail }), file, line, col });
    }
  }
  return diagnostics;
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c === 123; // '{'
  }
  return false;
}
