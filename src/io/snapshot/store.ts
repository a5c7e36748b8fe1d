/**
 * Snapshots on disk: `.vantage/snapshots/<id>.json` beside the program file (one JSON file each, written atomically:
 * temp file + rename). Reading validates the envelope and skips nothing silently: a malformed snapshot is an error
 * naming the file. The store (issue 8) keeps the same JSON in the database.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SNAPSHOT_VERSION, type Snapshot } from '../../model/snapshot.js';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** The folder holding a program file's snapshots: `<dir of file>/.vantage/snapshots/<program file name>/`. */
export function snapshotDir(programFile: string): string {
  const file = resolve(programFile);
  return join(dirname(file), '.vantage', 'snapshots', basename(file).replace(/\.(vantage\.)?(ya?ml|json)$/, ''));
}

/** A sortable id from the status date and the time taken: `2026-11-25T041500Z` (suffix `-2`, `-3` if taken twice). */
export function snapshotId(statusDate: string, takenAt: Date, existing: ReadonlySet<string> = new Set()): string {
  const hms = takenAt.toISOString().slice(11, 19).replaceAll(':', '');
  const base = `${statusDate}T${hms}Z`;
  if (!existing.has(base)) return base;
  for (let n = 2; ; n++) if (!existing.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Write a snapshot; returns the path written. */
export function writeSnapshot(programFile: string, snapshot: Snapshot): string {
  const dir = snapshotDir(programFile);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${snapshot.id}.json`);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(snapshot, null, 1) + '\n');
  renameSync(tmp, path);
  return path;
}

function parseSnapshot(path: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SnapshotError(`${path}: not a readable snapshot (${(e as Error).message}); delete it or restore it from git`);
  }
  const s = data as Partial<Snapshot> | null;
  if (!s || typeof s !== 'object' || s.vantageSnapshot !== SNAPSHOT_VERSION || typeof s.id !== 'string' || typeof s.statusDate !== 'string' || !Array.isArray(s.items)) {
    throw new SnapshotError(`${path}: not a version ${SNAPSHOT_VERSION} Vantage snapshot; delete it or take a new one with 'vantage snapshot'`);
  }
  return s as Snapshot;
}

/** Every snapshot of a program file, oldest first (by id, which sorts by status date then time taken). */
export function listSnapshots(programFile: string): Snapshot[] {
  const dir = snapshotDir(programFile);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseSnapshot(join(dir, f)));
}

/**
 * Find a snapshot by `--since` reference: an id (or unique id prefix), a label, or a date (the latest snapshot whose
 * status date is on or before it). Undefined when none matches.
 */
export function findSnapshot(snapshots: readonly Snapshot[], ref: string): Snapshot | undefined {
  const byId = snapshots.filter((s) => s.id === ref || s.id.startsWith(ref));
  if (byId.length === 1) return byId[0];
  const byLabel = snapshots.filter((s) => s.label === ref);
  if (byLabel.length > 0) return byLabel[byLabel.length - 1];
  if (/^\d{4}-\d{2}-\d{2}$/.test(ref)) {
    const before = snapshots.filter((s) => s.statusDate <= ref);
    return before[before.length - 1];
  }
  return byId[byId.length - 1];
}

/** The latest snapshot taken strictly before a status date (the "previous update"), if any. */
export function previousSnapshot(snapshots: readonly Snapshot[], statusDate: string): Snapshot | undefined {
  const before = snapshots.filter((s) => s.statusDate < statusDate);
  return before[before.length - 1];
}
