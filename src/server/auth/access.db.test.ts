/**
 * Access control on both drivers: users, tokens (only hashes stored; revoked/expired refused; constant-time
 * comparison), memberships, and `authorize` as a table: every access x every role x own/other program, and a lead's
 * own/other workstream for items and risks. PGlite always; PostgreSQL through describePg.
 */
import * as crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describePg } from '../../../test/pg.js';
import { CHECKOUT, tinyProgram } from '../../../test/store-contract.js';
import { importProgram } from '../../service/programs.js';
import { ConflictError, NotFoundError } from '../../store/errors.js';
import { openStore, type Store } from '../../store/open.js';
import { deleteProgram, listAudit } from '../../store/repository.js';
import { HttpError } from '../errors.js';
import { authenticate, authorize, authorizeEntryWrite, ensureDemoPrincipal, visiblePrograms, writeTarget, type Access, type Principal } from './index.js';
import {
  AccessInputError,
  createToken,
  createUser,
  findPrincipalByToken,
  grant,
  hashSecret,
  listMembers,
  listTokens,
  listUsers,
  revoke,
  revokeToken,
} from './repo.js';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof crypto>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const T0 = new Date('2026-11-25T09:00:00Z');
const ROOT = { actor: 'root', now: T0 };

type World = { store: Store; principals: Record<'admin' | 'owner' | 'editor' | 'viewer' | 'lead' | 'outsider', Principal>; secrets: Record<string, string> };

async function rows(store: Store, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const r = (await store.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }; // both drivers return { rows }
  return r.rows;
}

