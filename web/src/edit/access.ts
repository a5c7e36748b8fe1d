/**
 * Who may edit what, for the UI only (the server stays the judge and answers 403 with its reason): the same rule as
 * src/server/auth/policy.ts `allows`. Admins, owners and editors edit everything; viewers nothing; a workstream lead
 * edits items and risks of their workstreams only (a risk's workstream is the one all its impacted items share).
 */
import type { PlanSection } from '../routes.js';

export type Role = 'admin' | 'owner' | 'editor' | 'lead' | 'viewer';
export type Access = { role: Role; workstreams: string[] };

/** The sections a lead may write (policy.ts LEAD_SECTIONS). */
const LEAD_SECTIONS: readonly PlanSection[] = ['items', 'risks'];

/**
 * The workstream an entry belongs to for the rule: an item's own; a risk's the single one of its impacted items
 * (`itemWorkstream` looks an item up); null otherwise.
 */
export function entryWorkstream(section: PlanSection, data: Record<string, unknown>, itemWorkstream: (id: string) => string | undefined): string | null {
  if (section === 'items') return typeof data.workstream === 'string' ? data.workstream : null;
  if (section !== 'risks') return null;
  const impact = data.impact as { items?: unknown } | undefined;
  const ids = Array.isArray(impact?.items) ? impact.items.map(String) : [];
  const found = new Set(ids.map((id) => itemWorkstream(id)));
  const only = [...found][0];
  return ids.length > 0 && found.size === 1 && typeof only === 'string' ? only : null;
}

/** Whether `access` may write an entry of `section` in workstream `workstream` (null: none). */
export function canWrite(access: Access, section: PlanSection, workstream: string | null): boolean {
  switch (access.role) {
    case 'admin':
    case 'owner':
    case 'editor':
      return true;
    case 'viewer':
      return false;
    case 'lead':
      return LEAD_SECTIONS.includes(section) && workstream !== null && access.workstreams.includes(workstream);
  }
}

/** Whether `access` may add entries to `section` at all (a lead: to items and risks, in their workstreams). */
export function canCreate(access: Access, section: PlanSection): boolean {
  return access.role === 'lead' ? LEAD_SECTIONS.includes(section) && access.workstreams.length > 0 : canWrite(access, section, null);
}

/** Why edit controls are missing, in words (undefined: they are there). */
export function whyReadOnly(access: Access, section: PlanSection, workstream: string | null): string | undefined {
  if (canWrite(access, section, workstream)) return undefined;
  if (access.role === 'viewer') return 'You are a viewer of this program: you can read it, not change it.';
  if (!LEAD_SECTIONS.includes(section)) return `As a workstream lead you edit items and risks only, not ${section}.`;
  const yours = access.workstreams.length > 0 ? access.workstreams.join(', ') : 'no workstream';
  return workstream === null ? `As lead of ${yours} you cannot edit this: it belongs to no single workstream.` : `As lead of ${yours} you cannot edit this: it is in workstream ${workstream}.`;
}
