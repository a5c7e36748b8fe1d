/** src/server/web.ts: the built cockpit's files, deep links, cache headers and the API left alone (in-process, no port). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../src/server/web.js';
import { createApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/open.js';
import { memoryLogger } from '../server/harness.js';

describe('webRoutes', () => {
  let dir: string;
  let app: Hono;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vantage-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dir, '..', 'secret.txt'), 'no');
    app = new Hono();
    app.route('/', webRoutes(dir));
    app.get('/api/programs', (c) => c.json({ programs: [] }));
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves hashed assets with their content type, cached for a year', async () => {
    const js = await app.request('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    expect((await app.request('/assets/index-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers index.html, never cached, for the root and deep links (also with dots in a program id)', async () => {
    for (const path of ['/', '/programs/checkout/timeline?zoom=week', '/programs/a.b', '/anything']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('404s a missing asset instead of answering HTML for it', async () => {
    const res = await app.request('/assets/gone-000.js');
    expect(res.status).toBe(404);
    expect((await app.request('/favicon.ico')).status).toBe(404);
  });

  it('leaves API paths to the API', async () => {
    expect(await (await app.request('/api/programs')).json()).toEqual({ programs: [] });
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.request('/api/nope')).status).toBe(404);
    expect((await app.request('/api/nope')).headers.get('content-type')).not.toMatch(/html/);
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toBe('no');
    }
  });

  it('says how to build when the build is missing', async () => {
    const bare = webRoutes(join(dir, 'nowhere'));
    const res = await bare.request('/programs/x');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build:web/);
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request('/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('createApp serves the cockpit', () => {
  let dir: string;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vantage-web-app-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root">cockpit</div>');
    store = await openStore({ dataDir: 'memory://' });
    app = createApp({ store, logger: memoryLogger().logger, webDir: dir });
  }, 60_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the app at / and at deep links, and leaves the API its JSON answers', async () => {
    for (const path of ['/', '/programs/checkout-revamp/timeline']) expect(await (await app.request(path)).text(), path).toContain('cockpit');
    const unknownApi = await app.request('/api/nothing-here');
    expect([401, 404]).toContain(unknownApi.status); // the API's own JSON answer (no token here), not the app's index.html
    expect(unknownApi.headers.get('content-type')).toContain('application/json');
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('falls back to the small API page at / when the cockpit is not built', async () => {
    const bare = createApp({ store, logger: memoryLogger().logger, webDir: join(dir, 'missing') });
    expect(await (await bare.request('/')).text()).toContain('/api/openapi.json');
  });
});
