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
  const item = isMap(first) && !(first as YAMLMap).flow ? blockItem(clean, indent) : `${' '.repeat(indent)}- ${flowValue(clean)}\n`;
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
