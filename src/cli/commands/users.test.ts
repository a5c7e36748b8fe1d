import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';

const { dir, file } = scratch('vantage-users-');
const data = ['--data', `${dir}/data`];
const tiny = file(
  'tiny.vantage.yaml',
  ['vantage: 1', 'program: {id: tiny, name: Tiny, start: 2027-01-04}', 'people:', '  - {id: ana, name: Ana}', 'workstreams:', '  - {id: web, title: Web, lead: ana}', 'items:', '  - {id: T-1, title: One, estimate: 1, workstream: web}', ''].join('\n'),
);

describe('vantage user / vantage token', () => {
  it('adds users, grants roles, makes, lists and revokes tokens; secrets shown once and never listed', async () => {
    const imported = await runCli(['import', tiny, ...data]);
    expect(imported.code, imported.err).toBe(0);

    const added = await runCli(['user', 'add', 'ana', '--email', 'ana@example.com', '--admin', ...data, '--as-user', 'root']);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(/^Added user ana \(usr_[0-9a-f]{16}\), an administrator\./);
    const bo = await runCli(['user', 'add', 'bo', '--email', 'bo@example.com', '--format', 'json', ...data]);
    expect(JSON.parse(bo.out)).toMatchObject({ name: 'bo', email: 'bo@example.com', admin: false });

    const dup = await runCli(['user', 'add', 'bo', '--email', 'other@example.com', ...data]);
    expect(dup.code).toBe(2);
    expect(dup.err).toContain("a user named 'bo' exists");

    const listed = await runCli(['user', 'list', '--format', 'json', ...data]);
    expect((JSON.parse(listed.out) as { users: { name: string; admin: boolean }[] }).users.map((u) => [u.name, u.admin])).toEqual([['ana', true], ['bo', false]]);

    const grant = await runCli(['user', 'grant', 'bo', 'tiny', 'lead', '--workstream', 'web', ...data]);
    expect(grant).toMatchObject({ code: 0, out: 'bo is now a lead of tiny (workstreams: web)\n' });
    const badWs = await runCli(['user', 'grant', 'bo', 'tiny', 'lead', '--workstream', 'mobile', ...data]);
    expect(badWs.code).toBe(2);
    expect(badWs.err).toContain("program 'tiny' has no workstream 'mobile' (it has web)");
    const badRole = await runCli(['user', 'grant', 'bo', 'tiny', 'boss', ...data]);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('role must be one of owner, editor, lead, viewer');
    const noProgram = await runCli(['user', 'grant', 'bo', 'nope', 'viewer', ...data]);
    expect(noProgram.code).toBe(2);
    expect(noProgram.err).toContain("no program 'nope' in the store; see vantage programs");
    const members = await runCli(['user', 'members', 'tiny', ...data]);
    expect(members.out).toBe('user  role  workstreams\nbo    lead  web\n');

    const made = await runCli(['token', 'create', 'bo', '--name', 'laptop', '--expires', '30', ...data]);
    expect(made.code).toBe(0);
    const secret = made.out.trim();
    expect(secret).toMatch(/^vt_[A-Za-z0-9_-]{43}$/);
    expect(made.err).toMatch(/^Token tok_[0-9a-f]{16} for bo, expires .* Copy the secret now: it will not be shown again\.\n$/);
    const tokenId = /Token (tok_[0-9a-f]{16})/.exec(made.err)![1]!;

    const tokens = await runCli(['token', 'list', 'bo', ...data]);
    expect(tokens.out).toContain(tokenId);
    expect(tokens.out).toMatch(/laptop\s+active/);
    expect(tokens.out).not.toContain(secret.slice(3, 20));
    const tokensJson = await runCli(['token', 'list', '--format', 'json', ...data]);
    expect(tokensJson.out).not.toContain(secret.slice(3, 20));
    expect((JSON.parse(tokensJson.out) as { tokens: { id: string; status: string }[] }).tokens).toEqual([expect.objectContaining({ id: tokenId, status: 'active' })]);

    const revoked = await runCli(['token', 'revoke', tokenId, ...data]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toMatch(new RegExp(`^Token ${tokenId} of bo is revoked`));
    expect((await runCli(['token', 'list', 'bo', ...data])).out).toMatch(/laptop\s+revoked/);

    const gone = await runCli(['user', 'revoke', 'bo', 'tiny', ...data]);
    expect(gone.out).toBe('bo has no role in tiny any more\n');
    expect((await runCli(['user', 'members', 'tiny', ...data])).out).toContain('has no members');

    // nothing but the hash reached the disk
    const grep = spawnSync('grep', ['-r', '-l', '-F', secret.slice(3), `${dir}/data`], { encoding: 'utf8' });
    expect(grep.status, grep.stdout).toBe(1); // 1: no match anywhere in the data folder
  }, 240_000);

  it('refuses bad usage with one line and exit 2', async () => {
    const expires = await runCli(['token', 'create', 'bo', '--expires', 'soon', ...data]);
    expect(expires).toMatchObject({ code: 2 });
    expect(expires.err).toContain("--expires takes a positive number of days, not 'soon'");
    const unknown = await runCli(['token', 'revoke', 'tok_nope', ...data]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("no token 'tok_nope' in the store; see vantage token list");
    const badFormat = await runCli(['user', 'list', '--format', 'xml', ...data]);
    expect(badFormat.code).toBe(2);
  }, 60_000);
});
