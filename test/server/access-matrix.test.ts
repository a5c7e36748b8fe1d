/**
 * The access-control matrix over HTTP (issue 8, "must show"): every route listed in /api/openapi.json × every role
 * (admin, owner, editor, lead of `payments`, viewer, no token) × own/other program → allowed (2xx) / 401 / 403 / 404.
 * Section routes run for items and risks of the lead's own and another workstream, and for milestones.
 *
 * "Own" is the program where the principal holds the role; "other" is one where they hold nothing (owned by a
 * stranger). Expected outcomes come from the table in docs/access-control.md, written out here by hand. A route in
 * the OpenAPI document that this file does not know fails the test, so a new route cannot skip the matrix.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createToken, createUser, grant } from '../../src/server/auth/repo.js';
import { openJobQueue, type JobQueue } from '../../src/server/jobs/queue.js';
import { importProgram } from '../../src/service/programs.js';
import { openStore, type Store } from '../../src/store/open.js';
import { startServer, type TestServer } from '../fixtures/trackers/server.js';

const CHECKOUT = readFileSync(new URL('../../examples/checkout.vantage.yaml', import.meta.url), 'utf8');
/** The calendar checkout names (stored with it, so the time engine runs). */
const FILES = [{ path: 'ana.ics', content: readFileSync(new URL('../../examples/ana.ics', import.meta.url), 'utf8') }];
const TODAY = '2026-11-25';
const ROOT = { actor: 'matrix' };

const WHO = ['admin', 'owner', 'editor', 'lead', 'viewer', 'anonymous'] as const;
type Who = (typeof WHO)[number];
type Which = 'own' | 'other';
/** 'ok' = any 2xx. */
type Outcome = 'ok' | 401 | 403 | 404;
type Cell = `${Who}/${Which}`;

/** What a route needs. `lead-yes`/`lead-no`: a write a lead may / may not make (by section and workstream). */
type Need = 'public' | 'token' | 'read' | 'write' | 'manage' | 'lead-yes' | 'lead-no';

function expected(need: Need, who: Who, which: Which): Outcome {
  if (need === 'public') return 'ok';
  if (who === 'anonymous') return 401;
  if (need === 'token' || who === 'admin') return 'ok';
  if (which === 'other') return 404;
  const role = who;
  switch (need) {
    case 'read':
      return 'ok';
    case 'manage':
      return role === 'owner' ? 'ok' : 403;
    case 'write':
    case 'lead-no':
      return role === 'owner' || role === 'editor' ? 'ok' : 403;
    case 'lead-yes':
      return role === 'viewer' ? 403 : 'ok';
  }
}

type Req = { method: string; path: string; body?: unknown };

