/** The Plan tab's pure logic: forms to data and back, client checks, diagnostics to fields, the 409 merge, roles. */
import { describe, expect, it } from 'vitest';
import { allows } from '../../src/server/auth/policy.js';
import { canCreate, canWrite, entryWorkstream, whyReadOnly, type Access } from '../../web/src/edit/access.js';
import { clientProblems, fieldOfMessage, fromDraft, toDraft } from '../../web/src/edit/fields.js';
import { ago, merge, planMerge, sameJson } from '../../web/src/edit/merge.js';

const PAY2 = { id: 'PAY-2', title: 'Card vault vendor integration', workstream: 'payments', owner: 'bo', needs: { bo: 1 }, estimate: { low: 8, likely: 12, high: 25 }, after: ['PAY-1', { id: 'UI-2', lag: 2 }], must: true, 'x-note': 'keep me' };

describe('forms', () => {
  it('round-trips an entry through the form unchanged, keeping keys the form does not show', () => {
    const draft = toDraft('items', PAY2);
    expect(draft['estimate.mode']).toBe('range');
    expect(draft.after).toBe('PAY-1, UI-2+2');
    expect(sameJson(fromDraft('items', draft, PAY2), PAY2)).toBe(true);
  });

  it('writes typed values: numbers as numbers, durations as text, lists, lags, and removes emptied fields', () => {
    const draft = { ...toDraft('items', PAY2), 'estimate.mode': 'fixed', estimate: '2w', after: 'PAY-1, PAY-3 + 1', owner: '', must: '', tags: 'pci, external' };
    const data = fromDraft('items', draft, PAY2);
    expect(data.estimate).toBe('2w');
    expect(data.after).toEqual(['PAY-1', { id: 'PAY-3', lag: 1 }]);
    expect(data).not.toHaveProperty('owner');
    expect(data).not.toHaveProperty('must');
    expect(data.tags).toEqual(['pci', 'external']);
    expect(data.needs).toEqual({ bo: 1 });
    expect(fromDraft('items', { ...draft, estimate: '5' }, PAY2).estimate).toBe(5);
  });

  it('builds nested risk fields and a new entry with its id first', () => {
    const data = fromDraft('risks', { id: 'R9', title: 'Vendor slips', probability: '0.3', 'impact.days': '15', 'impact.items': 'PAY-2', severity: '4' }, {});
    expect(data).toEqual({ id: 'R9', title: 'Vendor slips', probability: 0.3, impact: { days: 15, items: ['PAY-2'] }, severity: 4 });
    expect(Object.keys(data)[0]).toBe('id');
    expect(fromDraft('risks', { ...toDraft('risks', data), 'impact.days': '', 'impact.items': '' }, data)).not.toHaveProperty('impact');
  });

  it('checks required fields and numbers before sending', () => {
    expect(clientProblems('items', { id: '', title: ' ' }, true).map((p) => p.field)).toEqual(['id', 'title']);
    expect(clientProblems('risks', { title: 'x', probability: 'high' }, false)).toEqual([{ field: 'probability', message: "Probability (0–1) must be a number, not 'high'" }]);
    expect(clientProblems('stakeholders', { name: 'VP' }, false)).toEqual([]);
  });

  it('tells which field a validator message is about', () => {
    expect(fieldOfMessage('items', 'PAY-2', 'item PAY-2: estimate has low 9 above high 5; it needs low <= likely <= high')).toBe('estimate');
    expect(fieldOfMessage('items', 'PAY-2', 'item PAY-2 depends on NOPE-1, which does not exist')).toBe('after');
    expect(fieldOfMessage('items', 'PAY-2', 'item PAY-2 is owned by zed, who is not in people; did you mean bo?')).toBe('owner');
    expect(fieldOfMessage('items', 'PAY-2', "item PAY-2: after[1] 'x y' is not a valid id")).toBe('after');
    expect(fieldOfMessage('risks', 'R1', 'risk R1: impact.days should be a number, not the text \'x\'')).toBe('impact.days');
    expect(fieldOfMessage('items', 'PAY-2', 'item PAY-2 has no title, which is required')).toBe('title');
    expect(fieldOfMessage('items', 'PAY-2', 'item PAY-3 depends on NOPE-1, which does not exist')).toBeUndefined(); // another entry
    expect(fieldOfMessage('items', 'PAY-2', 'item PAY-2: needs.backend is more than the pool')).toBeUndefined(); // not on the form
  });
});

