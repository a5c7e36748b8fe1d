/**
 * Access control for the HTTP API: `authenticate` turns a bearer token into a Principal, `authorize` decides what a
 * principal may do in one program, `visiblePrograms` filters lists. A program a principal is not a member of
 * answers 404 exactly as a missing one does, so its existence never leaks. Rules: docs/access-control.md.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Store } from '../../store/open.js';
import { listEntries, transact, type Change, type Json } from '../../store/repository.js';
import type { Section } from '../../store/schema.js';
import { HttpError } from '../errors.js';
import { allows, LEAD_SECTIONS } from './policy.js';
import { createToken, createUser, findPrincipalByToken, findUser, getMembership, memberProgramIds, type UserRecord } from './repo.js';
import type { Access, Principal, ProgramRole, WriteTarget } from './types.js';

export type { Access, Principal, ProgramRole, WriteTarget } from './types.js';
export { PROGRAM_ROLES, ACCESSES } from './types.js';
export { allows, LEAD_SECTIONS } from './policy.js';

/** Longer Authorization headers are refused unread (a token is 46 characters). */
const MAX_AUTH_HEADER = 512;

function unauthorized(c: Context, message: string): Response {
  c.header('WWW-Authenticate', 'Bearer');
  return c.json({ error: { code: 'unauthorized', message } }, 401);
}

/**
 * Hono middleware: reads `Authorization: Bearer <token>`, sets `c.get('principal')` or responds 401 JSON
 * (`{error: {code: 'unauthorized', message}}`) for a missing, malformed, unknown, revoked or expired token.
 */
export function authenticate(store: Store, options: { now?: () => Date } = {}): MiddlewareHandler<{ Variables: { principal: Principal } }> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header === undefined || header.trim() === '') return unauthorized(c, 'missing token: send Authorization: Bearer <token> (make one with `vantage token create USER`)');
    const match = header.length <= MAX_AUTH_HEADER ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match) return unauthorized(c, 'malformed Authorization header: send Authorization: Bearer <token>');
    const principal = await findPrincipalByToken(store, match[1]!, options.now?.() ?? new Date());
    if (!principal) return unauthorized(c, 'invalid, expired or revoked token');
    c.set('principal', principal);
    await next();
  };
}

/** The 404 a non-member gets: word for word what a missing program gives (NotFoundError), so nothing leaks. */
function hidden(programId: string): HttpError {
  return new HttpError(404, 'not-found', `no program '${programId}' in the store`);
}

/**
 * Checks that `principal` may `access` program `programId` and returns the role that allows it ('admin' for an
 * admin, who may do anything, also on programs that do not exist yet). Throws HttpError 404 when the principal is
 * no member (never reveal it exists) and 403 when a member lacks the right. `target` narrows a write for workstream
 * leads: a lead may write items and risks of the workstreams they lead only (see `writeTarget`).
 */
export async function authorize(store: Store, principal: Principal, programId: string, access: Access, target?: WriteTarget): Promise<ProgramRole | 'admin'> {
  if (principal.admin) return 'admin';
  const membership = await getMembership(store, programId, principal.userId);
  if (!membership) throw hidden(programId);
  if (allows(membership.role, membership.workstreams, access, target)) return membership.role;
  throw new HttpError(403, 'forbidden', forbiddenMessage(membership.role, membership.workstreams, access, target));
}

function forbiddenMessage(role: ProgramRole, leads: readonly string[], access: Access, target?: WriteTarget): string {
  if (role !== 'lead' || access !== 'write') return `a ${role} of this program may not ${access === 'manage' ? 'manage (delete it or change its members)' : access}`;
  if (!target || !LEAD_SECTIONS.includes(target.section)) return `a workstream lead may write only ${LEAD_SECTIONS.join(' and ')}${target ? `, not ${target.section}` : ''}`;
  if (typeof target.workstream !== 'string') return `this ${target.section === 'risks' ? 'risk touches no single workstream' : 'entry belongs to no workstream'}; only an owner or editor may write it`;
  return `you lead ${leads.join(', ')}, not workstream '${target.workstream}'`;
}

/** Programs this principal may read (for list endpoints): 'all' for an admin. */
export async function visiblePrograms(store: Store, principal: Principal): Promise<Set<string> | 'all'> {
  if (principal.admin) return 'all';
  return new Set(await memberProgramIds(store, principal.userId));
}

/**
 * The write target of an entry of `section` with data `data` in program `programId`: an item's `workstream`; a
 * risk's is the one workstream all of its `impact.items` belong to (several, or none: null, so only owners and
 * editors may write it); other sections: null.
 */
export async function writeTarget(store: Store, programId: string, section: string, data: Json | undefined): Promise<WriteTarget> {
  if (!data) return { section, workstream: null };
  if (section === 'items') return { section, workstream: typeof data.workstream === 'string' ? data.workstream : null };
  if (section !== 'risks') return { section, workstream: null };
  const impact = data.impact;
  const ids = impact !== null && typeof impact === 'object' && Array.isArray((impact as Json).items) ? ((impact as Json).items as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  if (ids.length === 0) return { section, workstream: null };
  const items = new Map((await listEntries(store, programId, 'items' satisfies Section)).map((e) => [e.entryId, e.data.workstream]));
  const found = new Set(ids.map((id) => items.get(id)));
  const [only] = [...found];
  return { section, workstream: found.size === 1 && typeof only === 'string' ? only : null };
}

/**
 * Authorizes a write of one entry: the entry as it is (`before`, absent on creation) and as it will be (`after`,
 * absent on deletion) must both be writable, so a lead can neither take an entry out of their workstream nor move
 * one in from another. Returns the role, throws like `authorize`.
 */
export async function authorizeEntryWrite(
  store: Store,
  principal: Principal,
  programId: string,
  section: string,
  change: { before?: Json; after?: Json },
): Promise<ProgramRole | 'admin'> {
  const role = await authorize(store, principal, programId, 'read');
  if (role === 'admin' || role === 'owner' || role === 'editor') return role;
  for (const data of [change.before, change.after]) {
    if (data !== undefined) await authorize(store, principal, programId, 'write', await writeTarget(store, programId, section, data));
  }
  if (change.before === undefined && change.after === undefined) await authorize(store, principal, programId, 'write', { section });
  return role;
}

/**
 * For `vantage serve --demo`: the `demo` admin user (made when missing) and a fresh token for it. The token is a
 * secret: print it once. Example: `const { user, token } = await ensureDemoPrincipal(store)`.
 */
export async function ensureDemoPrincipal(store: Store, change: Change = { actor: 'vantage serve --demo' }): Promise<{ user: UserRecord; token: string }> {
  return transact(store, async (t) => {
    const user = (await findUser(t, 'demo')) ?? (await createUser(t, { name: 'demo', email: 'demo@vantage.invalid', admin: true }, change));
    const { secret } = await createToken(t, user.id, { name: 'demo' }, change);
    return { user, token: secret };
  });
}
