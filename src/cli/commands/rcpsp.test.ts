import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerRcpsp } from './rcpsp.js';
import { EnvironmentError, InputError, UsageError } from '../context.js';
import { parseSm } from '../../io/psplib/sm.js';
import { instanceFromJobs } from '../../engine/rcpsp/build-instance.js';
import { naiveCheck } from '../../../test/rcpsp/naive-check.js';

const psplib = fileURLToPath(new URL('../../../../shared/benchdata/psplib/', import.meta.url));
const hasData = existsSync(`${psplib}j30`);
if (!hasData) console.warn(`PSPLIB data not found at ${psplib}: the rcpsp command tests on real files are skipped`);

async function runRcpsp(args: string[]): Promise<string> {
  let out = '';
  const program = new Command('vantage').exitOverride();
  registerRcpsp(program, { out: (t) => (out += t), err: () => undefined, isTTY: false }, () => undefined);
  await program.parseAsync(['rcpsp', ...args], { from: 'user' });
  return out;
}

describe.skipIf(!hasData)('vantage rcpsp', () => {
  const file = `${psplib}j30/j302_1.sm`;

  it('prints JSON with the makespan and feasible starts by job number', async () => {
    // JSON.parse gives an untyped value; the test asserts the shape below.
    const json = JSON.parse(await runRcpsp([file, '--format', 'json', '--schedules', '500', '--seed', '1'])) as {
      makespan: number;
      starts: Record<string, number>;
      schedules: number;
      seed: number;
      lowerBound: number;
    };
    expect(json.makespan).toBe(38);
    expect(json.lowerBound).toBe(34);
    expect(json.seed).toBe(1);
    expect(json.schedules).toBeLessThanOrEqual(500);
    expect(Object.keys(json.starts)).toHaveLength(32);
    const { instance } = instanceFromJobs(parseSm(readFileSync(file, 'utf8')).project!);
    const start = Int32Array.from({ length: 32 }, (_, j) => json.starts[String(j + 1)]);
    const finish = start.map((s, j) => s + instance.duration[j]);
    expect(naiveCheck(instance, { start, finish, makespan: json.makespan })).toEqual([]);
  });

  it('prints a readable text summary by default', async () => {
    const text = await runRcpsp([file, '--schedules', '200']);
    expect(text).toContain('32 jobs, 4 resources');
    expect(text).toMatch(/makespan \d+ \(critical-path lower bound 34, \+\d+\.\d%\), \d+ schedules, seed 1/);
  });
});

describe('vantage rcpsp errors', () => {
  it('rejects a bad budget, seed or format as usage errors', async () => {
    await expect(runRcpsp(['x.sm', '--schedules', '0'])).rejects.toThrow(UsageError);
    await expect(runRcpsp(['x.sm', '--seed', '-1'])).rejects.toThrow(UsageError);
    await expect(runRcpsp(['x.sm', '--format', 'xml'])).rejects.toThrow(UsageError);
  });

  it('reports an unreadable file as an environment error', async () => {
    await expect(runRcpsp([join(tmpdir(), 'no-such-file-vantage.sm')])).rejects.toThrow(EnvironmentError);
  });

  it('reports a malformed file as input diagnostics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vantage-rcpsp-'));
    const bad = join(dir, 'bad.sm');
    writeFileSync(bad, 'not a psplib file\n');
    const error = await runRcpsp([bad]).catch((e: unknown) => e);
    if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
    expect(error.diagnostics.map((d) => d.code)).toEqual(['psplib-missing-section']);
  });
});
