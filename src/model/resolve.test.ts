import { describe, expect, it } from 'vitest';
import type { Program } from './program.js';
import { resolveProgram, resolveProgramPartial, type Locate } from './resolve.js';

const nowhere: Locate = () => undefined;

/** A minimal valid program document, with sections replaced by `over`. */
function doc(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { vantage: 1, program: { id: 'p', start: '2027-01-04' }, ...over };
}

function resolve(over: Record<string, unknown> = {}): Program {
  const r = resolveProgram(doc(over), { file: 'p.yaml', locate: nowhere });
  expect(r.diagnostics).toEqual([]);
  return r.program!;
}

function codes(over: Record<string, unknown>): string[] {
  return resolveProgram(doc(over), { file: 'p.yaml', locate: nowhere }).diagnostics.map((d) => d.code);
}

describe('resolveProgram defaults', () => {
  it('fills program defaults', () => {
    const p = resolve();
    expect(p.version).toBe(1);
    expect(p.file).toBe('p.yaml');
    expect(p.program).toEqual({
      id: 'p',
      name: 'p',
      start: '2027-01-04',
      target: undefined,
      confidence: 0.85,
      tpm: undefined,
      calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] },
      prioritize: 'wsjf',
    });
    expect(p.items).toEqual([]);
    expect(p.history).toEqual([]);
    expect(p.time).toBeUndefined();
    expect(p.extensions).toEqual({});
  });

  it('fills item, person, team, objective and risk defaults', () => {
    const p = resolve({
      people: [{ id: 'bo', capacity: 0.8 }, { id: 'cy' }],
      teams: [{ id: 'backend' }],
      objectives: [{ id: 'o' }],
      items: [
        { id: 'a', title: 'A', owner: 'bo', estimate: { low: 1, likely: 2, high: '1w' } },
        { id: 'b', title: 'B', owner: 'cy', needs: { backend: 1 }, estimate: '4h' },
        { id: 'c', title: 'C' },
      ],
      risks: [{ id: 'r' }],
    });
    const [a, b, c] = p.items;
    expect(a.status).toBe('todo');
    expect(a.must).toBe(false);
    expect(a.needs).toEqual({ bo: 0.8 }); // min(1, owner capacity)
    expect(a.needsExplicit).toBe(false);
    expect(a.estimate).toEqual({ low: 1, likely: 2, high: 5, dist: 'pert' });
    expect(b.needs).toEqual({ backend: 1 });
    expect(b.needsExplicit).toBe(true);
    expect(b.estimate).toEqual({ low: 0.5, likely: 0.5, high: 0.5, dist: 'fixed' });
    expect(c.needs).toEqual({});
    expect(c.estimate).toBeUndefined();
    expect(c.after).toEqual([]);
    expect(p.people.map((x) => [x.id, x.name, x.capacity])).toEqual([
      ['bo', 'bo', 0.8],
      ['cy', 'cy', 1],
    ]);
    expect(p.teams[0]).toMatchObject({ id: 'backend', name: 'backend', capacity: 1 });
    expect(p.objectives[0]).toMatchObject({ id: 'o', title: 'o', weight: 1 });
    expect(p.risks[0]).toMatchObject({ id: 'r', kind: 'risk', status: 'open' });
  });

  it('converts dependency lags and keeps cross-program references', () => {
    const p = resolveProgram(
      doc({ items: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B', after: ['a', { id: 'web/x', lag: '1w' }, 'p/a'] }] }),
      { file: 'p.yaml', locate: () => ({ line: 3, col: 4 }) },
    );
    expect(p.diagnostics.map((d) => [d.code, d.severity])).toEqual([['cross-program-ref', 'warning']]);
    expect(p.program!.items[1].after).toEqual([
      { id: 'a', lag: 0 },
      { id: 'x', program: 'web', lag: 5, loc: { file: 'p.yaml', line: 3, col: 4 } },
      { id: 'a', lag: 0 }, // its own program's id: a local reference
    ]);
  });

  it('does not warn about cross-program references inside a portfolio', () => {
    const r = resolveProgram(doc({ items: [{ id: 'a', title: 'A', after: ['web/x'] }] }), { file: 'p.yaml', locate: nowhere, inPortfolio: true });
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps rules and x- keys as extensions', () => {
    const p = resolve({ rules: { 'wide-estimate-on-critical-path': { ratio: 4 } }, 'x-team': 'pmo' });
    expect(p.extensions).toEqual({ rules: { 'wide-estimate-on-critical-path': { ratio: 4 } }, 'x-team': 'pmo' });
  });

  it('takes history from a list, or from the file loader when it names a CSV', () => {
    const p = resolve({ history: [{ id: 7, started: '2027-01-04', finished: '2027-01-06', estimate: '2d' }] });
    expect(p.history).toEqual([
      { id: '7', created: undefined, started: '2027-01-04', finished: '2027-01-06', estimate: { low: 2, likely: 2, high: 2, dist: 'fixed' }, type: undefined, workstream: undefined },
    ]);
    const fromFile = [{ id: 'X' }];
    const r = resolveProgram(doc({ history: 'done.csv' }), { file: 'p.yaml', locate: nowhere, historyFromFile: fromFile });
    expect(r.program!.history).toBe(fromFile);
    expect(codes({ history: 'done.csv' })).toEqual(['history-needs-loader']);
  });
});

