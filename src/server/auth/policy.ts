/**
 * The access rules as a pure decision table (no store): which role may do what. docs/access-control.md is the
 * same table in prose; policy.test.ts checks every cell.
 */
import type { Access, ProgramRole, WriteTarget } from './types.js';

/** The sections a workstream lead may write, for entries of the workstreams they lead (estimates live on items). */
export const LEAD_SECTIONS: readonly string[] = ['items', 'risks'];

/**
 * Whether `role` (leading `leads` when a lead) grants `access`, for a write to `target` when given. Owners may do
 * everything; editors read and write; viewers read; leads read, and write only `LEAD_SECTIONS` entries whose
 * workstream is one of theirs (an entry of no workstream, or no target at all, is refused).
 * Example: `allows('lead', ['web'], 'write', { section: 'items', workstream: 'web' })` is true.
 */
export function allows(role: ProgramRole, leads: readonly string[], access: Access, target?: WriteTarget): boolean {
  if (access === 'read') return true;
  switch (role) {
    case 'owner':
      return true;
    case 'editor':
      return access === 'write';
    case 'viewer':
      return false;
    case 'lead':
      if (access !== 'write' || !target || !LEAD_SECTIONS.includes(target.section)) return false;
      return typeof target.workstream === 'string' && leads.includes(target.workstream);
  }
}
