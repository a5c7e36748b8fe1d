import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../../../test/cli.js';
import { storeLocation } from './store.js';

const example = (path: string) => join('examples', path);
const text = (path: string) => readFileSync(path, 'utf8');

describe('vantage import / export / programs (embedded store in a scratch folder)', () => {
  const tmp = scratch('vantage-store-cli-');
  const data = join(tmp.dir, 'data');
  const T = 120_000;

  it('imports a program, prints its id, and exports it byte for byte (stdout and -o, with its files)', async () => {
    const imported = await runCli(['import', example('checkout.vantage.yaml'), '--data', data, '--as-user', 'ana']);
    expect(imported).toMatchObject({ code: 0, out: 'checkout-revamp\n' });
    const out = await runCli(['export', 'checkout-revamp', '--data', data]);
    expect(out.code).toBe(0);
    expect(out.out).toBe(text(example('checkout.vantage.yaml')));
    const json = JSON.parse((await runCli(['export', 'checkout-revamp', '--data', data, '--format', 'json'])).out);
    expect(json).toEqual({ kind: 'program', id: 'checkout-revamp', source: text(example('checkout.vantage.yaml')), files: [{ path: 'ana.ics', content: text(example('ana.ics')) }] });
    const file = join(tmp.dir, 'out', 'checkout.vantage.yaml');
    expect((await runCli(['export', 'checkout-revamp', '-o', file, '--data', data])).code).toBe(0);
    expect(text(file)).toBe(text(example('checkout.vantage.yaml')));
    expect(text(join(tmp.dir, 'out', 'ana.ics'))).toBe(text(example('ana.ics')));
  }, T);

  it('imports a portfolio with its programs and the flow example with its CSV history; exports them back exactly', async () => {
    const pf = await runCli(['import', example('commerce.portfolio.yaml'), '--data', data, '--format', 'json']);
    expect(pf.code).toBe(0);
    expect(JSON.parse(pf.out)).toMatchObject({ kind: 'portfolio', id: 'commerce', programs: [{ id: 'checkout-revamp', version: 2 }, { id: 'loyalty', version: 1 }] });
    // A warning (here: loyalty alone refers to another program's items) is shown and does not stop the import.
    const alone = await runCli(['import', example('loyalty.vantage.yaml'), '--data', data, '--id', 'loyalty-alone']);
    expect(alone).toMatchObject({ code: 0, out: 'loyalty-alone\n' });
    expect(alone.err).toContain('warning');
    const flow = await runCli(['import', example('flow/team-flow.vantage.yaml'), '--data', data, '--id', 'flow']);
    expect(flow).toMatchObject({ code: 0, out: 'flow\n' });
    const dir = join(tmp.dir, 'back');
    expect((await runCli(['export', 'commerce', '-o', join(dir, 'commerce.portfolio.yaml'), '--data', data])).code).toBe(0);
    for (const f of ['commerce.portfolio.yaml', 'checkout.vantage.yaml', 'loyalty.vantage.yaml', 'ana.ics']) expect(text(join(dir, f)), f).toBe(text(example(f)));
    expect((await runCli(['export', 'flow', '-o', join(dir, 'flow', 'team-flow.vantage.yaml'), '--data', data])).code).toBe(0);
    expect(text(join(dir, 'flow', 'team-history.csv'))).toBe(text(example('flow/team-history.csv')));
    expect(text(join(dir, 'flow', 'team-flow.vantage.yaml'))).toBe(text(example('flow/team-flow.vantage.yaml')));
    // The exported portfolio loads as the original does.
    expect((await runCli(['check', join(dir, 'commerce.portfolio.yaml')])).code).toBe(0);
  }, T);

  it('an invalid file prints its diagnostics with file:line:col, exits 1 and stores nothing', async () => {
    const bad = tmp.file('bad.vantage.yaml', 'vantage: 1\nprogram: {id: bad, name: Bad, start: 2027-01-04}\nitems:\n  - {id: A-1, title: A, after: [A-9]}\n');
    const r = await runCli(['import', bad, '--data', data]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad}:4:`);
    expect(r.err).toContain('A-9');
    const list = await runCli(['programs', '--data', data, '--format', 'json']);
    expect(JSON.parse(list.out).programs.map((p: { id: string }) => p.id)).toEqual(['checkout-revamp', 'flow', 'loyalty', 'loyalty-alone']);
    const table = await runCli(['programs', '--data', data]);
    expect(table.out).toMatch(/^id +name +version +items +updated\ncheckout-revamp +Checkout revamp +2 +\d+/);
    expect(table.out).toContain('Portfolios:\n  commerce  Commerce  (checkout-revamp, loyalty)');
  }, T);

  it('bad usage and unknown ids exit 2; an unreachable server exits 3 without showing the password', async () => {
    expect((await runCli(['import', 'plan.csv', '--data', data])).code).toBe(2);
    expect((await runCli(['import', 'a.yaml', 'b.yaml', '--data', data])).code).toBe(2);
    expect((await runCli(['import', example('loyalty.vantage.yaml'), '--data', data, '--db', 'postgres://x@127.0.0.1:1/x'])).code).toBe(2);
    const missing = await runCli(['export', 'nope', '--data', data]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("no program or portfolio 'nope'");
    const down = await runCli(['programs', '--db', 'postgres://vantage:secret@127.0.0.1:1/vantage']);
    expect(down.code).toBe(3);
    expect(down.err).toMatch(/^vantage: cannot reach PostgreSQL at postgres:\/\/vantage:\*\*\*@127\.0\.0\.1:1\/vantage/);
  }, T);
});

describe('storeLocation', () => {
  it('prefers the flags, then VANTAGE_DB_URL, then VANTAGE_DATA, then ~/.vantage/data, and never DATABASE_URL', () => {
    expect(storeLocation({ data: '/d' }, { VANTAGE_DB_URL: 'postgres://a' })).toEqual({ dataDir: '/d' });
    expect(storeLocation({ db: 'postgres://b' }, { VANTAGE_DATA: '/e' })).toEqual({ url: 'postgres://b' });
    expect(storeLocation({}, { VANTAGE_DB_URL: 'postgres://a', VANTAGE_DATA: '/e' })).toEqual({ url: 'postgres://a' });
    expect(storeLocation({}, { VANTAGE_DATA: '/e', DATABASE_URL: 'postgres://ci' })).toEqual({ dataDir: '/e' });
    expect(storeLocation({}, { DATABASE_URL: 'postgres://ci' })).toMatchObject({ dataDir: expect.stringMatching(/\.vantage[\\/]data$/) });
    expect(() => storeLocation({ data: '/d', db: 'postgres://b' })).toThrow(/not both/);
  });
});
