import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const fixtures = relative(process.cwd(), fileURLToPath(new URL('../../../test/fixtures/', import.meta.url)));

async function run(...args: string[]) {
  const { code, out, err } = await runCli(args);
  return { code, stdout: out, stderr: err };
}

describe('vantage check', () => {
  it('exits 0 with a one-line summary for a valid program, warnings on stderr', async () => {
    const r = await run('check', join(fixtures, 'ok', 'checkout.vantage.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: checkout — 3 items, 2 milestones, 3 people\n');
    expect(r.stderr).toContain('warning: item PAY-2 depends on web/UI-2 in program web');
    expect(r.stderr).toContain('1 warning');
  });

  it('checks a portfolio', async () => {
    const r = await run('check', join(fixtures, 'ok', 'portfolio.vantage.yaml'));
    expect(r).toMatchObject({ code: 0, stdout: 'ok: commerce — 2 programs, 6 items, 3 milestones, 3 people\n', stderr: '' });
  });

  it('exits 1 with every error, its line and a caret', async () => {
    const file = join(fixtures, 'errors', 'unknown-ref.vantage.yaml');
    const r = await run('check', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:35:13: error: item PAY-9 depends on UI-99, which does not exist; did you mean UI-9? [unknown-ref]\n  35 |     after: [UI-99]\n     |             ^\n`);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('13 errors');
  });

  it('exits 3 with one line when the file cannot be read', async () => {
    const r = await run('check', join(fixtures, 'ok', 'missing.vantage.yaml'));
    expect(r).toMatchObject({ code: 3, stdout: '', stderr: `vantage: cannot read ${join(fixtures, 'ok', 'missing.vantage.yaml')}: no such file\n` });
  });

  it('exits 2 without a file', async () => {
    const r = await run('check');
    expect(r.code).toBe(2);
  });
});
