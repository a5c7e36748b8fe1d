import type { Diagnostic } from '../model/diagnostic.js';

/** Where a command writes. Tests pass buffers; the real CLI passes process streams. */
export type Output = {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colours, progress). */
  isTTY: boolean;
  /** True when stderr is a terminal (progress of long runs goes there). Absent: false. */
  errIsTTY?: boolean;
};

/** Exit codes: one table, used only by main.ts. */
export const EXIT = { ok: 0, input: 1, usage: 2, environment: 3, bug: 70 } as const;

/** Bad command-line usage: exit 2 with one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Broken environment (file system, database, network, credentials): exit 3 with one line. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input data: exit 1, printing every diagnostic. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly sources: Map<string, string> = new Map(),
  ) {
    super(`${diagnostics.length} problem(s) in the input`);
  }
}

/** Global options every command can read. */
export type GlobalOptions = {
  debug: boolean;
  /** The status date ("today"), ISO; from --today or VANTAGE_TODAY, else the clock. */
  today: string;
};
