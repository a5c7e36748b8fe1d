import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const tmp = scratch('vantage-serve-cli-');

describe('vantage serve / backup / restore usage', () => {
  it('refuses bad flags with exit 2 and one line', async () => {
    const port = await runCli(['serve', '--port', 'x', '--data', tmp.dir]);
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/--port must be a whole number from 0 to 65535, not 'x'/);
    const level = await runCli(['serve', '--log-level', 'loud', '--data', tmp.dir]);
    expect(level.code).toBe(2);
    expect(level.err).toMatch(/--log-level must be one of/);
    expect((await runCli(['serve', '--data', tmp.dir, '--db', 'postgres://x'])).code).toBe(2);
  });

  it('writes a backup to stdout as JSON lines and says when a restore file is missing (exit 3)', async () => {
    const b = await runCli(['backup', '--data', `${tmp.dir}/empty`]);
    expect(b.code, b.err).toBe(0);
    const lines = b.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1); // an empty store: the header only
    expect(lines[0]).toMatchObject({ vantage: 'backup', format: 1 });
    const r = await runCli(['restore', `${tmp.dir}/nope.jsonl`, '--data', `${tmp.dir}/other`]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/cannot read .*nope\.jsonl/);
  }, 60_000);
});
