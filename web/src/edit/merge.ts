/**
 * Three-way merge of an entry after a 409 (pure, tested in Node): `base` is what the form started from, `mine` what
 * I submitted, `theirs` what the server holds now. My changed fields go onto theirs; a field both changed differently
 * is a conflict, settled by a per-field pick.
 */

export type Json = Record<string, unknown>;

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a as Json).filter((k) => (a as Json)[k] !== undefined);
  const kb = Object.keys(b as Json).filter((k) => (b as Json)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Json)[k], (b as Json)[k]));
}

/** One top-level key of the entry, compared three ways. */
export type FieldDiff = { key: string; base: unknown; mine: unknown; theirs: unknown; mineChanged: boolean; theirsChanged: boolean; conflict: boolean };

export type MergePlan = {
  /** Every key that differs between mine and theirs (what the side-by-side view highlights). */
  differing: FieldDiff[];
  /** Keys both sides changed to different values: the user picks one per key. */
  conflicts: string[];
};

/** Compares the three versions key by key. */
export function planMerge(base: Json, mine: Json, theirs: Json): MergePlan {
  const keys = [...new Set([...Object.keys(theirs), ...Object.keys(mine), ...Object.keys(base)])];
  const differing: FieldDiff[] = [];
  for (const key of keys) {
    const d: FieldDiff = { key, base: base[key], mine: mine[key], theirs: theirs[key], mineChanged: !sameJson(base[key], mine[key]), theirsChanged: !sameJson(base[key], theirs[key]), conflict: false };
    if (sameJson(d.mine, d.theirs)) continue;
    d.conflict = d.mineChanged && d.theirsChanged;
    differing.push(d);
  }
  return { differing, conflicts: differing.filter((d) => d.conflict).map((d) => d.key) };
}

/**
 * Theirs with my changes applied: each key I changed takes my value, except conflicting keys, which take the side
 * `picks[key]` names ('theirs' when not picked). A key I removed is removed.
 * Example: `merge({t: 'a', o: 'x'}, {t: 'b', o: 'x'}, {t: 'a', o: 'y'})` → `{t: 'b', o: 'y'}`.
 */
export function merge(base: Json, mine: Json, theirs: Json, picks: Record<string, 'mine' | 'theirs'> = {}): Json {
  const out: Json = { ...theirs };
  for (const d of planMerge(base, mine, theirs).differing) {
    const takeMine = d.conflict ? picks[d.key] === 'mine' : d.mineChanged;
    if (!takeMine) continue;
    if (d.mine === undefined) delete out[d.key];
    else out[d.key] = d.mine;
  }
  return out;
}

/** "just now", "5 min ago", "3 h ago" or the date, for when `iso` happened relative to `now`. */
export function ago(iso: string | null, now = Date.now()): string {
  if (iso === null) return 'meanwhile';
  const s = (now - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s)) return 'meanwhile';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `on ${iso.slice(0, 10)}`;
}
