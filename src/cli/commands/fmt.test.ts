import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

async function run(...args: string[]) {
  const { code, out, err } = await runCli(args);
  return { code, stdout: out, stderr: err };
}

const messy = "program: {start: 2027-01-04, id: 'p'}   # the program\nvantage: 1\n";
const tidy = 'vantage: 1\nprogram: {id: p, start: 2027-01-04} # the program\n';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vantage-fmt-')), 'p.vantage.yaml');
  writeFileSync(path, text);
  return path;
}

describe('vantage fmt', () => {
  it('prints the formatted file and leaves it alone', async () => {
    const path = file(messy);
    expect(await run('fmt', path)).toMatchObject({ code: 0, stdout: tidy, stderr: '' });
    expect(readFileSync(path, 'utf8')).toBe(messy);
  });

  it('--write rewrites the file', async () => {
    const path = file(messy);
    expect(await run('fmt', '--write', path)).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(path, 'utf8')).toBe(tidy);
  });

  it('--check lists unformatted files and exits 1, exits 0 when all are formatted', async () => {
    const bad = file(messy);
    const good = file(tidy);
    const r = await run('fmt', '--check', good, bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${bad}\n`);
    expect(r.stderr).toContain('1 file is not formatted');
    expect(readFileSync(bad, 'utf8')).toBe(messy);
    expect(await run('fmt', '--check', good)).toMatchObject({ code: 0, stdout: '' });
  });

  it('exits 1 on a YAML syntax error, 2 on --write with --check, 3 on a missing file', async () => {
    const broken = file('vantage: 1\nprogram:\n  id: x\n   start: 2027-01-04\n');
    const r = await run('fmt', broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${broken}:3:7: error: YAML syntax error`);
    expect((await run('fmt', '--write', '--check', broken)).code).toBe(2);
    expect((await run('fmt', join(tmpdir(), 'no-such-dir-vantage', 'x.yaml'))).code).toBe(3);
  });
});
