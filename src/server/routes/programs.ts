/**
 * Programs, their sections and the engines over them:
 * - `GET|POST /api/programs`, `GET|DELETE /api/programs/{id}`, `GET /api/programs/{id}/export`;
 * - `GET|POST /api/programs/{id}/{section}`, `GET|PUT|DELETE /api/programs/{id}/{section}/{entryId}` (a write names
 *   the version it read, in the body or `If-Match`; stale: 409 with the current entry);
 * - `GET|POST /api/programs/{id}/{engine}`: the JSON of `vantage ENGINE FILE --format json` (the risk engine is at
 *   `/risk-report`, since `/risks` is the risks section).
 * Every route checks access (auth/index.ts) before it reads; every successful write is published (events.ts).
 */
import { count, eq, getTableColumns } from 'drizzle-orm';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SECTIONS, entries as entriesTable, programs as programsTable, type Section } from '../../store/schema.js';
import { deleteProgram, getEntry, getProgram, lastAuditOf, listEntries, listPrograms, transact, type Change, type EntryRecord, type Json } from '../../store/repository.js';
import { createEntry, deleteEntry, exportProgram, importProgram, updateEntry, type EditedEntry, type Invalid } from '../../service/programs.js';
import { ConflictError, NotFoundError } from '../../store/errors.js';
import type { Store } from '../../store/open.js';
import { authorize, authorizeEntryWrite, visiblePrograms } from '../auth/index.js';
import { getMembership, grant } from '../auth/repo.js';
import type { AppDeps, AppEnv } from '../app.js';
import { DiagnosticsError, EntryConflictError, HttpError, wireDiagnostic } from '../errors.js';
import type { EventHub } from '../events.js';
import { EngineCache } from '../engine-cache.js';
import { ENGINES, MAX_REQUEST_TRIALS, loadStoredProgram, runEngine, type EngineName, type EngineParams } from './engines.js';

type Deps = AppDeps & { events: EventHub; today: () => string };
type Ctx = Context<AppEnv>;

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }).passthrough() }).openapi('Error');
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, { description: ERROR_TEXT[code] ?? 'error', content: { 'application/json': { schema: ErrorSchema } } }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'bad request (validation issues)',
  401: 'no valid token',
  403: 'not allowed for your role',
  404: 'no such program or entry (or not visible to you)',
  409: 'stale version: carries the current record',
  413: 'body too large',
  422: 'the change would make the program invalid: diagnostics',
};

const Json = z.record(z.string(), z.unknown());
const ProgramSummary = z.object({ id: z.string(), name: z.string(), fileName: z.string(), version: z.number().int(), updatedAt: z.string(), items: z.number().int() }).openapi('ProgramSummary');
const ProgramDetail = z
  .object({
    id: z.string(),
    name: z.string(),
    fileName: z.string(),
    version: z.number().int(),
    info: Json,
    time: Json.optional(),
    rules: Json.optional(),
    historyFile: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    sections: z.record(z.string(), z.number().int()),
    access: z.object({ role: z.enum(['admin', 'owner', 'editor', 'lead', 'viewer']), workstreams: z.array(z.string()).openapi({ description: 'the workstreams a lead may write (empty for other roles)' }) }),
  })
  .openapi('Program');
const Entry = z.object({ programId: z.string(), section: z.enum(SECTIONS), entryId: z.string(), position: z.number().int(), version: z.number().int(), data: Json }).openapi('Entry');
const Diagnostic = z.object({ file: z.string().nullable(), line: z.number().nullable(), column: z.number().nullable(), message: z.string(), code: z.string(), severity: z.string() }).openapi('Diagnostic');
const EntryWritten = z.object({ entry: Entry.nullable(), programVersion: z.number().int(), diagnostics: z.array(Diagnostic) });

const ProgramId = z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'checkout' });
const SectionParam = z.enum(SECTIONS).openapi({ param: { name: 'section', in: 'path' }, example: 'items' });
const EntryIdParam = z.string().min(1).max(200).openapi({ param: { name: 'entryId', in: 'path' }, example: 'PAY-1' });
const IdParams = z.object({ id: ProgramId });
const SectionParams = z.object({ id: ProgramId, section: SectionParam });
const EntryParams = z.object({ id: ProgramId, section: SectionParam, entryId: EntryIdParam });
const IfMatch = z.object({ 'if-match': z.string().optional().openapi({ description: 'the version you read, e.g. "3" (or give `version` in the body)' }) });

