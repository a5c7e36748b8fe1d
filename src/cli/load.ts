/**
 * Loading the file a command names: the one place CLI commands turn load results into output and exit codes.
 */
import { hasErrors } from '../model/diagnostic.js';
import { loadFile, type LoadedValue } from '../io/yaml/load.js';
import { EnvironmentError, InputError, type Output } from './context.js';
import { renderDiagnostics } from './render/diagnostics.js';

/**
 * Loads a program or portfolio file. Warnings go to stderr; any error throws InputError (exit 1) with every
 * diagnostic and the sources to show them in; an unreadable file throws EnvironmentError (exit 3).
 */
export async function loadForCli(path: string, output: Output): Promise<LoadedValue> {
  const result = await loadFile(path);
  const unreadable = result.diagnostics.find((d) => d.code === 'cannot-read' && d.file === path && d.line === undefined);
  if (unreadable) throw new EnvironmentError(unreadable.message);
  if (hasErrors(result.diagnostics) || !result.value) throw new InputError(result.diagnostics, result.sources);
  if (result.diagnostics.length > 0) output.err(renderDiagnostics(result.diagnostics, result.sources));
  return result.value;
}