function accessContract(name: string, open: () => Promise<Store | undefined>): void {
  describe(name, () => {
    let world: World | undefined;
    const w = (): World => {
      if (!world) throw new Error('no store');
      return world;
    };
    beforeAll(async () => {
      const store = await open();
      if (!store) return;
      expect((await importProgram(store, { text: CHECKOUT, file: 'checkout.vantage.yaml', id: 'checkout' }, ROOT)).ok).toBe(true);
      expect((await importProgram(store, { text: tinyProgram('other'), file: 'other.vantage.yaml' }, ROOT)).ok).toBe(true);
      const secrets: Record<string, string> = {};
      const principals = {} as World['principals'];
      for (const n of ['admin', 'owner', 'editor', 'viewer', 'lead', 'outsider'] as const) {
        const u = await createUser(store, { name: n, email: `${n}@example.com`, admin: n === 'admin' }, ROOT);
        const { secret } = await createToken(store, n, { name: 'test' }, ROOT);
        secrets[n] = secret;
        principals[n] = { userId: u.id, name: n, admin: n === 'admin' };
      }
      await grant(store, 'checkout', 'owner', 'owner', [], ROOT);
      await grant(store, 'checkout', 'editor', 'editor', [], ROOT);
      await grant(store, 'checkout', 'viewer', 'viewer', [], ROOT);
      await grant(store, 'checkout', 'lead', 'lead', ['payments'], ROOT);
      await grant(store, 'other', 'outsider', 'owner', [], ROOT); // the outsider owns the other program
      world = { store, principals, secrets };
    }, 60_000);
    afterAll(async () => {
      await world?.store.close();
    });
    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (t) => {
        if (!world) return t.skip();
        await body();
      });

    test('users: listed by name; a taken name or e-mail (any case) is a conflict; malformed input refused', async () => {
      const { store } = w();
      expect((await listUsers(store)).map((u) => u.name)).toEqual(['admin', 'editor', 'lead', 'outsider', 'owner', 'viewer']);
      await expect(createUser(store, { name: 'owner', email: 'x@example.com' }, ROOT)).rejects.toBeInstanceOf(ConflictError);
      await expect(createUser(store, { name: 'owner2', email: 'OWNER@example.com' }, ROOT)).rejects.toBeInstanceOf(ConflictError);
      await expect(createUser(store, { name: 'bad name', email: 'b@example.com' }, ROOT)).rejects.toBeInstanceOf(AccessInputError);
      await expect(createUser(store, { name: 'nomail', email: 'not-an-email' }, ROOT)).rejects.toBeInstanceOf(AccessInputError);
    });

    test('tokens: only the SHA-256 of the secret is stored, and neither reaches the audit log or the listing', async () => {
      const { store, secrets } = w();
      const secret = secrets.viewer!;
      expect(secret).toMatch(/^vt_[A-Za-z0-9_-]{43}$/);
      const all = await rows(store, sql`SELECT * FROM tokens`);
      expect(all.length).toBeGreaterThanOrEqual(6);
      const dump = JSON.stringify(all);
      for (const s of Object.values(secrets)) {
        expect(dump).not.toContain(s);
        expect(dump).not.toContain(s.slice(3));
      }
      expect(all.map((r) => r.hash)).toContain(crypto.createHash('sha256').update(secret).digest('hex'));
      const audit = JSON.stringify(await listAudit(store, { limit: 10_000 }));
      expect(audit).toContain('"entity":"token"');
      expect(audit).not.toContain(secret.slice(3));
      expect(audit).not.toContain(hashSecret(secret));
      const listed = JSON.stringify(await listTokens(store, 'viewer'));
      expect(listed).not.toContain(hashSecret(secret));
      expect(listed).not.toContain(secret.slice(3));
    });

    test('tokens: valid → the principal; unknown, malformed, revoked, expired → nothing', async () => {
      const { store, principals } = w();
      const u = await createUser(store, { name: 'tok-user', email: 'tok@example.com' }, ROOT);
      const { id, secret } = await createToken(store, 'tok-user', { expiresInDays: 1 }, ROOT);
      expect(await findPrincipalByToken(store, secret, T0)).toEqual({ userId: u.id, name: 'tok-user', admin: false });
      expect(await findPrincipalByToken(store, secret, new Date(T0.getTime() + 86_400_000))).toBeUndefined(); // expired
      expect(await findPrincipalByToken(store, `vt_${'A'.repeat(43)}`, T0)).toBeUndefined();
      expect(await findPrincipalByToken(store, 'not a token', T0)).toBeUndefined();
      expect(await findPrincipalByToken(store, secret.slice(0, -1), T0)).toBeUndefined();
      const revoked = await revokeToken(store, id, ROOT);
      expect(revoked.revokedAt).toBe(T0.toISOString());
      expect(await findPrincipalByToken(store, secret, T0)).toBeUndefined();
      expect((await revokeToken(store, id, { actor: 'root', now: new Date('2027-01-01T00:00:00Z') })).revokedAt).toBe(T0.toISOString()); // idempotent
      await expect(revokeToken(store, 'tok_nope', ROOT)).rejects.toBeInstanceOf(NotFoundError);
      expect(principals.admin.admin).toBe(true);
    });

    test('tokens: the hash comparison is constant-time (timingSafeEqual), also for an unknown token', async () => {
      const { store, secrets } = w();
      const spy = vi.mocked(crypto.timingSafeEqual);
      spy.mockClear();
      await findPrincipalByToken(store, secrets.editor!, T0);
      expect(spy).toHaveBeenCalledTimes(1);
      await findPrincipalByToken(store, `vt_${'B'.repeat(43)}`, T0);
      expect(spy).toHaveBeenCalledTimes(2);
    });

    test('tokens: last_used_at is written at most once a minute', async () => {
      const { store } = w();
      await createUser(store, { name: 'clock', email: 'clock@example.com' }, ROOT);
      const { id, secret } = await createToken(store, 'clock', {}, ROOT);
      const lastUsed = async () => (await listTokens(store, 'clock')).find((t) => t.id === id)!.lastUsedAt;
      expect(await lastUsed()).toBeNull();
      await findPrincipalByToken(store, secret, T0);
      expect(await lastUsed()).toBe(T0.toISOString());
      await findPrincipalByToken(store, secret, new Date(T0.getTime() + 59_000));
      expect(await lastUsed()).toBe(T0.toISOString());
      const later = new Date(T0.getTime() + 60_000);
      await findPrincipalByToken(store, secret, later);
      expect(await lastUsed()).toBe(later.toISOString());
    });

    test('memberships: grant replaces and versions, lead needs workstreams, revoke removes, all audited', async () => {
      const { store } = w();
      await createUser(store, { name: 'member', email: 'member@example.com' }, ROOT);
      expect((await grant(store, 'checkout', 'member', 'viewer', [], ROOT)).version).toBe(1);
      const m = await grant(store, 'checkout', 'member', 'lead', ['web', 'web', 'mobile'], ROOT);
      expect(m).toMatchObject({ role: 'lead', workstreams: ['web', 'mobile'], version: 2 });
      await expect(grant(store, 'checkout', 'member', 'lead', [], ROOT)).rejects.toBeInstanceOf(AccessInputError);
      await expect(grant(store, 'checkout', 'member', 'lead', ['web', 'frontend'], ROOT)).rejects.toThrow("program 'checkout' has no workstream 'frontend'");
      await expect(grant(store, 'checkout', 'member', 'editor', ['web'], ROOT)).rejects.toBeInstanceOf(AccessInputError);
      await expect(grant(store, 'checkout', 'member', 'king', [], ROOT)).rejects.toBeInstanceOf(AccessInputError);
      await expect(grant(store, 'nope', 'member', 'viewer', [], ROOT)).rejects.toBeInstanceOf(NotFoundError);
      await expect(grant(store, 'checkout', 'nobody', 'viewer', [], ROOT)).rejects.toBeInstanceOf(NotFoundError);
      expect((await listMembers(store, 'checkout')).map((x) => `${x.userName}:${x.role}`)).toEqual(['editor:editor', 'lead:lead', 'member:lead', 'owner:owner', 'viewer:viewer']);
      expect(await revoke(store, 'checkout', 'member', ROOT)).toBe(true);
      expect(await revoke(store, 'checkout', 'member', ROOT)).toBe(false);
      const audit = (await listAudit(store, { programId: 'checkout', limit: 10_000 })).filter((a) => a.entity === 'membership');
      expect(audit.filter((a) => a.entityId === m.userId).map((a) => a.action)).toEqual(['grant', 'update', 'revoke']);
    });

    // --- the authorize matrix ---------------------------------------------------------------------------------------
    type Who = keyof World['principals'];
    type Outcome = 'ok' | 403 | 404;
    // Own program = checkout (where the roles are granted); other = 'other' (owned by the outsider).
    const expected: Record<Who, Record<'own' | 'other', Record<Access, Outcome>>> = {
      admin: { own: { read: 'ok', write: 'ok', manage: 'ok' }, other: { read: 'ok', write: 'ok', manage: 'ok' } },
      owner: { own: { read: 'ok', write: 'ok', manage: 'ok' }, other: { read: 404, write: 404, manage: 404 } },
      editor: { own: { read: 'ok', write: 'ok', manage: 403 }, other: { read: 404, write: 404, manage: 404 } },
      viewer: { own: { read: 'ok', write: 403, manage: 403 }, other: { read: 404, write: 404, manage: 404 } },
      lead: { own: { read: 'ok', write: 403, manage: 403 }, other: { read: 404, write: 404, manage: 404 } },
      outsider: { own: { read: 404, write: 404, manage: 404 }, other: { read: 'ok', write: 'ok', manage: 'ok' } },
    };
    const outcome = async (p: Principal, program: string, access: Access, target?: { section: string; workstream?: string | null }): Promise<Outcome> => {
      try {
        await authorize(w().store, p, program, access, target);
        return 'ok';
      } catch (e) {
        if (e instanceof HttpError && (e.status === 403 || e.status === 404)) return e.status;
        throw e;
      }
    };
    for (const who of Object.keys(expected) as Who[]) {
      for (const which of ['own', 'other'] as const) {
        for (const access of ['read', 'write', 'manage'] as const) {
          const want = expected[who][which][access];
          test(`authorize: ${who} × ${which} program × ${access} → ${want}`, async () => {
            expect(await outcome(w().principals[who], which === 'own' ? 'checkout' : 'other', access)).toBe(want);
          });
        }
      }
    }

    // A lead of `payments` in checkout: own/other workstream for items and risks; other sections refused.
    const leadCases: [string, string, string | null, Outcome][] = [
      ['items', 'payments', 'payments', 'ok'],
      ['items', 'web', 'web', 403],
      ['items', 'none', null, 403],
      ['risks', 'payments', 'payments', 'ok'],
      ['risks', 'web', 'web', 403],
      ['risks', 'none', null, 403],
      ['milestones', 'payments', 'payments', 403],
      ['workstreams', 'payments', 'payments', 403],
      ['decisions', 'payments', 'payments', 403],
    ];
    for (const [section, label, ws, want] of leadCases) {
      test(`authorize: lead(payments) writes ${section} of ${label} workstream → ${want}`, async () => {
        expect(await outcome(w().principals.lead, 'checkout', 'write', { section, workstream: ws })).toBe(want);
        // the lead's grant does not reach the other program, whatever the target
        expect(await outcome(w().principals.lead, 'other', 'write', { section, workstream: ws })).toBe(404);
        // editors and owners are not narrowed by the target; viewers never write
        expect(await outcome(w().principals.editor, 'checkout', 'write', { section, workstream: ws })).toBe('ok');
        expect(await outcome(w().principals.viewer, 'checkout', 'write', { section, workstream: ws })).toBe(403);
      });
    }

    test('a non-member gets the same 404 as for a program that does not exist', async () => {
      const { store, principals } = w();
      const msg = async (program: string) => authorize(store, principals.editor, program, 'read').then(() => 'allowed', (e: HttpError) => `${e.status} ${e.code} ${e.message.replace(program, 'X')}`);
      expect(await msg('other')).toBe(await msg('no-such-program'));
      expect(await msg('other')).toBe("404 not-found no program 'X' in the store");
    });

    test('writeTarget: an item by its workstream, a risk by its impact items (one workstream, else none)', async () => {
      const { store } = w();
      expect(await writeTarget(store, 'checkout', 'items', { id: 'X', workstream: 'web' })).toEqual({ section: 'items', workstream: 'web' });
      expect(await writeTarget(store, 'checkout', 'risks', { id: 'R', impact: { days: 3, items: ['PAY-1', 'PAY-3'] } })).toEqual({ section: 'risks', workstream: 'payments' });
      expect(await writeTarget(store, 'checkout', 'risks', { id: 'R', impact: { days: 3, items: ['PAY-1', 'WEB-1'] } })).toEqual({ section: 'risks', workstream: null });
      expect(await writeTarget(store, 'checkout', 'risks', { id: 'R', severity: 3 })).toEqual({ section: 'risks', workstream: null });
      expect(await writeTarget(store, 'checkout', 'risks', { id: 'R', impact: { days: 3, items: ['NOPE-1'] } })).toEqual({ section: 'risks', workstream: null });
    });

    test('authorizeEntryWrite: a lead may neither move an item out of their workstream nor take one in', async () => {
      const { store, principals } = w();
      const run = (change: { before?: Record<string, unknown>; after?: Record<string, unknown> }) =>
        authorizeEntryWrite(store, principals.lead, 'checkout', 'items', change).then(() => 'ok', (e: HttpError) => e.status);
      const pay = { id: 'PAY-2', workstream: 'payments' };
      const web = { id: 'PAY-2', workstream: 'web' };
      expect(await run({ before: pay, after: { ...pay, estimate: 5 } })).toBe('ok');
      expect(await run({ after: pay })).toBe('ok');
      expect(await run({ before: pay })).toBe('ok');
      expect(await run({ before: pay, after: web })).toBe(403);
      expect(await run({ before: web, after: pay })).toBe(403);
      expect(await run({ after: web })).toBe(403);
      expect(await authorizeEntryWrite(store, principals.editor, 'checkout', 'items', { before: web, after: pay })).toBe('editor');
      expect(await authorizeEntryWrite(store, principals.lead, 'other', 'items', { after: pay }).catch((e: HttpError) => e.status)).toBe(404);
    });

    test('visiblePrograms: an admin sees all, a member their programs, nobody else', async () => {
      const { store, principals } = w();
      expect(await visiblePrograms(store, principals.admin)).toBe('all');
      expect(await visiblePrograms(store, principals.lead)).toEqual(new Set(['checkout']));
      expect(await visiblePrograms(store, principals.outsider)).toEqual(new Set(['other']));
      const nobody = await createUser(store, { name: 'nobody', email: 'nobody@example.com' }, ROOT);
      expect(await visiblePrograms(store, { userId: nobody.id, name: 'nobody', admin: false })).toEqual(new Set());
    });

    test('authenticate: 401 JSON for missing, malformed, unknown and revoked tokens; the principal otherwise', async () => {
      const { store, secrets } = w();
      const app = new Hono<{ Variables: { principal: Principal } }>();
      app.use('*', authenticate(store));
      app.get('/me', (c) => c.json(c.get('principal')));
      const call = (authorization?: string) => app.request('/me', authorization === undefined ? {} : { headers: { authorization } });
      const ok = await call(`Bearer ${secrets.lead!}`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual(w().principals.lead);
      for (const bad of [undefined, '', 'Basic abc', `Bearer ${'x'.repeat(600)}`, `Bearer vt_${'C'.repeat(43)}`, `Token ${secrets.lead!}`]) {
        const r = await call(bad);
        expect(r.status, String(bad)).toBe(401);
        expect(r.headers.get('www-authenticate')).toBe('Bearer');
        const body = (await r.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('unauthorized');
      }
      await createUser(store, { name: 'gone', email: 'gone@example.com' }, ROOT);
      const { id, secret } = await createToken(store, 'gone', {}, ROOT);
      expect((await call(`Bearer ${secret}`)).status).toBe(200);
      await revokeToken(store, id, ROOT);
      expect((await call(`Bearer ${secret}`)).status).toBe(401);
    });

    test('ensureDemoPrincipal: one demo admin, a fresh working token each time', async () => {
      const { store } = w();
      const a = await ensureDemoPrincipal(store);
      const b = await ensureDemoPrincipal(store);
      expect(a.user).toEqual(b.user);
      expect(a.user.admin).toBe(true);
      expect(a.token).not.toBe(b.token);
      expect(await findPrincipalByToken(store, a.token)).toEqual({ userId: a.user.id, name: 'demo', admin: true });
      expect(await findPrincipalByToken(store, b.token)).toEqual({ userId: a.user.id, name: 'demo', admin: true });
    });

    test('deleting a program removes its memberships (a re-import under that id starts with no members)', async () => {
      const { store } = w();
      expect((await importProgram(store, { text: tinyProgram('doomed'), file: 'doomed.vantage.yaml' }, ROOT)).ok).toBe(true);
      await grant(store, 'doomed', 'viewer', 'viewer', [], ROOT);
      await deleteProgram(store, 'doomed', ROOT);
      expect((await importProgram(store, { text: tinyProgram('doomed'), file: 'doomed.vantage.yaml' }, ROOT)).ok).toBe(true);
      expect(await listMembers(store, 'doomed')).toEqual([]);
    });
  });
}

accessContract('access control on PGlite', () => openStore({ dataDir: 'memory://' }));

describePg('access control on PostgreSQL', (ctx) => {
  accessContract('PostgreSQL', async () => (ctx.url() === '' ? undefined : openStore({ url: ctx.url() })));
});
