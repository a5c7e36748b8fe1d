/**
 * Server-sent events with heartbeats: `GET /api/programs/{id}/events` (one program's changes, readers only) and
 * `GET /api/events` (the changes of every program the caller may read, for the portfolio and the rail).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getProgram, listPrograms } from '../../store/repository.js';
import { NotFoundError } from '../../store/errors.js';
import { authorize, visiblePrograms } from '../auth/index.js';
import type { Principal } from '../auth/index.js';
import type { AppDeps, AppEnv } from '../app.js';
import type { ChangeEvent, EventHub } from '../events.js';
import type { Store } from '../../store/open.js';

/** Seconds between heartbeat comments, so proxies keep the stream open and dead clients are noticed. */
export const HEARTBEAT_MS = 15_000;

/**
 * Adds the SSE routes. A stream starts with `event: ready`, then one `event: change` per write (`id:` a number
 * growing per stream, `data:` the ChangeEvent JSON), and a `: heartbeat` comment every HEARTBEAT_MS.
 */
export function registerEventRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps & { events: EventHub }, heartbeatMs = HEARTBEAT_MS): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs/{id}/events',
      tags: ['events'],
      summary: "Live changes of a program (server-sent events; fed by PostgreSQL LISTEN/NOTIFY across server processes)",
      request: { params: z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'an event stream: ready, then change events', content: { 'text/event-stream': { schema: z.string() } } }, 401: { description: 'no valid token' }, 404: { description: 'no such program' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await authorize(deps.store, c.get('principal'), id, 'read');
      const program = await getProgram(deps.store, id);
      if (!program) throw new NotFoundError('program', id);
      return changeStream(c, deps.events, id, { programId: id, version: program.version }, async () => true, heartbeatMs);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/events',
      tags: ['events'],
      summary: 'Live changes of every program the caller may read (server-sent events): imports, edits, syncs and deletions',
      responses: {
        200: { description: 'an event stream: ready (the programs readable now, with their versions), then change events', content: { 'text/event-stream': { schema: z.string() } } },
        401: { description: 'no valid token' },
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const visible = await visiblePrograms(deps.store, principal);
      const readable = (await listPrograms(deps.store)).filter((p) => visible === 'all' || visible.has(p.id));
      const seen = new Set(readable.map((p) => p.id));
      return changeStream(c, deps.events, null, { programs: readable.map((p) => ({ id: p.id, version: p.version })) }, (change) => mayHear(deps.store, principal, seen, change), heartbeatMs);
    },
  );
}

/**
 * Whether the reader of a portfolio stream hears `change`: a change of a program it could read when the stream
 * opened or since (its deletion included, once), or of one it may read now (a program imported or shared since).
 */
async function mayHear(store: Store, principal: Principal, seen: Set<string>, change: ChangeEvent): Promise<boolean> {
  if (change.action === 'delete') return seen.delete(change.programId) || principal.admin;
  if (seen.has(change.programId)) return true;
  try {
    await authorize(store, principal, change.programId, 'read');
  } catch {
    return false;
  }
  seen.add(change.programId);
  return true;
}

/** Streams `ready` then the changes of `programId` (null: every program) that `hears` lets through, until the client goes. */
function changeStream(c: Context<AppEnv>, events: EventHub, programId: string | null, ready: unknown, hears: (change: ChangeEvent) => Promise<boolean>, heartbeatMs: number): Response {
  const logger = c.get('logger');
  return streamSSE(c, async (stream) => {
    let seq = 0;
    let wake: (() => void) | undefined;
    let ended = false;
    const pending: ChangeEvent[] = [];
    const unsubscribe = await events.subscribe(programId, {
      event: (change) => {
        pending.push(change);
        wake?.();
      },
      close: () => {
        ended = true;
        wake?.();
      },
    });
    stream.onAbort(() => {
      ended = true;
      wake?.();
    });
    try {
      await stream.writeSSE({ event: 'ready', data: JSON.stringify(ready), id: String(seq++) });
      while (!ended && !stream.aborted) {
        const next = pending.shift();
        if (next) {
          if (await hears(next)) await stream.writeSSE({ event: 'change', data: JSON.stringify(next), id: String(seq++) });
          continue;
        }
        const beat = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = undefined;
        if (beat && !ended) await stream.write(': heartbeat\n\n');
      }
    } catch (e) {
      logger.debug({ err: e }, 'an SSE stream ended');
    } finally {
      unsubscribe();
    }
  });
}