describe('merge after a 409', () => {
  const base = { id: 'PAY-2', title: 'Vault', owner: 'bo', status: 'todo' };
  it('applies my changed fields onto theirs when we changed different fields', () => {
    const mine = { ...base, title: 'Card vault' };
    const theirs = { ...base, owner: 'jo', tags: ['x'] };
    const plan = planMerge(base, mine, theirs);
    expect(plan.conflicts).toEqual([]);
    expect(plan.differing.map((d) => d.key).sort()).toEqual(['owner', 'tags', 'title']);
    expect(merge(base, mine, theirs)).toEqual({ id: 'PAY-2', title: 'Card vault', owner: 'jo', status: 'todo', tags: ['x'] });
  });

  it('reports a field both changed differently, and takes the side picked (theirs until picked)', () => {
    const mine = { ...base, title: 'Mine', status: 'doing' };
    const theirs = { ...base, title: 'Theirs' };
    expect(planMerge(base, mine, theirs).conflicts).toEqual(['title']);
    expect(merge(base, mine, theirs)).toEqual({ ...base, title: 'Theirs', status: 'doing' });
    expect(merge(base, mine, theirs, { title: 'mine' })).toEqual({ ...base, title: 'Mine', status: 'doing' });
  });

  it('keeps a removal of mine, and sees the same change on both sides as no conflict', () => {
    const { owner: _o, ...mine } = { ...base, title: 'Same' };
    const theirs = { ...base, title: 'Same' };
    expect(planMerge(base, mine, theirs).conflicts).toEqual([]);
    expect(merge(base, mine, theirs)).toEqual({ id: 'PAY-2', title: 'Same', status: 'todo' });
  });

  it('compares JSON deeply, ignoring key order', () => {
    expect(sameJson({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  });

  it('says when the other change happened', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(ago('2026-11-25T09:59:30Z', now)).toBe('just now');
    expect(ago('2026-11-25T09:55:00Z', now)).toBe('5 min ago');
    expect(ago(null, now)).toBe('meanwhile');
  });
});

describe('roles in the UI mirror the server policy', () => {
  const lead: Access = { role: 'lead', workstreams: ['payments'] };
  const ws = (id: string) => ({ 'PAY-2': 'payments', 'WEB-3': 'web' })[id];
  it('agrees with policy.allows for every role, section and workstream', () => {
    for (const role of ['owner', 'editor', 'lead', 'viewer'] as const)
      for (const section of ['items', 'risks', 'decisions', 'stakeholders'] as const)
        for (const w of ['payments', 'web', null]) expect(canWrite({ role, workstreams: ['payments'] }, section, w)).toBe(allows(role, ['payments'], 'write', { section, workstream: w }));
    expect(canWrite({ role: 'admin', workstreams: [] }, 'decisions', null)).toBe(true);
  });

  it('finds the workstream of an item, and of a risk through its impacted items', () => {
    expect(entryWorkstream('items', { workstream: 'web' }, ws)).toBe('web');
    expect(entryWorkstream('risks', { impact: { days: 3, items: ['PAY-2'] } }, ws)).toBe('payments');
    expect(entryWorkstream('risks', { impact: { days: 3, items: ['PAY-2', 'WEB-3'] } }, ws)).toBeNull();
    expect(entryWorkstream('risks', { severity: 3 }, ws)).toBeNull();
  });

  it('lets a lead add items and risks only, and says why a form is read-only', () => {
    expect(canCreate(lead, 'items')).toBe(true);
    expect(canCreate(lead, 'decisions')).toBe(false);
    expect(canCreate({ role: 'viewer', workstreams: [] }, 'items')).toBe(false);
    expect(whyReadOnly(lead, 'items', 'web')).toBe('As lead of payments you cannot edit this: it is in workstream web.');
    expect(whyReadOnly(lead, 'items', 'payments')).toBeUndefined();
    expect(whyReadOnly({ role: 'viewer', workstreams: [] }, 'items', 'web')).toMatch(/viewer/);
  });
});
