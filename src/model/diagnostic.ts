/**
 * Diagnostics: bad input is data, not an exception.
 *
 * Parsers, the loader and the engines return diagnostics alongside their value so a user sees every problem at once.
 * Codes are stable kebab-case strings that docs and tests cite; a retired code is never reused. Message text lives in
 * messages.ts, keyed by code, apart from the logic that raises it.
 */
export type Severity = 'error' | 'warning';

export type Diagnostic = {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  col?: number;
  /** Path of the offending value inside the document, e.g. ['items', 3, 'after', 0]. */
  path?: (string | number)[];
  /** What to do about it, when the message alone does not say. */
  hint?: string;
};

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/**
 * `file:line:col: error: message [code]` — the one way every diagnostic is printed (tests compare against it).
 * The CLI adds the offending source line and a caret below it.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.col ? `:${d.col}` : ''}` : ''}: ` : '';
  const hint = d.hint ? `; ${d.hint}` : '';
  return `${where}${d.severity}: ${d.message}${hint} [${d.code}]`;
}
