import { describe, expect, it } from 'vitest';
import { checkProgramText, isPortfolioText, portfolioPaths, referencedFiles } from './programs.js';

const PROGRAM = `vantage: 1
program: {id: p, name: P, start: 2027-01-04}
items:
  - {id: A-1, title: A, estimate: 2}
history: done.csv
time: {calendars: [me.ics, team.ics]}
`;
const CSV = 'id,created,started,finished\nH-1,2026-01-01,2026-01-02,2026-01-05\nH-2,2026-01-01,2026-01-03,2026-01-04\n';

describe('checkProgramText (pure validation, files from the caller)', () => {
  it('reads a CSV history from the given files', () => {
    const r = checkProgramText(PROGRAM, 'p.vantage.yaml', [{ path: 'done.csv', content: CSV }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.history.map((h) => h.id)).toEqual(['H-1', 'H-2']);
  });

  it('reports a history file that was not given, at the history line, and gives no program', () => {
    const r = checkProgramText(PROGRAM, 'p.vantage.yaml');
    expect(r.program).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ code: 'history-file-missing', file: 'p.vantage.yaml', line: 5 }]);
  });

  it('reports errors of the CSV under its own name', () => {
    const r = checkProgramText(PROGRAM, 'p.vantage.yaml', [{ path: 'done.csv', content: 'id,created,started,finished\nH-1,2026-01-01,someday,2026-01-05\n' }]);
    expect(r.program).toBeUndefined();
    expect(r.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'done.csv', line: 2 });
  });
});

describe('file helpers', () => {
  it('lists the files a program names, and the programs a portfolio lists', () => {
    expect(referencedFiles(PROGRAM)).toEqual(['done.csv', 'me.ics', 'team.ics']);
    expect(referencedFiles('not: [valid')).toEqual([]);
    const portfolio = 'vantage: 1\nportfolio: {id: c, name: C}\nprograms: [a.vantage.yaml, sub/b.vantage.yaml]\n';
    expect(isPortfolioText(portfolio)).toBe(true);
    expect(isPortfolioText(PROGRAM)).toBe(false);
    expect(portfolioPaths(portfolio)).toEqual(['a.vantage.yaml', 'sub/b.vantage.yaml']);
  });
});
