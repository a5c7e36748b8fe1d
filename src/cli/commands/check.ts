import type { LoadedValue } from '../../io/yaml/load.js';
import type { Program } from '../../model/program.js';
import { loadForCli } from '../load.js';
import type { RegisterCommand } from './index.js';

/** `vantage check FILE`: validates a program or portfolio file; exit 0 with a one-line summary, 1 with the errors. */
export const registerCheck: RegisterCommand = (program, output) => {
  program
    .command('check')
    .description('validate a program or portfolio file and report every problem with its line and column')
    .argument('<file>', 'a program file (*.vantage.yaml) or a portfolio file')
    .action(async (file: string) => {
      const value = await loadForCli(file, output);
      output.out(`${checkSummary(value)}\n`);
    });
};

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function counts(programs: Program[]): string {
  const sum = (f: (p: Program) => number) => programs.reduce((a, p) => a + f(p), 0);
  return [
    plural(sum((p) => p.items.length), 'item'),
    plural(sum((p) => p.milestones.length), 'milestone'),
    plural(sum((p) => p.people.length), 'person', 'people'),
  ].join(', ');
}

/** "ok: checkout-revamp — 42 items, 3 milestones, 6 people" (or, for a portfolio, its programs too). */
export function checkSummary(value: LoadedValue): string {
  if (value.kind === 'program') return `ok: ${value.program.program.id} — ${counts([value.program])}`;
  const { portfolio } = value;
  return `ok: ${portfolio.id} — ${plural(portfolio.programs.length, 'program')}, ${counts(portfolio.programs)}`;
}
