/**
 * The store: import of a 5,000-item program (parse, validate, write program + 5,000 entry rows + audit in one
 * transaction), re-import of the same text (nothing changes but the version), then a loop of 100 single-item
 * updates through the service (surgical text edit, re-validate, write, audit), on PGlite (a folder) and on
 * PostgreSQL (a fresh database on $DATABASE_URL or 127.0.0.1:5432, dropped afterwards; skipped when absent).
 *
 * Run: npm run bench store
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { generatePlan } from './gen-plan.js';
import { importProgram, updateEntry } from '../src/service/programs.js';
import { openStore, type Store } from '../src/store/open.js';

const ITEMS = 5000;
const UPDATES = 100;

/** The generated plan as a YAML program file: one flow mapping per line, as TPMs write them. */
function planYaml(): string {
  const doc = JSON.parse(generatePlan({ items: ITEMS, seed: 7, resources: true, threePoint: true })) as Record<string, unknown>;
  const lines: string[] = ['# generated for the store benchmark'];
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

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

async function measure(label: string, open: () => Promise<Store>, text: string): Promise<void> {
  let t0 = performance.now();
  const store = await open();
  const openMs = ms(t0);
  try {
    t0 = performance.now();
    const r = await importProgram(store, { text, file: 'bench.vantage.yaml', id: 'bench' }, { actor: 'bench' });
    if (!r.ok) throw new Error(`the generated plan did not import: ${r.diagnostics[0]?.message}`);
    const importMs = ms(t0);
    t0 = performance.now();
    await importProgram(store, { text, file: 'bench.vantage.yaml', id: 'bench' }, { actor: 'bench' });
    const reimportMs = ms(t0);
    const doc = JSON.parse(generatePlan({ items: ITEMS, seed: 7, resources: true, threePoint: true })) as { items: Record<string, unknown>[] };
    const latencies: number[] = [];
    const loop = performance.now();
    for (let i = 0; i < UPDATES; i++) {
      const item = doc.items[(i * 37) % doc.items.length]!;
      const t = performance.now();
      const u = await updateEntry(store, 'bench', 'items', String(item.id), { ...item, title: `${String(item.title)} (edit ${i})` }, { actor: 'bench' });
      latencies.push(performance.now() - t);
      if (!u.ok) throw new Error(`update ${i} was refused: ${u.diagnostics[0]?.message}`);
    }
    const total = performance.now() - loop;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(0);
    console.log(
      `${label.padEnd(10)} open ${openMs}; import ${ITEMS} items ${importMs}; re-import (no change) ${reimportMs}; ` +
        `${UPDATES} updates ${total.toFixed(0)} ms (${(total / UPDATES).toFixed(1)} ms each; p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms)`,
    );
  } finally {
    await store.close();
  }
}

export async function run(): Promise<void> {
  const text = planYaml();
  console.log(`program file: ${ITEMS} items, ${(text.length / 1024).toFixed(0)} KiB`);
  const dir = mkdtempSync(join(tmpdir(), 'vantage-store-bench-'));
  try {
    await measure('PGlite', () => openStore({ dataDir: join(dir, 'data') }), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = `vantage_bench_${process.pid}`;
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
    await measure('PostgreSQL', () => openStore({ url: url.toString() }), text);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
