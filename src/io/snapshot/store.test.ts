import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_VERSION, type Snapshot } from '../../model/snapshot.js';
import { findSnapshot, listSnapshots, previousSnapshot, snapshotDir, snapshotId, writeSnapshot } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'vantage-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'shop.vantage.yaml');

function snapshot(id: string, statusDate: string, label?: string): Snapshot {
  return {
    vantageSnapshot: SNAPSHOT_VERSION,
    id,
    takenAt: `${statusDate}T09:00:00.000Z`,
    statusDate,
    ...(label ? { label } : {}),
    program: { id: 'shop', name: 'Shop', start: '2027-01-04', confidence: 0.85 },
    items: [{ id: 'a', title: 'A', status: 'todo', must: false, estimateDays: 2, objectives: [], start: '2027-01-04', finish: '2027-01-05' }],
    milestones: [],
    risks: [],
    objectives: [],
    decisions: [],
    planned: '2027-01-05',
    source: 'vantage: 1\n',
  };
}

describe('snapshot store', () => {
  it('writes, lists (oldest first) and finds snapshots by id prefix, label and date', () => {
    expect(listSnapshots(file)).toEqual([]);
    const b = snapshot('2027-01-11T090000Z', '2027-01-11');
    const a = snapshot('2027-01-04T090000Z', '2027-01-04', 'baseline');
    expect(writeSnapshot(file, b)).toBe(join(snapshotDir(file), '2027-01-11T090000Z.json'));
    writeSnapshot(file, a);
    const all = listSnapshots(file);
    expect(all).toEqual([a, b]);
    expect(findSnapshot(all, '2027-01-11')?.id).toBe(b.id);
    expect(findSnapshot(all, '2027-01-04T09')?.id).toBe(a.id);
    expect(findSnapshot(all, 'baseline')).toEqual(a);
    expect(findSnapshot(all, '2027-01-08')?.id).toBe(a.id);
    expect(findSnapshot(all, '2027-01-01')).toBeUndefined();
    expect(previousSnapshot(all, '2027-01-11')?.id).toBe(a.id);
    expect(previousSnapshot(all, '2027-01-04')).toBeUndefined();
  });

  it('makes ids unique within the folder', () => {
    const at = new Date('2027-01-11T09:00:00Z');
    expect(snapshotId('2027-01-11', at)).toBe('2027-01-11T090000Z');
    expect(snapshotId('2027-01-11', at, new Set(['2027-01-11T090000Z', '2027-01-11T090000Z-2']))).toBe('2027-01-11T090000Z-3');
  });
});
