/** The lazy command table: every registered command is reachable by its name, and a command loads only its modules. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandName, commandsFor } from './index.js';

const quiet = { out: () => undefined, err: () => undefined, isTTY: false, errIsTTY: false };

async function registered(argv: string[]): Promise<string[]> {
  const program = new Command('vantage');
  for (const register of await commandsFor(argv)) register(program, quiet, () => undefined);
  return program.commands.map((c) => c.name());
}

describe('lazy command loading', () => {
  it('finds the command name after global options and their values', () => {
    expect(commandName(['check', 'a.yaml'])).toBe('check');
    expect(commandName(['--today', '2026-11-25', 'schedule', 'a.yaml'])).toBe('schedule');
    expect(commandName(['--debug', 'brief', '--today', 'x'])).toBe('brief');
    expect(commandName(['--help'])).toBeUndefined();
  });

  it('lists under its own name every top-level command the modules register, so none is unreachable', async () => {
    const all = await registered([]);
    expect(all.length).toBeGreaterThan(30);
    for (const name of all) {
      expect(COMMAND_MODULES.some((m) => m.names.includes(name)), `${name} is registered but not in COMMAND_MODULES`).toBe(true);
      // Loading just that command's modules registers it again, with the same subcommands.
      const alone = new Command('vantage');
      for (const register of await commandsFor([name])) register(alone, quiet, () => undefined);
      const full = new Command('vantage');
      for (const register of await commandsFor([])) register(full, quiet, () => undefined);
      const sub = (p: Command) => p.commands.find((c) => c.name() === name)?.commands.map((c) => c.name()).sort();
      expect(sub(alone)).toEqual(sub(full));
    }
  });

  it('loads only the modules of the command, and everything for help or an unknown word', async () => {
    expect(await registered(['check', 'a.yaml'])).toEqual(['check']);
    expect((await registered(['import', 'jira'])).sort()).toEqual(['import', 'export', 'programs', 'sync'].sort());
    expect(await registered(['chek'])).toEqual(await registered([]));
    expect(await registered(['help'])).toEqual(await registered([]));
  });
});
