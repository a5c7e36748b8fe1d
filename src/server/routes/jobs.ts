/**
 * Forecast jobs over HTTP (mounted at /api by the app): submit a long Monte Carlo forecast of a stored program, watch
 * its progress, fetch its result (the same JSON as `vantage forecast --format json`), cancel it.
 *
 * - `POST /api/programs/{id}/jobs/forecast` (write access) → 202 with the job and `Location: /api/jobs/{jobId}`.
 * - `GET /api/jobs/{jobId}` (read access to the job's program) → the job; `result` once done, `error` once failed.
 * - `DELETE /api/jobs/{jobId}` (write access) → the job, cancelled; 409 `job-finished` when it already ended.
 * A job of a program the caller cannot see is 404 exactly as a missing job, so neither its existence nor its program
 * leaks.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { getProgram } from '../../store/repository.js';
import type { Store } from '../../store/open.js';
import { authorize, type Access, type Principal } from '../auth/index.js';
import { errorResponse, HttpError } from '../errors.js';
import type { Job, JobQueue } from '../jobs/queue.js';

/** What the routes need: the store (access checks), the queue (absent: 503), the status date when a request names none. */
export type JobRouteDeps = { store: Store; jobs?: JobQueue; today?: () => string; logger?: Logger };

type Env = { Variables: { principal: Principal } };

/** The most trials a job may run (as `vantage forecast --trials`). */
export const MAX_JOB_TRIALS = 10_000_000;

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }).passthrough() }).openapi('Error');

const PayloadSchema = z.object({
  programId: z.string(),
  trials: z.number().int(),
  seed: z.number().int(),
  percentiles: z.array(z.number()).optional(),
  today: z.string(),
});

const JobSchema = z
  .object({
    id: z.string().openapi({ example: '0b9a6a38-4c8e-4d59-9d0e-0d5f0e0b5b8e' }),
    kind: z.literal('forecast'),
    programId: z.string(),
    submittedBy: z.string(),
    state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    progress: z.number().min(0).max(1).openapi({ description: 'fraction of the trials done, 0..1 (steps of ~5%)' }),
    payload: PayloadSchema,
    result: z.unknown().optional().openapi({ description: 'when done: the JSON of `vantage forecast --format json`' }),
    error: z.string().optional().openapi({ description: 'when failed: what went wrong, one line' }),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    attempts: z.number().int().openapi({ description: 'times a worker started it (2+ after a worker shut down mid-job and re-queued it)' }),
    worker: z.string().optional(),
  })
  .openapi('Job');

const SubmitSchema = z
  .object({
    trials: z.number().int().min(1).max(MAX_JOB_TRIALS).default(10_000).openapi({ description: 'Monte Carlo trials' }),
    seed: z.number().int().min(-(2 ** 31)).max(2 ** 32).default(1).openapi({ description: 'random seed: same seed, same result' }),
    percentiles: z.array(z.number().gt(0).lt(100)).max(20).optional().openapi({ description: 'extra confidence levels in percent, e.g. [70, 90]', example: [70, 90] }),
    today: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-25')
      .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a real date')
      .optional()
      .openapi({ description: 'status date (default: the server\'s today)' }),
  })
  .strict()
  .openapi('ForecastJobRequest');

