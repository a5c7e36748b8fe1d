/** The first schema: programs and their entries, files, portfolios, snapshots and the audit log (see ../schema.ts). */
export const id = '0001_init';

export const statements: readonly string[] = [
  `CREATE TABLE programs (
    id text PRIMARY KEY,
    name text NOT NULL,
    file_name text NOT NULL,
    source text NOT NULL,
    version integer NOT NULL,
    info jsonb NOT NULL,
    time jsonb,
    rules jsonb,
    history_file text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE entries (
    program_id text NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    section text NOT NULL,
    entry_id text NOT NULL,
    position integer NOT NULL,
    version integer NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (program_id, section, entry_id)
  )`,
  `CREATE INDEX entries_position ON entries (program_id, section, position)`,
  `CREATE TABLE program_files (
    program_id text NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    path text NOT NULL,
    content text NOT NULL,
    PRIMARY KEY (program_id, path)
  )`,
  `CREATE TABLE portfolios (
    id text PRIMARY KEY,
    name text NOT NULL,
    file_name text NOT NULL,
    source text NOT NULL,
    members jsonb NOT NULL,
    version integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE snapshots (
    program_id text NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    id text NOT NULL,
    taken_at text NOT NULL,
    status_date text NOT NULL,
    label text,
    baseline boolean NOT NULL DEFAULT false,
    baseline_name text,
    version integer NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (program_id, id)
  )`,
  `CREATE UNIQUE INDEX snapshots_baseline_name ON snapshots (program_id, baseline_name) WHERE baseline_name IS NOT NULL`,
  `CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    program_id text,
    entity text NOT NULL,
    entity_id text NOT NULL,
    action text NOT NULL,
    before jsonb,
    after jsonb
  )`,
  `CREATE INDEX audit_program ON audit_log (program_id, id)`,
];
