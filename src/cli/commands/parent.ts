import type { Command } from 'commander';

/**
 * The top-level command `name` (for example `import`), created with `description` when no module has registered it
 * yet. Several modules add subcommands to one parent: the store registers `import FILE` (a program file into the
 * store) and the connectors add `import mspdi FILE`, `import jira ...` beside it; commander runs a matching
 * subcommand first and the parent's own action otherwise.
 */
export function parentCommand(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
