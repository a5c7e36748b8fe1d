import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/flow/team-flow.vantage.yaml', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function tempProgram(historyCsv: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-forecast-'));
  writeFileSync(join(dir, 'h.csv'), historyCsv);
  const file = join(dir, 'p.vantage.yaml');
  writeFileSync(file, 'vantage: 1\nprogram: {id: p, name: P, start: 2027-01-04}\nitems:\n  - {id: A, title: A}\nhistory: h.csv\n');
  return file;
}

describe('vantage forecast --throughput', () => {
  it('answers "when" for the open items, in JSON, reproducibly', async () => {
    const args = ['forecast', EXAMPLE, '--throughput', '--today', '2017-10-31', '--format', 'json', '--trials', '2000', '--seed', '7'];
    const a = await run(args);
    expect(a.code).toBe(0);
    const json = JSON.parse(a.out) as { throughput: { question: string; items: number; standard: { p50: string; p85: string; p95: string; seed: number }; calibrated: { p85: string }; trackRecord: { cuts: number } } };
    expect(json.throughput.question).toBe('when');
    expect(json.throughput.items).toBe(20);
    const s = json.throughput.standard;
    expect(s.seed).toBe(7);
    expect(s.p50 <= s.p85 && s.p85 <= s.p95).toBe(true);
    expect(json.throughput.calibrated.p85 >= '2017-11-01').toBe(true);
    expect(json.throughput.trackRecord.cuts).toBeGreaterThan(50);
    expect(a.err).toContain('history-after-today');
    expect((await run(args)).out).toBe(a.out);
  });

  it('answers "how many by" in Markdown with both methods', async () => {
    const r = await run(['forecast', EXAMPLE, '--throughput', '--by', '2017-11-28', '--today', '2017-10-31', '--percentiles', '70']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('How many items will be finished from 2017-11-01 to 2017-11-28 (28 days)?');
    expect(r.out).toContain('| Confidence | Calibrated (quote this) | Standard bootstrap |');
    expect(r.out).toMatch(/\| 70% \| \d+/);
  });

  it('exits 1 with a diagnostic when nothing finished in the window', async () => {
    const file = tempProgram('id,finished\nA,2020-01-01\nB,2020-01-02\n');
    const r = await run(['forecast', file, '--throughput', '--today', '2027-01-04', '--items', '3']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nothing finished in the 84 days from 2026-10-13 to 2027-01-04');
    expect(r.err).toContain('[throughput-window-empty]');
  });

  it('exits 2 on usage mistakes', async () => {
    const usage = async (args: string[], message: string) => {
      const r = await run(['forecast', EXAMPLE, ...args, '--today', '2017-10-31']);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
    };
    await usage(['--throughput', '--by', '2017-10-01'], '--by must be after today (2017-10-31)');
    await usage(['--throughput', '--by', '2017-13-01'], '--by must be a date like');
    await usage(['--throughput', '--items', '0'], '--items must be a whole number from 1');
    await usage(['--throughput', '--items', '3', '--by', '2017-12-01'], 'choose one of --by and --items');
    await usage(['--by', '2017-12-01'], 'add --throughput');
    await usage(['--throughput', '--backtest'], 'choose one of --throughput and --backtest');
    await usage(['--throughput', '--format', 'xml'], '--format must be md or json');
    await usage(['--throughput', '--percentiles', '150'], '--percentiles takes levels between 0 and 100');
    await usage(['--throughput', '--seed', 'abc'], '--seed must be a whole number');
  });
});

describe('vantage forecast --backtest', () => {
  it('prints both methods side by side and the flat calibrated shape', async () => {
    const r = await run(['forecast', EXAMPLE, '--backtest', '--format', 'json']);
    expect(r.code).toBe(0);
    const { backtest } = JSON.parse(r.out) as {
      backtest: { cuts: number; coverageP50: number; coverageP85: number; coverageP95: number; standard: { cuts: number; coverageP85: number }; calibrated: { cuts: number; coverageP85: number } };
    };
    expect(backtest.cuts).toBe(backtest.calibrated.cuts);
    expect(backtest.coverageP85).toBe(backtest.calibrated.coverageP85);
    expect(backtest.standard.cuts).toBe(backtest.cuts);
    for (const k of ['coverageP50', 'coverageP85', 'coverageP95'] as const) {
      expect(backtest[k]).toBeGreaterThanOrEqual(0);
      expect(backtest[k]).toBeLessThanOrEqual(1);
    }
    // The example is benchdata project 1: the calibrated P85 holds 83-87%, the standard far less.
    expect(backtest.coverageP85).toBeGreaterThanOrEqual(0.83);
    expect(backtest.coverageP85).toBeLessThanOrEqual(0.87);
    expect(backtest.standard.coverageP85).toBeLessThan(0.8);
  });

  it('renders Markdown, honours --window/--horizon/--every and --details', async () => {
    const r = await run(['forecast', EXAMPLE, '--backtest', '--window', '56', '--horizon', '14', '--every', '7', '--details']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('a cut every 7 days, each forecasting the next 14 days from the 56 before it');
    expect(r.out).toContain('| Cut | Window items | Actual |');
  });

  it('exits 1 when the history is too short for one cut', async () => {
    const file = tempProgram('id,finished\nA,2027-01-01\nB,2027-01-20\n');
    const r = await run(['forecast', file, '--backtest', '--today', '2027-02-01']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[history-too-short]');
  });
});
