/**
 * Background jobs (src/server/jobs): pg-boss keeps the queue and each job's state in its own `pgboss` schema; this
 * table keeps what pg-boss does not: whose job it is (program, submitter, for access checks), how far it got
 * (progress 0..1, written by the worker every ~5%) and which worker ran it how many times.
 */
export const id = '0020-jobs';

export const statements: readonly string[] = [
  `CREATE TABLE job_progress (
    job_id text PRIMARY KEY,
    kind text NOT NULL,
    program_id text NOT NULL,
    submitted_by text NOT NULL,
    progress double precision NOT NULL DEFAULT 0,
    worker text,
    attempts integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX job_progress_program ON job_progress (program_id, created_at)`,
];
