/**
 * Every migration, in order. A migration is a TypeScript module exporting its `id` and SQL `statements` (one
 * statement per string: PGlite's extended protocol runs one at a time), so the compiled output carries them.
 * Never edit an applied migration: add the next number.
 */
import * as init from './0001-init.js';
import * as access from './0010-access.js';
import * as jobs from './0020-jobs.js';

export type Migration = { id: string; statements: readonly string[] };

export const MIGRATIONS: readonly Migration[] = [init, access, jobs];
