/**
 * The API on a port: `startServer` opens nothing itself; it takes an open store, builds the app (with its event hub
 * and the job queue when given) and listens. `close()` is the graceful shutdown: stop accepting, end the SSE streams,
 * let in-flight requests finish (bounded), stop the jobs (running ones are cancelled back to the queue), close the store.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import type { Store } from '../store/open.js';
import { createApp } from './app.js';
import { createEventHub } from './events.js';
import type { JobQueue } from './jobs/queue.js';

export type ServerOptions = {
  store: Store;
  logger: Logger;
  /** 0: any free port. */
  port: number;
  host?: string;
  jobs?: JobQueue;
  /** Stops the in-process job worker loop, when one runs (before the queue is stopped). */
  stopWorker?: () => Promise<void>;
  today?: () => string;
  /** How long close() waits for in-flight requests before it drops their connections (default 10 s). */
  drainMs?: number;
};

export type RunningServer = { url: string; port: number; close(): Promise<void> };

/**
 * Listens on `options.port` (0: any) and resolves once it does. Example:
 * `const s = await startServer({ store, logger, port: 0 }); console.log(s.url); await s.close();`.
 * close() closes the store too (the server owns it from here on) and is idempotent.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { store, logger } = options;
  const events = createEventHub(store, logger);
  const app = createApp({ store, logger, events, ...(options.jobs ? { jobs: options.jobs } : {}), ...(options.today ? { today: options.today } : {}) });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      logger.info({ subscribers: events.size() }, 'shutting down');
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await events.close(); // ends every SSE stream, so only real in-flight requests hold the server open
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([drained.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.drainMs ?? 10_000)))]);
      clearTimeout(timer);
      if (timedOut) {
        logger.warn('in-flight requests did not finish in time; closing their connections');
        server.closeAllConnections();
        await drained;
      }
      try {
        await options.stopWorker?.();
        await options.jobs?.stop({ graceful: true });
      } catch (e) {
        logger.error({ err: e }, 'stopping the jobs failed');
      }
      await store.close();
      logger.info('stopped');
    })());
  logger.info({ url, store: store.kind }, 'listening');
  return { url, port, close };
}
