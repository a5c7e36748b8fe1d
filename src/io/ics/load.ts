/**
 * Reading a program's calendars from disk: paths relative to the program file, every problem as a diagnostic.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { parseIcs, type IcsCalendar } from './parse.js';

/**
 * Reads and parses each calendar. `paths` are as written in `time.calendars` (relative to `programFile`).
 * Returns the calendars that parsed, every diagnostic, and the texts read (for showing the offending lines).
 */
export async function loadCalendars(
  programFile: string,
  paths: readonly string[],
): Promise<{ calendars: IcsCalendar[]; diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  const calendars: IcsCalendar[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  for (const path of paths) {
    const full = isAbsolute(path) ? path : join(dirname(programFile), path);
    let text: string;
    try {
      text = await readFile(full, 'utf8');
    } catch (e) {
      // readFile rejects with a Node system error (it has a code such as ENOENT).
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
      diagnostics.push({
        code: 'ics-cannot-read',
        severity: 'error',
        message: `cannot read calendar ${full}: ${reason}`,
        file: programFile,
        hint: `fix the path in time.calendars (relative to ${programFile}) or export the calendar there`,
      });
      continue;
    }
    sources.set(full, text);
    const r = parseIcs(text, full);
    diagnostics.push(...r.diagnostics);
    if (r.calendar) calendars.push(r.calendar);
  }
  return { calendars, diagnostics, sources };
}
