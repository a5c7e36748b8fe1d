/**
 * Connectors through the server into the store (issue 10 §4):
 * - `POST /api/programs/{id}/sync` `{dryRun?, prune?, full?}`: re-syncs a stored program from the tracker its `x-sync`
 *   names and stores the result as a new version (write access; audited; a concurrent edit is a 409). The tracker
 *   credentials are the SERVER's environment variables (docs/connectors.md), never anything in the request.
 * - `POST /api/import/{kind}` (mspdi | csv | jira-csv) `{content, file?, id?}`: converts the file as
 *   `vantage import KIND FILE` does and stores it as a new program; the importer becomes its owner.
 * Tracker failures are 502 (the tracker refused or failed), 503 (the server has no credentials for it) or 400/422
 * (the program cannot be synced); the message never carries a credential.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Env, HttpSettings } from '../../io/trackers/fetch.js';
import { TrackerError } from '../../io/trackers/http.js';
import { ConflictError } from '../../store/errors.js';
import { transact, type Change } from '../../store/repository.js';
import type { Store } from '../../store/open.js';
import { IMPORT_KINDS, importFileIntoStore, syncStoredProgram } from '../../service/connectors.js';
import { syncReportJson } from '../../service/sync-text.js';
import { authorize } from '../auth/index.js';
import { grant } from '../auth/repo.js';
import type { AppEnv } from '../app.js';
import { DiagnosticsError, HttpError, wireDiagnostic } from '../errors.js';
import type { EventHub } from '../events.js';

/**
 * What the connector routes run on. `trackerEnv`: where tracker credentials are read (default: this process's
 * environment, read on each request); `trackerHttp`: retry/backoff settings (tests shorten them).
 */
export type ConnectorDeps = { store: Store; events: EventHub; today: () => string; trackerEnv?: () => Env; trackerHttp?: HttpSettings };

type Ctx = Context<AppEnv>;

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }).passthrough() });
const ERROR_TEXT: Record<number, string> = {
  400: 'bad request, or the program was not imported from a tracker',
  401: 'no valid token',
  403: 'not allowed for your role',
  404: 'no such program (or not visible to you)',
  409: 'the program changed while it synced, or the id is taken',
  422: 'the result would be an invalid program: diagnostics',
  502: 'the tracker refused the server’s credentials, failed or sent a malformed payload',
  503: 'the server has no credentials for the tracker',
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [code, { description: ERROR_TEXT[code] ?? 'error', content: { 'application/json': { schema: ErrorSchema } } }]));

const Diagnostic = z.object({ file: z.string().nullable(), line: z.number().nullable(), column: z.number().nullable(), message: z.string(), code: z.string(), severity: z.string() });
const ProgramId = z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'payments' });
const Kind = z.enum(IMPORT_KINDS).openapi({ param: { name: 'kind', in: 'path' }, example: 'mspdi' });

const SyncBody = z
  .object({
    dryRun: z.boolean().optional().openapi({ description: 'plan only: store nothing' }),
    prune: z.boolean().optional().openapi({ description: 'remove items deleted upstream or moved out of the query' }),
    full: z.boolean().optional().openapi({ description: 'fetch every issue, not only those updated since the last sync' }),
  })
  .strict()
  .openapi('SyncRequest');
const SyncSource = z.object({
  source: z.string(),
  since: z.string().nullable(),
  added: z.array(z.object({ id: z.string(), key: z.string().optional(), title: z.string(), status: z.string() })),
  updated: z.array(z.object({ id: z.string(), key: z.string(), changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })) })),
  unchanged: z.number().int(),
  gone: z.array(z.object({ id: z.string(), key: z.string(), removed: z.boolean() })),
  workstreams: z.array(z.object({ id: z.string(), title: z.string() })),
});
const SyncResult = z
  .object({ id: z.string(), written: z.boolean(), fromVersion: z.number().int(), version: z.number().int(), sources: z.array(SyncSource), diagnostics: z.array(Diagnostic) })
  .openapi('SyncResult');

const ImportFileBody = z
  .object({
    content: z.string().min(1).openapi({ description: 'the file text: MS Project XML, an items CSV or a Jira CSV export' }),
    file: z.string().min(1).max(300).optional().openapi({ description: 'its file name (diagnostics; the default id)' }),
    id: z.string().regex(/^[A-Za-z0-9._-]+$/).max(200).optional().openapi({ description: 'store under this id (default: from the file)' }),
  })
  .strict()
  .openapi('FileImport');
const ImportResult = z.object({ program: z.object({ id: z.string(), name: z.string(), fileName: z.string(), version: z.number().int(), updatedAt: z.string() }), created: z.boolean(), diagnostics: z.array(Diagnostic) });

