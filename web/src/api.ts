/**
 * The HTTP API from the browser: JSON fetches with the bearer token, typed errors, and a two-lane queue so that the
 * data of the view on screen is asked for first and the heavy background reads (briefs for health dots) wait.
 */

/** An API answer other than 2xx: its status and the server's `{error: {code, message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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

async function send<T>(path: string, token: string, init?: { method: string; body: unknown }): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (init) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, init ? { method: init.method, headers, body: JSON.stringify(init.body) } : { headers });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const e = new ApiError(res.status, err?.code ?? 'http', err?.message ?? `${res.status} ${res.statusText}`);
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

/**
 * POSTs `body` as JSON to `path` and forgets every memoised read of the same program (its engines read the changed
 * file). Example: `postJson('/api/programs/a/risks', token, { data: { id: 'R5', title: '…' } })`.
 */
export async function postJson<T>(path: string, token: string, body: unknown): Promise<T> {
  const result = await send<T>(path, token, { method: 'POST', body });
  const program = /^\/api\/programs\/[^/]+\//.exec(path)?.[0];
  if (program !== undefined) for (const key of [...cache.keys()]) if (key.startsWith(`${token}\n${program}`)) cache.delete(key);
  return result;
}
