/**
 * The HTTP API: one hono app on Web-standard Request/Response. `createApp(deps)` wires logging (pino, one line per
 * request), request ids, body limits, authentication, the routes (health, OpenAPI document, programs, sections,
 * engines, live events, jobs when the jobs module is present) and the one error mapping (errors.ts).
 * Tests call `app.request(url, init)`; `startServer` (server.ts) puts it on a port.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Store } from '../store/open.js';
import { authenticate, type Principal } from './auth/index.js';
import { errorResponse, HttpError } from './errors.js';
import { createEventHub, type EventHub } from './events.js';
import { registerProgramRoutes } from './routes/programs.js';
import { registerConnectorRoutes } from './routes/connectors.js';
import { registerEventRoutes } from './routes/events.js';
import { jobRoutes } from './routes/jobs.js';
import type { JobQueue } from './jobs/queue.js';
import { rootPage } from './routes/root-page.js';
import { webHandler } from './web.js';

/**
 * What the app runs on. `today()` gives the status date (ISO) when a request names none; default: the UTC clock.
 * `sseHeartbeatMs`: milliseconds between SSE heartbeat comments (default 15 s).
 */
export type AppDeps = { store: Store; logger: Logger; jobs?: JobQueue; today?: () => string; events?: EventHub; sseHeartbeatMs?: number; /** The built web cockpit's folder (default dist/web); false: API only. */ webDir?: string | false };

/** The request context's variables: the authenticated principal, the request id and its logger. */
export type AppEnv = { Variables: { principal: Principal; requestId: string; logger: Logger } };

/** Bodies above these are refused with 413: program imports may be large, everything else is small. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const BODY_LIMIT = 256 * 1024;

const tooLarge = (max: number) => new HttpError(413, 'too-large', `the request body is larger than ${Math.round(max / 1024)} KB`);

/**
 * The API app. Example: `const app = createApp({ store, logger }); const res = await app.request('/healthz')`.
 * `deps.events` defaults to a hub over `deps.store` (it LISTENs on the first SSE subscription).
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const events = deps.events ?? createEventHub(deps.store, deps.logger);
  const full: AppDeps & { events: EventHub; today: () => string } = { ...deps, events, today: deps.today ?? (() => new Date().toISOString().slice(0, 10)) };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, result.error);
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    const given = c.req.header('X-Request-Id');
    const requestId = given !== undefined && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('logger', deps.logger.child({ requestId }));
    deps.logger.debug({ requestId, method: c.req.method, path: c.req.path }, 'request started');
    await next();
    c.header('X-Request-Id', requestId);
    const principal = c.get('principal') as Principal | undefined;
    deps.logger.info(
      { requestId, method: c.req.method, route: c.req.routePath, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10, principal: principal?.userId ?? null },
      'request',
    );
  });
  const importLimit = bodyLimit({ maxSize: IMPORT_BODY_LIMIT, onError: (c) => errorResponse(c, tooLarge(IMPORT_BODY_LIMIT)) });
  const defaultLimit = bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => errorResponse(c, tooLarge(BODY_LIMIT)) });
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && (c.req.path === '/api/programs' || c.req.path.startsWith('/api/import/')) ? importLimit(c, next) : defaultLimit(c, next)));
  const auth = authenticate(deps.store) as unknown as MiddlewareHandler<AppEnv>; // same variables, narrower env type
  app.use('/api/*', (c, next) => (c.req.path === '/api/openapi.json' ? next() : auth(c, next)));

  app.onError((e, c) => errorResponse(c, e));
  app.notFound((c) => errorResponse(c, new HttpError(404, 'not-found', `no route ${c.req.method} ${c.req.path}; see /api/openapi.json`)));

  app.openapi(
    createRoute({ method: 'get', path: '/healthz', tags: ['operations'], summary: 'Liveness: 200 while the process serves', responses: { 200: { description: 'up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['operations'],
      summary: 'Readiness: 200 when the store answers, 503 otherwise',
      responses: {
        200: { description: 'ready', content: { 'application/json': { schema: z.object({ status: z.string(), store: z.string() }) } } },
        503: { description: 'not ready', content: { 'application/json': { schema: z.object({ status: z.string(), store: z.string() }) } } },
      },
    }),
    async (c) => {
      try {
        await deps.store.db.execute(sql`select 1`);
        return c.json({ status: 'ready', store: deps.store.kind }, 200);
      } catch {
        return c.json({ status: 'unavailable', store: deps.store.kind }, 503);
      }
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/me',
      tags: ['access'],
      summary: 'The principal behind the bearer token',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'who you are', content: { 'application/json': { schema: z.object({ userId: z.string(), name: z.string(), admin: z.boolean() }) } } } },
    }),
    (c) => {
      const p = c.get('principal');
      return c.json({ userId: p.userId, name: p.name, admin: p.admin }, 200);
    },
  );
  // The web cockpit (dist/web) for every non-API GET once it is built; before that, `/` is the small page below.
  if (deps.webDir !== false) app.all('*', webHandler(deps.webDir, { whenMissing: 'next' }));
  app.openapi(
    createRoute({ method: 'get', path: '/', tags: ['operations'], summary: 'A small HTML page: the API links and, with a token, your programs', security: [], responses: { 200: { description: 'the page', content: { 'text/html': { schema: z.string() } } } } }),
    (c) => c.html(rootPage(), 200),
  );

  registerEventRoutes(app, full, deps.sseHeartbeatMs);
  app.route('/api', jobRoutes(full));
  registerConnectorRoutes(app, full); // before the program routes: /api/programs/{id}/{section} would take /sync
  registerProgramRoutes(app, full);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'an API token (vantage token create USER)' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Vantage API', version: '0.1.0', description: 'Programs, their sections, the engines and live updates. Errors: {error: {code, message, ...}}.' },
    security: [{ bearer: [] }],
  });
  return app;
}
