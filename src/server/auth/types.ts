/** The access-control vocabulary shared by the server, the repository and the CLI (see docs/access-control.md). */

/** Who is calling: the user behind a valid API token. */
export type Principal = { userId: string; name: string; admin: boolean };

/** A user's role in one program. A `lead` leads the workstreams listed in their membership. */
export type ProgramRole = 'owner' | 'editor' | 'viewer' | 'lead';

/** What a request needs: `manage` = delete the program or change its memberships. */
export type Access = 'read' | 'write' | 'manage';

/** Every role, in decreasing power (for tests, the CLI and docs). */
export const PROGRAM_ROLES: readonly ProgramRole[] = ['owner', 'editor', 'lead', 'viewer'];

/** Every access level. */
export const ACCESSES: readonly Access[] = ['read', 'write', 'manage'];

/** What a write touches: the section, and the workstream of the entry (null: it belongs to none). */
export type WriteTarget = { section: string; workstream?: string | null };
