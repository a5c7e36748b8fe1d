import { Option } from 'commander';
import { UsageError } from '../context.js';
import { loadForCli } from '../load.js';
import { renderRaciCsv, renderRaciJson, renderRaciMd, renderRaciTable, type RaciView } from '../render/raci-render.js';
import { DEFAULT_MAX_ACCOUNTABLE_SHARE, DEFAULT_MAX_ACCOUNTABLE_WORKSTREAMS, raciReport, type RaciOptions } from '../../engine/strategy/raci.js';
import type { RegisterCommand } from './index.js';

type Format = 'table' | 'md' | 'csv' | 'json';

/**
 * `vantage raci FILE [--format table|md|csv|json] [--max-accountable N] [--max-accountable-share X]`: the RACI matrix by
 * workstream and open item, and its checks with reasons and fixes. Findings are advice, not input errors: exit 0.
 */
export const registerRaci: RegisterCommand = (program, output) => {
  program
    .command('raci')
    .description('RACI matrix by workstream and item, with checks (no accountable, overload, uninformed stakeholders, ...)')
    .argument('<file>', 'program file (*.vantage.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'csv', 'json']).default('table'))
    .option('--max-accountable <n>', `workstreams one person may be Accountable for (default ${DEFAULT_MAX_ACCOUNTABLE_WORKSTREAMS})`)
    .option('--max-accountable-share <x>', `share of open effort one person may be Accountable for, 0..1 (default ${DEFAULT_MAX_ACCOUNTABLE_SHARE})`)
    .action(async (file: string, opts: { format: Format; maxAccountable?: string; maxAccountableShare?: string }) => {
      const options: RaciOptions = {};
      if (opts.maxAccountable !== undefined) {
        const n = Number(opts.maxAccountable);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-accountable must be a whole number >= 0, not '${opts.maxAccountable}'`);
        options.maxAccountableWorkstreams = n;
      }
      if (opts.maxAccountableShare !== undefined) {
        const x = Number(opts.maxAccountableShare);
        if (opts.maxAccountableShare.trim() === '' || !(x >= 0 && x <= 1)) {
          throw new UsageError(`--max-accountable-share must be a number in 0..1, not '${opts.maxAccountableShare}'`);
        }
        options.maxAccountableShare = x;
      }
      const loaded = await loadForCli(file, output);
      if (loaded.kind !== 'program') {
        throw new UsageError(`raci works on one program file; ${file} is a portfolio: run it on each of its programs`);
      }
      const view: RaciView = { program: loaded.program.program, report: raciReport(loaded.program, options) };
      const render = { json: renderRaciJson, csv: renderRaciCsv, md: renderRaciMd, table: renderRaciTable }[opts.format];
      output.out(render(view));
    });
};
