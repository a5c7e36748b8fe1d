/**
 * The store's tables (drizzle pg-core), the same on PGlite and PostgreSQL. The SQL that creates them lives in
 * ./migrations (numbered, hand-written, applied by migrate.ts); schema.test.ts checks the two agree column by column.
 *
 * A program's file text (`programs.source`) is its document of record: `export` returns it byte for byte. The rows of
 * `entries` (one per entry of every list section) and the JSON columns of `programs` mirror it for queries; every
 * write keeps them in step in one transaction.
 *
 * Access control (users, API tokens, roles per program) is migration 0010-access with its drizzle tables in
 * src/server/auth/tables.ts; the job queue is 0020-jobs. `audit_log.actor` is free text (the CLI's user name or a
 * user id).
 */
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The list sections of a program file, in file-format order; each entry is one row of `entries`. */
export const SECTIONS = ['objectives', 'people', 'teams', 'workstreams', 'items', 'milestones', 'risks', 'decisions', 'lessons', 'stakeholders', 'history'] as const;
export type Section = (typeof SECTIONS)[number];

const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Applied migrations, by id (`0001_init`). */
export const migrationsTable = pgTable('vantage_migrations', {
  id: text().primaryKey(),
  appliedAt: stamp('applied_at').notNull().defaultNow(),
});

export const programs = pgTable('programs', {
  id: text().primaryKey(),
  name: text().notNull(),
  /** The file name it was imported from (`checkout.vantage.yaml`), for messages and export defaults. */
  fileName: text('file_name').notNull(),
  /** The program file's text, exactly as imported or last edited. */
  source: text().notNull(),
  /** Bumped by every change of the program (import, entry edit). */
  version: integer().notNull(),
  /** The `program:` mapping as written (raw file shape). */
  info: jsonb().notNull(),
  /** The `time:` mapping as written, when present. */
  time: jsonb(),
  /** The `rules:` mapping as written, when present. */
  rules: jsonb(),
  /** `history: file.csv` when history is a file (stored in `program_files`); null when inline or absent. */
  historyFile: text('history_file'),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
});

/**
 * One row per entry of every list section. `entry_id` is the entry's id (history ids repeated in one file get a
 * `~2`, `~3` suffix so the key stays unique); `position` is the 0-based index in the section; `data` the entry as
 * written in the file (raw shape: `estimate: 2w` stays a string).
 */
export const entries = pgTable(
  'entries',
  {
    programId: text('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    section: text().$type<Section>().notNull(),
    entryId: text('entry_id').notNull(),
    position: integer().notNull(),
    version: integer().notNull(),
    data: jsonb().notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.section, t.entryId] }), index('entries_position').on(t.programId, t.section, t.position)],
);

/** Files a program refers to (a history CSV, calendars), stored with it so the program is complete in the store. */
export const programFiles = pgTable(
  'program_files',
  {
    programId: text('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    /** The path as the program file writes it (relative to the program file). */
    path: text().notNull(),
    content: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.path] })],
);

/** Portfolio files: their text and the programs they list (imported as programs of their own). */
export const portfolios = pgTable('portfolios', {
  id: text().primaryKey(),
  name: text().notNull(),
  fileName: text('file_name').notNull(),
  source: text().notNull(),
  /** `[{path, programId}]` in file order: the path as written and the stored program it is. */
  members: jsonb().$type<PortfolioMemberRow[]>().notNull(),
  version: integer().notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
  updatedAt: stamp('updated_at').notNull().defaultNow(),
});

export type PortfolioMemberRow = { path: string; programId: string };

/** Snapshots of a program (src/model/snapshot.ts) as JSON; a baseline is a snapshot marked so, under a name. */
export const snapshots = pgTable(
  'snapshots',
  {
    programId: text('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    id: text().notNull(),
    takenAt: text('taken_at').notNull(),
    statusDate: text('status_date').notNull(),
    label: text(),
    /** Set when the snapshot is a baseline; `baseline_name` names it (unique per program). */
    baseline: boolean().notNull().default(false),
    baselineName: text('baseline_name'),
    version: integer().notNull(),
    data: jsonb().notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.id] })],
);

/** Every change: who, when, what, before and after. Not tied to `programs` by a foreign key: it outlives deletions. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: stamp('at').notNull().defaultNow(),
    actor: text().notNull(),
    programId: text('program_id'),
    /** 'program', 'portfolio', 'snapshot' or a section name ('items', 'risks', ...). */
    entity: text().notNull(),
    entityId: text('entity_id').notNull(),
    action: text().notNull(),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [index('audit_program').on(t.programId, t.id)],
);
