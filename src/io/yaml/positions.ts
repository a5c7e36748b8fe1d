/**
 * Source positions: offsets to 1-based line and column, and `Locate` functions (path -> position) over the two
 * parsers' results: the fast parser's position table, and a `yaml` Document.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Locate, Path, Position } from '../../model/resolve.js';
import { fastParse, type FastParseResult, type PositionTable } from './fast-parse.js';

/** Line starts of a text, for offset -> line/column (columns count UTF-16 units, as editors' "col" mostly do). */
export class LineIndex {
  private starts: Int32Array | undefined;
  constructor(private readonly text: string) {}

  position(offset: number): Position {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  }
}

function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

type Offsets = { key?: number; value: number } | 'unknown' | undefined;

/** Walks plain data and its position table; 'unknown' when a container on the way has no recorded positions. */
function walkTable(value: unknown, table: PositionTable, path: Path): Offsets {
  let v: unknown = value;
  let key: number | undefined;
  let at: number | undefined;
  if (v === null || typeof v !== 'object') return undefined;
  at = table.get(v)?.start;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    const pos = table.get(v);
    if (!pos) return 'unknown';
    if (Array.isArray(v)) {
      if (typeof seg !== 'number' || !pos.elements || seg >= pos.elements.length) return undefined;
      at = pos.elements[seg];
      key = undefined;
      v = v[seg];
    } else {
      const entry = pos.keys?.get(String(seg));
      if (!entry) return undefined;
      [key, at] = entry;
      v = (v as Record<string, unknown>)[String(seg)];
    }
  }
  return at === undefined ? undefined : { key, value: at };
}

/**
 * Locate over the fast parser's result. Paths into the root and its direct children use the cheap table recorded
 * while loading; deeper ones (only ever asked for diagnostics) re-parse once with every position recorded, with
 * the fast parser or, if the text is outside its subset (a JSON file indented with tabs), with `yaml`.
 */
export function tableLocator(text: string, parsed: FastParseResult, lines = new LineIndex(text)): Locate {
  let deep: Locate | undefined;
  const fromTable = (table: FastParseResult): Locate => (path, at) => {
    const found = walkTable(table.value, table.positions, path);
    if (found === undefined || found === 'unknown') return undefined;
    return lines.position(at === 'key' && found.key !== undefined ? found.key : found.value);
  };
  const shallow = fromTable(parsed);
  return (path, at) => {
    if (walkTable(parsed.value, parsed.positions, path) !== 'unknown') return shallow(path, at);
    if (!deep) {
      const full = fastParse(text, 'all');
      deep = full ? fromTable(full) : documentLocator(parseDocument(text, { uniqueKeys: false }), lines);
    }
    return deep(path, at);
  };
}

/** Locate over a `yaml` Document (the complete parser's result). An empty value is located at its key. */
export function documentLocator(doc: Document, lines: LineIndex): Locate {
  return (path, at) => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
        if (!pair) return undefined;
        keyNode = pair.key as Node; // keys of a parsed document are nodes
        node = pair.value;
      } else if (isSeq(node)) {
        if (typeof seg !== 'number' || seg >= node.items.length) return undefined;
        keyNode = undefined;
        node = node.items[seg];
      } else {
        return undefined;
      }
    }
    const valueNode = node as Node | null;
    const empty = !valueNode || (isScalar(valueNode) && valueNode.source === '' && valueNode.value === null);
    const target = at === 'key' || empty ? (keyNode ?? valueNode) : valueNode;
    const range = target?.range;
    return range ? lines.position(range[0]) : undefined;
  };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
