/**
 * The JSON fast path: `JSON.parse` for the data (much faster than any YAML parser) plus a light scan that records
 * where the root's entries and their direct children start, the same table the fast YAML parser records.
 *
 * JSON is YAML, so the data is what a YAML parser would give, with one difference: JSON.parse keeps the last of
 * duplicate keys where YAML reports an error. Duplicates at the top two levels are detected here (the caller then
 * uses the YAML path to report them); deeper ones are not.
 */
import type { FastParseResult, PositionTable } from './fast-parse.js';

const QUOTE = 34;
const BACKSLASH = 92;

/** Parses JSON text with entity positions, or undefined when it is not a JSON object (or has duplicate keys). */
export function parseJsonFast(text: string): FastParseResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const positions: PositionTable = new WeakMap();
  try {
    const scanner = new Scanner(text, positions);
    scanner.value(scanner.space(0), value, 0);
  } catch {
    return undefined; // duplicate keys
  }
  return { value, positions };
}

class Scanner {
  constructor(
    private readonly text: string,
    private readonly positions: PositionTable,
  ) {}

  space(i: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  }

  /** Records positions of `value` (which starts at `i`) down to depth 1; returns the offset after it. */
  value(i: number, value: unknown, depth: number): number {
    const c = this.text.charCodeAt(i);
    if (depth > 1 || value === null || typeof value !== 'object') return this.skip(i);
    if (c === 91 /* [ */) {
      const elements: number[] = [];
      this.positions.set(value, { start: i, elements });
      const arr = value as unknown[]; // JSON.parse made an array here
      let k = this.space(i + 1);
      if (this.text.charCodeAt(k) === 93) return k + 1;
      for (let n = 0; ; n++) {
        elements.push(k);
        k = this.space(this.value(k, arr[n], depth + 1));
        if (this.text.charCodeAt(k) === 44) k = this.space(k + 1);
        else return k + 1; // ']'
      }
    }
    const keys = new Map<string, [number, number]>();
    this.positions.set(value, { start: i, keys });
    const obj = value as Record<string, unknown>; // JSON.parse made an object here
    let k = this.space(i + 1);
    if (this.text.charCodeAt(k) === 125) return k + 1;
    for (;;) {
      const keyAt = k;
      const end = this.stringEnd(k);
      const raw = this.text.slice(k + 1, end - 1);
      const key = raw.includes('\\') ? (JSON.parse(this.text.slice(k, end)) as string) : raw;
      if (keys.has(key)) throw new Error('duplicate key');
      k = this.space(this.space(end) + 1); // past ':'
      keys.set(key, [keyAt, k]);
      k = this.space(this.value(k, obj[key], depth + 1));
      if (this.text.charCodeAt(k) === 44) k = this.space(k + 1);
      else return k + 1; // '}'
    }
  }

  private stringEnd(i: number): number {
    const t = this.text;
    for (let k = i + 1; ; k++) {
      const c = t.charCodeAt(k);
      if (c === BACKSLASH) k++;
      else if (c === QUOTE) return k + 1;
    }
  }

  /** Skips any JSON value starting at `i` (valid JSON: JSON.parse accepted the text). */
  private skip(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === QUOTE) return this.stringEnd(i);
    if (c !== 91 && c !== 123) {
      let k = i;
      for (;;) {
        const d = t.charCodeAt(k);
        if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9 || Number.isNaN(d)) return k;
        k++;
      }
    }
    let depth = 0;
    for (let k = i; ; k++) {
      const d = t.charCodeAt(k);
      if (d === QUOTE) k = this.stringEnd(k) - 1;
      else if (d === 91 || d === 123) depth++;
      else if (d === 93 || d === 125) {
        depth--;
        if (depth === 0) return k + 1;
      }
    }
  }
}
