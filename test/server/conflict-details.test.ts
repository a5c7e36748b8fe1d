/**
 * A stale entry write (409) names who changed the entry last and when, from the audit log, so the cockpit can say
 * "Changed by bo just now"; change events carry their actor for the live notice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sseReader, useCheckoutHarness } from './harness.js';

const P = '/api/programs/checkout-revamp';

describe('409 conflict details', () => {
  const h = useCheckoutHarness();
  let bo: string;
  beforeAll(async () => {
    bo = await h.user('bo', 'checkout-revamp', 'editor');
  }, 60_000);

  it('a stale PUT gets the current entry, the name of the user who changed it and when', async () => {
    const read = (await h.call(`${P}/items/PAY-3`)).body;
    const t0 = Date.now();
    const first = await h.call(`${P}/items/PAY-3`, { method: 'PUT', token: bo, json: { data: { ...read.data, title: 'By bo' }, version: read.version } });
    expect(first.status).toBe(200);
    const stale = await h.call(`${P}/items/PAY-3`, { method: 'PUT', json: { data: { ...read.data, owner: 'jo' }, version: read.version } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.current.data.title).toBe('By bo');
    expect(stale.body.error.current.version).toBe(read.version + 1);
    expect(stale.body.error.changedBy).toBe('bo');
    const at = Date.parse(stale.body.error.changedAt);
    expect(at).toBeGreaterThanOrEqual(t0 - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    // Nothing of the stale write landed.
    expect((await h.call(`${P}/items/PAY-3`)).body.data.owner).toBe('cy');
  });

  it('a stale DELETE names the last writer too; an entry never edited through the API names its importer', async () => {
    const read = (await h.call(`${P}/items/PAY-8`)).body;
    await h.call(`${P}/items/PAY-8`, { method: 'PUT', token: bo, json: { data: { ...read.data, title: 'Refunds v2' }, version: read.version } });
    const del = await h.call(`${P}/items/PAY-8`, { method: 'DELETE', headers: { 'If-Match': `"${read.version}"` } });
    expect(del.status).toBe(409);
    expect(del.body.error.changedBy).toBe('bo');
    // PAY-9 was last written by the import (the audit log's 'program' row is not the entry's): the log says nothing.
    const pay9 = (await h.call(`${P}/items/PAY-9`)).body;
    const stale = await h.call(`${P}/items/PAY-9`, { method: 'PUT', json: { data: pay9.data, version: pay9.version + 5 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.changedBy).toBeNull();
    expect(stale.body.error.current.data.id).toBe('PAY-9');
  });

  it('a change event names its actor', async () => {
    const res = await h.app.request(`${P}/events`, { headers: { Authorization: `Bearer ${h.admin}` } });
    const reader = res.body!.getReader();
    const events = sseReader(reader);
    expect((await events.next()).event).toBe('ready');
    const read = (await h.call(`${P}/items/PAY-4`)).body;
    expect((await h.call(`${P}/items/PAY-4`, { method: 'PUT', token: bo, json: { data: { ...read.data, title: 'Saved cards API v2' }, version: read.version } })).status).toBe(200);
    const change = JSON.parse((await events.next()).data);
    expect(change).toMatchObject({ section: 'items', entryId: 'PAY-4', action: 'update', actor: 'bo' });
    await reader.cancel();
  });
});
