import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveProgram } from '../../model/resolve.js';
import { loadFile, parseProgram } from './load.js';
import { parseWithYaml, parseYamlText } from './parse.js';

const fixtures = relative(process.cwd(), fileURLToPath(new URL('../../../test/fixtures/', import.meta.url)));
const ok = (name: string) => join(fixtures, 'ok', name);

describe('loadFile', () => {
  it('loads a complete program with its history CSV', async () => {
    const r = await loadFile(ok('checkout.vantage.yaml'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['cross-program-ref']);
    expect(r.value?.kind).toBe('program');
    if (r.value?.kind !== 'program') return;
    const p = r.value.program;
    expect(p.program).toMatchObject({ id: 'checkout', name: 'Checkout revamp', confidence: 0.85, prioritize: 'wsjf', tpm: 'ana' });
    expect(p.program.calendar).toEqual({ workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-18', '2027-05-31'] });
    const [pay1, pay2, pay3] = p.items;
    expect(pay1.needs).toEqual({ bo: 0.8 });
    expect(pay1.estimate).toEqual({ low: 3, likely: 5, high: 10, dist: 'pert' });
    expect(pay1.remaining).toEqual({ low: 0.5, likely: 0.5, high: 0.5, dist: 'fixed' });
    expect(pay1.links).toEqual({ jira: 'PAY-1', github: '42' });
    expect(pay1.loc).toEqual({ file: ok('checkout.vantage.yaml'), line: 35, col: 5 });
    expect(pay2.needs).toEqual({ backend: 2 });
    expect(pay2.after).toEqual([
      { id: 'PAY-1', lag: 0 },
      { id: 'UI-2', program: 'web', lag: 2, loc: { file: ok('checkout.vantage.yaml'), line: 51, col: 25 } },
      { id: 'PAY-3', lag: 0 },
    ]);
    expect(pay3.estimate?.dist).toBe('triangular');
    expect(p.people[1]).toMatchObject({ capacity: 0.8, off: [{ from: '2027-02-15', to: '2027-02-19' }, { from: '2027-03-01', to: '2027-03-01' }] });
    expect(p.teams.map((t) => t.capacity)).toEqual([3, 1]);
    expect(p.milestones[1].after).toEqual([{ id: 'beta', lag: 0 }, { id: 'PAY-3', lag: 0 }]);
    expect(p.risks[0].impact).toEqual({ days: 15, items: ['PAY-1'] });
    expect(p.lessons[0].risks).toEqual(['R1']);
    expect(p.history.map((h) => [h.id, h.estimate?.likely])).toEqual([['OLD-1', 3], ['OLD-2', 10]]);
    expect(p.extensions).toEqual({ rules: { 'wide-estimate-on-critical-path': { ratio: 4 } }, 'x-owner': 'commerce-pmo' });
    expect(r.sources.has(join(fixtures, 'ok', 'done.csv'))).toBe(true);
  });

  it('loads a portfolio and resolves the cross-program dependencies', async () => {
    const r = await loadFile(ok('portfolio.vantage.yaml'));
    expect(r.diagnostics).toEqual([]); // inside a portfolio, cross-program references are not warnings
    expect(r.value?.kind).toBe('portfolio');
    if (r.value?.kind !== 'portfolio') return;
    const { portfolio } = r.value;
    expect(portfolio).toMatchObject({ id: 'commerce', name: 'Commerce', file: ok('portfolio.vantage.yaml') });
    expect(portfolio.programs.map((p) => [p.program.id, p.file])).toEqual([
      ['checkout', ok('checkout.vantage.yaml')],
      ['web', ok('web.vantage.yaml')],
    ]);
    const ui3 = portfolio.programs[1].items.find((i) => i.id === 'UI-3');
    expect(ui3?.after).toEqual([{ id: 'PAY-2', program: 'checkout', lag: 0, loc: { file: ok('web.vantage.yaml'), line: 6, col: 60 } }]);
  });

  it('reports an unreadable file as cannot-read, without a position', async () => {
    const r = await loadFile(join(fixtures, 'ok', 'nope.vantage.yaml'));
    expect(r.diagnostics).toEqual([
      { code: 'cannot-read', severity: 'error', message: `cannot read ${join(fixtures, 'ok', 'nope.vantage.yaml')}: no such file`, file: join(fixtures, 'ok', 'nope.vantage.yaml') },
    ]);
  });
});

describe('parseProgram', () => {
  it('is the same program from YAML and from JSON', () => {
    const text = readFileSync(ok('web.vantage.yaml'), 'utf8');
    const fromYaml = parseProgram(text, 'p');
    const data = parseYamlText(text, 'p').value;
    const fromJson = parseProgram(JSON.stringify(data, null, 2), 'p');
    expect(fromYaml.diagnostics.map((d) => d.code)).toEqual(['cross-program-ref', 'cross-program-ref']);
    const strip = (p: unknown) => JSON.parse(JSON.stringify(p, (k, v) => (k === 'loc' ? undefined : v)));
    expect(strip(fromJson.program)).toEqual(strip(fromYaml.program));
  });

  it('positions diagnostics the same way in YAML, JSON and block YAML', () => {
    const data = { vantage: 1, program: { id: 'p', start: '2027-01-04' }, items: [{ id: 'a', title: 'A', after: ['b'], estimte: 1 }] };
    const json = JSON.stringify(data, null, 2);
    const yaml = stringify(data);
    const at = (text: string) => parseProgram(text, 'p').diagnostics.map((d) => `${d.code} ${text.split('\n')[d.line! - 1].slice(d.col! - 1, d.col! + 6)}`);
    expect(at(json)).toEqual(['unknown-ref "b"', 'unknown-key "estimt']);
    expect(at(yaml)).toEqual(['unknown-ref b', 'unknown-key estimte']);
  });

  it('warns that a CSV history needs the file loader', () => {
    const r = parseProgram('vantage: 1\nprogram: {id: p, start: 2027-01-04}\nhistory: done.csv\n', 'p');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line, d.col])).toEqual([['history-needs-loader', 'warning', 3, 10]]);
    expect(r.program?.history).toEqual([]);
  });

  it('reports syntax errors and no program', () => {
    const r = parseProgram('vantage: 1\nprogram: [\n', 'p');
    expect(r.program).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', file: 'p', line: 3 });
  });
});

describe('the fast and the complete parser', () => {
  const errors = join(fixtures, 'errors');
  const files = readdirSync(errors).filter((f) => f.endsWith('.vantage.yaml'));

  it('give the same diagnostics on every error fixture', () => {
    let fast = 0;
    for (const f of files) {
      const text = readFileSync(join(errors, f), 'utf8');
      const a = parseYamlText(text, f);
      const b = parseWithYaml(text, f);
      if (a.value === undefined) continue; // syntax errors: both are the yaml library's
      fast++;
      expect(resolveProgram(a.value, { file: f, locate: a.locate }).diagnostics, f).toEqual(resolveProgram(b.value, { file: f, locate: b.locate }).diagnostics);
    }
    expect(fast).toBeGreaterThan(20);
  });
});

describe('positions of JSON outside the fast YAML subset', () => {
  it('finds deep places in a JSON file indented with tabs', () => {
    const data = { vantage: 1, program: { id: 'p', start: '2027-01-04' }, items: [{ id: 'a', title: 'A', estimate: '3x' }] };
    const text = JSON.stringify(data, null, '\t');
    const d = parseProgram(text, 'p').diagnostics;
    expect(d.map((x) => [x.code, x.line, x.col])).toEqual([['unknown-unit', 11, 16]]);
    expect(text.split('\n')[10].slice(15)).toBe('"3x"');
  });
});
