/**
 * A fast yes/no check compiled from a zod schema: does a value pass, ignoring `x-` keys (which the loader allows
 * everywhere)? zod itself validates a 20,000-item program in about 0.3 s, mostly walking the 20-odd optional keys of
 * every item; this walks only the keys that are present and runs in a small fraction of that. When the answer is
 * no, the loader asks zod for the detailed issues of the failing part only.
 *
 * It reads the schema's definition (`_zod.def`) for the constructs schema.ts uses (objects, arrays, tuples, unions,
 * records, optional, nullable, strings, numbers with bounds and integer format, booleans, enums, unknown, custom
 * refinements); anything else falls back to zod's own `safeParse`, so the answer is always zod's. A property test
 * compares the two on random documents.
 */
import type { z } from 'zod';
import { isExtensionKey } from './schema.js';

export type FastCheck = (value: unknown) => boolean;

/** The parts of zod 4's internal definitions read here (the schema's `_zod.def`). */
type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string | number>;
  checks?: { _zod: { def: CheckDef } }[];
};
type CheckDef = { check: string; value?: number; inclusive?: boolean; format?: string; fn?: (v: unknown) => unknown };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def; // zod 4 keeps its definition there

const cache = new WeakMap<z.ZodType, FastCheck>();

/** The compiled check of `schema` (memoised). */
export function compileCheck(schema: z.ZodType): FastCheck {
  let check = cache.get(schema);
  if (!check) {
    check = compile(schema);
    cache.set(schema, check);
  }
  return check;
}

function compile(schema: z.ZodType): FastCheck {
  const def = defOf(schema);
  const fallback: FastCheck = (v) => schema.safeParse(v).success;
  const refinements = customChecks(def);
  if (refinements === undefined) return fallback;
  const base = compileBase(def);
  if (!base) return fallback;
  if (refinements.length === 0) return base;
  return (v) => {
    if (!base(v)) return false;
    for (const fn of refinements) if (fn(v) !== true) return false;
    return true;
  };
}

/** Custom refinements (`.refine`), or undefined if the schema has checks we do not model (then: zod decides). */
function customChecks(def: Def): ((v: unknown) => unknown)[] | undefined {
  if (def.type === 'number') return []; // bounds and format are handled by compileNumber
  const out: ((v: unknown) => unknown)[] = [];
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check !== 'custom' || !d.fn) return undefined;
    out.push(d.fn);
  }
  return out;
}

function compileBase(def: Def): FastCheck | undefined {
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    case 'number':
      return compileNumber(def);
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => (typeof v === 'string' || typeof v === 'number') && values.has(v);
    }
    case 'optional': {
      const inner = compileCheck(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = compileCheck(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      const element = compileCheck(def.element!);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'tuple': {
      if (def.rest) return undefined;
      const items = def.items!.map((s) => compileCheck(s));
      return (v) => Array.isArray(v) && v.length === items.length && items.every((c, i) => c(v[i]));
    }
    case 'union': {
      const options = def.options!.map((s) => compileCheck(s));
      return (v) => {
        for (const o of options) if (o(v)) return true;
        return false;
      };
    }
    case 'record': {
      if (defOf(def.keyType!).type !== 'string' || (defOf(def.keyType!).checks ?? []).length > 0) return undefined;
      const value = compileCheck(def.valueType!);
      return (v) => {
        if (!isPlainObject(v)) return false;
        const o = v as Record<string, unknown>; // checked just above
        for (const k in o) if (!value(o[k])) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    default:
      return undefined;
  }
}

function compileNumber(def: Def): FastCheck | undefined {
  let min = -Infinity;
  let minInclusive = true;
  let max = Infinity;
  let maxInclusive = true;
  let int = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than') {
      min = d.value!;
      minInclusive = d.inclusive === true;
    } else if (d.check === 'less_than') {
      max = d.value!;
      maxInclusive = d.inclusive === true;
    } else if (d.check === 'number_format' && d.format === 'safeint') int = true;
    else return undefined;
  }
  return (v) =>
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (minInclusive ? v >= min : v > min) &&
    (maxInclusive ? v <= max : v < max) &&
    (!int || Number.isSafeInteger(v));
}

function compileObject(def: Def): FastCheck | undefined {
  const catchall = def.catchall ? defOf(def.catchall).type : undefined;
  if (catchall !== undefined && catchall !== 'never' && catchall !== 'unknown') return undefined;
  const strict = catchall === 'never';
  const shape = def.shape!;
  const keys = Object.keys(shape);
  const fields = new Map<string, FastCheck>(keys.map((k) => [k, compileCheck(shape[k])]));
  // Keys whose schema rejects `undefined` must be present.
  const required = keys.filter((k) => !acceptsUndefined(shape[k]));
  return (v) => {
    if (!isPlainObject(v)) return false;
    const o = v as Record<string, unknown>;
    for (const k of required) if (o[k] === undefined) return false;
    for (const k in o) {
      const f = fields.get(k);
      if (f) {
        if (!f(o[k])) return false;
      } else if (strict && !isExtensionKey(k)) return false;
    }
    return true;
  };
}

function acceptsUndefined(schema: z.ZodType): boolean {
  const t = defOf(schema).type;
  return t === 'optional' || t === 'unknown' || t === 'any';
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
