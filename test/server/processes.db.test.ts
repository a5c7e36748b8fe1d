/**
 * Server processes on one PostgreSQL (`describePg`): `node bin/vantage.js serve --db URL --port 0` children, built
 * once from the sources. An edit through one process reaches an SSE client of the other (LISTEN/NOTIFY), and a
 * process killed with SIGKILL in the middle of a large import leaves nothing of it.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { describePg, itPg } from '../pg.js';
import { sseReader } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');

type Served = { url: string; token?: string; child: ChildProcess; stderr: () => string };

function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'vantage.js'), 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+)(?:\s+\(token: (\S+)\))?/.exec(out);
      if (m) resolve({ url: m[1]!, ...(m[2] ? { token: m[2] } : {}), child, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${err.slice(-2000)}`)));
  });
}

/** SIGTERM, then the exit code (a graceful shutdown exits 0). */
function stop(s: Served | undefined): Promise<number | null> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return Promise.resolve(s?.child.exitCode ?? null);
  return new Promise((resolve) => {
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

/** A valid program with `n` items. */
function bigProgram(id: string, n: number): string {
  const lines = ['vantage: 1', `program: {id: ${id}, name: Big import, start: 2026-11-02}`, 'items:'];
  for (let i = 1; i <= n; i++) lines.push(`  - {id: B-${i}, title: Item ${i}, estimate: 2d}`);
  return `${lines.join('\n')}\n`;
}

describePg('server processes on PostgreSQL', (ctx) => {
  let a: Served | undefined;
  let b: Served | undefined;
  beforeAll(() => {
    if (ctx.url() === '') return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  }, 300_000);
  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
  }, 30_000);

  itPg('an edit through one process reaches an SSE client of the other', ctx, async (url) => {
    a = await serve(['--db', url, '--demo', '--workers', '0']);
    b = await serve(['--db', url, '--workers', '0']);
    const auth = { Authorization: `Bearer ${a.token}` };
    const res = await fetch(`${b.url}/api/programs/checkout-revamp/events`, { headers: auth });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const events = sseReader(reader);
    expect((await events.next()).event).toBe('ready');
    const item = (await (await fetch(`${a.url}/api/programs/checkout-revamp/items/PAY-2`, { headers: auth })).json()) as { version: number; data: Record<string, unknown> };
    const put = await fetch(`${a.url}/api/programs/checkout-revamp/items/PAY-2`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { ...item.data, 'x-note': 'from A' }, version: item.version }),
    });
    expect(put.status).toBe(200);
    const change = await events.next();
    expect(change.event).toBe('change');
    expect(JSON.parse(change.data)).toMatchObject({ programId: 'checkout-revamp', section: 'items', entryId: 'PAY-2', action: 'update' });
    await reader.cancel();
    // SIGTERM: B ends its streams and exits 0.
    expect(await stop(b)).toBe(0);
  }, 120_000);

  itPg('SIGKILL in the middle of a large import leaves nothing of it', ctx, async (url) => {
    const victim = await serve(['--db', url, '--workers', '0', '--log-level', 'debug']);
    const token = a?.token;
    expect(token).toBeDefined();
    const body = JSON.stringify({ text: bigProgram('big-import', 10_000), file: 'big.vantage.yaml' });
    const req = request(`${victim.url}/api/programs`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
    req.on('error', () => undefined); // the connection dies with the process
    req.end(body);
    // Kill only once the import is inside its transaction: a backend of this database writing programs/entries.
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    try {
      for (let seen = false; !seen; ) {
        const r = await watcher.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
             and state in ('active', 'idle in transaction') and (query ilike '%"entries"%' or query ilike '%"programs"%')`,
        );
        seen = r.rows[0].n > 0;
        if (victim.child.exitCode !== null) throw new Error('the server exited by itself');
      }
    } finally {
      await watcher.end();
    }
    const exited = new Promise((r) => victim.child.once('exit', r));
    victim.child.kill('SIGKILL');
    await exited;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const programs = await client.query(`select count(*)::int as n from programs where id = 'big-import'`);
      const entries = await client.query(`select count(*)::int as n from entries where program_id = 'big-import'`);
      const audit = await client.query(`select count(*)::int as n from audit_log where program_id = 'big-import'`);
      expect([programs.rows[0].n, entries.rows[0].n, audit.rows[0].n]).toEqual([0, 0, 0]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
