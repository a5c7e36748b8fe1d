import { fileURLToPath } from 'node:url';
import type { RegisterCommand } from './index.js';

/** The examples folder of the installed package (dist/src/cli/commands -> the package root). */
const examples = (name: string) => fileURLToPath(new URL(`../../../../examples/${name}`, import.meta.url));

/**
 * `vantage demo`: what `npm start` runs until the web cockpit exists — the demo program's schedule and forecast,
 * then the commerce portfolio's, with the commands that produced them so the user can go on from there.
 */
export const registerDemo: RegisterCommand = (program, output, setExit) => {
  program
    .command('demo')
    .description('show Vantage on the demo program (schedule, forecast, portfolio)')
    .action(async (_opts: unknown, command) => {
      const { main } = await import('../main.js');
      const today = (command.optsWithGlobals() as { today?: string }).today;
      const global = today ? ['--today', today] : [];
      const steps: [string, string[]][] = [
        ['The demo program, scheduled with dependencies, holidays, time off and limited people', ['schedule', examples('checkout.vantage.yaml')]],
        ['How likely are its dates? (Monte Carlo over estimates and risks)', ['forecast', examples('checkout.vantage.yaml')]],
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
      output.out('\nNext: `vantage check FILE`, `vantage fmt FILE`, `vantage schedule FILE --format json|csv|mermaid`, `vantage forecast FILE --format md`.\n');
    });
};
