/**
 * Shape validation: runs a zod schema of schema.ts over plain data and turns its issues into diagnostics with the
 * file's positions, "did you mean" suggestions and the codes of messages.ts.
 *
 * Positions come from a `Locate` callback supplied by the parser (io/yaml), so this stays pure: the model never
 * sees YAML. Only the places that have a problem are looked up.
 */
import { ZodArray, ZodEnum, ZodNumber, ZodObject, ZodUnion, type z } from 'zod';
import { compileCheck } from './compile-schema.js';
import type { Diagnostic } from './diagnostic.js';
import {
  describeValue,
  fieldOf,
  messageFor,
  renderPath,
  severityOf,
  showValue,
  subjectOf,
  valueAt,
  type DiagnosticCode,
  type MessageArgs,
} from './messages.js';
import { isExtensionKey, objectKeys, regExpProblem, schemaAt, unwrapSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { dateProblem, durationProblem } from './units.js';

export type Path = readonly (string | number)[];

/** 1-based position of a place in the source. */
export type Position = { line: number; col: number };

/**
 * Where the value at `path` starts in the source; with `at: 'key'`, where its key starts (for unknown keys).
 * Undefined when the place does not exist (e.g. a missing field: ask for its parent).
 */
export type Locate = (path: Path, at?: 'key') => Position | undefined;

/** Builds diagnostics for one file: message from the table, severity by code, position from `locate`. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  constructor(
    readonly file: string,
    readonly locate: Locate,
  ) {}

  add<C extends DiagnosticCode>(code: C, path: Path, args: MessageArgs<C>, at?: 'key'): Diagnostic {
    const d: Diagnostic = { code, severity: severityOf(code), message: messageFor(code, args), file: this.file, path: [...path] };
    const pos = this.position(path, at);
    d.line = pos.line;
    d.col = pos.col;
    this.list.push(d);
    return d;
  }

  /** The position of `path`, or of its closest existing ancestor (the start of the file at worst). */
  position(path: Path, at?: 'key'): Position {
    const direct = this.locate(path, at);
    if (direct) return direct;
    for (let n = path.length - 1; n >= 0; n--) {
      const pos = this.locate(path.slice(0, n));
      if (pos) return pos;
    }
    return { line: 1, col: 1 };
  }

  line(path: Path): number | undefined {
    return this.locate(path)?.line;
  }
}

type Issue = z.core.$ZodIssue;

/**
 * Validates `root` against `schema`, adding a diagnostic for every problem to `sink`. A compiled check answers
 * first (fast); only when it fails does zod produce the issues, and for a mapping of lists (a program) only for the
 * list entries that fail, so one typo in a 100,000-item file stays cheap to report.
 */
export function validateShape(schema: z.ZodType, root: unknown, sink: DiagnosticSink): void {
  if (compileCheck(schema)(root)) return;
  const s = unwrapSchema(schema);
  if (!(s instanceof ZodObject) || root === null || typeof root !== 'object' || Array.isArray(root)) {
    zodIssues(schema, root, [], schema, root, sink);
    return;
  }
  // The mapping itself, with its lists emptied; then each failing entry of each list on its own.
  const shallow: Record<string, unknown> = { ...(root as Record<string, unknown>) };
  const lists: [string, z.ZodType][] = [];
  for (const [key, child] of Object.entries(s.shape as Record<string, z.ZodType>)) {
    const c = unwrapSchema(child);
    if (c instanceof ZodArray && Array.isArray(shallow[key])) {
      shallow[key] = [];
      lists.push([key, c.element as z.ZodType]);
    }
  }
  zodIssues(schema, shallow, [], schema, root, sink);
  for (const [key, element] of lists) {
    const check = compileCheck(element);
    const entries = (root as Record<string, unknown[]>)[key];
    for (let i = 0; i < entries.length; i++) {
      if (!check(entries[i])) zodIssues(element, entries[i], [key, i], schema, root, sink);
    }
  }
}

/** zod's issues for `value` (found at `prefix` in `root`) as diagnostics. */
function zodIssues(part: z.ZodType, value: unknown, prefix: Path, schema: z.ZodType, root: unknown, sink: DiagnosticSink): void {
  const result = part.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) mapIssue(issue, prefix, schema, root, sink);
}

/** A mapping named for messages: "item PAY-1", "item PAY-1 estimate", "program", "the file". */
function placeName(path: Path, root: unknown): string {
  const where = subjectOf(path, root);
  const field = fieldOf(path);
  if (where === '') return field === '' ? 'the file' : field;
  return field === '' ? where : `${where} ${field}`;
}

