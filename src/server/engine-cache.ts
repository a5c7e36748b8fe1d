/**
 * Engine results remembered by what they depend on: the program's stored version (its text and files), the ids of
 * its snapshots, the engine, its parameters and the status date. Engines are pure, so an answer for the same key is
 * the same answer: a cockpit that re-reads a brief after a live update, or ten people opening the same program, cost
 * one Monte Carlo run. Least recently used entries go first once the texts pass `maxChars` in total.
 */
export class EngineCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars = 32_000_000) {}

  /**
   * The key of one engine call. Parameters are sorted so `?a=1&b=2` and `?b=2&a=1` share an entry.
   * Example: `EngineCache.key('checkout', 7, ['2026-11-25T041500Z'], 'brief', { audience: 'eng' }, '2026-11-25')`.
   */
  static key(programId: string, version: number, snapshotIds: readonly string[], engine: string, params: Record<string, unknown>, today: string): string {
    const sorted = Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]);
    return JSON.stringify([programId, version, snapshotIds, engine, sorted, today]);
  }

  get(key: string): string | undefined {
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    this.entries.delete(key); // re-insert: Map order is the recency order
    this.entries.set(key, text);
    return text;
  }

  set(key: string, text: string): void {
    if (text.length > this.maxChars) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.chars -= old.length;
    }
    this.entries.set(key, text);
    this.chars += text.length;
    for (const [k, v] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(k);
      this.chars -= v.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
