import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allows, LEAD_SECTIONS } from './policy.js';
import { ACCESSES, PROGRAM_ROLES, type Access, type ProgramRole } from './types.js';

const SECTIONS = ['objectives', 'people', 'teams', 'workstreams', 'items', 'milestones', 'risks', 'decisions', 'lessons', 'stakeholders', 'history'];

describe('allows (the decision table)', () => {
  // Written out by hand, apart from the implementation: role -> [read, write (untargeted), manage].
  const table: Record<ProgramRole, [boolean, boolean, boolean]> = {
    owner: [true, true, true],
    editor: [true, true, false],
    lead: [true, false, false],
    viewer: [true, false, false],
  };
  for (const role of PROGRAM_ROLES) {
    for (const [i, access] of ACCESSES.entries()) {
      it(`${role} ${access}: ${table[role][i] ? 'allowed' : 'refused'}`, () => {
        expect(allows(role, ['web'], access)).toBe(table[role][i]);
      });
    }
  }

  it('a lead writes items and risks of their own workstreams only', () => {
    expect(LEAD_SECTIONS).toEqual(['items', 'risks']);
    expect(allows('lead', ['web', 'payments'], 'write', { section: 'items', workstream: 'payments' })).toBe(true);
    expect(allows('lead', ['web'], 'write', { section: 'risks', workstream: 'web' })).toBe(true);
    expect(allows('lead', ['web'], 'write', { section: 'items', workstream: 'payments' })).toBe(false);
    expect(allows('lead', ['web'], 'write', { section: 'items', workstream: null })).toBe(false);
    expect(allows('lead', ['web'], 'write', { section: 'items' })).toBe(false);
    expect(allows('lead', ['web'], 'write', { section: 'milestones', workstream: 'web' })).toBe(false);
    expect(allows('lead', ['web'], 'manage', { section: 'items', workstream: 'web' })).toBe(false);
  });

  it('property: read is always allowed; owner ⊇ editor ⊇ lead ⊇ viewer; a lead writes exactly own-workstream items/risks', () => {
    const ws = fc.constantFrom('web', 'payments', 'mobile', '');
    fc.assert(
      fc.property(
        fc.uniqueArray(ws, { maxLength: 3 }),
        fc.constantFrom(...ACCESSES),
        fc.option(fc.record({ section: fc.constantFrom(...SECTIONS), workstream: fc.option(ws) }), { nil: undefined }),
        (leads: string[], access: Access, target) => {
          const t = target === undefined ? undefined : { section: target.section, workstream: target.workstream };
          const got = Object.fromEntries(PROGRAM_ROLES.map((r) => [r, allows(r, leads, access, t)])) as Record<ProgramRole, boolean>;
          if (access === 'read') expect(Object.values(got).every(Boolean)).toBe(true);
          const implies = (a: boolean, b: boolean) => !a || b;
          expect(implies(got.viewer, got.lead) && implies(got.lead, got.editor) && implies(got.editor, got.owner)).toBe(true);
          const own = t !== undefined && (t.section === 'items' || t.section === 'risks') && typeof t.workstream === 'string' && leads.includes(t.workstream);
          if (access === 'write') expect(got.lead).toBe(own);
        },
      ),
    );
  });
});
