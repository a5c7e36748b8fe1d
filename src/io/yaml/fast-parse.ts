/**
 * A fast parser for the YAML that program files are made of: JSON, and block mappings and sequences of plain,
 * single- or double-quoted one-line scalars and flow collections, with comments. It resolves scalars exactly as the
 * `yaml` library's default (YAML 1.2 core schema) does, and records where each value starts.
 *
 * It gives up (returns undefined) on anything outside that subset — anchors, aliases, tags, block scalars (| >),
 * multi-line plain or quoted scalars, complex keys, non-string keys, duplicate keys, tabs, CR line ends, several
 * documents, syntax errors — and the caller then uses the `yaml` library, which is complete but about 20 times
 * slower. So the result, when there is one, is what `yaml` would give (a differential property test checks this).
 */

/** Where a container's entries start (UTF-16 offsets into the text). */
export type ContainerPositions = {
  /** Offset of the container's first character (first key, first '-', or the bracket). */
  start: number;
  /** Mapping: key -> [key offset, value offset]. */
  keys?: Map<string, [number, number]>;
  /** Sequence: offset of each element. */
  elements?: number[];
};

export type PositionTable = WeakMap<object, ContainerPositions>;

export type FastParseResult = { value: unknown; positions: PositionTable };

/** 'entities': positions of the root and its direct children only (cheap); 'all': of every container. */
export type PositionDepth = 'entities' | 'all';

class GiveUp extends Error {}

const SPACE = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const DQUOTE = 34;
const SQUOTE = 39;

/** Parses `text`, or returns undefined when it is outside the supported subset (see the file comment). */
export function fastParse(text: string, depth: PositionDepth = 'entities'): FastParseResult | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const p = new Parser(text, depth === 'all' ? Infinity : 1);
    return { value: p.document(), positions: p.positions };
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

const giveUp = (): never => {
  throw new GiveUp();
};

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under the YAML 1.2 core schema, as the `yaml` library resolves it. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit for words that cannot be anything but a string.
  const maybeSpecial = s.length === 0 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 46 || c === 43 || c === DASH || (c >= 48 && c <= 57);
  if (!maybeSpecial) return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return c === 116 || c === 84;
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

/** Characters that may not start a plain scalar (YAML c-indicator), except - ? : handled by the caller. */
function isIndicatorStart(c: number): boolean {
  return (
    c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === HASH || c === 38 /* & */ ||
    c === 42 /* * */ || c === 33 /* ! */ || c === 124 /* | */ || c === 62 /* > */ || c === SQUOTE || c === DQUOTE ||
    c === 37 /* % */ || c === 64 /* @ */ || c === 96 /* ` */
  );
}

