/**
 * Access control from the command line: `vantage user add|list|grant|revoke|members` and `vantage token
 * create|list|revoke`, on the store chosen by `--data DIR | --db URL` (as `vantage import`). A token's secret is
 * printed once, by `token create`; the store keeps only its SHA-256. Rules: docs/access-control.md.
 */
import type { Command } from 'commander';
import { ConflictError, NotFoundError } from '../../store/errors.js';
import type { Store } from '../../store/open.js';
import type { MembershipRecord, TokenRecord, UserRecord } from '../../server/auth/repo.js';
import { UsageError, type Output } from '../context.js';
import { actorOf, storeOptions, withStore, type StoreFlags } from './store.js';
import type { RegisterCommand } from './index.js';

type FormatFlags = StoreFlags & { format: string };

const auth = () => import('../../server/auth/repo.js'); // loaded on use, with the database drivers
type Repo = Awaited<ReturnType<typeof auth>>;

function format(flags: FormatFlags): 'text' | 'json' {
  if (flags.format === 'text' || flags.format === 'json') return flags.format;
  throw new UsageError(`--format must be one of text, json, not '${flags.format}'`);
}

/** Runs a store action, turning the repository's input errors into one-line usage errors (exit 2). */
async function run<T>(flags: StoreFlags, fn: (repo: Repo, store: Store) => Promise<T>): Promise<T> {
  const repo = await auth();
  try {
    return await withStore(flags, (store) => fn(repo, store));
  } catch (e) {
    if (e instanceof repo.AccessInputError || e instanceof ConflictError) throw new UsageError(e.message);
    if (e instanceof NotFoundError) throw new UsageError(`${e.message}; see ${e.what === 'program' ? 'vantage programs' : e.what === 'token' ? 'vantage token list' : 'vantage user list'}`);
    throw e;
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

const day = (iso: string | null): string => (iso === null ? '-' : iso.slice(0, 16).replace('T', ' '));

function renderUsers(users: UserRecord[]): string {
  if (users.length === 0) return 'No users yet: add one with vantage user add NAME --email E\n';
  return table([['id', 'name', 'email', 'admin', 'created'], ...users.map((u) => [u.id, u.name, u.email, u.admin ? 'yes' : '', day(u.createdAt)])]);
}

function tokenStatus(t: TokenRecord, now: Date): string {
  if (t.revokedAt !== null) return 'revoked';
  if (t.expiresAt !== null && Date.parse(t.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

function renderTokens(tokens: TokenRecord[], now: Date): string {
  if (tokens.length === 0) return 'No tokens: make one with vantage token create USER\n';
  return table([
    ['id', 'user', 'name', 'status', 'created', 'last used', 'expires'],
    ...tokens.map((t) => [t.id, t.userName, t.name, tokenStatus(t, now), day(t.createdAt), day(t.lastUsedAt), day(t.expiresAt)]),
  ]);
}

function renderMembers(programId: string, members: MembershipRecord[]): string {
  if (members.length === 0) return `Program '${programId}' has no members (admins see it): add one with vantage user grant USER ${programId} ROLE\n`;
  return table([['user', 'role', 'workstreams'], ...members.map((m) => [m.userName, m.role, m.workstreams.join(', ') || '-'])]);
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function registerUserCommands(program: Command, output: Output, setExit: (code: number) => void): void {
  const user = program.command('user').description('manage users and their roles in programs (owner, editor, viewer, lead)');

  storeOptions(
    user
      .command('add')
      .description('add a user (NAME is their handle: letters, digits, ., _, -)')
      .argument('<name>')
      .requiredOption('--email <email>', "the user's e-mail address (unique)")
      .option('--admin', 'an administrator: sees and manages every program')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (name: string, flags: FormatFlags & { email: string; admin?: boolean }) => {
    const f = format(flags);
    const created = await run(flags, (repo, store) => repo.createUser(store, { name, email: flags.email, admin: flags.admin === true }, { actor: actorOf(flags) }));
    output.out(f === 'json' ? json(created) : `Added user ${created.name} (${created.id})${created.admin ? ', an administrator' : ''}. Give them a token: vantage token create ${created.name}\n`);
    setExit(0);
  });

  storeOptions(user.command('list').description('list the users').option('--format <format>', 'text or json', 'text')).action(async (flags: FormatFlags) => {
    const f = format(flags);
    const users = await run(flags, (repo, store) => repo.listUsers(store));
    output.out(f === 'json' ? json({ users }) : renderUsers(users));
    setExit(0);
  });

  storeOptions(
    user
      .command('grant')
      .description("give USER a role in PROGRAM (replacing the one they had); a lead names the workstream(s) they lead")
      .argument('<user>', 'user name, e-mail or id')
      .argument('<program>', 'program id (see vantage programs)')
      .argument('<role>', 'owner, editor, viewer or lead')
      .option('--workstream <id...>', 'for a lead: a workstream they lead (repeat or list several)')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (who: string, programId: string, role: string, flags: FormatFlags & { workstream?: string[] }) => {
    const f = format(flags);
    const m = await run(flags, (repo, store) => repo.grant(store, programId, who, role, flags.workstream ?? [], { actor: actorOf(flags) }));
    output.out(f === 'json' ? json(m) : `${m.userName} is now ${m.role === 'owner' ? 'an' : 'a'} ${m.role} of ${m.programId}${m.role === 'lead' ? ` (workstreams: ${m.workstreams.join(', ')})` : ''}\n`);
    setExit(0);
  });

  storeOptions(
    user
      .command('revoke')
      .description("remove USER's role in PROGRAM")
      .argument('<user>', 'user name, e-mail or id')
      .argument('<program>', 'program id'),
  ).action(async (who: string, programId: string, flags: StoreFlags) => {
    const removed = await run(flags, (repo, store) => repo.revoke(store, programId, who, { actor: actorOf(flags) }));
    output.out(removed ? `${who} has no role in ${programId} any more\n` : `${who} had no role in ${programId}; nothing changed\n`);
    setExit(0);
  });

  storeOptions(
    user.command('members').description('list the members of PROGRAM and their roles').argument('<program>', 'program id').option('--format <format>', 'text or json', 'text'),
  ).action(async (programId: string, flags: FormatFlags) => {
    const f = format(flags);
    const members = await run(flags, async (repo, store) => {
      const { getProgram } = await import('../../store/repository.js');
      if (!(await getProgram(store, programId))) throw new NotFoundError('program', programId);
      return repo.listMembers(store, programId);
    });
    output.out(f === 'json' ? json({ programId, members }) : renderMembers(programId, members));
    setExit(0);
  });
}

function registerTokenCommands(program: Command, output: Output, setExit: (code: number) => void): void {
  const token = program.command('token').description('manage API tokens (only their hashes are stored)');

  storeOptions(
    token
      .command('create')
      .description('make an API token for USER and print its secret (shown only this once)')
      .argument('<user>', 'user name, e-mail or id')
      .option('--name <name>', 'what the token is for (e.g. laptop, ci)', 'api')
      .option('--expires <days>', 'expire after this many days (default: never)')
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (who: string, flags: FormatFlags & { name: string; expires?: string }) => {
    const f = format(flags);
    let days: number | undefined;
    if (flags.expires !== undefined) {
      days = Number(flags.expires);
      if (flags.expires.trim() === '' || !Number.isFinite(days) || days <= 0) throw new UsageError(`--expires takes a positive number of days, not '${flags.expires}'`);
    }
    const made = await run(flags, (repo, store) => repo.createToken(store, who, { name: flags.name, ...(days !== undefined ? { expiresInDays: days } : {}) }, { actor: actorOf(flags) }));
    output.err(`Token ${made.id} for ${made.token.userName}${made.token.expiresAt ? `, expires ${day(made.token.expiresAt)} UTC` : ''}. Copy the secret now: it will not be shown again.\n`);
    output.out(f === 'json' ? json({ ...made.token, secret: made.secret }) : `${made.secret}\n`);
    setExit(0);
  });

  storeOptions(
    token.command('list').description('list tokens (of USER when given); never their secrets').argument('[user]', 'user name, e-mail or id').option('--format <format>', 'text or json', 'text'),
  ).action(async (who: string | undefined, flags: FormatFlags) => {
    const f = format(flags);
    const tokens = await run(flags, (repo, store) => repo.listTokens(store, who));
    const now = new Date();
    output.out(f === 'json' ? json({ tokens: tokens.map((t) => ({ ...t, status: tokenStatus(t, now) })) }) : renderTokens(tokens, now));
    setExit(0);
  });

  storeOptions(token.command('revoke').description('revoke token ID (it stops working at once)').argument('<id>', 'token id (see vantage token list)')).action(
    async (id: string, flags: StoreFlags) => {
      const t = await run(flags, (repo, store) => repo.revokeToken(store, id, { actor: actorOf(flags) }));
      output.out(`Token ${t.id} of ${t.userName} is revoked (since ${day(t.revokedAt)} UTC)\n`);
      setExit(0);
    },
  );
}

/** Registers `vantage user ...` and `vantage token ...`. */
export const registerUsers: RegisterCommand = (program, output, setExit) => {
  registerUserCommands(program, output, setExit);
  registerTokenCommands(program, output, setExit);
};
