/**
 * The one HTTP client every tracker connector uses: JSON over fetch with retries and backoff on 429 and 5xx
 * (honouring `Retry-After` and GitHub's `x-ratelimit-reset`), a timeout per request, and typed errors the CLI turns
 * into exit codes. Credentials travel only in the `Authorization` header; no message, error or log line this module
 * makes ever contains a header value.
 *
 * The wait between attempts goes through `sleep`, so tests inject one that records the wait instead of sleeping.
 */

/**
 * What went wrong talking to a tracker. `auth`, `network`, `http` and `config` (a missing environment variable) are
 * environment problems; `payload` is bad data from the tracker; `usage` a bad query argument.
 */
export type TrackerErrorKind = 'auth' | 'network' | 'http' | 'payload' | 'config' | 'usage';

export class TrackerError extends Error {
  override name = 'TrackerError';
  constructor(
    readonly kind: TrackerErrorKind,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.status = options?.status;
  }
  /** The HTTP status that caused it, when one did. */
  readonly status: number | undefined;
}

export type HttpOptions = {
  /** Which tracker, for messages ("Jira", "GitHub", "Linear"). */
  source: string;
  /** The environment variables that hold the credentials, named in the 401/403 message. */
  credentialVars: string[];
  /** Extra attempts after the first on 429/5xx/network failures (default 4). */
  retries?: number;
  /** First backoff in milliseconds, doubled on each attempt (default 500); Retry-After wins when given. */
  backoffMs?: number;
  /** Longest single wait in milliseconds (default 60 000). */
  maxWaitMs?: number;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Called before each wait: why and how long (for progress output). */
  onWait?: (reason: string, ms: number) => void;
  /** The clock, for Retry-After given as an HTTP date and x-ratelimit-reset (epoch seconds). */
  now?: () => number;
};

export type JsonResponse = { status: number; headers: Headers; body: unknown; url: string };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Milliseconds to wait before retrying a 429/403-rate-limit/5xx response, from `Retry-After` (seconds or an HTTP date),
 * else from `x-ratelimit-reset` when `x-ratelimit-remaining` is 0, else undefined (use the backoff).
 * Example: `Retry-After: 2` gives 2000.
 */
export function retryDelayMs(headers: Headers, now: number): number | undefined {
  const after = headers.get('retry-after');
  if (after !== null) {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(after);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

/** True when a 403 is a rate limit (GitHub's primary and secondary limits), not a permission problem. */
function isRateLimited403(res: Response): boolean {
  return res.headers.get('x-ratelimit-remaining') === '0' || res.headers.get('retry-after') !== null;
}

/** The URL without its query (queries may hold JQL, never credentials, but keep messages short). */
function shortUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * Sends one JSON request with retries. Returns the parsed body of a 2xx response. Throws TrackerError: `auth` on
 * 401/403 (naming the variables to set), `http` on other 4xx or 5xx after the retries, `network` on connection
 * failures and timeouts after the retries, `payload` when a 2xx body is not JSON.
 */
export async function requestJson(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown }, options: HttpOptions): Promise<JsonResponse> {
  const retries = options.retries ?? 4;
  const sleep = options.sleep ?? realSleep;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const backoff = options.backoffMs ?? 500;
  const maxWait = options.maxWaitMs ?? 60_000;
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      const reason = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : `failed (${(e as Error).message})`;
      if (attempt >= retries) {
        throw new TrackerError('network', `${options.source}: request to ${shortUrl(url)} ${reason} after ${attempt + 1} attempt(s); check the URL and your connection`, { cause: e });
      }
      const wait = Math.min(maxWait, backoff * 2 ** attempt);
      options.onWait?.(`${options.source} request ${reason}`, wait);
      await sleep(wait);
      continue;
    }
    if (res.status === 401 || (res.status === 403 && !isRateLimited403(res))) {
      await res.body?.cancel();
      const what = res.status === 401 ? 'rejected the credentials (401)' : 'refused access (403)';
      throw new TrackerError('auth', `${options.source} ${what} for ${shortUrl(url)}: set ${options.credentialVars.join(' and ')} to valid credentials with read access`);
    }
    const retryable = res.status === 429 || res.status === 403 || res.status >= 500;
    if (retryable) {
      await res.body?.cancel();
      if (attempt >= retries) {
        throw new TrackerError('http', `${options.source} answered ${res.status} for ${shortUrl(url)} after ${attempt + 1} attempt(s); try again later`);
      }
      const wait = Math.min(maxWait, retryDelayMs(res.headers, now()) ?? backoff * 2 ** attempt);
      options.onWait?.(`${options.source} answered ${res.status}`, wait);
      await sleep(wait);
      continue;
    }
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) {
      const detail = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      throw new TrackerError('http', `${options.source} answered ${res.status} for ${shortUrl(url)}: ${detail.replace(/\s+/g, ' ').trim()}`, { status: res.status });
    }
    try {
      return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text), url };
    } catch (e) {
      throw new TrackerError('payload', `${options.source}: the response from ${shortUrl(url)} is not JSON (${(e as Error).message})`, { cause: e });
    }
  }
}

/** The `rel="next"` URL of an RFC 8288 `Link` header (GitHub paging), or undefined. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /rel="?([^";]*\s)?next(\s[^";]*)?"?/.test(m[2])) return m[1];
  }
  return undefined;
}

/** Reads a required environment variable or throws a `config` TrackerError naming it. */
export function requireEnv(env: Record<string, string | undefined>, names: string[], what: string): string {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return v;
  }
  throw new TrackerError('config', `${what} is not set: set ${names.join(' or ')} in the environment (credentials are read only from there)`);
}
