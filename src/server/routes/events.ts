/** `GET /api/programs/{id}/events`: server-sent events of one program's changes (readers only), with heartbeats. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { getProgram } from '../../store/repository.js';
import { NotFoundError } from '../../store/errors.js';
import { authorize } from '../auth/index.js';
import type { AppDeps, AppEnv } from '../app.js';
import type { ChangeEvent, EventHub } from '../events.js';

/** Seconds between heartbeat comments, so proxies keep the stream open and dead clients are noticed. */
export const HEARTBEAT_MS = 15_000;

/**
 * Adds the SSE route. The stream starts with `event: ready`, then one `event: change` per write (`id:` a number
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
      const logger = c.get('logger');
      return streamSSE(c, async (stream) => {
        let seq = 0;
        let wake: (() => void) | undefined;
        let ended = false;
        const pending: ChangeEvent[] = [];
        const unsubscribe = await deps.events.subscribe(id, {
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
          await stream.writeSSE({ event: 'ready', data: JSON.stringify({ programId: id, version: program.version }), id: String(seq++) });
          while (!ended && !stream.aborted) {
            const next = pending.shift();
            if (next) {
              await stream.writeSSE({ event: 'change', data: JSON.stringify(next), id: String(seq++) });
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
    },
  );
}
