/**
 * The canonical program-file layout (`vantage fmt`): every mapping's keys in the format doc's order (then any other
 * keys, `x-` ones included, in their original order), 2-space indentation with sequences indented under their key,
 * quotes only where YAML needs them (double quotes then), `null`/`true`/`false` spelled so, comments kept with the
 * entries they precede or follow, blank lines between entries kept.
 *
 * Flow collections (`{id: ana, name: Ana}`) stay flow, on one line, unless comments inside them need lines of their
 * own; block collections stay block; the root and its lists of entities are always block (so a JSON file becomes
 * readable YAML, one entity per entry). Formatting is idempotent: fmt(fmt(x)) === fmt(x).
 * A file with YAML aliases (*name) keeps its key order, since moving keys could put an alias before its anchor.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../../model/diagnostic.js';
import { childSchema, objectKeys, PortfolioDocSchema, ProgramDocSchema } from '../../model/schema.js';
import { yamlDiagnostics } from './parse.js';
import { LineIndex } from './positions.js';

const STRINGIFY = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
  singleQuote: false,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
} as const;

/**
 * Formats a program or portfolio file. Returns the canonical text, or no text and the syntax errors. Only the
 * layout changes: the data is exactly the same (validation is `vantage check`'s job; unknown keys are kept).
 */
export function formatProgramText(text: string, file: string): { text?: string; diagnostics: Diagnostic[] } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const diagnostics = yamlDiagnostics(doc, text, file, new LineIndex(text));
  if (diagnostics.length > 0) return { diagnostics };
  if (doc.contents === null) return { text: '', diagnostics };
  const root = doc.contents;
  const schema = isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === 'portfolio') ? PortfolioDocSchema : ProgramDocSchema;
  // Moving keys could put an alias before its anchor: files with aliases keep their key order.
  canonicalize(root, schema, !hasAlias(root), text);
  // A file is a block mapping and its lists of entities are block lists, one entity per entry, even from JSON.
  if (isMap(root)) {
    if (root.flow && root.comment) {
      doc.comment = doc.comment ? `${root.comment}\n${doc.comment}` : root.comment;
      root.comment = null;
    }
    root.flow = false;
    for (const pair of root.items) if (isSeq(pair.value) && pair.value.flow && pair.value.items.some((i) => isMap(i))) toBlock(pair.value);
  }
  chooseFlow(root);
  doc.directives.docStart = null;
  let out = doc.toString(STRINGIFY);
  out = out.replace(/\n+$/, '\n');
  return { text: out, diagnostics };
}

function canonicalize(node: unknown, schema: z.ZodType | undefined, reorder: boolean, source: string, inSeq = false): void {
  if (isMap(node)) {
    attachCommentsToNextKey(node);
    const order = schema && reorder ? objectKeys(schema, {}) : undefined;
    if (order) {
      const rank = new Map(order.map((k, i) => [k, i]));
      const ranked = node.items.map((pair, i) => ({ pair, r: rank.get(keyOf(pair.key) ?? '') ?? order.length + i }));
      ranked.sort((a, b) => a.r - b.r);
      node.items = ranked.map((x) => x.pair);
    }
    if (inSeq) hoistFirstComment(node);
    for (const pair of node.items) {
      normalizeScalar(pair.key);
      if (isMap(pair.value) && !pair.value.flow) giveLeadingCommentToFirstKey(pair.key, pair.value, source);
      const key = keyOf(pair.key);
      canonicalize(pair.value, schema && key !== undefined ? childSchema(schema, key, {}) : undefined, reorder, source);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => canonicalize(item, schema ? childSchema(schema, i, []) : undefined, reorder, source, true));
  } else {
    normalizeScalar(node);
  }
}

/**
 * YAML parsers attach a comment written after a nested block (and before the next key) to the end of that block;
 * the file's author meant it for the next key. Give it to the next key, so it moves with it when keys are sorted,
 * and so that formatting twice gives the same text.
 */
function attachCommentsToNextKey(map: YAMLMap): void {
  for (let k = 0; k + 1 < map.items.length; k++) {
    const next = map.items[k + 1].key;
    if (!isScalar(next)) continue;
    const moved: string[] = [];
    let v: unknown = map.items[k].value;
    while (isCollection(v) && !v.flow) {
      if (v.comment) {
        moved.unshift(v.comment);
        v.comment = null;
      }
      const last: unknown = v.items[v.items.length - 1];
      v = isPair(last) ? last.value : last;
    }
    if (moved.length > 0) next.commentBefore = [...moved, ...(next.commentBefore ? [next.commentBefore] : [])].join('\n');
  }
}

/**
 * A comment on its own line between `key:` and the first entry of its block mapping is parsed as the mapping's;
 * it was written above that entry, so it goes with it when entries are sorted. A comment on the `key:` line itself
 * describes the whole mapping and stays on top.
 */
function giveLeadingCommentToFirstKey(key: unknown, map: YAMLMap, source: string): void {
  const first = map.items[0];
  if (!map.commentBefore || !first || !isScalar(first.key) || !isScalar(key) || !key.range || !map.range) return;
  const between = source.slice(key.range[1], map.range[0]);
  const keyLine = between.split('\n')[0];
  if (keyLine.includes('#')) return;
  first.key.commentBefore = first.key.commentBefore ? `${map.commentBefore}\n${first.key.commentBefore}` : map.commentBefore;
  map.commentBefore = undefined;
}

/**
 * A comment above the first key of a mapping in a list is written above its "- ", where YAML reads it back as the
 * entry's own comment: put it there now, so that a second fmt finds the same layout.
 */
function hoistFirstComment(map: YAMLMap): void {
  const first = map.items[0];
  if (!first || !isScalar(first.key) || !first.key.commentBefore) return;
  map.commentBefore = map.commentBefore ? `${map.commentBefore}\n${first.key.commentBefore}` : first.key.commentBefore;
  first.key.commentBefore = undefined;
  if (first.key.spaceBefore) {
    map.spaceBefore = true;
    first.key.spaceBefore = undefined;
  }
}

function hasAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isPair(node)) return hasAlias(node.key) || hasAlias(node.value);
  if (isCollection(node)) return node.items.some((i) => hasAlias(i));
  return false;
}

function keyOf(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** Quotes only where needed; null, booleans spelled the standard way. Block scalars (| >) are kept. */
function normalizeScalar(node: unknown): void {
  if (!isScalar(node)) return;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) node.type = undefined;
  if (node.value === null || typeof node.value === 'boolean') {
    // The stringifier keeps a null's or boolean's source spelling (~, True) unless it is gone.
    delete (node as { source?: string }).source;
  }
}

/** Decides flow or block for every collection, top-down (see the file comment). */
function chooseFlow(node: unknown): void {
  if (!isCollection(node)) return;
  if (node.flow && node.items.length > 0) {
    // The author's choice stands, unless comments inside cannot stay on one line.
    if (!node.items.some((i) => hasComments(i))) return;
    toBlock(node);
  }
  for (const item of node.items) chooseFlow(isPair(item) ? item.value : item);
}

/** Makes a flow collection block. Its comment was after it on its line; it goes above it (where YAML reads it back). */
function toBlock(node: YAMLMap | YAMLSeq): void {
  node.flow = false;
  if (node.comment) {
    node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${node.comment}` : node.comment;
    node.comment = null;
  }
}

function hasComments(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  const n = node as { comment?: string | null; commentBefore?: string | null };
  if (n.comment || n.commentBefore) return true;
  if (isPair(node)) return hasComments(node.key) || hasComments(node.value);
  if (isCollection(node)) return node.items.some((i) => hasComments(i));
  return false;
}
