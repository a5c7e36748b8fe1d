import { Option } from 'commander';
import { UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { statusDate } from '../today.js';
import { renderPrioritiesJson, renderPrioritiesMd, renderPrioritiesTable, type PrioritiesView } from '../render/priorities-render.js';
import { alignmentReport } from '../../engine/strategy/alignment.js';
import { prioritize } from '../../engine/strategy/priorities.js';
import type { PrioritizeMethod } from '../../model/program.js';
import type { RegisterCommand } from './index.js';

type Format = 'table' | 'md' | 'json';

/**
 * `vantage priorities FILE [--method wsjf|rice|value] [--format table|md|json]`: the open items ranked by the program's
 * prioritisation method (ties broken by schedule criticality) and the alignment report. Exit 0 unless the file has errors.
 */
export const registerPriorities: RegisterCommand = (program, output) => {
  program
    .command('priorities')
    .description('rank open items (WSJF, RICE or value) and report how the work aligns with the objectives')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .addOption(new Option('--method <method>', "prioritisation method (default: the program's `prioritize`)").choices(['wsjf', 'rice', 'value']))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json']).default('table'))
    .action(async (file: string, opts: { method?: PrioritizeMethod; format: Format }, command) => {
      const today = statusDate(command);
      const loaded = await loadForCli(file, output);
      if (loaded.kind !== 'program') {
        throw new UsageError(`priorities works on one program file; ${file} is a portfolio: run it on each of its programs`);
      }
      const p = loaded.program;
      const view: PrioritiesView = {
        program: p.program,
        today,
        priorities: prioritize(p, opts.method === undefined ? { today } : { today, method: opts.method }),
        alignment: alignmentReport(p),
      };
      output.out(opts.format === 'json' ? renderPrioritiesJson(view) : opts.format === 'md' ? renderPrioritiesMd(view) : renderPrioritiesTable(view));
    });
};
