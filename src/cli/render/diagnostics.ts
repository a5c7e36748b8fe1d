import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic.js';

/**
 * Every diagnostic as `file:line:col: error: message [code]`, followed by the offending source line and a caret when
 * the source is known, then a one-line count.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const split = new Map<string, string[]>();
  for (const d of diagnostics) {
    lines.push(formatDiagnostic(d));
    const text = d.file ? sources.get(d.file) : undefined;
    if (text === undefined || !d.line) continue;
    let fileLines = split.get(d.file!);
    if (!fileLines) split.set(d.file!, (fileLines = text.split(/\r?\n/)));
    const src = fileLines[d.line - 1];
    if (src === undefined) continue;
    lines.push(`  ${d.line} | ${src}`);
    if (d.col) lines.push(`  ${' '.repeat(String(d.line).length)} | ${' '.repeat(d.col - 1)}^`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const count = [errors && `${errors} error${errors === 1 ? '' : 's'}`, warnings && `${warnings} warning${warnings === 1 ? '' : 's'}`]
    .filter(Boolean)
    .join(', ');
  if (count) lines.push(count);
  return `${lines.join('\n')}\n`;
}