const ImportBody = z
  .object({
    text: z.string().min(1).openapi({ description: 'the program file text (YAML)' }),
    file: z.string().min(1).max(300).optional().openapi({ description: 'its file name, for diagnostics and export (default program.vantage.yaml)' }),
    id: z.string().min(1).max(200).optional().openapi({ description: 'store under this id (default: program.id)' }),
    files: z.array(z.object({ path: z.string().min(1).max(300), content: z.string() })).max(100).optional().openapi({ description: 'files the program names (history CSV, calendars)' }),
    version: z.number().int().min(0).optional().openapi({ description: 'replace only if the stored program is at this version (0: must be new)' }),
  })
  .openapi('ProgramImport');
const CreateBody = z.object({ data: Json.openapi({ description: 'the entry as the program file writes it, with its id' }) }).openapi('EntryCreate');
const UpdateBody = z.object({ data: Json.openapi({ description: 'the whole entry as the program file writes it' }), version: z.number().int().min(1).optional() }).openapi('EntryUpdate');

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const EngineQuery = z
  .object({
    today: z.string().regex(ISO).optional().openapi({ description: 'status date (default: the server date)' }),
    seed: z.string().optional(),
    trials: z.string().optional().openapi({ description: `Monte Carlo trials (at most ${MAX_REQUEST_TRIALS}; more: run a forecast job)` }),
    level: z.enum(['true', 'false', 'auto']).optional(),
  })
  .passthrough();

function actor(c: Ctx): Change {
  return { actor: c.get('principal').name };
}

/** The version a write names: `version` in the body, else the If-Match header ("3", W/"3"); undefined: unconditional. */
function expectedVersion(c: Ctx, bodyVersion: number | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = c.req.header('If-Match');
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw new HttpError(400, 'bad-request', `If-Match must be a version such as "3", not '${header}'`);
  return Number(m[1]);
}

function unwrap(r: EditedEntry | Invalid): EditedEntry {
  if (!r.ok) throw new DiagnosticsError(r.diagnostics);
  return r;
}

function written(r: EditedEntry) {
  return { entry: r.entry ?? null, programVersion: r.program.version, diagnostics: r.diagnostics.map(wireDiagnostic) };
}

async function sectionCounts(deps: Deps, id: string): Promise<Record<string, number>> {
  const rows = await deps.store.db.select({ section: entriesTable.section, n: count() }).from(entriesTable).where(eq(entriesTable.programId, id)).groupBy(entriesTable.section);
  const out: Record<string, number> = Object.fromEntries(SECTIONS.map((s) => [s, 0]));
  for (const r of rows) out[r.section] = Number(r.n);
  return out;
}

