/**
 * The API in-process on PGlite: the OpenAPI document against the app's routes, CRUD on every section with its 4xx
 * errors, optimistic concurrency, engines against the CLI's JSON, access checks, body limits, error bodies, logs.
 */
import { describe, expect, it } from 'vitest';
import { SECTIONS } from '../../src/store/schema.js';
import { ENGINES } from '../../src/server/routes/engines.js';
import { enginePath } from '../../src/server/routes/programs.js';
import { runCli } from '../cli.js';
import { openStore } from '../../src/store/open.js';
import { createEventHub } from '../../src/server/events.js';
import { grant } from '../../src/server/auth/repo.js';
import { EXAMPLES, harness, importExample, memoryLogger, sseReader, useCheckoutHarness } from './harness.js';

const TODAY = '2026-11-25';
const P = '/api/programs/checkout-revamp';

describe('the API on PGlite', () => {
  const h = useCheckoutHarness();

  it('lists every route of the app in /api/openapi.json, and nothing else', async () => {
    const res = await h.call('/api/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${path}`);
    const served = new Set(
      h.app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/api/openapi.json').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...served].sort()).toEqual([...documented].sort());
    for (const must of ['GET /healthz', 'GET /readyz', 'GET /api/me', 'POST /api/programs', `GET ${enginePath('risks')}`, 'GET /api/programs/{id}/events', 'GET /api/events', 'PUT /api/programs/{id}/{section}/{entryId}', 'POST /api/programs/{id}/jobs/forecast']) {
      expect(documented).toContain(must);
    }
    expect(documented.size).toBeGreaterThan(30);
  });

  it('answers /healthz and /readyz without a token, and 401 on the API without one', async () => {
    expect((await h.call('/healthz', { token: null })).status).toBe(200);
    expect((await h.call('/readyz', { token: null })).body).toEqual({ status: 'ready', store: 'pglite' });
    const res = await h.call('/api/programs', { token: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect((await h.call('/api/programs', { token: 'vt_nope' })).status).toBe(401);
    expect((await h.call('/api/me')).body).toMatchObject({ name: 'root', admin: true });
  });

  it('shows a program summary without its text, with entries per section and its version as ETag', async () => {
    const res = await h.call(P);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'checkout-revamp', name: 'Checkout revamp', fileName: 'checkout.vantage.yaml' });
    expect(res.body.source).toBeUndefined();
    expect(res.body.sections.items).toBe((await h.call(`${P}/items`)).body.entries.length);
    expect(res.headers.get('ETag')).toBe(`"${res.body.version}"`);
    expect(res.body.access).toEqual({ role: 'admin', workstreams: [] });
  });

  it('serves the parsed program for the browser engines, and says what a caller may write', async () => {
    const res = await h.call(`${P}/model`);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe((await h.call(P)).body.version);
    expect(res.body.program.program).toMatchObject({ id: 'checkout-revamp', name: 'Checkout revamp' });
    const pay2 = (res.body.program.items as { id: string; estimate: unknown }[]).find((i) => i.id === 'PAY-2');
    expect(pay2?.estimate).toBeDefined();
    const lead = await h.user('lee', 'checkout-revamp', 'lead', ['payments']);
    expect((await h.call(P, { token: lead })).body.access).toEqual({ role: 'lead', workstreams: ['payments'] });
    expect((await h.call(`${P}/model`, { token: await h.user('sue') })).status).toBe(404);
  });

  it('creates, reads, updates and deletes an entry of every editable section', async () => {
    for (const section of SECTIONS) {
      const list = await h.call(`${P}/${section}`);
      expect(list.status, section).toBe(200);
      const template = list.body.entries[0]?.data as Record<string, unknown> | undefined;
      if (!template) continue; // the demo has none of this section
      const id = `${String(template.id)}-copy`;
      const created = await h.call(`${P}/${section}`, { method: 'POST', json: { data: { ...template, id } } });
      expect(created.status, `${section}: ${JSON.stringify(created.body)}`).toBe(201);
      expect(created.body.entry).toMatchObject({ section, entryId: id, version: 1 });
      const got = await h.call(`${P}/${section}/${encodeURIComponent(id)}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('ETag')).toBe('"1"');
      const updated = await h.call(`${P}/${section}/${encodeURIComponent(id)}`, { method: 'PUT', json: { data: { ...template, id, 'x-note': 'edited' }, version: 1 } });
      expect(updated.status, `${section}: ${JSON.stringify(updated.body)}`).toBe(200);
      expect(updated.body.entry.data['x-note']).toBe('edited');
      expect(updated.body.entry.version).toBe(2);
      const deleted = await h.call(`${P}/${section}/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'If-Match': '"2"' } });
      expect(deleted.status, `${section}: ${JSON.stringify(deleted.body)}`).toBe(200);
      expect((await h.call(`${P}/${section}/${encodeURIComponent(id)}`)).status).toBe(404);
    }
    // The file of record kept every edit's layout: after create+delete of each, the text is as imported again.
    const exported = await h.call(`${P}/export`);
    expect(exported.body).toBe((await import('node:fs')).readFileSync(`${EXAMPLES}/checkout.vantage.yaml`, 'utf8'));
  }, 120_000);

  it('refuses bad input with 400 (shape) and 422 (diagnostics with file:line:column), and unknown things with 404', async () => {
    const noData = await h.call(`${P}/items`, { method: 'POST', json: { title: 'x' } });
    expect(noData.status).toBe(400);
    expect(noData.body.error.code).toBe('bad-request');
    expect(noData.body.error.issues[0].path).toEqual(['data']);
    const badSection = await h.call(`${P}/nonsense`);
    expect(badSection.status).toBe(400);
    const notJson = await h.app.request(`${P}/items`, { method: 'POST', headers: { Authorization: `Bearer ${h.admin}`, 'Content-Type': 'application/json' }, body: '{not json' });
    expect(notJson.status).toBe(400);
    const invalid = await h.call(`${P}/items`, { method: 'POST', json: { data: { id: 'NEW-1', title: 'New', estimate: 'banana', workstream: 'payments' } } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('invalid');
    const d = invalid.body.error.diagnostics.find((x: { severity: string }) => x.severity === 'error');
    expect(d).toMatchObject({ file: 'checkout.vantage.yaml' });
    expect(d.line).toBeGreaterThan(1);
    expect(typeof d.column).toBe('number');
    const dup = await h.call(`${P}/items`, { method: 'POST', json: { data: { id: 'PAY-1', title: 'again' } } });
    expect(dup.status).toBe(422);
    expect((await h.call('/api/programs/nope')).status).toBe(404);
    expect((await h.call('/api/programs/nope/items')).status).toBe(404);
    expect((await h.call(`${P}/items/NOPE-9`)).status).toBe(404);
    expect((await h.call(`${P}/items/NOPE-9`, { method: 'PUT', json: { data: { title: 'x' } } })).status).toBe(404);
    const badImport = await h.call('/api/programs', { method: 'POST', json: { text: 'vantage: 1\nprogram: {id: x}\nitems: [{id: A, after: [B]}]\n', file: 'x.vantage.yaml' } });
    expect(badImport.status).toBe(422);
    expect(badImport.body.error.diagnostics[0].file).toBe('x.vantage.yaml');
    expect((await h.call('/api/programs/x')).status).toBe(404); // nothing of it was stored
  });

  it('gives one of two concurrent updates of the same version 409 with the current entry, and keeps the winner', async () => {
    const before = (await h.call(`${P}/items/PAY-2`)).body;
    const put = (title: string) => h.call(`${P}/items/PAY-2`, { method: 'PUT', headers: { 'If-Match': `"${before.version}"` }, json: { data: { ...before.data, title } } });
    const [a, b] = await Promise.all([put('Title from A'), put('Title from B')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(loser.body.error.code).toBe('conflict');
    expect(loser.body.error.current.data.title).toBe(winner.body.entry.data.title);
    expect(loser.body.error.current.version).toBe(before.version + 1);
    const after = (await h.call(`${P}/items/PAY-2`)).body;
    expect(after.data.title).toBe(winner.body.entry.data.title);
    // A stale write after the fact is refused too, and changes nothing.
    const stale = await h.call(`${P}/items/PAY-2`, { method: 'PUT', json: { data: { ...before.data, title: 'late' }, version: before.version } });
    expect(stale.status).toBe(409);
    expect((await h.call(`${P}/items/PAY-2`)).body.data.title).toBe(winner.body.entry.data.title);
    await h.call(`${P}/items/PAY-2`, { method: 'PUT', json: { data: before.data } }); // restore for the engine comparisons
  });

  it('returns the JSON of the CLI for every engine', async () => {
    const file = `${EXAMPLES}/checkout.vantage.yaml`;
    const extra: Partial<Record<(typeof ENGINES)[number], [string, string[]]>> = { whatif: ['&slip=PAY-4=10&cut=WEB-5', ['--slip', 'PAY-4=10', '--cut', 'WEB-5']] };
    for (const engine of ENGINES) {
      const [query, flags] = extra[engine] ?? ['', []];
      const api = await h.call(`${enginePath(engine).replace('{id}', 'checkout-revamp')}?today=${TODAY}${query}`);
      expect(api.status, `${engine}: ${JSON.stringify(api.body).slice(0, 300)}`).toBe(200);
      const cli = await runCli(['--today', TODAY, engine, file, ...flags, '--format', 'json']);
      expect(cli.code, `${engine}: ${cli.err}`).toBe(0);
      // The only difference allowed: diagnostics name the stored file, not the path it was imported from.
      expect(api.body, engine).toEqual(JSON.parse(cli.out.replaceAll(`${EXAMPLES}/`, '')));
    }
  }, 180_000);

  it('answers a repeated engine read from memory until the program changes', async () => {
    const path = `${P}/schedule?today=${TODAY}`;
    const first = await h.call(path);
    expect((await h.call(`${P}/schedule?today=${TODAY}`)).body).toEqual(first.body);
    const before = (first.body.items as { id: string; finish: string }[]).find((i) => i.id === 'PAY-4')!;
    const entry = await h.call(`${P}/items/PAY-4`);
    const grown = { ...(entry.body.data as Record<string, unknown>), estimate: 40 };
    expect((await h.call(`${P}/items/PAY-4`, { method: 'PUT', json: { data: grown, version: entry.body.version } })).status).toBe(200);
    const after = ((await h.call(path)).body.items as { id: string; finish: string }[]).find((i) => i.id === 'PAY-4')!;
    expect(after.finish > before.finish).toBe(true); // a write bumps the version: the cached answer is not reused
    const back = { ...(entry.body.data as Record<string, unknown>) };
    const current = await h.call(`${P}/items/PAY-4`);
    expect((await h.call(`${P}/items/PAY-4`, { method: 'PUT', json: { data: back, version: current.body.version } })).status).toBe(200);
  });

  it('takes engine parameters from the query or a JSON body, and bounds the trials of a request', async () => {
    const viaQuery = await h.call(`${P}/whatif?slip=PAY-4=10&today=${TODAY}`);
    const viaBody = await h.call(`${P}/whatif`, { method: 'POST', json: { slip: ['PAY-4=10'], today: TODAY } });
    expect(viaQuery.status).toBe(200);
    expect(viaBody.body).toEqual(viaQuery.body);
    const cli = await runCli(['--today', TODAY, 'whatif', `${EXAMPLES}/checkout.vantage.yaml`, '--slip', 'PAY-4=10', '--format', 'json']);
    expect(viaQuery.body).toEqual(JSON.parse(cli.out));
    const tooMany = await h.call(`${P}/forecast?trials=20001`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('too-many-trials');
    expect((await h.call(`${P}/whatif`)).status).toBe(400);
    expect((await h.call(`${P}/schedule?today=2026-13-01`)).status).toBe(400);
  });

  it('refuses a body over the limit with 413', async () => {
    const big = await h.call(`${P}/items`, { method: 'POST', json: { data: { id: 'BIG', title: 'x'.repeat(300 * 1024) } } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('too-large');
    const hugeImport = await h.call('/api/programs', { method: 'POST', json: { text: `# ${'x'.repeat(6 * 1024 * 1024)}\n` } });
    expect(hugeImport.status).toBe(413);
  });

  it('checks access: non-members get 404, viewers 403 on writes, lists show only what one may read', async () => {
    const viewer = await h.user('vic', 'checkout-revamp', 'viewer');
    const stranger = await h.user('sam');
    expect((await h.call(P, { token: viewer })).status).toBe(200);
    const w = await h.call(`${P}/items/PAY-2`, { token: viewer, method: 'PUT', json: { data: { title: 'x' } } });
    expect(w.status).toBe(403);
    expect((await h.call(P, { token: stranger })).status).toBe(404);
    expect((await h.call(`${P}/schedule`, { token: stranger })).status).toBe(404);
    expect((await h.call(`${P}/events`, { token: stranger })).status).toBe(404);
    expect((await h.call('/api/programs', { token: stranger })).body.programs).toEqual([]);
    expect((await h.call('/api/programs', { token: viewer })).body.programs.map((p: { id: string }) => p.id)).toEqual(['checkout-revamp']);
    // A new program's importer becomes its owner.
    const mine = await h.call('/api/programs', { token: stranger, method: 'POST', json: { text: 'vantage: 1\nprogram: {id: sams, name: Sam, start: 2026-11-02}\nitems: [{id: A, title: A, estimate: 2d}]\n', file: 'sams.vantage.yaml' } });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect((await h.call('/api/programs/sams', { token: stranger })).status).toBe(200);
    expect((await h.call('/api/programs/sams', { token: viewer })).status).toBe(404);
    expect((await h.call('/api/programs/sams', { token: viewer, method: 'DELETE' })).status).toBe(404);
    expect((await h.call('/api/programs/sams', { token: stranger, method: 'DELETE' })).status).toBe(204);
    expect((await h.call('/api/programs/sams', { token: stranger })).status).toBe(404);
  });

  it('streams a change to an SSE client after an edit, with ids', async () => {
    const res = await h.app.request(`${P}/events`, { headers: { Authorization: `Bearer ${h.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const events = sseReader(reader);
    const ready = await events.next();
    expect(ready.event).toBe('ready');
    const before = (await h.call(`${P}/items/PAY-3`)).body;
    const put = await h.call(`${P}/items/PAY-3`, { method: 'PUT', json: { data: { ...before.data, 'x-note': 'live' } } });
    expect(put.status).toBe(200);
    const change = await events.next();
    expect(change.event).toBe('change');
    expect(Number(change.id)).toBeGreaterThan(Number(ready.id));
    expect(JSON.parse(change.data)).toEqual({ programId: 'checkout-revamp', section: 'items', entryId: 'PAY-3', action: 'update', version: put.body.programVersion, actor: 'root' });
    await reader.cancel();
  });

  it('streams every readable program’s changes on /api/events, and none of a program the reader cannot see', async () => {
    const viewer = await h.user('val', 'checkout-revamp', 'viewer');
    const res = await h.app.request('/api/events', { headers: { Authorization: `Bearer ${viewer}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const events = sseReader(reader);
    const ready = await events.next();
    expect(ready.event).toBe('ready');
    expect(JSON.parse(ready.data).programs.map((p: { id: string }) => p.id)).toEqual(['checkout-revamp']);
    // A program val cannot read changes first (nothing reaches val), then val's own program does.
    const other = await h.call('/api/programs', { method: 'POST', json: { text: 'vantage: 1\nprogram: {id: hidden-one, name: Hidden, start: 2026-11-02}\nitems: [{id: A, title: A, estimate: 2d}]\n', file: 'hidden.vantage.yaml' } });
    expect(other.status).toBe(201);
    const before = (await h.call(`${P}/items/PAY-8`)).body;
    const put = await h.call(`${P}/items/PAY-8`, { method: 'PUT', json: { data: { ...before.data, 'x-note': 'portfolio' } } });
    expect(put.status).toBe(200);
    const change = await events.next();
    expect(JSON.parse(change.data)).toMatchObject({ programId: 'checkout-revamp', entryId: 'PAY-8', action: 'update', version: put.body.programVersion });
    // Shared with val later: its changes reach val's open stream from then on, its deletion too.
    await grant(h.store, 'hidden-one', 'val', 'viewer', [], { actor: 'test' });
    const item = (await h.call('/api/programs/hidden-one/items/A')).body;
    expect((await h.call('/api/programs/hidden-one/items/A', { method: 'PUT', json: { data: { ...item.data, title: 'A2' } } })).status).toBe(200);
    expect(JSON.parse((await events.next()).data)).toMatchObject({ programId: 'hidden-one', entryId: 'A', action: 'update' });
    expect((await h.call('/api/programs/hidden-one', { method: 'DELETE' })).status).toBe(204);
    expect(JSON.parse((await events.next()).data)).toMatchObject({ programId: 'hidden-one', action: 'delete', version: null });
    await reader.cancel();
  });

  it('logs one JSON line per request with its id, route, status and principal, and never a token', async () => {
    const res = await h.call('/api/me', { headers: { 'X-Request-Id': 'trace-me-1' } });
    expect(res.headers.get('X-Request-Id')).toBe('trace-me-1');
    const line = h.lines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'trace-me-1' && l.msg === 'request');
    expect(line).toMatchObject({ method: 'GET', route: '/api/me', status: 200 });
    expect(line.principal).toMatch(/^usr_/);
    expect(typeof line.ms).toBe('number');
    expect(h.lines.join('\n')).not.toContain(h.admin);
  });
});

describe('live events', () => {
  it('sends heartbeats on an idle stream and stops fanning out when the client goes away', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    const events = createEventHub(store, memoryLogger().logger);
    const h = await harness({ store, deps: { sseHeartbeatMs: 20, events } });
    try {
      await importExample(h, 'loyalty.vantage.yaml');
      const res = await h.app.request('/api/programs/loyalty/events', { headers: { Authorization: `Bearer ${h.admin}` } });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes(': heartbeat')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toMatch(/^event: ready\n/m);
      expect(events.size()).toBe(1);
      await reader.cancel();
      while (events.size() > 0) await new Promise((r) => setTimeout(r, 5)); // the stream's cleanup runs on abort
      // The next write finds no subscriber left for the cancelled stream (it was cleaned up), and still succeeds.
      const item = (await h.call('/api/programs/loyalty/items')).body.entries[0];
      expect((await h.call(`/api/programs/loyalty/items/${item.entryId}`, { method: 'PUT', json: { data: item.data } })).status).toBe(200);
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('failures', () => {
  it('gives 500 with a request id and no stack or SQL, and /readyz 503, when the store is gone', async () => {
    const h = await harness();
    await h.store.close();
    const ready = await h.call('/readyz', { token: null });
    expect(ready.status).toBe(503);
    const res = await h.call('/api/programs');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error', requestId: expect.any(String) } });
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/select|from "|\bat \w+ \(|\.ts:\d+/i);
    // ...but the log has the detail, under the same request id.
    expect(h.lines.some((l) => l.includes(res.body.error.requestId) && l.includes('internal error'))).toBe(true);
  });
});
