/**
 * Users, API tokens and program memberships in the store. Every change is written to the audit log (secrets and
 * hashes never are). A token's secret is `vt_` + 32 random bytes in base64url; only its SHA-256 is stored, and it
 * is returned once, by createToken.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../../store/errors.js';
import { getProgram, listEntries, recordAudit, transact, type Change, type Conn } from '../../store/repository.js';
import { memberships, tokens, users } from './tables.js';
import { PROGRAM_ROLES, type Principal, type ProgramRole } from './types.js';

export type UserRecord = { id: string; name: string; email: string; admin: boolean; createdAt: string };

/** A token as listed: never its secret nor its hash. */
export type TokenRecord = {
  id: string;
  userId: string;
  userName: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

export type MembershipRecord = { programId: string; userId: string; userName: string; role: ProgramRole; workstreams: string[]; version: number };

/** Bad input to an access-control change (unknown role, malformed name or e-mail): the caller's mistake. */
export class AccessInputError extends Error {
  override name = 'AccessInputError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;
const SECRET = /^vt_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most once per this interval per token, so reads do not become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 86_400_000;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const newId = (prefix: string): string => `${prefix}_${randomBytes(8).toString('hex')}`;

/** Hex SHA-256 of a token secret: what the `tokens.hash` column holds. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time (no early exit on the first differing byte). */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function userRecord(r: typeof users.$inferSelect): UserRecord {
  return { id: r.id, name: r.name, email: r.email, admin: r.admin, createdAt: r.createdAt.toISOString() };
}

// --- users ---------------------------------------------------------------------------------------------------------

/**
 * Adds a user. `name` is a handle (letters, digits, `.`, `_`, `-`; at most 64), unique like `email`. Throws
 * AccessInputError for a malformed name or e-mail, ConflictError (with the existing user) for a taken one.
 * Example: `createUser(store, { name: 'ana', email: 'ana@example.com' }, { actor: 'root' })`.
 */
export async function createUser(conn: Conn, input: { name: string; email: string; admin?: boolean }, change: Change): Promise<UserRecord> {
  if (!NAME.test(input.name)) throw new AccessInputError(`user name '${input.name}' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  if (!EMAIL.test(input.email)) throw new AccessInputError(`'${input.email}' is not an e-mail address`);
  return transact(conn, async (t) => {
    const [clash] = await t.db
      .select()
      .from(users)
      .where(sql`${users.name} = ${input.name} OR lower(${users.email}) = lower(${input.email})`);
    if (clash) throw new ConflictError(clash.name === input.name ? `a user named '${input.name}' exists` : `a user with e-mail '${input.email}' exists`, userRecord(clash));
    const [row] = await t.db
      .insert(users)
      .values({ id: newId('usr'), name: input.name, email: input.email, admin: input.admin ?? false, ...(change.now ? { createdAt: change.now } : {}) })
      .returning();
    const user = userRecord(row!);
    await recordAudit(t, null, { entity: 'user', entityId: user.id, action: 'create', before: null, after: user }, change);
    return user;
  });
}

/** Every user, by name. */
export async function listUsers(conn: Conn): Promise<UserRecord[]> {
  return (await conn.db.select().from(users).orderBy(asc(users.name))).map(userRecord);
}

/** The user with this id, name or e-mail, or undefined. */
export async function findUser(conn: Conn, ref: string): Promise<UserRecord | undefined> {
  const [row] = await conn.db
    .select()
    .from(users)
    .where(sql`${users.id} = ${ref} OR ${users.name} = ${ref} OR lower(${users.email}) = lower(${ref})`)
    .limit(1);
  return row ? userRecord(row) : undefined;
}

async function requireUser(conn: Conn, ref: string): Promise<UserRecord> {
  const user = await findUser(conn, ref);
  if (!user) throw new NotFoundError('user', ref);
  return user;
}

// --- tokens --------------------------------------------------------------------------------------------------------

/**
 * Issues an API token for user `userRef` (id, name or e-mail). Returns the secret, which exists nowhere else: show it
 * once. `expiresInDays` (positive, fractional allowed) sets an expiry; none: it lasts until revoked.
 */
export async function createToken(
  conn: Conn,
  userRef: string,
  options: { name?: string; expiresInDays?: number },
  change: Change,
): Promise<{ id: string; secret: string; token: TokenRecord }> {
  const name = options.name ?? 'api';
  if (name.length === 0 || name.length > 100) throw new AccessInputError('a token name must be 1-100 characters');
  const days = options.expiresInDays;
  if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= 3650)) throw new AccessInputError(`expiry must be a number of days in (0, 3650], not ${days}`);
  return transact(conn, async (t) => {
    const user = await requireUser(t, userRef);
    const secret = `vt_${randomBytes(32).toString('base64url')}`;
    const now = change.now ?? new Date();
    const id = newId('tok');
    const [row] = await t.db
      .insert(tokens)
      .values({ id, userId: user.id, name, hash: hashSecret(secret), createdAt: now, expiresAt: days === undefined ? null : new Date(now.getTime() + days * DAY_MS) })
      .returning();
    const token = tokenRecord(row!, user.name);
    await recordAudit(t, null, { entity: 'token', entityId: id, action: 'create', before: null, after: token }, change);
    return { id, secret, token };
  });
}

function tokenRecord(r: typeof tokens.$inferSelect, userName: string): TokenRecord {
  return {
    id: r.id,
    userId: r.userId,
    userName,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: iso(r.lastUsedAt),
    expiresAt: iso(r.expiresAt),
    revokedAt: iso(r.revokedAt),
  };
}

/** Tokens (of one user when `userRef` is given: id, name or e-mail), oldest first. Never secrets or hashes. */
export async function listTokens(conn: Conn, userRef?: string): Promise<TokenRecord[]> {
  const user = userRef === undefined ? undefined : await requireUser(conn, userRef);
  const rows = await conn.db
    .select({ token: tokens, userName: users.name })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(user ? eq(tokens.userId, user.id) : undefined)
    .orderBy(asc(tokens.createdAt), asc(tokens.id));
  return rows.map((r) => tokenRecord(r.token, r.userName));
}

/** Revokes token `id` (idempotent: an already revoked token keeps its first revocation time). Throws NotFoundError. */
export async function revokeToken(conn: Conn, id: string, change: Change): Promise<TokenRecord> {
  return transact(conn, async (t) => {
    const [found] = await t.db.select({ token: tokens, userName: users.name }).from(tokens).innerJoin(users, eq(users.id, tokens.userId)).where(eq(tokens.id, id)).for('update');
    if (!found) throw new NotFoundError('token', id);
    const before = tokenRecord(found.token, found.userName);
    if (found.token.revokedAt !== null) return before;
    const [row] = await t.db.update(tokens).set({ revokedAt: change.now ?? new Date() }).where(eq(tokens.id, id)).returning();
    const after = tokenRecord(row!, found.userName);
    await recordAudit(t, null, { entity: 'token', entityId: id, action: 'revoke', before, after }, change);
    return after;
  });
}

/**
 * The principal a bearer secret stands for, or undefined when it is malformed, unknown, revoked or expired (at
 * `now`). The stored hash is compared in constant time; `last_used_at` is refreshed at most once a minute.
 */
export async function findPrincipalByToken(conn: Conn, secret: string, now: Date = new Date()): Promise<Principal | undefined> {
  if (!SECRET.test(secret)) return undefined;
  const hash = hashSecret(secret);
  const [found] = await conn.db
    .select({ id: tokens.id, hash: tokens.hash, expiresAt: tokens.expiresAt, revokedAt: tokens.revokedAt, lastUsedAt: tokens.lastUsedAt, user: users })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(eq(tokens.hash, hash))
    .limit(1);
  // The index lookup finds the row; the decision is the constant-time comparison (a stand-in keeps misses alike).
  const same = hashesEqual(found?.hash ?? '0'.repeat(64), hash);
  if (!found || !same) return undefined;
  if (found.revokedAt !== null) return undefined;
  if (found.expiresAt !== null && found.expiresAt.getTime() <= now.getTime()) return undefined;
  if (found.lastUsedAt === null || now.getTime() - found.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await conn.db.update(tokens).set({ lastUsedAt: now }).where(eq(tokens.id, found.id));
  }
  return { userId: found.user.id, name: found.user.name, admin: found.user.admin };
}

// --- memberships ---------------------------------------------------------------------------------------------------

function membershipRecord(r: typeof memberships.$inferSelect, userName: string): MembershipRecord {
  return { programId: r.programId, userId: r.userId, userName, role: r.role, workstreams: [...r.workstreams], version: r.version };
}

/**
 * Gives user `userRef` role `role` in program `programId` (replacing any role they had; the version grows).
 * A `lead` needs at least one of the program's workstream ids; other roles take none. Throws NotFoundError (program, user) or
 * AccessInputError. Example: `grant(store, 'checkout', 'bo', 'lead', ['payments'], change)`.
 */
export async function grant(conn: Conn, programId: string, userRef: string, role: string, workstreams: readonly string[] = [], change: Change = { actor: 'system' }): Promise<MembershipRecord> {
  if (!(PROGRAM_ROLES as readonly string[]).includes(role)) throw new AccessInputError(`role must be one of ${PROGRAM_ROLES.join(', ')}, not '${role}'`);
  const r = role as ProgramRole; // checked just above
  const ws = [...new Set(workstreams)];
  if (r === 'lead' && ws.length === 0) throw new AccessInputError('a lead needs the workstream(s) they lead (--workstream W)');
  if (r !== 'lead' && ws.length > 0) throw new AccessInputError(`only a lead takes workstreams; a ${r} has access to the whole program`);
  if (ws.some((w) => w.length === 0 || w.length > 200)) throw new AccessInputError('a workstream id must be 1-200 characters');
  return transact(conn, async (t) => {
    if (!(await getProgram(t, programId))) throw new NotFoundError('program', programId);
    const user = await requireUser(t, userRef);
    if (ws.length > 0) {
      const known = (await listEntries(t, programId, 'workstreams')).map((e) => e.entryId);
      const unknown = ws.filter((w) => !known.includes(w));
      if (unknown.length > 0) throw new AccessInputError(`program '${programId}' has no workstream ${unknown.map((w) => `'${w}'`).join(', ')}${known.length > 0 ? ` (it has ${known.join(', ')})` : ' (it has none)'}`);
    }
    const [prior] = await t.db.select().from(memberships).where(and(eq(memberships.programId, programId), eq(memberships.userId, user.id))).for('update');
    const values = { role: r, workstreams: ws, version: (prior?.version ?? 0) + 1 };
    const [row] = prior
      ? await t.db.update(memberships).set(values).where(and(eq(memberships.programId, programId), eq(memberships.userId, user.id))).returning()
      : await t.db.insert(memberships).values({ programId, userId: user.id, ...values }).returning();
    const after = membershipRecord(row!, user.name);
    await recordAudit(t, programId, { entity: 'membership', entityId: user.id, action: prior ? 'update' : 'grant', before: prior ? membershipRecord(prior, user.name) : null, after }, change);
    return after;
  });
}

/** Removes user `userRef`'s role in program `programId`; false when they had none. Throws NotFoundError (user). */
export async function revoke(conn: Conn, programId: string, userRef: string, change: Change): Promise<boolean> {
  return transact(conn, async (t) => {
    const user = await requireUser(t, userRef);
    const [row] = await t.db.delete(memberships).where(and(eq(memberships.programId, programId), eq(memberships.userId, user.id))).returning();
    if (!row) return false;
    await recordAudit(t, programId, { entity: 'membership', entityId: user.id, action: 'revoke', before: membershipRecord(row, user.name), after: null }, change);
    return true;
  });
}

/** The members of a program, by user name. */
export async function listMembers(conn: Conn, programId: string): Promise<MembershipRecord[]> {
  const rows = await conn.db
    .select({ m: memberships, userName: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.programId, programId))
    .orderBy(asc(users.name));
  return rows.map((r) => membershipRecord(r.m, r.userName));
}

/** User `userId`'s membership of program `programId`, or undefined. */
export async function getMembership(conn: Conn, programId: string, userId: string): Promise<MembershipRecord | undefined> {
  const [row] = await conn.db
    .select({ m: memberships, userName: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.programId, programId), eq(memberships.userId, userId)));
  return row ? membershipRecord(row.m, row.userName) : undefined;
}

/** The ids of the programs user `userId` is a member of. */
export async function memberProgramIds(conn: Conn, userId: string): Promise<string[]> {
  return (await conn.db.select({ id: memberships.programId }).from(memberships).where(eq(memberships.userId, userId))).map((r) => r.id);
}