describe('resolveProgram checks', () => {
  it('reports every problem of a file at once', () => {
    const found = codes({
      items: [
        { id: 'a', title: 'A', after: ['zz'], estimte: 1 },
        { id: 'a', title: 'B', status: 'finish' },
      ],
    });
    expect(found.sort()).toEqual(['bad-enum', 'duplicate-id', 'unknown-key', 'unknown-ref']);
  });

  it('finds a long cycle without overflowing the stack', () => {
    const n = 50_000;
    const items = Array.from({ length: n }, (_, i) => ({ id: `t${i}`, title: 't', after: [`t${(i + 1) % n}`] }));
    const r = resolveProgram(doc({ items }), { file: 'p.yaml', locate: nowhere });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dependency-cycle']);
    expect(r.diagnostics[0].message.startsWith('dependency cycle t0 -> t1 -> t2 ->')).toBe(true);
    expect(r.diagnostics[0].message).toContain(`t${n - 1} -> t0;`);
  });

  it("takes a person's team as a team or a workstream, and nothing else", () => {
    const base = { teams: [{ id: 'backend' }], workstreams: [{ id: 'payments' }] };
    expect(codes({ ...base, people: [{ id: 'a', team: 'backend' }, { id: 'b', team: 'payments' }] })).toEqual([]);
    expect(codes({ ...base, people: [{ id: 'c', team: 'paymnts' }] })).toEqual(['unknown-ref']);
  });

  it('allows x- keys anywhere', () => {
    expect(codes({ 'x-a': 1, items: [{ id: 'a', title: 'A', 'x-b': { any: ['thing'] }, estimate: { low: 1, likely: 1, high: 1, 'x-c': 0 } }] })).toEqual([]);
  });

  it('returns the partial program for portfolio checks even with errors', () => {
    const r = resolveProgramPartial(doc({ items: [{ id: 'a' }] }), { file: 'p.yaml', locate: nowhere });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-field']);
    expect(r.program?.items.map((i) => i.id)).toEqual(['a']);
    expect(resolveProgram(doc({ items: [{ id: 'a' }] }), { file: 'p.yaml', locate: nowhere }).program).toBeUndefined();
  });

  it('rejects something that is not a mapping', () => {
    expect(resolveProgram([1, 2], { file: 'p.yaml', locate: nowhere }).diagnostics.map((d) => d.code)).toEqual(['wrong-type']);
    expect(resolveProgram(null, { file: 'p.yaml', locate: nowhere }).diagnostics.map((d) => d.code)).toEqual(['empty-file']);
  });
});
