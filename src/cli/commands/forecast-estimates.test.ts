import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

const PROGRAM = `vantage: 1
program: {id: shop, name: Shop, start: 2027-01-04, target: 2027-02-26, confidence: 0.85}
people:
  - {id: bo, name: Bo}
items:
  - {id: A, title: Design, estimate: {low: 3, likely: 5, high: 10}}
  - {id: B, title: Build, owner: bo, estimate: {low: 5, likely: 8, high: 15}, after: [A]}
  - {id: C, title: Content, estimate: {low: 2, likely: 3, high: 6, dist: triangular}, after: [A]}
  - {id: D, title: Launch prep, estimate: 2, after: [B, C]}
milestones:
  - {id: beta, title: Beta, after: [B], date: 2027-02-05}
  - {id: open, title: Open, after: [D]}
risks:
  - {id: R1, title: Payment provider is late, probability: 0.3, impact: {days: 5, items: [B]}, status: open}
  - {id: R2, title: Copy review drags, probability: 0.5, impact: {days: 2, items: [C]}, status: open}
  - {id: R3, title: Closed already, probability: 0.9, impact: {days: 9, items: [A]}, status: closed}
`;

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-mc-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const dir = write({
  'shop.vantage.yaml': PROGRAM,
  'ops.vantage.yaml': `vantage: 1
program: {id: ops, name: Ops, start: 2027-01-04, target: 2027-03-31}
items:
  - {id: X, title: Runbooks, estimate: {low: 2, likely: 4, high: 9}, after: [shop/D]}
`,
  'all.portfolio.yaml': 'vantage: 1\nportfolio: {id: all, name: All}\nprograms: [shop.vantage.yaml, ops.vantage.yaml]\n',
});
const FILE = join(dir, 'shop.vantage.yaml');
const TODAY = ['--today', '2027-01-04'];

type Json = {
  program: Record<string, unknown>;
  programs?: Record<string, unknown>[];
  milestones: Record<string, unknown>[];
  items: { id: string; criticality: number }[];
  risks: { id: string; days: number }[];
  histogram: { date: string; count: number }[];
  sCurve: { date: string; probability: number }[];
  percentiles: number[];
  trials: number;
  seed: number;
};

describe('vantage forecast (Monte Carlo over estimates)', () => {
  it('prints the JSON shape other tools read', async () => {
    const r = await run(['forecast', FILE, ...TODAY, '--format', 'json', '--trials', '2000', '--seed', '5', '--percentiles', '70']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(Object.keys(j.program)).toEqual(
      expect.arrayContaining(['p50', 'p70', 'p85', 'p95', 'target', 'probabilityOnTarget', 'confidence', 'atConfidence', 'deterministic']),
    );
    const p = j.program as { p50: string; p70: string; p85: string; p95: string; target: string; probabilityOnTarget: number };
    expect(p.p50 <= p.p70 && p.p70 <= p.p85 && p.p85 <= p.p95).toBe(true);
    expect(p.target).toBe('2027-02-26');
    expect(p.probabilityOnTarget).toBeGreaterThan(0);
    expect(j.milestones.map((m) => [m.id, m.date])).toEqual([
      ['beta', '2027-02-05'],
      ['open', null],
    ]);
    expect(j.milestones[1].probabilityOnDate).toBeNull();
    expect(typeof j.milestones[0].probabilityOnDate).toBe('number');
    expect(j.items.map((i) => i.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(j.items[0].criticality).toBe(1);
    expect(j.risks.map((x) => x.id).sort()).toEqual(['R1', 'R2']);
    expect(j.percentiles).toEqual([50, 70, 85, 95]);
    expect(j.trials).toBe(2000);
    expect(j.seed).toBe(5);
    expect(j.histogram.reduce((s, h) => s + h.count, 0)).toBe(2000);
    expect(j.sCurve[j.sCurve.length - 1].probability).toBe(1);
    expect(r.err).toBe('');
  });

  it('gives byte-identical JSON for the same seed whatever the thread count', async () => {
    const args = ['forecast', FILE, ...TODAY, '--format', 'json', '--trials', '1500', '--seed', '9'];
    const one = await run([...args, '--threads', '1']);
    for (const threads of ['2', '3', '8']) expect((await run([...args, '--threads', threads])).out).toBe(one.out);
    expect((await run([...args.slice(0, -1), '10', '--threads', '2'])).out).not.toBe(one.out);
  });

  it('says it in words on a terminal, and in Markdown', async () => {
    const text = await run(['forecast', FILE, ...TODAY, '--trials', '1000']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Shop \(shop\): forecast, 1,000 trials, seed 1, dependencies only/);
    expect(text.out).toMatch(/\n85% likely by \d{1,2} [A-Z][a-z]{2} 2027 · \d+(\.\d)?% chance of the 26 Feb target\n/);
    expect(text.out).toContain('Risks: working days each adds at P85 (tornado)');
    const md = await run(['forecast', FILE, ...TODAY, '--trials', '1000', '--format', 'md']);
    expect(md.out).toMatch(/^# Forecast: Shop\n\n\*\*85% likely by /);
    expect(md.out).toContain('| Milestone | P50 | P85 | P95 | Committed | Chance |');
  });

  it('forecasts a portfolio together and reports each program', async () => {
    const r = await run(['forecast', join(dir, 'all.portfolio.yaml'), ...TODAY, '--format', 'json', '--trials', '800']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Json;
    expect(j.program.id).toBe('all');
    expect(j.programs!.map((p) => p.id)).toEqual(['shop', 'ops']);
    const [shop, ops] = j.programs as { p50: string }[];
    expect(ops.p50 > shop.p50).toBe(true);
    expect(j.items.map((i) => `${(i as { program?: string }).program}/${i.id}`)).toContain('ops/X');
  });

  it('exits 2 on usage mistakes', async () => {
    const usage = async (args: string[], message: string) => {
      const r = await run(['forecast', FILE, ...TODAY, ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
    };
    await usage(['--format', 'xml'], '--format must be text, md or json');
    await usage(['--threads', '0'], '--threads must be a whole number from 1');
    await usage(['--trials', '1.5'], '--trials must be a whole number');
    await usage(['--percentiles', '0'], '--percentiles takes levels between 0 and 100');
  });
});
