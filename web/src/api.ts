/**
 * The HTTP API from the browser: JSON fetches with the bearer token, typed errors, and a two-lane queue so that the
 * data of the view on screen is asked for first and the heavy background reads (briefs for health dots) wait.
 */

/**
 * An API answer other than 2xx: its status and the server's `{error: {code, message}}`; `details` is the whole error
 * object (a 422's `diagnostics`, a 409's `current`, `changedBy`, `changedAt`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Called on any 401 (the token was refused): the app goes back to sign-in with the server's message. */
let onUnauthorized: (message: string) => void = () => undefined;

export function setUnauthorizedHandler(handler: (message: string) => void): void {
  onUnauthorized = handler;
}

export type Priority = 'view' | 'background';

let viewInFlight = 0;
let idleWaiters: (() => void)[] = [];
let backgroundChain: Promise<unknown> = Promise.resolve();

/** Resolves once no view request is in flight (after a tick, so requests issued in the same render count). */
async function viewIdle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  while (viewInFlight > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
}

async function send<T>(path: string, token: string, init?: { method: string; body?: unknown; ifMatch?: number }): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (init?.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init?.ifMatch !== undefined) headers['If-Match'] = `"${init.ifMatch}"`;
  const res = await fetch(path, init ? { method: init.method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) } : { headers });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } & Record<string, unknown> } | undefined)?.error;
    const e = new ApiError(res.status, err?.code ?? 'http', err?.message ?? `${res.status} ${res.statusText}`, err ?? {});
    if (res.status === 401) onUnauthorized(e.message);
    throw e;
  }
  return body as T;
}

/**
 * GET `path` (e.g. `/api/programs/checkout/schedule`) as JSON. 'view' requests go at once; 'background' ones run one
 * at a time once no view request is in flight, so a brief for a health dot never delays the timeline on screen.
 */
export async function getJson<T>(path: string, token: string, priority: Priority = 'view'): Promise<T> {
  if (priority === 'background') {
    const run = backgroundChain.then(viewIdle).then(() => send<T>(path, token));
    backgroundChain = run.catch(() => undefined);
    return run;
  }
  viewInFlight++;
  try {
    return await send<T>(path, token);
  } finally {
    viewInFlight--;
    if (viewInFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

const cache = new Map<string, Promise<unknown>>();

/** The program a path reads, e.g. `checkout` for `/api/programs/checkout/schedule` (undefined: not a program's). */
export function programOfPath(path: string): string | undefined {
  const m = /^\/api\/programs\/([^/?]+)(?:[/?]|$)/.exec(path);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** Revision per program: raised whenever its data changed (a write here, or a live update from someone else). */
const revisions = new Map<string, number>();
const revisionListeners = new Set<() => void>();

/** The revision of `programId`'s data (0 until it first changes); `useApi` reads again when it grows. */
export function programRevision(programId: string): number {
  return revisions.get(programId) ?? 0;
}

/** Calls `listener` whenever any program's revision grows; returns the unsubscribe function. */
export function subscribeRevisions(listener: () => void): () => void {
  revisionListeners.add(listener);
  return () => revisionListeners.delete(listener);
}

/**
 * Forgets every memoised read of program `programId` (any token) and raises its revision, so mounted `useApi` reads
 * of it fetch again (keeping their data on screen meanwhile). Example: `programChanged('checkout')` after an SSE change.
 */
export function programChanged(programId: string): void {
  for (const key of [...cache.keys()]) {
    const path = key.slice(key.indexOf('\n') + 1);
    // The program list carries each program's name and version, so it reads again too.
    if (programOfPath(path) === programId || path === PROGRAM_LIST) cache.delete(key);
  }
  for (const k of [programId, LIST_REVISION]) revisions.set(k, programRevision(k) + 1);
  for (const l of [...revisionListeners]) l();
}

const PROGRAM_LIST = '/api/programs';
/** The revision key of the program list (no program id can hold a NUL). */
const LIST_REVISION = '\u0000list';

/** Which revision a read of `path` follows: its program's, the program list's for `/api/programs`, or none. */
export function revisionKeyOf(path: string): string | undefined {
  return path === PROGRAM_LIST ? LIST_REVISION : programOfPath(path);
}


/** getJson with a per-session memo keyed by token and path (failed reads are forgotten so a retry asks again). */
export function cachedJson<T>(path: string, token: string, priority: Priority = 'view'): Promise<T> {
  const key = `${token}\n${path}`;
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = getJson<T>(path, token, priority);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Forgets every memoised answer (on sign-out). */
export function clearCache(): void {
  cache.clear();
}

/** The program version each program reached by this tab's own writes (their reads were refreshed then). */
const writtenVersions = new Map<string, number>();

/**
 * The highest version program `programId` reached by a write from this tab (0: none). A live change at or below it
 * is one of ours, already re-read. Example: after a PUT answering `programVersion: 7`, `writtenVersion(id)` is 7.
 */
export function writtenVersion(programId: string): number {
  return writtenVersions.get(programId) ?? 0;
}

/** A write: sends `body` with `method`, then marks the program of `path` changed (its reads fetch again). */
async function write<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, token: string, body?: unknown, ifMatch?: number): Promise<T> {
  const result = await send<T>(path, token, { method, body, ...(ifMatch !== undefined ? { ifMatch } : {}) });
  const program = programOfPath(path);
  if (program !== undefined) {
    const version = (result as { programVersion?: unknown } | undefined)?.programVersion;
    if (typeof version === 'number') writtenVersions.set(program, Math.max(version, writtenVersion(program)));
    programChanged(program);
  }
  return result;
}

/**
 * POSTs `body` as JSON to `path` and forgets every memoised read of the same program (its engines read the changed
 * file). Example: `postJson('/api/programs/a/risks', token, { data: { id: 'R5', title: '…' } })`.
 */
export function postJson<T>(path: string, token: string, body: unknown): Promise<T> {
  return write<T>('POST', path, token, body);
}

/** PUTs `body` (e.g. `{ data, version }`) to `path`; like postJson, the program's reads fetch again. */
export function putJson<T>(path: string, token: string, body: unknown): Promise<T> {
  return write<T>('PUT', path, token, body);
}

/** DELETEs `path`, naming the version read (If-Match: a stale one gets 409); the program's reads fetch again. */
export function deleteJson<T>(path: string, token: string, version?: number): Promise<T> {
  return write<T>('DELETE', path, token, undefined, version);
}
