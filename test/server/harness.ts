/**
 * The API under test, in-process: a fresh PGlite store in memory, the app over it, and users with tokens made through
 * the access-control module (src/server/auth). `call(path, init)` sends a request with a token and parses JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type AppDeps } from '../../src/server/app.js';
import { createToken, createUser, grant } from '../../src/server/auth/repo.js';
import { openStore, type Store } from '../../src/store/open.js';

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
export const example = (name: string): string => readFileSync(join(EXAMPLES, name), 'utf8');

/** A logger that keeps its JSON lines in `lines` (so tests can check what is logged, e.g. no token). */
export function memoryLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

/** A response body as JSON.parse gives it (tests read it freely; a wrong path fails the assertion). */
export type Parsed = ReturnType<typeof JSON.parse>;

export type Harness = {
  store: Store;
  app: ReturnType<typeof createApp>;
  lines: string[];
  /** An admin's token. */
  admin: string;
  /** Makes a user with `role` in `programId` (or none) and returns their token. */
  user(name: string, programId?: string, role?: string, workstreams?: string[]): Promise<string>;
  /** A request with `token` (default: the admin's): `{ status, body, headers }` with the body parsed when JSON. */
  call(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<{ status: number; body: Parsed; headers: Headers }>;
  close(): Promise<void>;
};

/** Opens a store (default: PGlite in memory) and the app over it. */
export async function harness(options: { store?: Store; today?: string; deps?: Partial<AppDeps> } = {}): Promise<Harness> {
  const store = options.store ?? (await openStore({ dataDir: 'memory://' }));
  const { logger, lines } = memoryLogger();
  const app = createApp({ store, logger, today: () => options.today ?? '2026-11-25', ...options.deps });
  const change = { actor: 'test' };
  const made = await createUser(store, { name: 'root', email: 'root@example.com', admin: true }, change);
  const admin = (await createToken(store, made.id, { name: 't' }, change)).secret;
  const h: Harness = {
    store,
    app,
    lines,
    admin,
    async user(name, programId, role, workstreams = []) {
      const u = await createUser(store, { name, email: `${name}@example.com` }, change);
      if (programId && role) await grant(store, programId, u.id, role, workstreams, change);
      return (await createToken(store, u.id, { name: 't' }, change)).secret;
    },
    async call(path, init = {}) {
      const { token, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      const t = token === undefined ? admin : token;
      if (t !== null) headers.set('Authorization', `Bearer ${t}`);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      const res = await app.request(path, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
      const text = await res.text();
      let body: unknown = text;
      if ((res.headers.get('Content-Type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
      return { status: res.status, body, headers: res.headers };
    },
    close: () => store.close(),
  };
  return h;
}

/**
 * In a describe block: a harness (status date 2026-11-25) with the checkout example and its calendar imported before
 * the tests, closed after them. The handle is filled in by then. Example: `const h = useCheckoutHarness()`.
 */
export function useCheckoutHarness(): Harness {
  const handle = {} as Harness;
  beforeAll(async () => {
    Object.assign(handle, await harness());
    await importExample(handle, 'checkout.vantage.yaml', ['ana.ics']);
  }, 60_000);
  afterAll(() => handle.close?.());
  return handle;
}

/** Imports an example program through the API as the admin; returns its id. */
export async function importExample(h: Harness, name: string, files: string[] = []): Promise<string> {
  const res = await h.call('/api/programs', { method: 'POST', json: { text: example(name), file: name, files: files.map((f) => ({ path: f, content: example(f) })) } });
  if (res.status !== 201 && res.status !== 200) throw new Error(`import of ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.program.id as string;
}

/** Reads server-sent events from a stream: `next()` resolves with the next event (comments skipped). */
export function sseReader(reader: ReadableStreamDefaultReader<Uint8Array>): { next(): Promise<{ event: string; data: string; id: string }> } {
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') continue;
            const i = line.indexOf(':');
            fields[line.slice(0, i)] = line.slice(i + 1).replace(/^ /, '');
          }
          if (fields.event === undefined && fields.data === undefined) continue;
          return { event: fields.event ?? 'message', data: fields.data ?? '', id: fields.id ?? '' };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}
