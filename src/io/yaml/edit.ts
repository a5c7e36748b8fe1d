/**
 * Surgical edits of a program file's text: add an entry to a top-level list, or set one field of an entry found by
 * id, changing only the bytes that must change. Comments, blank lines, key order, quoting and flow or block style
 * everywhere else stay as the author wrote them (a `yaml` round trip would not keep them all), so `vantage decide`,
 * `learn`, `risks --propose` and `comms --mark-sent` leave a clean one-line diff in git.
 *
 * The text is parsed with the `yaml` library only to find source ranges; new values are written with its stringifier
 * in flow style (`{id: D7, title: ...}`) when the list's entries are flow mappings, else in block style.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { fastParse } from './fast-parse.js';

export class EditError extends Error {
  override name = 'EditError';
}

export type FieldValue = string | number | boolean | null | readonly (string | number)[];

const STRINGIFY = { flowCollectionPadding: false, lineWidth: 0 } as const;

function parse(text: string): YAMLMap<unknown, unknown> | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new EditError(`cannot edit: the file does not parse${pos ? ` at line ${pos.line}, column ${pos.col}` : ''} (${e.message.split('\n')[0]}); fix it first (vantage check)`);
  }
  if (doc.contents === null) return null;
  if (!isMap(doc.contents)) throw new EditError('cannot edit: the file is not a mapping at the top level');
  return doc.contents;
}

function findPair(map: YAMLMap<unknown, unknown>, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** Index just past the end of the line holding `index` (past its newline, or the text's end). */
function endOfLine(text: string, index: number): number {
  const nl = text.indexOf('\n', index);
  return nl < 0 ? text.length : nl + 1;
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** `value` as a one-line YAML flow value. */
function flowValue(value: unknown): string {
  const doc = new Document(value);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  return doc.toString(STRINGIFY).trimEnd();
}

function withoutUndefined(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

/** `entry` as a block-style list item at `indent` spaces: `- id: D7\n  title: ...`. */
function blockItem(entry: Record<string, unknown>, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = Object.entries(entry).map(([k, v]) => `${flowValue(k)}: ${flowValue(v)}`);
  return lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join('\n') + '\n';
}

function ensureNewline(text: string): string {
  return text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Append `entry` to the top-level list `section` and return the new text. Example: appending `{id: 'L2', title: 'x'}`
 * to `lessons:\n  - {id: L1, title: y}\n` gives `lessons:\n  - {id: L1, title: y}\n  - {id: L2, title: x}\n`.
 * An absent, empty (`section:`) or `[]` section becomes a block list. Undefined fields are left out.
 */
export function appendEntry(text: string, section: string, entry: Record<string, unknown>): string {
  return editWindow(text, section, { last: true }, (doc, firstIsBlockMap) => appendWhole(doc, section, entry, firstIsBlockMap)) ?? appendWhole(text, section, entry);
}

/** `firstIsBlockMap` overrides what the text's first entry says (a window's first entry is not the list's). */
function appendWhole(text: string, section: string, entry: Record<string, unknown>, firstIsBlockMap?: boolean): string {
  const clean = withoutUndefined(entry);
  const root = parse(text);
  const pair = root ? findPair(root, section) : undefined;
  if (!root || !pair) return `${ensureNewline(text)}${section}:\n  - ${flowValue(clean)}\n`;
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const keyLineStart = lineStart(text, key.range![0]);
  const keyIndent = key.range![0] - keyLineStart;
  const isEmpty = value === null || (isScalar(value) && (value.value === null || value.value === '')) || (isSeq(value) && value.items.length === 0);
  if (isEmpty) {
    // Replace `section: []` / `section:` (keeping a comment after it) with a block list.
    const afterKey = key.range![1];
    const lineEnd = endOfLine(text, afterKey);
    const rest = text.slice(afterKey, lineEnd);
    const comment = /\s+#.*$/.exec(rest.replace(/\n$/, ''))?.[0] ?? '';
    const head = `${text.slice(0, afterKey)}:${comment}\n`;
    return `${head}${' '.repeat(keyIndent + 2)}- ${flowValue(clean)}\n${text.slice(lineEnd)}`;
  }
  if (!isSeq(value)) throw new EditError(`cannot add to '${section}': it is not a list in the file`);
  const seq = value as YAMLSeq<unknown>;
  if (seq.flow) {
    // `[a, b]` → `[a, b, {new}]`
    const close = text.lastIndexOf(']', seq.range![1]);
    return `${text.slice(0, close)}, ${flowValue(clean)}${text.slice(close)}`;
  }
  const last = seq.items[seq.items.length - 1] as Node;
  const first = seq.items[0] as Node;
  const dash = text.lastIndexOf('-', first.range![0]);
  const indent = dash - lineStart(text, dash);
  const insertAt = endOfLine(text, Math.max(last.range![1] - 1, last.range![0]));
  const block = firstIsBlockMap ?? (isMap(first) && !(first as YAMLMap).flow);
  const item = block ? blockItem(clean, indent) : `${' '.repeat(indent)}- ${flowValue(clean)}\n`;
  return `${ensureNewline(text.slice(0, insertAt))}${item}${text.slice(insertAt)}`;
}

/**
 * Set `key: value` in the entry whose `id` is `id` in the top-level list `section`; adds the key when the entry lacks it.
 * Example: `setEntryField(text, 'stakeholders', 'exec', 'last_update', '2026-11-25')`. Throws EditError when there is no
 * such entry.
 */
export function setEntryField(text: string, section: string, id: string, key: string, value: FieldValue): string {
  const root = parse(text);
  const pair = root ? findPair(root, section) : undefined;
  if (!pair || !isSeq(pair.value)) throw new EditError(`the file has no '${section}' list`);
  const entry = (pair.value as YAMLSeq<unknown>).items.find((it) => isMap(it) && (it as YAMLMap).get('id') === id) as YAMLMap<unknown, unknown> | undefined;
  if (!entry) throw new EditError(`no entry with id '${id}' in '${section}'`);
  const rendered = flowValue(value);
  const field = findPair(entry, key);
  if (field) {
    const v = field.value as Node | null;
    if (v && v.range && (isMap(v) || isSeq(v)) && !(v as YAMLMap | YAMLSeq).flow) {
      // A block list or mapping under the key: replace from the colon to the end of its last line with a flow value.
      const k = field.key as Node;
      const colon = text.indexOf(':', k.range![1]);
      const end = endOfLine(text, Math.max(v.range[1] - 1, v.range[0]));
      return `${text.slice(0, colon + 1)} ${rendered}\n${text.slice(end)}`;
    }
    if (v && v.range && !(isScalar(v) && v.source === '' && v.range[0] === v.range[1])) {
      return `${text.slice(0, v.range[0])}${rendered}${text.slice(v.range[1])}`;
    }
    const k = field.key as Node;
    const colon = text.indexOf(':', k.range![1]);
    return `${text.slice(0, colon + 1)} ${rendered}${text.slice(colon + 1).replace(/^[ \t]*/, '')}`;
  }
  if (entry.flow) {
    const close = text.lastIndexOf('}', entry.range![1]);
    const inner = text.slice(text.indexOf('{', entry.range![0]) + 1, close).trim();
    const sep = inner.length === 0 ? '' : ', ';
    return `${text.slice(0, close).replace(/\s*$/, '')}${sep}${key}: ${rendered}${text.slice(close)}`;
  }
  const lastPair = entry.items[entry.items.length - 1]!;
  const lastNode = (lastPair.value ?? lastPair.key) as Node;
  const firstKey = entry.items[0]!.key as Node;
  const indent = firstKey.range![0] - lineStart(text, firstKey.range![0]);
  const insertAt = endOfLine(text, Math.max(lastNode.range![1] - 1, lastNode.range![0]));
  return `${ensureNewline(text.slice(0, insertAt))}${' '.repeat(indent)}${key}: ${rendered}\n${text.slice(insertAt)}`;
}

/** The list `section` and the index of its entry `id`; throws EditError when either is missing. */
function findEntry(root: YAMLMap<unknown, unknown> | null, section: string, id: string): { pair: Pair<unknown, unknown>; seq: YAMLSeq<unknown>; index: number } {
  const pair = root ? findPair(root, section) : undefined;
  if (!pair || !isSeq(pair.value)) throw new EditError(`the file has no '${section}' list`);
  const seq = pair.value as YAMLSeq<unknown>;
  const index = seq.items.findIndex((it) => isMap(it) && String((it as YAMLMap).get('id')) === id);
  if (index < 0) throw new EditError(`no entry with id '${id}' in '${section}'`);
  return { pair, seq, index };
}

/** The span of a block-list entry: from the start of its `-` line to the end of its last line. */
function blockEntrySpan(text: string, node: Node): { start: number; end: number; indent: number } {
  const dash = text.lastIndexOf('-', node.range![0]);
  const start = lineStart(text, dash);
  return { start, end: endOfLine(text, Math.max(node.range![1] - 1, node.range![0])), indent: dash - start };
}

/**
 * Replace the whole entry whose `id` is `id` in the top-level list `section` with `entry`, keeping its style: a flow
 * entry (`{id: R1, ...}`) stays on its line, keeping a comment after it; a block entry is rewritten as a block at its
 * indentation (comments inside it go). Every other byte is unchanged. Undefined fields are left out. Example:
 * `replaceEntry(text, 'risks', 'R1', {id: 'R1', title: 'Vendor slips', probability: 0.4})`. Throws EditError when
 * there is no such entry.
 */
export function replaceEntry(text: string, section: string, id: string, entry: Record<string, unknown>): string {
  return editWindow(text, section, id, (doc) => replaceIn(doc, section, id, entry)) ?? replaceIn(text, section, id, entry);
}

function replaceIn(text: string, section: string, id: string, entry: Record<string, unknown>): string {
  const clean = withoutUndefined(entry);
  const { seq, index } = findEntry(parse(text), section, id);
  const node = seq.items[index] as YAMLMap<unknown, unknown>;
  if (node.flow || seq.flow) return `${text.slice(0, node.range![0])}${flowValue(clean)}${text.slice(node.range![1])}`;
  const span = blockEntrySpan(text, node);
  return `${text.slice(0, span.start)}${blockItem(clean, span.indent)}${text.slice(span.end)}`;
}

/**
 * Remove the entry whose `id` is `id` from the top-level list `section`: its lines in a block list, its element
 * (and one comma) in a flow list. A list left empty becomes `[]`, keeping a comment after the key. Every other
 * byte is unchanged. Throws EditError when there is no such entry.
 */
export function removeEntry(text: string, section: string, id: string): string {
  const windowed = editWindow(text, section, id, (doc) => {
    const { seq, index } = findEntry(parse(doc), section, id);
    const span = blockEntrySpan(doc, seq.items[index] as Node);
    return `${doc.slice(0, span.start)}${doc.slice(span.end)}`;
  });
  if (windowed !== undefined) return windowed;
  const { pair, seq, index } = findEntry(parse(text), section, id);
  const node = seq.items[index] as Node;
  if (seq.flow) {
    if (seq.items.length === 1) return `${text.slice(0, seq.range![0])}[]${text.slice(seq.range![1])}`;
    if (index < seq.items.length - 1) {
      const next = seq.items[index + 1] as Node;
      return `${text.slice(0, node.range![0])}${text.slice(next.range![0])}`;
    }
    const prev = seq.items[index - 1] as Node;
    return `${text.slice(0, prev.range![1])}${text.slice(node.range![1])}`;
  }
  const span = blockEntrySpan(text, node);
  const out = `${text.slice(0, span.start)}${text.slice(span.end)}`;
  if (seq.items.length > 1) return out;
  const key = pair.key as Node;
  const colon = text.indexOf(':', key.range![1]);
  return `${out.slice(0, colon + 1)} []${out.slice(colon + 1)}`;
}

/**
 * The `yaml` library takes seconds on a file of thousands of entries, so an edit of one entry of a block list runs on
 * a small document instead: `section:` plus the lines of that entry (through any comments before the next entry),
 * found with the fast parser; the result is spliced back. Same output as editing the whole text. Undefined when
 * this does not apply (text outside the fast parser's subset, a flow list, fewer than two entries, no such id): the
 * caller then edits the whole text. `{ last: true }` picks the last entry (to append after it).
 */
function editWindow(text: string, section: string, id: string | { last: true }, edit: (doc: string, firstIsBlockMap: boolean) => string): string | undefined {
  const fast = fastParse(text, 'entities');
  const value = fast?.value;
  if (!fast || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const list = (value as Record<string, unknown>)[section];
  const rootAt = fast.positions.get(value);
  const listAt = Array.isArray(list) ? fast.positions.get(list) : undefined;
  if (!Array.isArray(list) || list.length < 2 || !rootAt?.keys || !listAt?.elements || text.charCodeAt(listAt.start) !== 45 /* '-' */) return undefined;
  const index = typeof id === 'object' ? list.length - 1 : list.findIndex((e) => typeof e === 'object' && e !== null && String((e as Record<string, unknown>).id) === id);
  if (index < 0) return undefined;
  const start = lineStart(text, listAt.elements[index]!);
  let end: number;
  if (index + 1 < list.length) end = lineStart(text, listAt.elements[index + 1]!);
  else {
    const sectionAt = rootAt.keys.get(section)![1];
    const next = [...rootAt.keys.values()].map(([k]) => k).filter((k) => k > sectionAt);
    end = next.length === 0 ? text.length : lineStart(text, Math.min(...next));
  }
  const head = `${section}:\n`;
  const window = text.slice(start, end);
  if (!window.endsWith('\n')) return undefined; // the file's last line has no newline: rare, edit the whole text
  const first = list[0];
  const firstIsBlockMap = typeof first === 'object' && first !== null && !Array.isArray(first) && text.charCodeAt(listAt.elements[0]!) !== 123; /* '{' */
  const edited = edit(`${head}${window}`, firstIsBlockMap);
  if (!edited.startsWith(head)) return undefined;
  return `${text.slice(0, start)}${edited.slice(head.length)}${text.slice(end)}`;
}