function mapIssue(issue: Issue, prefix: Path, schema: z.ZodType, root: unknown, sink: DiagnosticSink): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const value = valueAt(root, path);
  const where = subjectOf(path, root);
  const field = fieldOf(path);

  if (issue.code === 'unrecognized_keys') {
    const keys = objectKeys(schemaAt(schema, path, root), valueAt(root, path)) ?? [];
    for (const key of issue.keys) {
      if (isExtensionKey(key)) continue;
      sink.add('unknown-key', [...path, key], { key, where: placeName(path, root), suggestion: didYouMean(key, keys), allowed: keys.join(', ') }, 'key');
    }
    return;
  }

  if (value === undefined && path.length > 0) {
    const parent = valueAt(root, path.slice(0, -1));
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
      sink.add('missing-field', path, { where: placeName(path.slice(0, -1), root), field: String(path[path.length - 1]) });
      return;
    }
  }

  switch (issue.code) {
    case 'invalid_union': {
      const matching = issue.errors.filter((branch) => !isTypeMismatch(branch));
      if (matching.length > 0) {
        for (const sub of matching[0]) mapIssue(sub, path, schema, root, sink);
        return;
      }
      sink.add('wrong-type', path, { where, field, expected: expectation(schema, path, root), actual: describeValue(value) });
      return;
    }
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'a whole number' : expectation(schema, path, root);
      sink.add('wrong-type', path, { where, field, expected, actual: describeValue(value) });
      return;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      sink.add('bad-enum', path, {
        where,
        field,
        value: showValue(value),
        allowed: allowed.join(', '),
        suggestion: typeof value === 'string' ? didYouMean(value, allowed) : undefined,
      });
      return;
    }
    case 'too_small':
    case 'too_big':
      if (typeof value === 'number') {
        sink.add('out-of-range', path, { where, field, value: String(value), expected: rangeExpectation(schema, path, root, issue) });
      } else {
        sink.add('wrong-type', path, { where, field, expected: expectation(schema, path, root), actual: describeValue(value) });
      }
      return;
    case 'custom': {
      const code = (issue.params as { code?: string } | undefined)?.code;
      customIssue(code, path, value, where, field, sink, issue.message);
      return;
    }
    default:
      sink.add('invalid-value', path, { where, field, detail: issue.message });
  }
}

function customIssue(code: string | undefined, path: Path, value: unknown, where: string, field: string, sink: DiagnosticSink, fallback: string): void {
  const shown = showValue(value);
  switch (code) {
    case 'bad-id':
      sink.add('bad-id', path, { where, field, value: shown });
      return;
    case 'bad-date': {
      const p = dateProblem(value);
      const why =
        p?.kind === 'month'
          ? `there is no month ${p.month}`
          : p?.kind === 'day'
            ? `${p.month} ${p.year} has ${p.days} days`
            : undefined;
      sink.add('bad-date', path, { where, field, value: shown, why });
      return;
    }
    case 'bad-duration': {
      const p = durationProblem(value);
      if (p?.kind === 'unknown-unit') sink.add('unknown-unit', path, { where, field, value: shown, unit: p.unit });
      else sink.add('bad-duration', path, { where, field, value: shown });
      return;
    }
    case 'bad-regex':
      sink.add('bad-regex', path, { where, field, value: shown, detail: regExpProblem(shown) ?? 'invalid' });
      return;
    case 'unsupported-version':
      sink.add('unsupported-version', path, { value: shown });
      return;
    default:
      sink.add('invalid-value', path, { where, field, detail: fallback });
  }
}

/** A union branch fails only because the value has another type (so it is not the branch the user meant). */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  return branch.every(
    (i) =>
      i.path.length === 0 &&
      (i.code === 'invalid_type' ||
        (i.code === 'invalid_union' && i.errors.every((b) => isTypeMismatch(b))) ||
        (i.code === 'too_big' && i.origin === 'array')),
  );
}

/** The accepted range of the number schema at `path`, in words. */
function rangeExpectation(schema: z.ZodType, path: Path, root: unknown, issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const at = schemaAt(schema, path, root);
  let s = at ? unwrapSchema(at) : undefined;
  if (s instanceof ZodUnion) s = (s.options as readonly z.ZodType[]).map(unwrapSchema).find((o) => o instanceof ZodNumber);
  if (s?.description) return s.description;
  const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.code === 'too_small') return issue.inclusive ? `at least ${bound}` : `above ${bound}`;
  return issue.inclusive ? `at most ${bound}` : `below ${bound}`;
}

/** What the schema at `path` accepts, in words. */
function expectation(schema: z.ZodType, path: Path, root: unknown): string {
  const at = schemaAt(schema, path, root);
  if (!at) return 'something else';
  const described = at.description ?? unwrapSchema(at).description;
  if (described) return described;
  const s = unwrapSchema(at);
  const type = s.def.type;
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping';
    case 'enum':
      return s instanceof ZodEnum ? `one of ${s.options.join(', ')}` : 'one of a fixed set of words';
    default:
      return `a value of type ${type} at ${renderPath(path)}`;
  }
}
