/**
 * Load + schedule of generated plans (random layered DAGs, ~2 predecessors each, 20 resources): 1,000, 10,000 and
 * 100,000 items, with and without levelling. Each case runs in a fresh child process so that its peak memory is its
 * own. Then the whole `vantage schedule` process on a 20,000-item plan, as a user runs it.
 *
 * Run: npm run bench schedule
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './gen-plan.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

type CaseResult = { items: number; level: boolean; loadMs: number; scheduleMs: number; maxRssMb: number; finish: number };

/** Child mode: `node schedule.bench.js --case N level`. Prints one JSON line. */
async function runCase(items: number, level: boolean): Promise<void> {
  const { parseProgram } = await import('../src/io/yaml/load.js');
  const { scheduleProgram } = await import('../src/engine/schedule.js');
  const text = generatePlan({ items, seed: 7, resources: true });
  const t0 = performance.now();
  const { program, diagnostics } = parseProgram(text, 'gen.json');
  const t1 = performance.now();
  if (!program) throw new Error(`generated plan did not load: ${diagnostics[0]?.message}`);
  const result = scheduleProgram(program, { today: '2027-01-04', level });
  const t2 = performance.now();
  const out: CaseResult = {
    items,
    level,
    loadMs: t1 - t0,
    scheduleMs: t2 - t1,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    finish: result.program.finishOffset,
  };
  console.log(JSON.stringify(out));
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function run(): Promise<void> {
  console.log('items    levelled  load ms  schedule ms  items/s (schedule)  peak RSS MB  finish (working days)');
  for (const items of [1_000, 10_000, 100_000]) {
    for (const level of [false, true]) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', String(items), String(level)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as CaseResult;
      console.log(
        `${fmt(r.items).padEnd(9)}${String(r.level).padEnd(10)}${fmt(r.loadMs).padStart(7)}  ${fmt(r.scheduleMs).padStart(11)}  ${fmt(
          r.items / (r.scheduleMs / 1000),
        ).padStart(18)}  ${fmt(r.maxRssMb).padStart(11)}  ${fmt(r.finish, 1).padStart(10)}`,
      );
    }
  }
  wholeProcess(20_000);
}

/** The whole CLI process, best of 3, with its peak memory read at exit through a preloaded probe. */
function wholeProcess(items: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-bench-'));
  try {
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, generatePlan({ items, seed: 7, resources: true }));
    const probe = join(dir, 'probe.mjs');
    const rssFile = join(dir, 'rss');
    writeFileSync(
      probe,
      `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    for (const level of [true, false]) {
      let best = Infinity;
      let rss = 0;
      for (let i = 0; i < 3; i++) {
        const args = ['--import', probe, join(root, 'bin', 'vantage.js'), 'schedule', plan, '--format', 'json', '--today', '2027-01-04'];
        if (!level) args.push('--no-level');
        const t0 = performance.now();
        const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        const ms = performance.now() - t0;
        if (r.status !== 0) throw new Error(`vantage schedule failed: ${r.stderr}`);
        if (ms < best) {
          best = ms;
          rss = Number(readFileSync(rssFile, 'utf8')) / 1024;
        }
      }
      console.log(`whole process: vantage schedule ${fmt(items)} items ${level ? 'levelled' : '--no-level'} --format json: ${fmt(best)} ms, peak RSS ${fmt(rss)} MB (best of 3)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--case') {
  await runCase(Number(process.argv[3]), process.argv[4] === 'true');
}
