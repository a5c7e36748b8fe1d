/** Embedded PostgreSQL (PGlite, WebAssembly): data in a folder, or `memory://` for a throw-away store. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { Driver } from '../db.js';
import { StoreUnavailableError } from '../errors.js';

/**
 * Opens (creating when absent) the PGlite database in `dataDir`. PGlite is single-user, so one process at a time
 * may open a folder (a server owns it): `<dataDir>.lock` holds the owner's pid, and a second opener gets a
 * StoreUnavailableError naming it (a lock left by a process that died is taken over). Example:
 * `await openPglite('/home/ana/.vantage/data')`.
 */
export async function openPglite(dataDir: string): Promise<Driver> {
  const inMemory = dataDir.startsWith('memory://');
  let release = (): void => undefined;
  let client: PGlite;
  try {
    if (!inMemory) {
      mkdirSync(dataDir, { recursive: true });
      release = takeLock(dataDir);
    }
    client = await PGlite.create(dataDir);
  } catch (e) {
    release();
    if (e instanceof StoreUnavailableError) throw e;
    throw new StoreUnavailableError(`cannot open the embedded database in ${dataDir}: ${(e as Error).message}`, { cause: e });
  }
  return {
    db: drizzle({ client }),
    kind: 'pglite',
    close: async () => {
      if (!client.closed) await client.close();
      release();
    },
  };
}

/** Takes `<dataDir>.lock` for this process; returns its release. */
function takeLock(dataDir: string): () => void {
  const path = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      let held = true;
      return () => {
        if (held) rmSync(path, { force: true });
        held = false;
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // fs errors carry a code
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && alive(owner)) {
        throw new StoreUnavailableError(
          `the data folder ${dataDir} is in use by process ${owner}${owner === process.pid ? ' (this one)' : ''}: one process at a time may open it (stop that one, or share a PostgreSQL server with --db)`,
        );
      }
      rmSync(path, { force: true }); // left by a process that is gone
    }
  }
  throw new StoreUnavailableError(`cannot lock the data folder ${dataDir}: another process keeps taking it`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
