/**
 * A process killed (SIGKILL) in the middle of a large import leaves no part of it: the import is one transaction.
 * The child (test/store-kill-child.ts) writes every row of a 5,000-item program, says "ready" before committing, and
 * is killed there; no timing is involved.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePg, itPg } from '../../test/pg.js';
import { openStore } from './open.js';
import { listAudit, listEntries, listPrograms } from './repository.js';

const dir = mkdtempSync(join(tmpdir(), 'vantage-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid program of `n` items, one flow mapping per line. */
function bigProgram(n: number): string {
  const lines = ['vantage: 1', 'program: {id: big, name: Big, start: 2027-01-04}', 'items:'];
  for (let i = 1; i <= n; i++) lines.push(`  - {id: B-${i}, title: Item ${i}, estimate: ${1 + (i % 5)}${i > 1 ? `, after: [B-${i - 1}]` : ''}}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the child until it has written everything uncommitted, then SIGKILLs it. */
async function importAndKill(args: string[]): Promise<void> {
  const file = join(dir, 'big.vantage.yaml');
  writeFileSync(file, bigProgram(5000));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store-kill-child.ts', ...args, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.on('exit', () => reject(new Error(`the child ended before writing the import: ${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('SIGKILL mid-import on PGlite (a data folder)', () => {
  it('leaves the store without any part of the import', async () => {
    const data = join(dir, 'data');
    await (await openStore({ dataDir: data })).close(); // created and migrated
    await importAndKill(['dir', data]);
    rmSync(`${data}.lock`, { force: true }); // the killed process could not release it (its pid may be reused)
    const store = await openStore({ dataDir: data });
    try {
      expect(await listPrograms(store)).toEqual([]);
      expect(await listEntries(store, 'big')).toEqual([]);
      expect(await listAudit(store)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 180_000);
});

describePg('SIGKILL mid-import on PostgreSQL', (ctx) => {
  itPg('leaves the store without any part of the import', ctx, async (url) => {
    await (await openStore({ url })).close();
    await importAndKill(['url', url]);
    const store = await openStore({ url });
    try {
      expect(await listPrograms(store)).toEqual([]);
      expect(await listEntries(store, 'big')).toEqual([]);
      expect(await listAudit(store)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 180_000);
});
