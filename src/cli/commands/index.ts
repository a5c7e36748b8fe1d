/**
 * The commands, loaded lazily: `vantage NAME ...` imports only the modules that register NAME (start-up is a large
 * share of a short command, and importing every command's engines and drivers costs several times what one needs).
 * `--help`, no command or an unknown one load them all, so help and "did you mean" see every command.
 */
import type { Command } from 'commander';
import type { Output } from '../context.js';

/** A command adds itself to the program; it reports its exit code through setExit (default 0). */
export type RegisterCommand = (program: Command, output: Output, setExit: (code: number) => void) => void;

/** A command module: the top-level names it registers (or adds subcommands to) and how to load it. */
type CommandModule = { names: readonly string[]; load: () => Promise<RegisterCommand> };

/** In registration order (the order of `vantage --help`; `import`/`export` parents are the store's, then the connectors'). */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['check'], load: async () => (await import('./check.js')).registerCheck },
  { names: ['fmt'], load: async () => (await import('./fmt.js')).registerFmt },
  { names: ['schedule'], load: async () => (await import('./schedule.js')).registerSchedule },
  { names: ['rcpsp'], load: async () => (await import('./rcpsp.js')).registerRcpsp },
  { names: ['forecast'], load: async () => (await import('./forecast.js')).registerForecast },
  { names: ['priorities'], load: async () => (await import('./priorities.js')).registerPriorities },
  { names: ['raci'], load: async () => (await import('./raci.js')).registerRaci },
  { names: ['load'], load: async () => (await import('./load.js')).registerLoad },
  { names: ['whatif'], load: async () => (await import('./whatif.js')).registerWhatif },
  { names: ['scope'], load: async () => (await import('./scope.js')).registerScope },
  { names: ['risks'], load: async () => (await import('./risks.js')).registerRisks },
  { names: ['metrics'], load: async () => (await import('./metrics.js')).registerMetrics },
  { names: ['decisions', 'lessons', 'decide', 'learn'], load: async () => (await import('./decisions.js')).registerDecisions },
  { names: ['snapshot', 'diff'], load: async () => (await import('./snapshot.js')).registerSnapshot },
  { names: ['brief'], load: async () => (await import('./brief.js')).registerBrief },
  { names: ['comms'], load: async () => (await import('./comms.js')).registerComms },
  { names: ['time'], load: async () => (await import('./time.js')).registerTime },
  { names: ['calibration'], load: async () => (await import('./calibration.js')).registerCalibration },
  { names: ['import', 'export', 'programs'], load: async () => (await import('./store.js')).registerStore },
  { names: ['import', 'export'], load: async () => (await import('./import-files.js')).registerFileConnectors },
  { names: ['import', 'sync'], load: async () => (await import('./import-trackers.js')).registerTrackerConnectors },
  { names: ['serve', 'backup', 'restore'], load: async () => (await import('./serve.js')).registerServe },
  { names: ['user', 'token'], load: async () => (await import('./users.js')).registerUsers },
  { names: ['worker'], load: async () => (await import('./worker.js')).registerWorker },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemo },
];

/** Global options that take a value (their value is not the command name). */
const VALUE_OPTIONS = new Set(['--today']);

/** The command name in `argv` (the first word that is not a global option or its value), if any. */
export function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * The register functions `argv` needs: the modules naming its command, or all of them for help, no command or an
 * unknown one. Example: `await commandsFor(['check', 'a.yaml'])` loads check.js only.
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = commandName(argv);
  const chosen = name === undefined || name === 'help' ? COMMAND_MODULES : COMMAND_MODULES.filter((m) => m.names.includes(name));
  return Promise.all((chosen.length > 0 ? chosen : COMMAND_MODULES).map((m) => m.load()));
}