const errors = {
  400: { description: 'bad request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'no or bad token', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'no such program or job (or not visible to you)', content: { 'application/json': { schema: ErrorSchema } } },
  503: { description: 'this server runs no job queue', content: { 'application/json': { schema: ErrorSchema } } },
};

const jobJson = { 'application/json': { schema: JobSchema } };

const submitRoute = createRoute({
  method: 'post',
  path: '/programs/{id}/jobs/forecast',
  tags: ['jobs'],
  summary: 'Run a Monte Carlo forecast as a background job',
  description: 'Queues the forecast of the stored program; a worker runs it. Poll GET /api/jobs/{jobId} for progress and the result.',
  security: [{ bearer: [] }],
  request: {
    params: z.object({ id: z.string().min(1).max(200) }),
    body: { required: false, content: { 'application/json': { schema: SubmitSchema } } },
  },
  responses: { 202: { description: 'queued', content: jobJson }, ...errors },
});

const getRoute = createRoute({
  method: 'get',
  path: '/jobs/{jobId}',
  tags: ['jobs'],
  summary: 'A job: state, progress, and its result when done',
  security: [{ bearer: [] }],
  request: { params: z.object({ jobId: z.string().max(100) }) },
  responses: { 200: { description: 'the job', content: jobJson }, ...errors },
});

const cancelRoute = createRoute({
  method: 'delete',
  path: '/jobs/{jobId}',
  tags: ['jobs'],
  summary: 'Cancel a queued or running job',
  description: 'A running job stops at its next checkpoint (within ~5% of its trials).',
  security: [{ bearer: [] }],
  request: { params: z.object({ jobId: z.string().max(100) }) },
  responses: { 200: { description: 'the job, cancelled', content: jobJson }, 409: { description: 'the job already ended', content: { 'application/json': { schema: ErrorSchema } } }, ...errors },
});

/** The JSON of a job (its fields in a stable order). */
function jobBody(job: Job): z.infer<typeof JobSchema> {
  return { ...job };
}

/**
 * The jobs routes, to mount at /api (the app's authentication middleware sets the principal). Example:
 * `app.route('/api', jobRoutes({ store, jobs: await openJobQueue(store) }))`.
 */
export function jobRoutes(deps: JobRouteDeps): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({ defaultHook: (result, c) => (result.success ? undefined : errorResponse(c, result.error)) });
  // hono's JSON validator throws an HTTPException (400) for a body that is not JSON: keep its status, in our shape.
  app.onError((e, c) => errorResponse(c, e instanceof HTTPException && e.status < 500 ? new HttpError(e.status, 'bad-request', `${e.message}: send {"trials": 10000, "seed": 1} or nothing`) : e));
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));

  const queue = (): JobQueue => {
    const jobs = deps.jobs;
    if (!jobs) throw new HttpError(503, 'jobs-unavailable', 'this server runs no job queue; start it with one (vantage serve) to run forecast jobs');
    return jobs;
  };

  /** The job if the principal may `access` it; a job they cannot see is "no such job" (not "no such program"). */
  const visibleJob = async (principal: Principal, jobId: string, access: Access): Promise<Job> => {
    const job = await queue().get(jobId);
    const missing = new HttpError(404, 'not-found', `no job '${jobId}'`);
    if (!job) throw missing;
    try {
      await authorize(deps.store, principal, job.programId, access);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) throw missing;
      throw e;
    }
    return job;
  };

  app.openapi(submitRoute, async (c) => {
    const { id } = c.req.valid('param');
    // An empty body means all defaults; a body is validated against SubmitSchema.
    const text = await c.req.text();
    let raw: unknown = {};
    if (text.trim() !== '') {
      try {
        raw = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'bad-request', 'the body is not JSON: send {"trials": 10000, "seed": 1} or nothing');
      }
    }
    const body = SubmitSchema.parse(raw);
    const principal = c.get('principal');
    await authorize(deps.store, principal, id, 'write');
    // An admin passes authorize for any id: the program must exist all the same.
    if (!(await getProgram({ db: deps.store.db }, id))) throw new HttpError(404, 'not-found', `no program '${id}' in the store`);
    const jobs = queue();
    const payload = { programId: id, trials: body.trials, seed: body.seed, today: body.today ?? today(), ...(body.percentiles ? { percentiles: body.percentiles } : {}) };
    const { id: jobId } = await jobs.submit('forecast', payload, principal.userId);
    const job = await jobs.get(jobId);
    if (!job) throw new Error(`job ${jobId} vanished right after it was submitted`);
    deps.logger?.info({ jobId, programId: id, trials: body.trials, by: principal.userId }, 'forecast job submitted');
    c.header('Location', `/api/jobs/${jobId}`);
    return c.json(jobBody(job), 202);
  });

  app.openapi(getRoute, async (c) => {
    const job = await visibleJob(c.get('principal'), c.req.valid('param').jobId, 'read');
    return c.json(jobBody(job), 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const { jobId } = c.req.valid('param');
    const job = await visibleJob(c.get('principal'), jobId, 'write');
    if (job.state === 'done' || job.state === 'failed') throw new HttpError(409, 'job-finished', `job '${jobId}' already ${job.state === 'done' ? 'finished' : 'failed'}; nothing to cancel`);
    const now = await queue().cancel(jobId);
    if (!now) throw new HttpError(404, 'not-found', `no job '${jobId}'`);
    // It may have ended between the look and the cancel.
    if (now.state === 'done' || now.state === 'failed') throw new HttpError(409, 'job-finished', `job '${jobId}' already ${now.state === 'done' ? 'finished' : 'failed'}; nothing to cancel`);
    deps.logger?.info({ jobId, programId: job.programId, by: c.get('principal').userId }, 'forecast job cancelled');
    return c.json(jobBody(now), 200);
  });

  return app;
}
