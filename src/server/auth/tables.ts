/**
 * The access-control tables (drizzle pg-core) created by src/store/migrations/0010-access.ts. Kept beside the code
 * that uses them; the SQL in the migration is the source of truth and repo.db.test.ts exercises every column.
 */
import { boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A person or a service account. `name` is the handle the CLI and the audit log use; both it and `email` are unique. */
export const users = pgTable('users', {
  id: text().primaryKey(),
  name: text().notNull(),
  email: text().notNull(),
  admin: boolean().notNull().default(false),
  createdAt: stamp('created_at').notNull().defaultNow(),
});

/** API tokens: `hash` is the hex SHA-256 of the secret; the secret itself is never stored. */
export const tokens = pgTable('tokens', {
  id: text().primaryKey(),
  userId: text('user_id').notNull(),
  name: text().notNull(),
  hash: text().notNull(),
  createdAt: stamp('created_at').notNull().defaultNow(),
  lastUsedAt: stamp('last_used_at'),
  expiresAt: stamp('expires_at'),
  revokedAt: stamp('revoked_at'),
});

/** A user's role in one program; `workstreams` lists the workstream ids a `lead` leads (empty for other roles). */
export const memberships = pgTable(
  'memberships',
  {
    programId: text('program_id').notNull(),
    userId: text('user_id').notNull(),
    role: text().$type<'owner' | 'editor' | 'viewer' | 'lead'>().notNull(),
    workstreams: text().array().notNull(),
    version: integer().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.programId, t.userId] })],
);