/** A TrackerError as an HTTP error. Upstream 401/403 are 502: the caller's own token was fine. */
function trackerHttpError(e: TrackerError): HttpError {
  switch (e.kind) {
    case 'usage':
      return new HttpError(400, 'not-syncable', e.message);
    case 'config':
      return new HttpError(503, 'tracker-not-configured', e.message);
    case 'payload':
      return new HttpError(502, 'tracker-bad-payload', `${e.message}; nothing was written`);
    case 'auth':
      return new HttpError(502, 'tracker-auth', `${e.message}; nothing was written`);
    default:
      return new HttpError(502, 'tracker-unavailable', `${e.message}; nothing was written`);
  }
}

/** Adds `POST /api/programs/{id}/sync` and `POST /api/import/{kind}` to `app`. */
export function registerConnectorRoutes(app: OpenAPIHono<AppEnv>, deps: ConnectorDeps): void {
  const { store, events } = deps;
  const actor = (c: Ctx): Change => ({ actor: c.get('principal').name });
  const publish = async (c: Ctx, change: Parameters<EventHub['publish']>[0]): Promise<void> => {
    try {
      await events.publish(change);
    } catch (e) {
      c.get('logger').warn({ err: e, change }, 'could not publish a change');
    }
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/programs/{id}/sync',
      tags: ['connectors'],
      summary: 'Re-sync a stored program from its tracker (credentials from the server’s environment) and store it as a new version',
      request: { params: z.object({ id: ProgramId }), body: { required: false, content: { 'application/json': { schema: SyncBody } } } },
      responses: { 200: { description: 'the plan, and the new version unless dryRun', content: { 'application/json': { schema: SyncResult } } }, ...errors(400, 401, 403, 404, 409, 422, 502, 503) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await authorize(store, c.get('principal'), id, 'write', { section: 'program' });
      const body = c.req.header('Content-Type')?.includes('json') ? c.req.valid('json') : {};
      let r: Awaited<ReturnType<typeof syncStoredProgram>>;
      try {
        r = await syncStoredProgram(store, id, actor(c), {
          env: deps.trackerEnv?.() ?? process.env,
          http: deps.trackerHttp ?? {},
          ...(body.full ? { full: true } : {}),
          ...(body.prune ? { prune: true } : {}),
          ...(body.dryRun ? { dryRun: true } : {}),
        });
      } catch (e) {
        if (e instanceof TrackerError) throw trackerHttpError(e);
        throw e;
      }
      if (!r.ok) throw new DiagnosticsError(r.diagnostics);
      if (r.written) await publish(c, { programId: id, section: 'program', entryId: null, action: 'sync', version: r.version });
      const result = { id, written: r.written, fromVersion: r.fromVersion, version: r.version, sources: syncReportJson(r.reports, Boolean(body.prune)), diagnostics: r.diagnostics.map(wireDiagnostic) };
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/import/{kind}',
      tags: ['connectors'],
      summary: 'Import an MS Project XML, items CSV or Jira CSV file as a new program (you become its owner)',
      request: { params: z.object({ kind: Kind }), body: { required: true, content: { 'application/json': { schema: ImportFileBody } } } },
      responses: { 201: { description: 'created (you are its owner)', content: { 'application/json': { schema: ImportResult } } }, ...errors(400, 401, 409, 422) },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      const body = c.req.valid('json');
      const principal = c.get('principal');
      const file = body.file ?? `import.${kind === 'mspdi' ? 'xml' : 'csv'}`;
      const result = await transact(store, async (t) => {
        // Create only: replacing a program is POST /api/programs, with its own access check.
        const r = await importFileIntoStore(t, kind, body.content, { file, today: deps.today(), createOnly: true, ...(body.id !== undefined ? { id: body.id } : {}) }, actor(c));
        if (r.ok && !principal.admin) await grant(t, r.program.id, principal.userId, 'owner', [], actor(c));
        return r;
      }).catch((e: unknown) => {
        // Never the stored program in the body: the importer may not be allowed to read it.
        if (e instanceof ConflictError) throw new HttpError(409, 'exists', 'a program with this id is stored already; give another id (replacing is POST /api/programs)');
        throw e;
      });
      if (!result.ok) throw new DiagnosticsError(result.diagnostics);
      const p = result.program;
      await publish(c, { programId: p.id, section: 'program', entryId: null, action: 'import', version: p.version });
      const program = { id: p.id, name: p.name, fileName: p.fileName, version: p.version, updatedAt: p.updatedAt };
      return c.json({ program, created: true, diagnostics: result.diagnostics.map(wireDiagnostic) }, 201);
    },
  );
}
