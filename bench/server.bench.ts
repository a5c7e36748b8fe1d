/**
 * The HTTP API under load on loopback: a 10,000-item program, 16 concurrent clients (fetch), each scenario bounded
 * in time: `GET /api/programs/{id}` (the program summary) and `PUT /api/programs/{id}/items/{item}` (an item update:
 * surgical edit of the 10,000-item file, re-validation, write, audit, NOTIFY). Requests/s, p50 and p99 latency, on
 * PGlite (a folder) and on PostgreSQL ($DATABASE_URL or 127.0.0.1:5432, a fresh database dropped afterwards).
 *
 * Run: npm run bench server   (VANTAGE_BENCH_SECONDS sets each scenario's duration, default 8)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { stringify } from 'yaml';
import { generatePlan } from './gen-plan.js';
import { importProgram } from '../src/service/programs.js';
import { openStore, type Store } from '../src/store/open.js';
import { createToken, createUser } from '../src/server/auth/repo.js';
import { startServer } from '../src/server/server.js';

const ITEMS = 10_000;
const CONCURRENCY = 16;
const SECONDS = Number(process.env.VANTAGE_BENCH_SECONDS ?? 8);

function planYaml(doc: Record<string, unknown>): string {
  const lines: string[] = ['# generated for the server benchmark'];
  for (const [key, value] of Object.entries(doc)) {
    if (Array.isArray(value)) {
      lines.push(`${key}:`);
      for (const e of value) lines.push(`  - ${stringify(e, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false }).trim()}`);
    } else {
      lines.push(`${key}: ${stringify(value, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false }).trim()}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `CONCURRENCY` loops of `send(worker, i)` for `SECONDS`; returns requests/s and latency percentiles (ms). */
async function load(send: (worker: number, i: number) => Promise<Response>): Promise<{ n: number; rps: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i++) {
        const t = performance.now();
        const res = await send(worker, i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (!res.ok) errors++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { n: latencies.length, rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), errors };
}

async function measure(label: string, store: Store, text: string, items: Record<string, unknown>[]): Promise<void> {
  const r = await importProgram(store, { text, file: 'bench.vantage.yaml', id: 'bench' }, { actor: 'bench' });
  if (!r.ok) throw new Error(`the generated plan did not import: ${r.diagnostics[0]?.message}`);
  const user = await createUser(store, { name: 'bench', email: 'bench@example.com', admin: true }, { actor: 'bench' });
  const token = (await createToken(store, user.id, {}, { actor: 'bench' })).secret;
  const server = await startServer({ store, logger: pino({ level: 'warn' }), port: 0 });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  try {
    const summary = await load(() => fetch(`${server.url}/api/programs/bench`, { headers }));
    // Each client edits its own items, so no update conflicts with another (no version: unconditional).
    const update = await load((worker, i) => {
      const item = items[(worker * 611 + i * 37) % items.length]!;
      return fetch(`${server.url}/api/programs/bench/items/${encodeURIComponent(String(item.id))}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ data: { ...item, title: `${String(item.title)} (edit ${worker}-${i})` } }),
      });
    });
    const line = (name: string, x: Awaited<ReturnType<typeof load>>) =>
      `${label.padEnd(10)} ${name.padEnd(15)} ${x.n} requests, ${x.rps.toFixed(1)} req/s, p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms${x.errors ? `, ${x.errors} errors` : ''}`;
    console.log(line('program summary', summary));
    console.log(line('item update', update));
  } finally {
    await server.close(); // closes the store too
  }
}

export async function run(): Promise<void> {
  const doc = JSON.parse(generatePlan({ items: ITEMS, seed: 7, resources: true, threePoint: true })) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const text = planYaml(doc);
  console.log(`program file: ${ITEMS} items, ${(text.length / 1024).toFixed(0)} KiB; ${CONCURRENCY} clients, ${SECONDS} s per scenario, loopback`);
  const dir = mkdtempSync(join(tmpdir(), 'vantage-server-bench-'));
  try {
    await measure('PGlite', await openStore({ dataDir: join(dir, 'data') }), text, doc.items);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = `vantage_sbench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`PostgreSQL skipped: no server at ${base} (${(e as Error).message})`);
    return;
  }
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(base);
    url.pathname = `/${database}`;
    await measure('PostgreSQL', await openStore({ url: url.toString() }), text, doc.items);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
