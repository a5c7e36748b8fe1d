/**
 * The one place where outcomes become HTTP error responses. Every error body is `{ error: { code, message, ... } }`;
 * none ever carries a stack, SQL or a driver message: unknown failures become 500 `internal` with the request id,
 * and the detail goes to the log only.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { Diagnostic } from '../model/diagnostic.js';
import { EditError } from '../io/yaml/edit.js';
import { ConflictError, NotFoundError, StoreUnavailableError } from '../store/errors.js';

/** An error with an HTTP status and a stable kebab-case code, e.g. `new HttpError(404, 'not-found', 'no program x')`. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Bad input found by the model (invalid program or edit): 422 with every diagnostic. */
export class DiagnosticsError extends Error {
  override name = 'DiagnosticsError';
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} problem(s) in the input`);
  }
}

/**
 * A stale entry write with who changed the entry last and when (from the audit log): 409 `conflict` with `current`,
 * `changedBy` and `changedAt` (null when the log does not say), so a form can show "Changed by bo just now".
 */
export class EntryConflictError extends ConflictError {
  override name = 'EntryConflictError';
  constructor(
    message: string,
    current: unknown,
    readonly changedBy: string | null,
    readonly changedAt: string | null,
  ) {
    super(message, current);
  }
}

/** The wire shape of one diagnostic: `{file, line, column, message, code}` (+ severity, hint when known). */
export type WireDiagnostic = { file: string | null; line: number | null; column: number | null; message: string; code: string; severity: string; hint?: string };

/** A diagnostic as the API sends it. */
export function wireDiagnostic(d: Diagnostic): WireDiagnostic {
  const w: WireDiagnostic = { file: d.file ?? null, line: d.line ?? null, column: d.col ?? null, message: d.message, code: d.code, severity: d.severity };
  if (d.hint) w.hint = d.hint;
  return w;
}

/** The JSON error body. */
export type ErrorBody = { error: { code: string; message: string; [key: string]: unknown } };

type ErrorContext = Context<{ Variables: { requestId?: string; logger?: Logger } }>;

function json(c: Context, status: number, body: ErrorBody): Response {
  return c.json(body, status as 400);
}

/**
 * Maps any thrown value to a JSON error response: HttpError (its status), ConflictError (409 with `current`; an
 * EntryConflictError adds `changedBy`, `changedAt`),
 * NotFoundError (404), ZodError (400 with issues), hono's HTTPException (its 4xx), DiagnosticsError (422 with diagnostics), EditError (422),
 * StoreUnavailableError (503), anything else 500 `internal` (logged with the request id; the body says only that).
 */
export function errorResponse(c: Context, e: unknown): Response {
  const ctx = c as unknown as ErrorContext; // the variables may be unset on a bare context; both reads tolerate that
  if (e instanceof HttpError) {
    const body: ErrorBody = { error: { code: e.code, message: e.message } };
    if (e.details !== undefined) body.error.details = e.details;
    if (e.status === 401) c.header('WWW-Authenticate', 'Bearer');
    return json(c, e.status, body);
  }
  if (e instanceof EntryConflictError) return json(c, 409, { error: { code: 'conflict', message: e.message, current: e.current ?? null, changedBy: e.changedBy, changedAt: e.changedAt } });
  if (e instanceof ConflictError) return json(c, 409, { error: { code: 'conflict', message: e.message, current: e.current ?? null } });
  if (e instanceof NotFoundError) return json(c, 404, { error: { code: 'not-found', message: e.message } });
  if (e instanceof ZodError) {
    const issues = e.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message, code: i.code }));
    return json(c, 400, { error: { code: 'bad-request', message: issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '), issues } });
  }
  if (e instanceof DiagnosticsError) {
    const diagnostics = e.diagnostics.map(wireDiagnostic);
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    return json(c, 422, { error: { code: 'invalid', message: first ? first.message : 'invalid input', diagnostics } });
  }
  // hono's own (a body that is not JSON, for one): keep its 4xx status, in our shape.
  if (e instanceof HTTPException && e.status < 500) {
    return json(c, e.status, { error: { code: e.status === 413 ? 'too-large' : 'bad-request', message: e.message || 'bad request' } });
  }
  if (e instanceof EditError) return json(c, 422, { error: { code: 'uneditable', message: e.message } });
  const requestId = ctx.get('requestId') ?? null;
  const logger = ctx.get('logger');
  if (e instanceof StoreUnavailableError) {
    logger?.error({ err: e, requestId }, 'store unavailable');
    return json(c, 503, { error: { code: 'unavailable', message: 'the store is unavailable; try again later', requestId } });
  }
  logger?.error({ err: e, requestId }, 'internal error');
  return json(c, 500, { error: { code: 'internal', message: 'internal error', requestId } });
}
