import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegisterCommand } from './index.js';

/** The package's examples folder: the nearest one above this module (dist/src/cli/commands or src/cli/commands). */
function examplesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'examples', 'checkout.vantage.yaml'))) return join(dir, 'examples');
  }
  return join(process.cwd(), 'examples');
}

const examples = (name: string) => join(examplesDir(), name);

/**
 * `vantage demo`: a tour of the CLI on the demo program — its schedule, forecast, risks, the executive brief, a
 * what-if and a scope trade-off, then the commerce portfolio's schedule, with the commands that produced them so the user can go on from there.
 */
export const registerDemo: RegisterCommand = (program, output, setExit) => {
  program
    .command('demo')
    .description('show Vantage on the demo program (schedule, forecast, risks, brief, what-if, scope, portfolio)')
    .action(async (_opts: unknown, command) => {
      const { main } = await import('../main.js');
      const today = (command.optsWithGlobals() as { today?: string }).today;
      const global = today ? ['--today', today] : [];
      const steps: [string, string[]][] = [
        ['The demo program, scheduled with dependencies, holidays, time off and limited people', ['schedule', examples('checkout.vantage.yaml')]],
        ['How likely are its dates? (Monte Carlo over estimates and risks)', ['forecast', examples('checkout.vantage.yaml')]],
        ['Which risks matter most, and which does the plan itself reveal?', ['risks', examples('checkout.vantage.yaml')]],
        ['The weekly brief for the executives, generated from the data', ['brief', examples('checkout.vantage.yaml'), '--format', 'text']],
        ['What if the saved cards API slips 10 working days?', ['whatif', examples('checkout.vantage.yaml'), '--slip', 'PAY-4=10']],
        ['Which nice-to-haves to defer so the must-haves land by the target?', ['scope', examples('checkout.vantage.yaml')]],
        ['The commerce portfolio: two programs with cross-program dependencies', ['schedule', examples('commerce.portfolio.yaml')]],
      ];
      for (const [title, argv] of steps) {
        output.out(`\n== ${title}\n$ vantage ${argv.map((a) => a.replace(/^.*\/examples\//, 'examples/')).join(' ')}\n\n`);
        const code = await main([...global, ...argv], output);
        if (code !== 0) {
          setExit(code);
          return;
        }
      }
      output.out(
        '\nNext, on your own file: `vantage check`, `fmt`, `schedule --format json|csv|mermaid`, `forecast --format md`, `priorities`, `raci`, `load`, `whatif`, `scope`, `risks --propose`, `metrics`, `brief --format html`, `comms`, `time`, `snapshot`/`diff`, `decide` (see README).\n',
      );
    });
};