/** A program without its text (which may be megabytes): what `GET /api/programs/{id}` shows. Throws NotFoundError. */
async function programHeader(deps: Deps, id: string) {
  const { source: _source, ...columns } = getTableColumns(programsTable);
  const [r] = await deps.store.db.select(columns).from(programsTable).where(eq(programsTable.id, id));
  if (!r) throw new NotFoundError('program', id);
  const out = { id: r.id, name: r.name, fileName: r.fileName, version: r.version, info: r.info as Json, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
  return { ...out, ...(r.time !== null ? { time: r.time as Json } : {}), ...(r.rules !== null ? { rules: r.rules as Json } : {}), ...(r.historyFile !== null ? { historyFile: r.historyFile } : {}) };
}

/** The status date of an engine request: `today` in the query/body, else the server's. */
function todayOf(deps: Deps, params: EngineParams): string {
  const t = params.today;
  if (t === undefined || t === '') return deps.today();
  if (typeof t !== 'string' || !ISO.test(t) || Number.isNaN(Date.parse(t))) throw new HttpError(400, 'bad-request', `today must be a date like 2026-11-25, not '${String(t)}'`);
  return t;
}

/** Adds every program, section and engine route to `app`. */
export function registerProgramRoutes(app: OpenAPIHono<AppEnv>, deps: Deps): void {
  const { store, events } = deps;
  const publish = async (c: Ctx, change: Parameters<EventHub['publish']>[0]): Promise<void> => {
    try {
      await events.publish({ ...change, actor: c.get('principal').name });
    } catch (e) {
      // The write has landed; a lost notification only delays live views (they reload on reconnect).
      c.get('logger').warn({ err: e, change }, 'could not publish a change');
    }
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs',
      tags: ['programs'],
      summary: 'The programs you may read',
      responses: { 200: { description: 'programs', content: { 'application/json': { schema: z.object({ programs: z.array(ProgramSummary) }) } } }, ...errors(401) },
    }),
    async (c) => {
      const visible = await visiblePrograms(store, c.get('principal'));
      const programs = (await listPrograms(store)).filter((p) => visible === 'all' || visible.has(p.id));
      return c.json({ programs }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/programs',
      tags: ['programs'],
      summary: 'Import a program file (all or nothing); replaces a stored one as a new version',
      request: { body: { required: true, content: { 'application/json': { schema: ImportBody } } } },
      responses: {
        201: { description: 'created (you are its owner)', content: { 'application/json': { schema: z.object({ program: ProgramSummary.omit({ items: true }), created: z.boolean(), diagnostics: z.array(Diagnostic) }) } } },
        200: { description: 'replaced', content: { 'application/json': { schema: z.object({ program: ProgramSummary.omit({ items: true }), created: z.boolean(), diagnostics: z.array(Diagnostic) }) } } },
        ...errors(400, 401, 403, 404, 409, 413, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const principal = c.get('principal');
      const input = { text: body.text, file: body.file ?? 'program.vantage.yaml', ...(body.files ? { files: body.files } : {}), ...(body.id ? { id: body.id } : {}) };
      const result = await transact(store, async (t) => {
        const r = await importProgram(t, input, actor(c), body.version !== undefined ? { expectedVersion: body.version } : {});
        if (!r.ok) return r;
        // Replacing needs write access there (a lead may not); a new program makes its importer the owner.
        // Checked on the transaction's connection: PGlite runs one transaction at a time, so `store` would wait on it.
        if (!r.created) await authorize({ ...store, db: t.db as Store['db'] }, principal, r.program.id, 'write', { section: 'program' });
        else if (!principal.admin) await grant(t, r.program.id, principal.userId, 'owner', [], actor(c));
        return r;
      });
      if (!result.ok) throw new DiagnosticsError(result.diagnostics);
      const p = result.program;
      await publish(c, { programId: p.id, section: 'program', entryId: null, action: result.created ? 'import' : 'replace', version: p.version });
      const program = { id: p.id, name: p.name, fileName: p.fileName, version: p.version, updatedAt: p.updatedAt };
      return c.json({ program, created: result.created, diagnostics: result.diagnostics.map(wireDiagnostic) }, result.created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs/{id}',
      tags: ['programs'],
      summary: 'A program: its header, version and the number of entries per section',
      request: { params: IdParams },
      responses: { 200: { description: 'the program', content: { 'application/json': { schema: ProgramDetail } } }, ...errors(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const principal = c.get('principal');
      const role = await authorize(store, principal, id, 'read');
      const p = await programHeader(deps, id);
      c.header('ETag', `"${p.version}"`);
      const workstreams = role === 'lead' ? ((await getMembership(store, id, principal.userId))?.workstreams ?? []) : [];
      return c.json({ ...p, sections: await sectionCounts(deps, id), access: { role, workstreams } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/programs/{id}',
      tags: ['programs'],
      summary: 'Delete a program (owners); If-Match makes it conditional',
      request: { params: IdParams, headers: IfMatch },
      responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await authorize(store, c.get('principal'), id, 'manage');
      await deleteProgram(store, id, actor(c), expectedVersion(c, undefined));
      await publish(c, { programId: id, section: 'program', entryId: null, action: 'delete', version: null });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs/{id}/export',
      tags: ['programs'],
      summary: 'The program file, byte for byte (format=json: with its files)',
      request: { params: IdParams, query: z.object({ format: z.enum(['yaml', 'json']).optional() }) },
      responses: {
        200: {
          description: 'the file',
          content: {
            'application/yaml': { schema: z.string() },
            'application/json': { schema: z.object({ fileName: z.string(), source: z.string(), files: z.array(z.object({ path: z.string(), content: z.string() })) }) },
          },
        },
        ...errors(401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await authorize(store, c.get('principal'), id, 'read');
      const e = await exportProgram(store, id);
      if (c.req.valid('query').format === 'json') return c.json(e, 200);
      c.header('Content-Disposition', `attachment; filename="${e.fileName.replace(/[^\w.-]/g, '_')}"`);
      return c.body(e.source, 200, { 'Content-Type': 'application/yaml; charset=utf-8' });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs/{id}/model',
      tags: ['programs'],
      summary: 'The program as the engines read it (parsed and validated): what the cockpit runs what-ifs on in the browser',
      request: { params: IdParams },
      responses: { 200: { description: 'the parsed program and its version', content: { 'application/json': { schema: z.object({ version: z.number().int(), program: Json }) } } }, ...errors(401, 404, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await authorize(store, c.get('principal'), id, 'read');
      const p = await programHeader(deps, id);
      const { program } = await loadStoredProgram(store, id);
      c.header('ETag', `"${p.version}"`);
      return c.json({ version: p.version, program: program as unknown as Json }, 200);
    },
  );

  const engineCache = new EngineCache();
  for (const engine of ENGINES) registerEngine(app, deps, engine, engineCache);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs/{id}/{section}',
      tags: ['sections'],
      summary: 'The entries of a section, in file order',
      request: { params: SectionParams },
      responses: { 200: { description: 'entries', content: { 'application/json': { schema: z.object({ entries: z.array(Entry) }) } } }, ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { id, section } = c.req.valid('param');
      await authorize(store, c.get('principal'), id, 'read');
      if (!(await getProgram(store, id))) throw new NotFoundError('program', id);
      return c.json({ entries: await listEntries(store, id, section) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/programs/{id}/{section}',
      tags: ['sections'],
      summary: 'Add an entry at the end of a section (validated as the whole program)',
      request: { params: SectionParams, body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
      responses: { 201: { description: 'created', content: { 'application/json': { schema: EntryWritten } } }, ...errors(400, 401, 403, 404, 413, 422) },
    }),
    async (c) => {
      const { id, section } = c.req.valid('param');
      const { data } = c.req.valid('json');
      await authorizeEntryWrite(store, c.get('principal'), id, section, { after: data });
      const r = unwrap(await createEntry(store, id, section, data, actor(c)));
      await publish(c, { programId: id, section, entryId: r.entry?.entryId ?? String(data.id), action: 'create', version: r.program.version });
      return c.json(written(r), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/programs/{id}/{section}/{entryId}',
      tags: ['sections'],
      summary: 'One entry, with its version (also as ETag)',
      request: { params: EntryParams },
      responses: { 200: { description: 'the entry', content: { 'application/json': { schema: Entry } } }, ...errors(400, 401, 404) },
    }),
    async (c) => {
      const { id, section, entryId } = c.req.valid('param');
      await authorize(store, c.get('principal'), id, 'read');
      const entry = await getEntry(store, id, section, entryId);
      if (!entry) throw new NotFoundError(`entry in ${section}`, `${id}/${entryId}`);
      c.header('ETag', `"${entry.version}"`);
      return c.json(entry, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/programs/{id}/{section}/{entryId}',
      tags: ['sections'],
      summary: 'Replace an entry; with `version` (or If-Match) a stale write gets 409 and the current entry',
      request: { params: EntryParams, headers: IfMatch, body: { required: true, content: { 'application/json': { schema: UpdateBody } } } },
      responses: {
        200: { description: 'updated', content: { 'application/json': { schema: EntryWritten } } },
        ...errors(400, 401, 403, 404, 409, 413, 422),
      },
    }),
    async (c) => {
      const { id, section, entryId } = c.req.valid('param');
      const body = c.req.valid('json');
      const version = expectedVersion(c, body.version);
      const before = await currentEntry(c, deps, id, section, entryId);
      await authorizeEntryWrite(store, c.get('principal'), id, section, { before: before.data, after: { id: entryId, ...body.data } });
      const r = unwrap(await withChangedBy(store, id, section, entryId, () => updateEntry(store, id, section, entryId, body.data, actor(c), version)));
      await publish(c, { programId: id, section, entryId, action: 'update', version: r.program.version });
      return c.json(written(r), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/programs/{id}/{section}/{entryId}',
      tags: ['sections'],
      summary: 'Delete an entry (422 when something still refers to it); If-Match makes it conditional',
      request: { params: EntryParams, headers: IfMatch },
      responses: { 200: { description: 'deleted', content: { 'application/json': { schema: EntryWritten } } }, ...errors(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, section, entryId } = c.req.valid('param');
      const version = expectedVersion(c, undefined);
      const before = await currentEntry(c, deps, id, section, entryId);
      await authorizeEntryWrite(store, c.get('principal'), id, section, { before: before.data });
      const r = unwrap(await withChangedBy(store, id, section, entryId, () => deleteEntry(store, id, section, entryId, actor(c), version)));
      await publish(c, { programId: id, section, entryId, action: 'delete', version: r.program.version });
      return c.json(written(r), 200);
    },
  );
}

/** Runs an entry write; a stale version's ConflictError becomes an EntryConflictError naming who changed it last, and when. */
async function withChangedBy<T>(store: Store, id: string, section: Section, entryId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    const last = await lastAuditOf(store, id, section, entryId);
    throw new EntryConflictError(e.message, e.current, last?.actor ?? null, last?.at ?? null);
  }
}

/** The entry as it is now, after a read check (so a non-member gets 404 for the program, not for the entry). */
async function currentEntry(c: Ctx, deps: Deps, id: string, section: Section, entryId: string): Promise<EntryRecord> {
  await authorize(deps.store, c.get('principal'), id, 'read');
  const entry = await getEntry(deps.store, id, section, entryId);
  if (!entry) throw new NotFoundError(`entry in ${section}`, `${id}/${entryId}`);
  return entry;
}

/** The path of an engine: its name, except the risk engine (`/risks` is the risks section). */
export function enginePath(engine: EngineName): string {
  return `/api/programs/{id}/${engine === 'risks' ? 'risk-report' : engine}`;
}

function registerEngine(app: OpenAPIHono<AppEnv>, deps: Deps, engine: EngineName, cache: EngineCache): void {
  const run = async (c: Ctx, id: string, params: EngineParams) => {
    await authorize(deps.store, c.get('principal'), id, 'read');
    const stored = await loadStoredProgram(deps.store, id);
    const today = todayOf(deps, params);
    const key = EngineCache.key(id, stored.version, stored.snapshots.map((s) => s.id), engine, params, today);
    let text = cache.get(key);
    if (text === undefined) {
      text = runEngine(engine, stored, params, today);
      cache.set(key, text);
    }
    return c.json(JSON.parse(text) as Json, 200); // the CLI renderer's text, so the JSON is the CLI's exactly
  };
  const description = `The JSON of \`vantage ${engine} FILE --format json\` on the stored program. Parameters as the CLI flags, camelCased (repeat a list parameter or separate it with commas).`;
  const ok = { 200: { description: `${engine} result`, content: { 'application/json': { schema: Json } } }, ...errors(400, 401, 404, 422) };
  app.openapi(createRoute({ method: 'get', path: enginePath(engine), tags: ['engines'], summary: `Run ${engine}`, description, request: { params: IdParams, query: EngineQuery }, responses: ok }), async (c) => {
    const { id } = c.req.valid('param');
    const params: EngineParams = {};
    for (const [k, v] of Object.entries(c.req.queries())) params[k] = v.length === 1 ? v[0] : v;
    return run(c, id, params);
  });
  app.openapi(
    createRoute({ method: 'post', path: enginePath(engine), tags: ['engines'], summary: `Run ${engine} (parameters in a JSON body)`, description, request: { params: IdParams, body: { required: false, content: { 'application/json': { schema: Json } } } }, responses: ok }),
    async (c) => {
      const { id } = c.req.valid('param');
      const text = await c.req.text();
      let params: EngineParams = {};
      if (text.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new HttpError(400, 'bad-request', 'the body must be a JSON object of parameters');
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, 'bad-request', 'the body must be a JSON object of parameters');
        params = parsed as Json;
      }
      return run(c, id, params);
    },
  );
}
