/** Graceful shutdown on a real port: an in-flight request finishes, SSE streams end, new connections are refused. */
import { request } from 'node:http';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { importProgram } from '../../src/service/programs.js';
import { startServer } from '../../src/server/server.js';
import { createToken, createUser } from '../../src/server/auth/repo.js';
import { example, memoryLogger } from './harness.js';

describe('graceful shutdown', () => {
  it('lets an in-flight import finish, ends SSE streams, then closes the store', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    const user = await createUser(store, { name: 'root', email: 'root@example.com', admin: true }, { actor: 't' });
    const token = (await createToken(store, user.id, {}, { actor: 't' })).secret;
    const { logger, lines } = memoryLogger();
    const server = await startServer({ store, logger, port: 0, drainMs: 30_000 });
    const body = JSON.stringify({ text: example('checkout.vantage.yaml'), file: 'checkout.vantage.yaml' });

    // An SSE client of another program stays connected until the shutdown ends it.
    const imported = await importProgram(store, { text: example('loyalty.vantage.yaml'), file: 'loyalty.vantage.yaml' }, { actor: 't' });
    expect(imported.ok).toBe(true);
    const sse = await fetch(`${server.url}/api/programs/loyalty/events`, { headers: { Authorization: `Bearer ${token}` } });
    expect(sse.status).toBe(200);
    const events = sse.body!.getReader();
    expect(new TextDecoder().decode((await events.read()).value)).toContain('event: ready');

    // The request is in flight: headers and half the body are sent; the rest follows only after close() began.
    const half = Math.floor(body.length / 2);
    let answered: (v: { status: number; text: string }) => void;
    const response = new Promise<{ status: number; text: string }>((resolve) => (answered = resolve));
    const req = request(`${server.url}/api/programs`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => answered({ status: res.statusCode ?? 0, text }));
    });
    req.write(body.slice(0, half));
    // Wait until the server has the request (its debug line), so it is truly in flight when the shutdown begins.
    while (!lines.some((l) => l.includes('request started') && l.includes('"POST"'))) await new Promise((r) => setTimeout(r, 5));
    const closed = server.close();
    req.end(body.slice(half));
    const res = await response;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.text).program.id).toBe('checkout-revamp');
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect((await events.read()).done).toBe(true);
    expect(lines.some((l) => l.includes('"stopped"'))).toBe(true);
    // The store was closed by the shutdown, after the import committed.
    await expect(store.db.execute(sql`select 1`)).rejects.toThrow();
  }, 60_000);
});
