/**
 * A small, fast YAML writer for what importers produce, in `vantage fmt`'s canonical layout: block mappings and
 * lists of entities, one-line flow lists of scalars (`after: [A, B]`) and flow `links`/`x-sync` entries, block lists
 * for `x-status-history`. Going through the `yaml` library's Document and the canonical formatter costs ~30x more on
 * 50,000 issues; a test checks that formatting this output changes nothing.
 *
 * Scalars are plain when the YAML 1.2 core schema reads them back as the same string (and, in flow, they hold no
 * flow indicators), else JSON-quoted (a JSON string is a valid YAML double-quoted scalar).
 */
import { resolvePlain } from '../yaml/fast-parse.js';

const UNSAFE_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
const UNSAFE_ANY = /: |\s#|\s$|:$/;

/** True when `s` holds a control character, a line or paragraph separator or a BOM (these need escapes). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  }
  return false;
}
// `x:y` is plain in flow YAML, but the project's fast parser (rightly cautious) stops at it: quote it.
const FLOW_UNSAFE = /[,[\]{}:]/;

/** One scalar: `5`, `true`, `PAY-1`, `"a: b"`. */
export function scalar(v: unknown, flow = false): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  const plain = s !== '' && !UNSAFE_START.test(s) && !UNSAFE_ANY.test(s) && !hasControl(s) && !(flow && FLOW_UNSAFE.test(s)) && resolvePlain(s) === s;
  return plain ? s : JSON.stringify(s);
}

/** A block mapping's value on its key's line: a scalar in block context, else a flow collection. */
const inline = (v: unknown): string => (v !== null && typeof v === 'object' ? flow(v) : scalar(v));

/** A value on one line: a scalar, `[a, b]` or `{k: v}`. */
export function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => flow(x)).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${scalar(k, true)}: ${flow(x)}`).join(', ')}}`;
  return scalar(v, true);
}

/** Keys whose list values stay block (one per line): long text entries. */
const BLOCK_LISTS = new Set(['x-status-history']);

/**
 * One mapping as block lines at `indent` spaces, the first line prefixed by `first` (`- ` for a list entry).
 * Nested plain objects become flow; lists of scalars flow unless their key is in BLOCK_LISTS.
 */
export function blockEntry(entry: Record<string, unknown>, indent: number, first = '- '): string {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + first.length);
  let out = '';
  let i = 0;
  for (const [k, v] of Object.entries(entry)) {
    if (v === undefined) continue;
    const lead = i++ === 0 ? `${pad}${first}` : inner;
    if (Array.isArray(v) && BLOCK_LISTS.has(k) && v.length > 0) {
      out += `${lead}${scalar(k)}:\n`;
      for (const x of v) out += `${inner}  - ${inline(x)}\n`;
    } else {
      out += `${lead}${scalar(k)}: ${inline(v)}\n`;
    }
  }
  return out;
}

/** `key:` and its mapping's entries one per line below it, at `indent` spaces (`x-sync:` → `  jira:` → `    jql: …`). */
export function blockMapping(key: string, value: Record<string, unknown>, indent: number): string {
  const pad = ' '.repeat(indent);
  return `${pad}${scalar(key)}:\n${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${pad}  ${scalar(k)}: ${inline(v)}\n`).join('')}`;
}

/**
 * A program document (top-level keys → scalars, mappings or lists of entities) as YAML text. Top-level mappings
 * are block, one level deep (`program:`, `x-sync:` → `jira:` → `jql: …`); lists of mappings are block lists.
 */
export function emitProgram(doc: Record<string, unknown>): string {
  let out = '';
  for (const [key, value] of Object.entries(doc)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out += `${scalar(key)}: []\n`;
        continue;
      }
      out += `${scalar(key)}:\n`;
      for (const e of value) out += e !== null && typeof e === 'object' && !Array.isArray(e) ? blockEntry(e as Record<string, unknown>, 2) : `  - ${inline(e)}\n`;
    } else if (value !== null && typeof value === 'object') {
      out += `${scalar(key)}:\n`;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        out += v !== null && typeof v === 'object' && !Array.isArray(v) ? blockMapping(k, v as Record<string, unknown>, 2) : `  ${scalar(k)}: ${inline(v)}\n`;
      }
    } else {
      out += `${scalar(key)}: ${scalar(value)}\n`;
    }
  }
  return out;
}
