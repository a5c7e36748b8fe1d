import type { Command } from 'commander';
import { UsageError } from './context.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The status date: --today, else $VANTAGE_TODAY, else the clock (UTC). The engines never read the clock themselves. */
export function statusDate(command: Command): string {
  const root = command.optsWithGlobals() as { today?: string };
  const value = root.today ?? process.env.VANTAGE_TODAY ?? new Date().toISOString().slice(0, 10);
  if (!ISO.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`--today must be a date like 2027-01-15, not '${value}'`);
  }
  return value;
}
