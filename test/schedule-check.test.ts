/**
 * Cross-check of `vantage schedule` against the independent reference in ../shared/checks (Python, standard library):
 * genplan.py writes random programs and, independently, their critical-path schedule; check_schedule.py verifies
 * precedence, working days, durations, capacity (--levelled) and, with --expect, every es/ef/ls/lf/slack.
 * Skips loudly when python3 or the checks folder is absent.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';

const checks = fileURLToPath(new URL('../../shared/checks/', import.meta.url));
const python = spawnSync('python3', ['--version']).status === 0;
const available = python && existsSync(join(checks, 'genplan.py')) && existsSync(join(checks, 'check_schedule.py'));
if (!available) {
  console.warn(`schedule-check: SKIPPED: ${python ? `no reference checks in ${checks}` : 'python3 is not installed'}`);
}
const suite = available ? describe : describe.skip;

async function vantage(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

function py(script: string, args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync('python3', [join(checks, script), ...args], { encoding: 'utf8' });
  if (r.stderr) console.warn(r.stderr);
  return { status: r.status, stdout: r.stdout };
}

type Expected = { finishOffset: number; items: Record<string, { es: number; ef: number; ls: number; lf: number; slack: number }> };
type Got = { program: { finishOffset: number }; items: { id: string; es: number; ef: number; ls: number; lf: number; slack: number; critical: boolean }[] };

suite('vantage schedule vs the independent reference (genplan.py / check_schedule.py)', () => {
  const cases: { seed: number; n: number; flags: string[] }[] = [
    { seed: 1, n: 300, flags: [] },
    { seed: 2, n: 1000, flags: ['--no-lag'] },
    { seed: 3, n: 2500, flags: [] },
    { seed: 4, n: 800, flags: ['--resources'] },
  ];
  for (const { seed, n, flags } of cases) {
    it(`--no-level equals the reference CPM exactly (seed ${seed}, ${n} items${flags.length ? `, ${flags.join(' ')}` : ''})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vantage-check-'));
      try {
        const plan = join(dir, 'plan.vantage.yaml');
        const expectFile = join(dir, 'expect.json');
        expect(py('genplan.py', [plan, String(seed), String(n), ...flags, '--expect', expectFile]).status).toBe(0);
        const r = await vantage(['--today', '2027-01-04', 'schedule', plan, '--no-level', '--format', 'json']);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        // JSON.parse gives `any`: these are the documented shapes of the two files.
        const got = JSON.parse(r.out) as Got;
        const exp = JSON.parse(readFileSync(expectFile, 'utf8')) as Expected;
        // Our own exact comparison first (clear failure messages), then the reference checker.
        expect(got.program.finishOffset).toBe(exp.finishOffset);
        expect(got.items.length).toBe(n);
        for (const item of got.items) {
          const e = exp.items[item.id];
          expect({ id: item.id, es: item.es, ef: item.ef, ls: item.ls, lf: item.lf, slack: item.slack, critical: item.critical }).toEqual({
            id: item.id,
            ...e,
            critical: e.slack === 0,
          });
        }
        const out = join(dir, 'schedule.json');
        writeFileSync(out, r.out);
        const check = py('check_schedule.py', [plan, out, '--expect', expectFile]);
        expect(check.stdout).toBe('');
        expect(check.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  for (const { seed, n } of [
    { seed: 5, n: 600 },
    { seed: 6, n: 3000 },
  ]) {
    it(`levelled schedules pass the reference capacity check (seed ${seed}, ${n} items with resources)`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vantage-check-'));
      try {
        const plan = join(dir, 'plan.vantage.yaml');
        expect(py('genplan.py', [plan, String(seed), String(n), '--resources']).status).toBe(0);
        const r = await vantage(['--today', '2027-01-04', 'schedule', plan, '--format', 'json']);
        expect(r.code).toBe(0);
        const got = JSON.parse(r.out) as Got & { levelled: boolean }; // JSON.parse gives `any`: the schedule contract
        expect(got.levelled).toBe(true);
        const out = join(dir, 'schedule.json');
        writeFileSync(out, r.out);
        const check = py('check_schedule.py', [plan, out, '--levelled']);
        expect(check.stdout).toBe('');
        expect(check.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
