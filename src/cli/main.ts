import { Command, CommanderError } from 'commander';
import { EXIT, EnvironmentError, InputError, UsageError, type Output } from './context.js';
import { renderDiagnostics } from './render/diagnostics.js';
import { commandsFor } from './commands/index.js';

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
};

/**
 * The single exit point: runs one command and turns its outcome into an exit code.
 * 0 success, 1 input diagnostics, 2 usage, 3 environment, 70 a bug. Commands never end the process themselves.
 */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const debug = argv.includes('--debug');
  let code: number = EXIT.ok;
  const program = new Command('vantage')
    .description('A program cockpit for Technical Program Managers')
    .option('--debug', 'print stack traces for internal errors')
    .option('--today <date>', 'the status date used as "today" (default: $VANTAGE_TODAY or the clock)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.out(s),
      writeErr: (s) => output.err(s),
    })
    .showSuggestionAfterError(true);
  for (const register of await commandsFor(argv)) {
    register(program, output, (c) => {
      code = c;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return failure(error, output, debug);
  }
}

function failure(error: unknown, output: Output, debug: boolean): number {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof InputError) {
    output.err(renderDiagnostics(error.diagnostics, error.sources));
    return EXIT.input;
  }
  if (error instanceof UsageError) {
    output.err(`vantage: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof EnvironmentError) {
    output.err(`vantage: ${error.message}\n`);
    if (debug && error.cause instanceof Error) output.err(`${error.cause.stack}\n`);
    return EXIT.environment;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.err(`vantage: internal error: ${message}\nYou found a bug; please report it with the command you ran${debug ? '' : ' (add --debug for details)'}.\n`);
  if (debug && error instanceof Error) output.err(`${error.stack}\n`);
  return EXIT.bug;
}
