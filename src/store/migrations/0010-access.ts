/**
 * Access control: users, API tokens (only the SHA-256 of each secret is kept) and roles per program. Drizzle
 * definitions: src/server/auth/tables.ts. A membership goes with its program (ON DELETE CASCADE) so a program
 * imported again under a deleted one's id starts with no members.
 */
export const id = '0010-access';

export const statements: readonly string[] = [
  `CREATE TABLE users (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    email text NOT NULL UNIQUE,
    admin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE tokens (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name text NOT NULL,
    hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz
  )`,
  `CREATE INDEX tokens_user ON tokens (user_id)`,
  `CREATE TABLE memberships (
    program_id text NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer', 'lead')),
    workstreams text[] NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (program_id, user_id)
  )`,
  `CREATE INDEX memberships_user ON memberships (user_id)`,
];