describe('access matrix: every route × every role × own/other program', () => {
  let store: Store;
  let jobs: JobQueue;
  let app: ReturnType<typeof createApp>;
  let tracker: TestServer | undefined;
  const tokens: Partial<Record<Who, string>> = {};
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}${++counter}`;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    jobs = await openJobQueue(store, { supervise: false });
    for (const id of ['own', 'other']) {
      const r = await importProgram(store, { text: CHECKOUT, file: 'checkout.vantage.yaml', id, files: FILES }, ROOT);
      if (!r.ok) throw new Error('checkout did not import');
    }
    await createUser(store, { name: 'stranger', email: 'stranger@example.com' }, ROOT);
    await grant(store, 'other', 'stranger', 'owner', [], ROOT);
    for (const who of WHO) {
      if (who === 'anonymous') continue;
      await createUser(store, { name: who, email: `${who}@example.com`, admin: who === 'admin' }, ROOT);
      tokens[who] = (await createToken(store, who, { name: 'matrix' }, ROOT)).secret;
      if (who !== 'admin') await grant(store, 'own', who, who, who === 'lead' ? ['payments'] : [], ROOT);
    }
    app = createApp({ store, logger: pino({ level: 'silent' }), jobs, today: () => TODAY });
    tracker = await startServer(() => ({ body: [] })); // POST /api/programs/{id}/sync reads GitHub here: no issues
    process.env.VANTAGE_GITHUB_URL = tracker.url;
  }, 120_000);
  afterAll(async () => {
    delete process.env.VANTAGE_GITHUB_URL;
    await tracker?.close();
    await jobs?.close();
    await store?.close();
  });

  async function send(who: Who, req: Req): Promise<Response> {
    const headers: Record<string, string> = {};
    if (who !== 'anonymous') headers.Authorization = `Bearer ${tokens[who]!}`;
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await app.request(req.path, { method: req.method, headers, ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}) });
    return res;
  }

  async function outcome(who: Who, req: Req): Promise<{ outcome: Outcome | number; body: string }> {
    const res = await send(who, req);
    // An SSE stream never ends by itself: its status is all we need.
    const body = res.headers.get('Content-Type')?.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
    const s = res.status;
    return { outcome: s >= 200 && s < 300 ? 'ok' : s, body };
  }

  // --- fixtures a write consumes -----------------------------------------------------------------------------------
  const asAdmin = async (req: Req) => {
    const r = await outcome('admin', req);
    if (r.outcome !== 'ok') throw new Error(`setup ${req.method} ${req.path} failed: ${r.outcome} ${r.body}`);
    return JSON.parse(r.body) as Record<string, unknown>;
  };
  /** Section variants: the section, an existing entry to read/update, and how to make a new entry. */
  type Variant = { label: string; section: string; need: Need; existing: string; make: (id: string) => Record<string, unknown> };
  const item = (ws: string) => (id: string) => ({ id, title: `Matrix ${id}`, workstream: ws, estimate: 1 });
  const risk = (impactItem: string) => (id: string) => ({ id, title: `Matrix risk ${id}`, probability: 0.2, impact: { days: 2, items: [impactItem] }, status: 'open' });
  const VARIANTS: Variant[] = [
    { label: 'items of the lead’s workstream', section: 'items', need: 'lead-yes', existing: 'PAY-9', make: item('payments') },
    { label: 'items of another workstream', section: 'items', need: 'lead-no', existing: 'WEB-4', make: item('web') },
    { label: 'risks on the lead’s workstream', section: 'risks', need: 'lead-yes', existing: 'R1', make: risk('PAY-2') },
    { label: 'risks on another workstream', section: 'risks', need: 'lead-no', existing: 'R2', make: risk('MOB-5') },
    { label: 'milestones', section: 'milestones', need: 'lead-no', existing: 'beta', make: (id) => ({ id, title: `Matrix ${id}`, after: ['REL-1'], date: '2027-06-30' }) },
  ];
  const TINY = (id: string) =>
    ['vantage: 1', `program: {id: ${id}, name: Doomed, start: 2027-01-04}`, 'people:', '  - {id: bo, name: Bo}', 'workstreams:', '  - {id: payments, title: Payments, lead: bo}', 'items:', '  - {id: T-1, title: One, estimate: 1, workstream: payments}', ''].join('\n');

  /** A row of the matrix: for who/which, the request to send (it may first make what it consumes). */
  type Row = { name: string; need: Need; request: (who: Who, program: string) => Promise<Req> };

  const stored = async (program: string, section: string, id: string) => ((await asAdmin({ method: 'GET', path: `/api/programs/${program}/${section}/${id}` })).data as Record<string, unknown>);

  function routeRows(method: string, path: string): Row[] | undefined {
    const key = `${method} ${path}`;
    const on = (program: string) => path.replace('{id}', program);
    switch (key) {
      case 'GET /':
      case 'GET /healthz':
      case 'GET /readyz':
      case 'GET /api/openapi.json':
        return [{ name: key, need: 'public', request: async () => ({ method, path }) }];
      case 'GET /api/me':
        return [{ name: key, need: 'token', request: async () => ({ method, path }) }];
      case 'GET /api/programs':
      case 'GET /api/events':
        return [{ name: key, need: 'token', request: async () => ({ method, path }) }];
      case 'POST /api/programs':
        return [
          { name: `${key} (a new program)`, need: 'token', request: async () => ({ method, path, body: { text: TINY(fresh('new-')), file: 'tiny.vantage.yaml' } }) },
          { name: `${key} (replace the program)`, need: 'lead-no', request: async (_w, program) => ({ method, path, body: { text: CHECKOUT, file: 'checkout.vantage.yaml', id: program, files: FILES } }) },
        ];
      case 'GET /api/programs/{id}':
      case 'GET /api/programs/{id}/export':
      case 'GET /api/programs/{id}/model':
      case 'GET /api/programs/{id}/events':
        return [{ name: key, need: 'read', request: async (_w, program) => ({ method, path: on(program) }) }];
      case 'DELETE /api/programs/{id}':
        return [
          {
            name: key,
            need: 'manage',
            request: async (who, which) => {
              const id = fresh('doomed-');
              await asAdmin({ method: 'POST', path: '/api/programs', body: { text: TINY(id), file: 'doomed.vantage.yaml' } });
              // "own": the principal holds their role in the doomed program; "other": a stranger owns it.
              if (which === 'own' && who !== 'admin' && who !== 'anonymous') await grant(store, id, who, who, who === 'lead' ? ['payments'] : [], ROOT);
              else await grant(store, id, 'stranger', 'owner', [], ROOT);
              return { method, path: `/api/programs/${id}` };
            },
          },
        ];
      case 'GET /api/programs/{id}/{section}':
        return VARIANTS.map((v) => ({ name: `${key} (${v.section})`, need: 'read', request: async (_w, program) => ({ method, path: `/api/programs/${program}/${v.section}` }) }));
      case 'GET /api/programs/{id}/{section}/{entryId}':
        return VARIANTS.map((v) => ({ name: `${key} (${v.section} ${v.existing})`, need: 'read', request: async (_w, program) => ({ method, path: `/api/programs/${program}/${v.section}/${v.existing}` }) }));
      case 'POST /api/programs/{id}/{section}':
        return VARIANTS.map((v) => ({ name: `${key} (${v.label})`, need: v.need, request: async (_w, program) => ({ method, path: `/api/programs/${program}/${v.section}`, body: { data: v.make(fresh('MX-')) } }) }));
      case 'PUT /api/programs/{id}/{section}/{entryId}':
        return VARIANTS.map((v) => ({
          name: `${key} (${v.label})`,
          need: v.need,
          request: async (_w, program) => {
            const data = await stored(program, v.section, v.existing);
            return { method, path: `/api/programs/${program}/${v.section}/${v.existing}`, body: { data: { ...data, title: `${String(data.title)} ·` } } };
          },
        }));
      case 'DELETE /api/programs/{id}/{section}/{entryId}':
        return VARIANTS.map((v) => ({
          name: `${key} (${v.label})`,
          need: v.need,
          request: async (_w, program) => {
            const id = fresh('MX-');
            await asAdmin({ method: 'POST', path: `/api/programs/${program}/${v.section}`, body: { data: v.make(id) } });
            return { method, path: `/api/programs/${program}/${v.section}/${id}` };
          },
        }));
      case 'POST /api/programs/{id}/sync':
        return [
          {
            name: key,
            need: 'write',
            request: async (who, which) => {
              // A fresh program synced from the (empty) local GitHub stand-in: every allowed sync writes a version.
              const id = fresh('synced-');
              await asAdmin({ method: 'POST', path: '/api/programs', body: { text: `${TINY(id)}x-sync:\n  github: {repo: acme/shop, updated: "2027-01-04T00:00:00.000Z"}\n`, file: 'synced.vantage.yaml' } });
              if (which === 'own' && who !== 'admin' && who !== 'anonymous') await grant(store, id, who, who, who === 'lead' ? ['payments'] : [], ROOT);
              else await grant(store, id, 'stranger', 'owner', [], ROOT);
              return { method, path: `/api/programs/${id}/sync`, body: {} };
            },
          },
        ];
      case 'POST /api/import/{kind}':
        return [{ name: key, need: 'token', request: async () => ({ method, path: path.replace('{kind}', 'csv'), body: { content: 'id,title,estimate\nA-1,One,2\n', file: 'm.csv', id: fresh('imported-') } }) }];
      case 'POST /api/programs/{id}/jobs/forecast':
        return [{ name: key, need: 'write', request: async (_w, program) => ({ method, path: on(program), body: { trials: 100 } }) }];
      case 'GET /api/jobs/{jobId}':
      case 'DELETE /api/jobs/{jobId}':
        return [
          {
            name: key,
            need: method === 'GET' ? 'read' : 'write',
            request: async (_w, program) => {
              const job = await asAdmin({ method: 'POST', path: `/api/programs/${program}/jobs/forecast`, body: { trials: 100 } });
              return { method, path: path.replace('{jobId}', String(job.id)) };
            },
          },
        ];
    }
    // The engines: GET|POST /api/programs/{id}/ENGINE compute and store nothing (read).
    const engine = /^\/api\/programs\/\{id\}\/([a-z-]+)$/.exec(path)?.[1];
    if (engine !== undefined && (method === 'GET' || method === 'POST')) {
      // The least each engine needs to answer 200, and few trials: this is about access, not numbers.
      const params: Record<string, string> = { trials: '20', level: 'false', ...(engine === 'whatif' ? { slip: 'PAY-3=5' } : {}) };
      return [
        {
          name: `${key} (engine)`,
          need: 'read',
          request: async (_w, program) =>
            method === 'GET' ? { method, path: `${on(program)}${Object.keys(params).length > 0 ? `?${new URLSearchParams(params).toString()}` : ''}` } : { method, path: on(program), body: params },
        },
      ];
    }
    return undefined;
  }

  it('knows every route in /api/openapi.json (a new route must join the matrix)', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(30);
    const unknown = routes.filter((r) => routeRows(r.split(' ')[0]!, r.split(' ')[1]!) === undefined);
    expect(unknown).toEqual([]);
    matrixRoutes.push(...routes);
  });

  const matrixRoutes: string[] = [];

  it('every route × every role × own/other program answers as the access table says', async () => {
    expect(matrixRoutes.length).toBeGreaterThan(30); // filled by the test above
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let checked = 0;
    for (const route of matrixRoutes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const row of routeRows(method, path)!) {
        const got: Partial<Record<Cell, Outcome | number>> = {};
        const want: Partial<Record<Cell, Outcome>> = {};
        for (const which of ['own', 'other'] as const) {
          for (const who of WHO) {
            const req = await row.request(who, which === 'own' ? 'own' : 'other');
            const r = await outcome(who, req);
            const cell: Cell = `${who}/${which}`;
            got[cell] = r.outcome;
            want[cell] = expected(row.need, who, which);
            checked++;
            if (r.outcome !== 'ok' && LEAKY.test(r.body)) leaks.push(`${row.name} as ${cell}: ${r.body.slice(0, 300)}`);
            if (got[cell] !== want[cell]) mismatches.push(`${row.name} as ${cell}: got ${r.outcome} ${r.body.slice(0, 200)}, want ${want[cell]}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(leaks).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  }, 600_000);

  it('a program you cannot see answers exactly as one that does not exist (body and status)', async () => {
    const paths = (program: string) => [
      `/api/programs/${program}`,
      `/api/programs/${program}/export`,
      `/api/programs/${program}/items`,
      `/api/programs/${program}/items/PAY-9`,
      `/api/programs/${program}/schedule?level=false`,
      `/api/programs/${program}/events`,
    ];
    for (const who of ['owner', 'editor', 'lead', 'viewer'] as const) {
      const hidden = paths('other');
      const missing = paths('no-such-program');
      for (const [i, path] of hidden.entries()) {
        const a = await outcome(who, { method: 'GET', path });
        const b = await outcome(who, { method: 'GET', path: missing[i]! });
        expect(a.outcome, path).toBe(404);
        expect(a.body.replaceAll('other', 'X'), path).toBe(b.body.replaceAll('no-such-program', 'X'));
      }
    }
  });

  it('lists only the programs a principal is a member of (all for an admin)', async () => {
    const ids = async (who: Who) => ((JSON.parse((await outcome(who, { method: 'GET', path: '/api/programs' })).body) as { programs: { id: string }[] }).programs.map((p) => p.id));
    for (const who of ['owner', 'editor', 'lead', 'viewer'] as const) {
      const seen = await ids(who);
      expect(seen, who).toContain('own');
      expect(seen, who).not.toContain('other');
    }
    expect(await ids('admin')).toEqual(expect.arrayContaining(['own', 'other']));
  });

  it('a revoked or oversized token is refused; an oversized body is refused with 413 before it is read', async () => {
    await createUser(store, { name: 'leaver', email: 'leaver@example.com' }, ROOT);
    const { id, secret } = await createToken(store, 'leaver', {}, ROOT);
    const me = (authorization: string) => app.request('/api/me', { headers: { Authorization: authorization } });
    expect((await me(`Bearer ${secret}`)).status).toBe(200);
    const { revokeToken } = await import('../../src/server/auth/repo.js');
    await revokeToken(store, id, ROOT);
    const refused = await me(`Bearer ${secret}`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'unauthorized', message: 'invalid, expired or revoked token' } });
    expect((await me(`Bearer ${'vt_'.padEnd(100_000, 'a')}`)).status).toBe(401);
    const huge = await send('admin', { method: 'POST', path: '/api/programs/own/items', body: { data: { id: 'BIG', title: 'x'.repeat(1024 * 1024) } } });
    expect(huge.status).toBe(413);
  });
});

/** What an error body must never carry: a stack frame or SQL. */
const LEAKY = /\bat [\w.<>]+ \(|\.(?:ts|js):\d+:\d+|\bselect\b.{0,200}\bfrom\b|\binsert into\b|\bdelete from\b|\bupdate\s+\\?"?\w+\\?"?\s+set\b/i;
