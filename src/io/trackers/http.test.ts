import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type Handler, type TestServer } from '../../../test/fixtures/trackers/server.js';
import { nextLink, requestJson, retryDelayMs, TrackerError, type HttpOptions } from './http.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = await startServer(handler);
  return server.url;
}

/** Options whose sleep records the wait instead of sleeping. */
function recording(extra: Partial<HttpOptions> = {}): { options: HttpOptions; waits: number[] } {
  const waits: number[] = [];
  return { waits, options: { source: 'Jira', credentialVars: ['VANTAGE_JIRA_EMAIL', 'VANTAGE_JIRA_TOKEN'], sleep: async (ms) => void waits.push(ms), backoffMs: 100, ...extra } };
}

describe('retryDelayMs', () => {
  it('reads Retry-After as seconds or an HTTP date, else GitHub x-ratelimit-reset', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    expect(retryDelayMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryDelayMs(new Headers({ 'retry-after': 'Fri, 01 Jan 2027 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryDelayMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }), now)).toBe(30_000);
    expect(retryDelayMs(new Headers({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '1' }), now)).toBeUndefined();
  });
});

describe('nextLink', () => {
  it('finds rel="next" among the Link header parts', () => {
    const link = '<https://api.github.com/repositories/1/issues?page=1>; rel="prev", <https://api.github.com/repositories/1/issues?page=3>; rel="next", <https://api.github.com/repositories/1/issues?page=9>; rel="last"';
    expect(nextLink(link)).toBe('https://api.github.com/repositories/1/issues?page=3');
    expect(nextLink('<https://x/issues?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('requestJson against a local server', () => {
  it('waits as Retry-After says on 429, then returns the answer', async () => {
    const url = await serve((_, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '3' }, body: { message: 'slow down' } } : { body: { ok: true } }));
    const { options, waits } = recording();
    const res = await requestJson(`${url}/x`, {}, options);
    expect(res.body).toEqual({ ok: true });
    expect(waits).toEqual([3000]);
    expect(server!.requests).toHaveLength(2);
  });

  it('backs off exponentially on 5xx and gives up after the retries with an http error', async () => {
    const url = await serve(() => ({ status: 503, body: {} }));
    const { options, waits } = recording({ retries: 2 });
    const e = await requestJson(`${url}/x`, {}, options).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrackerError);
    expect((e as TrackerError).kind).toBe('http');
    expect((e as TrackerError).message).toMatch(/503.*3 attempt/);
    expect(waits).toEqual([100, 200]);
  });

  it('treats a GitHub rate-limit 403 as a wait, and a plain 403 as a permission problem', async () => {
    const reset = Math.floor(Date.now() / 1000) + 2;
    const url = await serve((req, n) =>
      req.path === '/limited' && n === 1 ? { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: {} } : req.path === '/limited' ? { body: [] } : { status: 403, body: {} },
    );
    const { options, waits } = recording({ now: () => (reset - 2) * 1000 });
    expect((await requestJson(`${url}/limited`, {}, options)).body).toEqual([]);
    expect(waits).toEqual([2000]);
    const e = (await requestJson(`${url}/denied`, {}, options).catch((x: unknown) => x)) as TrackerError;
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/refused access \(403\)/);
  });

  it('on 401 names the variables to set and never shows the credentials', async () => {
    const url = await serve(() => ({ status: 401, body: { errorMessages: ['bad'] } }));
    const { options, waits } = recording();
    const secret = 'Basic c2VjcmV0LXRva2Vu';
    const e = (await requestJson(`${url}/rest/api/3/search/jql?jql=x`, { headers: { authorization: secret } }, options).catch((x: unknown) => x)) as TrackerError;
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/set VANTAGE_JIRA_EMAIL and VANTAGE_JIRA_TOKEN/);
    expect(e.message).not.toContain('c2VjcmV0');
    expect(e.message).not.toContain('jql=x');
    expect(waits).toEqual([]);
    expect(server!.requests[0].authorization).toBe(secret);
  });

  it('reports a body that is not JSON as a payload error', async () => {
    const url = await serve(() => ({ raw: '<html>login</html>' }));
    const e = (await requestJson(`${url}/x`, {}, recording().options).catch((x: unknown) => x)) as TrackerError;
    expect(e.kind).toBe('payload');
    expect(e.message).toMatch(/not JSON/);
  });

  it('retries a refused connection and then reports a network error', async () => {
    const url = await serve(() => ({ body: {} }));
    await server!.close();
    server = undefined;
    const { options, waits } = recording({ retries: 1 });
    const e = (await requestJson(`${url}/x`, {}, options).catch((x: unknown) => x)) as TrackerError;
    expect(e.kind).toBe('network');
    expect(waits).toEqual([100]);
  });
});