class Parser {
  readonly positions: PositionTable = new WeakMap();
  private readonly n: number;
  /** Start of the current line (block parsing works line by line). */
  private pos = 0;
  /** Second result of some methods (an end offset), to avoid allocating tuples in the hot loop. */
  private end = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.n = text.length;
  }

  document(): unknown {
    this.skipBlankLines();
    if (this.pos >= this.n) return null;
    if (this.text.startsWith('---', this.pos)) {
      const after = this.text.charCodeAt(this.pos + 3);
      if (!(this.pos + 3 >= this.n || after === NL || after === SPACE)) giveUp();
      this.expectLineRest(this.pos + 3); // a comment at most
      this.nextLine();
      this.skipBlankLines();
      if (this.pos >= this.n) return null;
    }
    const indent = this.indentOf(this.pos);
    const at = this.pos + indent;
    const c = this.text.charCodeAt(at);
    let value: unknown;
    if (c === LBRACKET || c === LBRACE) {
      const v = this.flowValue(at, 0, -1);
      const end = this.end;
      this.expectLineRest(end);
      this.pos = end;
      this.nextLine();
      value = v;
    } else if (indent !== 0) {
      return giveUp();
    } else if (this.isSeqLine(at)) {
      value = this.blockSeq(0, 0);
    } else {
      value = this.blockMap(0, at, 0);
    }
    this.skipBlankLines();
    if (this.pos < this.n) giveUp();
    return value;
  }

  // --- lines -----------------------------------------------------------------------------------------------------

  private lineEnd(from: number): number {
    const e = this.text.indexOf('\n', from);
    return e < 0 ? this.n : e;
  }

  private nextLine(): void {
    const e = this.text.indexOf('\n', this.pos);
    this.pos = e < 0 ? this.n : e + 1;
  }

  private indentOf(lineStart: number): number {
    let i = lineStart;
    while (i < this.n && this.text.charCodeAt(i) === SPACE) i++;
    return i - lineStart;
  }

  /** Moves `pos` to the start of the next line with content (not blank, not only a comment). */
  private skipBlankLines(): void {
    while (this.pos < this.n) {
      let i = this.pos;
      while (i < this.n && this.text.charCodeAt(i) === SPACE) i++;
      const c = this.text.charCodeAt(i);
      if (i >= this.n) {
        this.pos = this.n;
        return;
      }
      if (c === NL || c === HASH) {
        this.nextLine();
        continue;
      }
      if (i === this.pos && (this.text.startsWith('...', i) || this.text.startsWith('---', i))) giveUp();
      return;
    }
  }

  /** From `from` to the end of the line there may be only spaces and a comment. */
  private expectLineRest(from: number): void {
    let i = from;
    while (i < this.n && this.text.charCodeAt(i) === SPACE) i++;
    if (i >= this.n) return;
    const c = this.text.charCodeAt(i);
    if (c === NL) return;
    if (c === HASH && (i === from ? i === 0 || this.isSpaceBefore(i) : true)) return;
    giveUp();
  }

  private isSpaceBefore(i: number): boolean {
    const c = this.text.charCodeAt(i - 1);
    return c === SPACE || c === NL;
  }

  private isSeqLine(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    return at + 1 >= this.n || next === SPACE || next === NL;
  }

  private record(value: object, start: number, depth: number): ContainerPositions | undefined {
    if (depth > this.maxDepth) return undefined;
    const p: ContainerPositions = { start };
    this.positions.set(value, p);
    return p;
  }

  // --- block collections -------------------------------------------------------------------------------------------

  /**
   * A block mapping whose keys sit at column `indent`; its first key starts at `firstKey` (which may be mid-line,
   * after a sequence's "- "). Leaves `pos` at the start of the first line after it.
   */
  private blockMap(indent: number, firstKey: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const rec = this.record(out, firstKey, depth);
    const keys = rec ? (rec.keys = new Map()) : undefined;
    let keyAt = firstKey;
    for (;;) {
      const key = this.mapKey(keyAt);
      const colon = this.end;
      if (Object.hasOwn(out, key) || key === '__proto__') giveUp();
      let valueAt = colon + 1;
      while (valueAt < this.n && this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      const c = this.text.charCodeAt(valueAt);
      let value: unknown;
      if (valueAt >= this.n || c === NL || (c === HASH && valueAt > colon + 1)) {
        // The value is on the following lines, or empty (null).
        this.nextLine();
        this.skipBlankLines();
        valueAt = keyAt;
        value = null;
        if (this.pos < this.n) {
          const ind = this.indentOf(this.pos);
          const at = this.pos + ind;
          if (ind > indent) {
            valueAt = at;
            value = this.blockNode(ind, at, depth + 1);
          } else if (ind === indent && this.isSeqLine(at)) {
            valueAt = at;
            value = this.blockSeq(ind, depth + 1);
          }
        }
      } else {
        value = this.inlineValue(valueAt, indent, depth + 1);
      }
      out[key] = value;
      keys?.set(key, [keyAt, valueAt]);
      // `pos` is at the start of a line.
      this.skipBlankLines();
      if (this.pos >= this.n) return out;
      const ind = this.indentOf(this.pos);
      if (ind < indent) return out;
      if (ind > indent) giveUp();
      keyAt = this.pos + ind;
      if (this.isSeqLine(keyAt)) return out; // a sequence at this column belongs to an outer mapping: not valid here
    }
  }

  /** A block sequence whose dashes sit at column `indent`, starting at `pos` (a line start). */
  private blockSeq(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    const rec = this.record(out, this.pos + indent, depth);
    const elements: number[] | undefined = rec ? (rec.elements = []) : undefined;
    for (;;) {
      const dash = this.pos + indent;
      let at = dash + 1;
      while (at < this.n && this.text.charCodeAt(at) === SPACE) at++;
      const c = this.text.charCodeAt(at);
      let value: unknown;
      let valueAt = at;
      if (at >= this.n || c === NL || (c === HASH && at > dash + 1)) {
        this.nextLine();
        this.skipBlankLines();
        value = null;
        valueAt = dash;
        if (this.pos < this.n) {
          const ind = this.indentOf(this.pos);
          if (ind > indent) {
            valueAt = this.pos + ind;
            value = this.blockNode(ind, valueAt, depth + 1);
          }
        }
      } else if (this.isSeqLine(at)) {
        return giveUp(); // "- - x": a compact nested sequence
      } else if (this.isKeyLine(at)) {
        value = this.blockMap(at - this.lineStartOf(at), at, depth + 1);
      } else {
        value = this.inlineValue(at, indent, depth + 1);
      }
      out.push(value);
      elements?.push(valueAt);
      this.skipBlankLines();
      if (this.pos >= this.n) return out;
      const ind = this.indentOf(this.pos);
      if (ind < indent) return out;
      if (ind > indent) giveUp();
      if (!this.isSeqLine(this.pos + ind)) return out;
    }
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /** A block node on its own line(s) at column `indent`: a mapping, a sequence, or a flow collection. */
  private blockNode(indent: number, at: number, depth: number): unknown {
    if (this.isSeqLine(at)) return this.blockSeq(indent, depth);
    const c = this.text.charCodeAt(at);
    if (c === LBRACKET || c === LBRACE) {
      const v = this.flowValue(at, depth, indent - 1);
      const end = this.end;
      this.expectLineRest(end);
      this.pos = end;
      this.nextLine();
      return v;
    }
    if (this.isKeyLine(at)) return this.blockMap(indent, at, depth);
    return giveUp(); // a scalar on its own line (possibly multi-line)
  }

  /** Does a mapping key (`key:` followed by a space or the end of the line) start at `at`? */
  private isKeyLine(at: number): boolean {
    const c = this.text.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quotedEnd(at);
      return end >= 0 && this.text.charCodeAt(end) === COLON && this.isValueSep(end + 1);
    }
    if (c === LBRACKET || c === LBRACE) return false;
    const eol = this.lineEnd(at);
    for (let i = at; i < eol; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === COLON && this.isValueSep(i + 1)) return true;
      if (ch === HASH && i > at && this.text.charCodeAt(i - 1) === SPACE) return false;
    }
    return false;
  }

  private isValueSep(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === NL;
  }

  /** End (exclusive) of a one-line quoted scalar starting at `at`, or -1. */
  private quotedEnd(at: number): number {
    const q = this.text.charCodeAt(at);
    for (let i = at + 1; i < this.n; i++) {
      const c = this.text.charCodeAt(i);
      if (c === NL) return -1;
      if (q === DQUOTE && c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === q) {
        if (q === SQUOTE && this.text.charCodeAt(i + 1) === SQUOTE) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  /** A mapping key at `at`: returns its text; `this.end` is the offset of its colon. */
  private mapKey(at: number): string {
    const c = this.text.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quotedEnd(at);
      if (end < 0 || this.text.charCodeAt(end) !== COLON || !this.isValueSep(end + 1)) giveUp();
      this.end = end;
      return this.quoted(at, end);
    }
    if (isIndicatorStart(c) || ((c === DASH || c === 63 /* ? */ || c === COLON) && this.isValueSep(at + 1))) giveUp();
    const eol = this.lineEnd(at);
    for (let i = at; i < eol; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === HASH && i > at && this.text.charCodeAt(i - 1) === SPACE) break;
      if (ch === COLON && this.isValueSep(i + 1)) {
        const key = this.text.slice(at, i).trimEnd();
        if (typeof resolvePlain(key) !== 'string' || key === '<<') giveUp();
        this.end = i;
        return key;
      }
    }
    return giveUp();
  }

  /**
   * A value that starts on the line of its key or dash, at `at`: a flow collection, a quoted or a plain scalar.
   * `indent` is the column of the owning key or dash. Leaves `pos` at the start of the next line.
   */
  private inlineValue(at: number, indent: number, depth: number): unknown {
    const c = this.text.charCodeAt(at);
    let value: unknown;
    let end: number;
    if (c === LBRACKET || c === LBRACE) {
      value = this.flowValue(at, depth, indent);
      end = this.end;
    } else if (c === DQUOTE || c === SQUOTE) {
      end = this.quotedEnd(at);
      if (end < 0) giveUp();
      value = this.quoted(at, end);
    } else {
      if (isIndicatorStart(c) || ((c === DASH || c === 63 || c === COLON) && this.isValueSep(at + 1))) giveUp();
      const eol = this.lineEnd(at);
      end = eol;
      for (let i = at; i < eol; i++) {
        const ch = this.text.charCodeAt(i);
        if (ch === HASH && this.text.charCodeAt(i - 1) === SPACE) {
          end = i;
          break;
        }
        if (ch === COLON && this.isValueSep(i + 1)) giveUp(); // "a: b: c"
      }
      const raw = this.text.slice(at, end).trimEnd();
      value = resolvePlain(raw);
      this.pos = eol;
      this.nextLine();
      this.rejectContinuation(indent);
      return value;
    }
    this.expectLineRest(end);
    this.pos = end;
    this.nextLine();
    this.rejectContinuation(indent);
    return value;
  }

  /** A more indented content line right after a one-line value would continue it (multi-line scalar): give up. */
  private rejectContinuation(indent: number): void {
    const save = this.pos;
    this.skipBlankLines();
    if (this.pos < this.n && this.indentOf(this.pos) > indent) {
      const at = this.pos + this.indentOf(this.pos);
      if (this.text.charCodeAt(at) !== HASH) giveUp();
    }
    this.pos = save;
  }

  // --- scalars ---------------------------------------------------------------------------------------------------

  /** The text of a one-line quoted scalar [at, end). */
  private quoted(at: number, end: number): string {
    const body = this.text.slice(at + 1, end - 1);
    if (this.text.charCodeAt(at) === SQUOTE) return body.includes("''") ? body.replace(/''/g, "'") : body;
    return body.includes('\\') ? unescapeDouble(body) : body;
  }

  // --- flow collections --------------------------------------------------------------------------------------------

  /** Skips spaces and newlines inside a flow collection; comments there make us give up. */
  private flowSpace(i: number, minIndent: number): number {
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === NL) {
        i++;
        // Continuation lines of a flow collection must be indented more than its owner.
        let k = i;
        while (this.text.charCodeAt(k) === SPACE) k++;
        if (k - i <= minIndent && k < this.n && this.text.charCodeAt(k) !== NL) giveUp();
      } else if (c === HASH) return giveUp();
      else return i;
    }
  }

  /** A flow value at `i`: returns it; `this.end` is the offset just after it. */
  private flowValue(i: number, depth: number, minIndent: number): unknown {
    const c = this.text.charCodeAt(i);
    if (c === LBRACE) return this.flowMap(i, depth, minIndent);
    if (c === LBRACKET) return this.flowSeq(i, depth, minIndent);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quotedEnd(i);
      if (end < 0) giveUp();
      this.end = end;
      return this.quoted(i, end);
    }
    return this.flowPlain(i);
  }

  private flowPlain(i: number): unknown {
    const c = this.text.charCodeAt(i);
    if (isIndicatorStart(c) || ((c === DASH || c === 63 || c === COLON) && this.isFlowSep(i + 1))) giveUp();
    let k = i;
    for (; k < this.n; k++) {
      const ch = this.text.charCodeAt(k);
      if (ch === COMMA || ch === RBRACKET || ch === RBRACE || ch === NL) break;
      if (ch === COLON) {
        if (this.isFlowSep(k + 1)) break;
        giveUp(); // "a:b" in flow is one scalar in YAML; rare enough not to bother
      }
      if (ch === HASH && this.text.charCodeAt(k - 1) === SPACE) giveUp();
      if (ch === LBRACKET || ch === LBRACE) giveUp();
    }
    const raw = this.text.slice(i, k).trimEnd();
    this.end = i + raw.length;
    return resolvePlain(raw);
  }

  private isFlowSep(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === NL || c === COMMA || c === RBRACKET || c === RBRACE || c === LBRACKET || c === LBRACE;
  }

  private flowSeq(start: number, depth: number, minIndent: number): unknown[] {
    const out: unknown[] = [];
    const rec = this.record(out, start, depth);
    const elements: number[] | undefined = rec ? (rec.elements = []) : undefined;
    let i = this.flowSpace(start + 1, minIndent);
    if (this.text.charCodeAt(i) === RBRACKET) return this.done(out, i + 1);
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (i >= this.n || c === COMMA || c === RBRACKET || c === RBRACE) giveUp();
      elements?.push(i);
      out.push(this.flowValue(i, depth + 1, minIndent));
      i = this.flowSpace(this.end, minIndent);
      const d = this.text.charCodeAt(i);
      if (d === COMMA) {
        i = this.flowSpace(i + 1, minIndent);
        if (this.text.charCodeAt(i) === RBRACKET) return this.done(out, i + 1);
        continue;
      }
      if (d === RBRACKET) return this.done(out, i + 1);
      return giveUp(); // includes "[a: 1]" (a single-pair mapping) and missing brackets
    }
  }

  private done<T>(value: T, end: number): T {
    this.end = end;
    return value;
  }

  private flowMap(start: number, depth: number, minIndent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const rec = this.record(out, start, depth);
    const keys = rec ? (rec.keys = new Map()) : undefined;
    let i = this.flowSpace(start + 1, minIndent);
    if (this.text.charCodeAt(i) === RBRACE) return this.done(out, i + 1);
    for (;;) {
      const c = this.text.charCodeAt(i);
      const keyAt = i;
      let key: string;
      let end: number;
      if (c === DQUOTE || c === SQUOTE) {
        end = this.quotedEnd(i);
        if (end < 0) giveUp();
        key = this.quoted(i, end);
      } else {
        if (c === LBRACKET || c === LBRACE) giveUp();
        const k = this.flowPlain(i);
        if (typeof k !== 'string' || k === '' || k === '<<') giveUp();
        key = k as string; // checked just above
        end = this.end;
      }
      if (Object.hasOwn(out, key) || key === '__proto__') giveUp();
      i = this.flowSpace(end, minIndent);
      if (this.text.charCodeAt(i) !== COLON) giveUp(); // "{a, b}": keys without values
      // After a quoted key ("JSON-like"), the value may follow the colon directly; after a plain key a space is needed.
      if (c !== DQUOTE && c !== SQUOTE && !this.isFlowSep(i + 1)) giveUp();
      i = this.flowSpace(i + 1, minIndent);
      const d = this.text.charCodeAt(i);
      let value: unknown = null;
      let valueAt = keyAt;
      if (d !== COMMA && d !== RBRACE) {
        valueAt = i;
        value = this.flowValue(i, depth + 1, minIndent);
        i = this.flowSpace(this.end, minIndent);
      }
      out[key] = value;
      keys?.set(key, [keyAt, valueAt]);
      const e = this.text.charCodeAt(i);
      if (e === COMMA) {
        i = this.flowSpace(i + 1, minIndent);
        if (this.text.charCodeAt(i) === RBRACE) return this.done(out, i + 1);
        continue;
      }
      if (e === RBRACE) return this.done(out, i + 1);
      return giveUp();
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Unescapes a one-line YAML double-quoted scalar body (JSON escapes are a subset). */
function unescapeDouble(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + len);
    if (len === 0 || hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
    out += String.fromCodePoint(parseInt(hex, 16));
    i += len;
  }
  return out;
}
