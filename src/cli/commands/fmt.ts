import { writeFile } from 'node:fs/promises';
import { hasErrors } from '../../model/diagnostic.js';
import { formatProgramText } from '../../io/yaml/format.js';
import { readText } from '../../io/yaml/load.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import type { RegisterCommand } from './index.js';

/**
 * `vantage fmt FILE... [--write] [--check]`: the canonical layout of program and portfolio files (see
 * io/yaml/format.ts). Prints the formatted text; --write rewrites files that change; --check lists the files that
 * are not formatted and exits 1 if there is any.
 */
export const registerFmt: RegisterCommand = (program, output, setExit) => {
  program
    .command('fmt')
    .description('rewrite program files in the canonical layout (key order, indentation, quoting), keeping comments')
    .argument('<files...>', 'program or portfolio files')
    .option('-w, --write', 'rewrite the files in place')
    .option('-c, --check', 'only list the files that are not formatted (exit 1 if any)')
    .action(async (files: string[], options: { write?: boolean; check?: boolean }) => {
      if (options.write && options.check) throw new UsageError('use either --write or --check, not both');
      const unformatted: string[] = [];
      for (const file of files) {
        const text = await readText(file);
        if (typeof text !== 'string') throw new EnvironmentError(`cannot read ${file}: ${text.reason}`);
        const result = formatProgramText(text, file);
        if (result.text === undefined || hasErrors(result.diagnostics)) {
          throw new InputError(result.diagnostics, new Map([[file, text]]));
        }
        if (options.check) {
          if (result.text !== text) unformatted.push(file);
        } else if (options.write) {
          if (result.text !== text) {
            try {
              await writeFile(file, result.text, 'utf8');
            } catch (error) {
              throw new EnvironmentError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
            }
          }
        } else {
          output.out(result.text);
        }
      }
      if (unformatted.length > 0) {
        output.out(unformatted.map((f) => `${f}\n`).join(''));
        output.err(`${unformatted.length} file${unformatted.length === 1 ? ' is' : 's are'} not formatted; run vantage fmt --write\n`);
        setExit(1);
      }
    });
};
