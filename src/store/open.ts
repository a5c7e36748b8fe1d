/**
 * Opening the store: the embedded database in a folder (`{ dataDir }`, or `memory://`) or a PostgreSQL server
 * (`{ url }`), migrated to the latest schema. Everything above works on the returned Store and never asks which.
 */
import type { Driver } from './db.js';
import { openPg } from './drivers/pg.js';
import { openPglite } from './drivers/pglite.js';
import { migrate } from './migrate.js';

export type { StoreKind } from './db.js';

/** An open, migrated store. Close it when done (a PGlite folder is owned by one process at a time). */
export type Store = Driver;

export type StoreOptions = { dataDir: string } | { url: string };

/**
 * Opens and migrates a store. Examples: `openStore({ dataDir: 'memory://' })`, `openStore({ dataDir: '/srv/vantage' })`,
 * `openStore({ url: 'postgres://vantage@db:5432/vantage' })`. Throws StoreUnavailableError when it cannot be
 * reached, StoreVersionError when a newer Vantage migrated it.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const driver = 'url' in options ? await openPg(options.url) : await openPglite(options.dataDir);
  try {
    await migrate(driver.db);
  } catch (e) {
    await driver.close().catch(() => undefined);
    throw e;
  }
  return driver;
}
