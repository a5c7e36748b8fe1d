/**
 * The web cockpit under test: the vite build (rebuilt when web/ is newer than dist/web), the API app over a PGlite
 * store in memory with programs imported, and webRoutes in front, on a real port (0) for Chromium to load.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import pino from 'pino';
import { createApp } from '../../src/server/app.js';
import { ensureDemoPrincipal } from '../../src/server/auth/index.js';
import { createToken, createUser, grant } from '../../src/server/auth/repo.js';
import { defaultWebDir, webRoutes } from '../../src/server/web.js';
import { importProgram, type ProgramFileInput } from '../../src/service/programs.js';
import { openStore, type Store } from '../../src/store/open.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TODAY = '2026-11-25';

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

/**
 * Runs `vite build` once when dist/web is missing or older than web/, the layers it bundles, or vite.config.ts. The
 * old files stay while it builds (no emptied folder): a cockpit another test file is serving keeps working.
 */
export function ensureWebBuild(): void {
  const index = join(defaultWebDir(), 'index.html');
  // The bundle holds web/ and the pure layers it imports (the what-if worker runs src/engine).
  const sources = Math.max(...['web', 'src/engine', 'src/model', 'src/charts'].map((d) => newestMtime(join(ROOT, d))), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error', '--emptyOutDir=false'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' }, // vitest sets NODE_ENV=test, which would bundle React's development build
  });
}

/** The checkout example with the calendar it names. */
export function checkoutExample(): ProgramFileInput {
  const ex = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');
  return { text: ex('checkout.vantage.yaml'), file: 'checkout.vantage.yaml', files: [{ path: 'ana.ics', content: ex('ana.ics') }] };
}

export type Cockpit = {
  url: string;
  token: string;
  store: Store;
  /** GETs `/api/programs/{program}/{path}` as the demo admin; anything but 200 throws with the server's answer. */
  api<T>(program: string, path: string): Promise<T>;
  close(): Promise<void>;
};

/** Imports `programs` into a fresh store and serves the cockpit + API on 127.0.0.1:0 with status date TODAY. */
export async function startCockpit(programs: ProgramFileInput[]): Promise<Cockpit> {
  const store = await openStore({ dataDir: 'memory://' });
  for (const p of programs) {
    const r = await importProgram(store, p, { actor: 'test' });
    if (!r.ok) throw new Error(`import of ${p.file} failed: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const { token } = await ensureDemoPrincipal(store);
  const root = new Hono();
  root.route('/', webRoutes());
  root.route('/', createApp({ store, logger: pino({ level: 'silent' }), today: () => TODAY }));
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    store,
    async api<T>(program: string, path: string): Promise<T> {
      const res = await fetch(`${url}/api/programs/${encodeURIComponent(program)}/${path}`, { headers: { Authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET ${program}/${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/**
 * In a describe block: builds the bundle when stale and serves `programs()` before its tests, closes after them. The
 * handle is filled in by then (read it inside hooks and tests). Example: `const cockpit = useCockpit(() => [checkoutExample()])`.
 */
export function useCockpit(programs: () => ProgramFileInput[]): Cockpit {
  const handle = {} as Cockpit;
  beforeAll(async () => {
    ensureWebBuild();
    Object.assign(handle, await startCockpit(programs()));
  }, 120_000);
  afterAll(async () => {
    await handle.close?.();
  }, 60_000);
  return handle;
}

/**
 * Makes user `name` with `role` in `programId` (leading `workstreams` when a lead) and returns their API token.
 * Example: `await addUser(cockpit, 'lee', 'checkout-revamp', 'lead', ['payments'])`.
 */
export async function addUser(cockpit: Cockpit, name: string, programId: string, role: 'owner' | 'editor' | 'lead' | 'viewer', workstreams: string[] = []): Promise<string> {
  const change = { actor: 'test' };
  const user = await createUser(cockpit.store, { name, email: `${name}@example.com` }, change);
  await grant(cockpit.store, programId, user.id, role, workstreams, change);
  return (await createToken(cockpit.store, user.id, { name: 'test' }, change)).secret;
}
