/**
 * The jobs API in-process (`app.request`, no port) on the embedded store: submit, progress and result, cancel, and
 * who may do what (owner, viewer, outsider, no token), through the real app, authentication and queue.
 */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProgram } from '../../service/programs.js';
import { openStore, type Store } from '../../store/open.js';
import { createApp } from '../app.js';
import { createToken, createUser, grant } from '../auth/repo.js';
import { openJobQueue, type Job, type JobEvent, type JobQueue } from '../jobs/queue.js';

const CHECKOUT = readFileSync('examples/checkout.vantage.yaml', 'utf8');
const TODAY = '2026-11-25';

describe('jobs API', () => {
  let store: Store;
  let jobs: JobQueue;
  let app: ReturnType<typeof createApp>;
  let bare: ReturnType<typeof createApp>;
  const token: Record<string, string> = {};
  let programId: string;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    jobs = await openJobQueue(store, { supervise: false });
    const change = { actor: 'test' };
    const imported = await importProgram(store, { text: CHECKOUT, file: 'checkout.vantage.yaml' }, change);
    if (!imported.ok) throw new Error('the checkout example did not import');
    programId = imported.program.id;
    for (const [name, role] of [['olga', 'owner'], ['vic', 'viewer'], ['otto', undefined]] as const) {
      const user = await createUser(store, { name, email: `${name}@example.com` }, change);
      token[name] = (await createToken(store, user.id, { name: 'test' }, change)).secret;
      if (role) await grant(store, programId, name, role, [], change);
    }
    const logger = pino({ level: 'silent' });
    app = createApp({ store, logger, jobs, today: () => TODAY });
    bare = createApp({ store, logger, today: () => TODAY });
  }, 60_000);
  afterAll(async () => {
    await jobs?.close();
    await store?.close();
  });

  const call = (who: string | undefined, method: string, path: string, body?: unknown, on = app) =>
    on.request(path, {
      method,
      headers: { ...(who ? { Authorization: `Bearer ${token[who]}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function runQueued(id: string): Promise<void> {
    const events: JobEvent[] = [];
    const stop = jobs.work({ concurrency: 1, pollMs: 20, onEvent: (e) => events.push(e) });
    try {
      for (let i = 0; i < 3000 && !events.some((e) => (e.type === 'done' || e.type === 'failed') && e.id === id); i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await stop();
    }
  }

  it('an owner submits a forecast job, sees it queued, then done with the forecast JSON', async () => {
    const res = await call('olga', 'POST', `/api/programs/${programId}/jobs/forecast`, { trials: 300, seed: 5, percentiles: [70] });
    expect(res.status).toBe(202);
    const job = (await res.json()) as Job;
    expect(res.headers.get('Location')).toBe(`/api/jobs/${job.id}`);
    expect(job).toMatchObject({ state: 'queued', progress: 0, programId, kind: 'forecast', payload: { programId, trials: 300, seed: 5, percentiles: [70], today: TODAY } });
    expect(job.result).toBeUndefined();
    await runQueued(job.id);
    const after = await call('vic', 'GET', `/api/jobs/${job.id}`);
    expect(after.status).toBe(200);
    const done = (await after.json()) as Job & { result: Record<string, unknown> };
    expect(done.state).toBe('done');
    expect(done.progress).toBe(1);
    expect(done.result).toMatchObject({ trials: 300, seed: 5, today: TODAY, percentiles: [50, 70, 85, 95] });
    expect((done.result.program as Record<string, unknown>).p70).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A finished job cannot be cancelled.
    const cancel = await call('olga', 'DELETE', `/api/jobs/${job.id}`);
    expect(cancel.status).toBe(409);
    expect(((await cancel.json()) as { error: { code: string } }).error.code).toBe('job-finished');
  }, 120_000);

  it('an empty body takes the defaults (10,000 trials, seed 1, the server\'s today)', async () => {
    const res = await call('olga', 'POST', `/api/programs/${programId}/jobs/forecast`);
    expect(res.status).toBe(202);
    const job = (await res.json()) as Job;
    expect(job.payload).toEqual({ programId, trials: 10_000, seed: 1, today: TODAY });
    const cancelled = await call('olga', 'DELETE', `/api/jobs/${job.id}`);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Job).state).toBe('cancelled');
    // Cancelling again changes nothing and is not an error.
    expect(((await (await call('olga', 'DELETE', `/api/jobs/${job.id}`)).json()) as Job).state).toBe('cancelled');
  });

  it('a viewer may read a job but neither submit nor cancel one', async () => {
    const submitted = (await (await call('olga', 'POST', `/api/programs/${programId}/jobs/forecast`, { trials: 10 })).json()) as Job;
    expect((await call('vic', 'GET', `/api/jobs/${submitted.id}`)).status).toBe(200);
    const post = await call('vic', 'POST', `/api/programs/${programId}/jobs/forecast`, { trials: 10 });
    expect(post.status).toBe(403);
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await call('vic', 'DELETE', `/api/jobs/${submitted.id}`)).status).toBe(403);
    expect((await jobs.get(submitted.id))?.state).toBe('queued');
    await jobs.cancel(submitted.id);
  });

  it('an outsider gets 404 for the program and for its jobs, with nothing that names the program', async () => {
    const submitted = (await (await call('olga', 'POST', `/api/programs/${programId}/jobs/forecast`, { trials: 10 })).json()) as Job;
    for (const [method, path] of [
      ['GET', `/api/jobs/${submitted.id}`],
      ['DELETE', `/api/jobs/${submitted.id}`],
    ]) {
      const res = await call('otto', method, path);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).not.toContain(programId);
      expect(text).toBe(await (await call('otto', method, '/api/jobs/00000000-0000-4000-8000-000000000000')).text().then((t) => t.replace('00000000-0000-4000-8000-000000000000', submitted.id)));
    }
    expect((await call('otto', 'POST', `/api/programs/${programId}/jobs/forecast`, { trials: 10 })).status).toBe(404);
    expect((await jobs.get(submitted.id))?.state).toBe('queued');
    await jobs.cancel(submitted.id);
  });

  it('refuses requests without a token (401) and unknown jobs and programs (404)', async () => {
    expect((await call(undefined, 'POST', `/api/programs/${programId}/jobs/forecast`, {})).status).toBe(401);
    expect((await call(undefined, 'GET', '/api/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(401);
    expect((await call('olga', 'GET', '/api/jobs/not-a-job')).status).toBe(404);
    expect((await call('olga', 'POST', '/api/programs/no-such-program/jobs/forecast', {})).status).toBe(404);
  });

  it('rejects bad bodies with 400 and says what is wrong', async () => {
    for (const body of [{ trials: 0 }, { trials: 10_000_001 }, { seed: 1.5 }, { percentiles: [100] }, { today: '2026-13-45' }, { trails: 10 }, '{not json']) {
      const res = await call('olga', 'POST', `/api/programs/${programId}/jobs/forecast`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('bad-request');
      expect(error.message.length).toBeGreaterThan(5);
    }
  });

  it('answers 503 when the server runs no job queue', async () => {
    const res = await call('olga', 'POST', `/api/programs/${programId}/jobs/forecast`, {}, bare);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('jobs-unavailable');
  });

  it('lists the three job routes in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/programs/{id}/jobs/forecast'])).toContain('post');
    expect(Object.keys(doc.paths['/api/jobs/{jobId}']).sort()).toEqual(['delete', 'get']);
  });
});
