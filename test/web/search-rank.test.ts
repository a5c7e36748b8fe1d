/** The `/` search's ranking and the views its hits open. */
import { describe, expect, it } from 'vitest';
import { docsOfModel, hitUrl, rank, type SearchDoc } from '../../web/src/search/rank.js';


const doc = (kind: SearchDoc['kind'], id: string, title: string, programId = 'checkout'): SearchDoc => ({ programId, programName: programId, kind, id, title });

const DOCS: SearchDoc[] = [
  doc('item', 'PAY-2', 'Card vault vendor integration'),
  doc('item', 'PAY-1', 'Tokenise card storage'),
  doc('item', 'PAY-12', 'Vaulted wallets'),
  doc('risk', 'R1', 'Card vault vendor contract slips'),
  doc('milestone', 'vault-live', 'Card vault live'),
  doc('decision', 'D1', 'Use a vendor card vault'),
  doc('objective', 'pci', 'Shrink PCI scope to SAQ A'),
  doc('item', 'PAY-2', 'Loyalty points on payment', 'loyalty'),
];

describe('rank', () => {
  it('puts an exact id first, then ids that start with the query, then title matches', () => {
    const ids = rank('pay-2', DOCS).map((h) => `${h.programId}/${h.id}`);
    expect(ids.slice(0, 2)).toEqual(['checkout/PAY-2', 'loyalty/PAY-2']); // exact ids, ordered by program
    expect(ids).not.toContain('checkout/PAY-1');
    expect(rank('PAY-1', DOCS).map((h) => h.id)).toEqual(['PAY-1', 'PAY-12']); // exact, then prefix
  });

  it('matches title words (whole word before prefix before substring), case-insensitively, items first on ties', () => {
    const hits = rank('Vault', DOCS);
    // "vault" is a whole word of PAY-2, R1, vault-live (also id prefix) and D1; "Vaulted" only starts with it.
    expect(hits[0].id).toBe('vault-live'); // id prefix 60 beats a title word 45
    expect(hits.map((h) => h.id).slice(1)).toEqual(['PAY-2', 'R1', 'D1', 'PAY-12']);
    expect(hits.every((h) => h.score > 0)).toBe(true);
  });

  it('needs every word of the query, ignores empty queries and respects the limit', () => {
    expect(rank('vault contract', DOCS).map((h) => h.id)).toEqual(['R1']);
    expect(rank('   ', DOCS)).toEqual([]);
    expect(rank('nothing-like-this', DOCS)).toEqual([]);
    expect(rank('a', DOCS, 2)).toHaveLength(2);
  });

  it('reads the searchable entries of a model', () => {
    const docs = docsOfModel('p', 'P', { items: [{ id: 'A', title: 'x' }], milestones: [{ id: 'm', title: 'y' }], risks: [], objectives: [{ id: 'o', title: 'z' }] });
    expect(docs.map((d) => `${d.kind}:${d.id}`)).toEqual(['item:A', 'milestone:m', 'objective:o']);
  });
});

describe('hitUrl', () => {
  it('opens items and milestones on the timeline, risks on the risks tab, decisions in the plan, objectives in the overview', () => {
    expect(hitUrl({ programId: 'checkout', kind: 'item', id: 'PAY-2' })).toBe('/programs/checkout/timeline?sel=PAY-2');
    expect(hitUrl({ programId: 'checkout', kind: 'milestone', id: 'beta' })).toBe('/programs/checkout/timeline?sel=beta');
    expect(hitUrl({ programId: 'checkout', kind: 'risk', id: 'R1' })).toBe('/programs/checkout/risks?sel=R1');
    expect(hitUrl({ programId: 'checkout', kind: 'decision', id: 'D1' })).toBe('/programs/checkout/plan/decisions?sel=D1');
    expect(hitUrl({ programId: 'checkout', kind: 'objective', id: 'pci' })).toBe('/programs/checkout?sel=pci');
  });
});
