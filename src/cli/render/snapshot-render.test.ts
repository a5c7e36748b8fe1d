import { describe, expect, it } from 'vitest';
import { SNAPSHOT_VERSION, type Snapshot } from '../../model/snapshot.js';
import type { Change } from '../../engine/snapshot/diff.js';
import { headline, renderDiffJson, renderDiffMd, renderDiffText, type DiffView } from './snapshot-diff.js';
import { renderSnapshotText } from './snapshot-taken.js';

const snapshot = (id: string, statusDate: string, label?: string): Snapshot => ({
  vantageSnapshot: SNAPSHOT_VERSION,
  id,
  takenAt: `${statusDate}T09:00:00.000Z`,
  statusDate,
  ...(label ? { label } : {}),
  program: { id: 'shop', name: 'Shop', start: '2027-01-04', target: '2027-02-26', confidence: 0.85 },
  items: [],
  milestones: [],
  risks: [],
  objectives: [],
  decisions: [],
  planned: '2027-02-12',
  forecast: { trials: 2000, seed: 1, p50: '2027-02-15', p85: '2027-02-22', p95: '2027-02-26', atConfidence: '2027-02-22' },
  source: '',
});

const moved = (id: string, days: number): Change => ({
  kind: 'item-dates',
  subject: { type: 'item', id, title: `Item ${id}` },
  before: '2027-01-10',
  after: '2027-01-12',
  days,
  text: `Item ${id} (${id}) finish moved ${days} days later, to 12 Jan.`,
});

const view = (changes: Change[]): DiffView => ({ before: snapshot('2027-01-04T090000Z', '2027-01-04', 'baseline'), after: snapshot('now', '2027-01-11'), current: true, changes });

describe('diff rendering', () => {
  it('lists a few item date moves one by one and sums up many', () => {
    const few = renderDiffText(view([moved('a', 2), moved('b', 3)]));
    expect(few).toContain('  - Item a (a) finish moved 2 days later, to 12 Jan.\n  - Item b (b) finish moved 3 days later, to 12 Jan.');
    const many = renderDiffText(view(['a', 'b', 'c', 'd', 'e', 'f'].map((id, k) => moved(id, k + 1)).concat([moved('g', -2)])));
    expect(many).toContain('Work\n  - 6 items now finish later by 1 to 6 days, 1 earlier (--format json lists each).\n');
    expect(many.startsWith('Changes in Shop from snapshot 2027-01-04T090000Z "baseline" (2027-01-04) to the plan now (2027-01-11):\n')).toBe(true);
  });

  it('says when nothing changed, in text and md, and keeps every change in JSON', () => {
    expect(renderDiffText(view([]))).toMatch(/:\nNothing changed\.\n$/);
    expect(renderDiffMd(view([]))).toMatch(/^## Changes in Shop .*\n\nNothing changed\.\n$/);
    const json = JSON.parse(renderDiffJson(view([moved('a', 2)]))) as { diff: { since: { label: string }; to: { id: null }; changes: Change[]; summary: { datesMoved: number } } };
    expect(json.diff.since.label).toBe('baseline');
    expect(json.diff.to.id).toBeNull();
    expect(json.diff.changes).toHaveLength(1);
    expect(json.diff.summary.datesMoved).toBe(0); // an item's date is not a headline date
  });

  it('headline counts only what happened, with singular and plural', () => {
    expect(headline({ datesMoved: 1, scopeAdded: 2, scopeCut: 0, risksOpened: 0, risksClosed: 1, decisionsMade: 0 })).toBe('1 date moved, 2 items added, 1 risk closed.');
    expect(headline({ datesMoved: 0, scopeAdded: 0, scopeCut: 0, risksOpened: 0, risksClosed: 0, decisionsMade: 0 })).toBe('');
  });

  it('snapshot text names the forecast and the path', () => {
    expect(renderSnapshotText(snapshot('x', '2027-01-04', 'base'), '/p/x.json')).toBe(
      'Snapshot x (base) of Shop for 2027-01-04.\nPlanned finish 2027-02-12; 85% forecast 2027-02-22 (2000 trials, seed 1); target 2027-02-26.\n0 items, 0 milestones, 0 risks, 0 decisions.\nWritten to /p/x.json\n',
    );
  });
});
