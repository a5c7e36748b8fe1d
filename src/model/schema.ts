/**
 * The program file's shape (format v1, shared/PROGRAM-FORMAT.md), as zod 4 schemas of the values AS WRITTEN:
 * an estimate stays `2w`, a date stays a string, defaults are not filled in. resolve.ts turns a valid `ProgramDoc`
 * into the resolved `Program` (units applied, defaults, references checked).
 *
 * The schemas transform nothing, so a value that passes is the input itself. Value checks that the format defines
 * (ids, dates, durations, the version) are refinements carrying `params.code`, the diagnostic code the loader
 * reports; `describe()` texts say what a field expects, for "must be ..." messages.
 *
 * Keys are declared in the order of the format doc: that is the canonical order `vantage fmt` writes. Keys starting
 * with `x-` are allowed in every mapping (kept and round-tripped); the strict objects here report them as
 * unrecognized and the loader drops those reports (see `isExtensionKey`).
 */
import { z } from 'zod';
import { dateProblem, durationProblem, isDepRef, isId } from './units.js';

/** Keys starting with `x-` hold the user's own data: allowed anywhere, never interpreted. */
export const isExtensionKey = (key: string): boolean => key.startsWith('x-');

const code = (c: string) => ({ params: { code: c } });

export const IdDoc = z.string().refine(isId, code('bad-id')).describe('an id (letters, digits, ".", "_" and "-")');

/** A dependency target: an id, or `<program-id>/<item-id>` for another program's item. */
export const DepRefDoc = z
  .string()
  .refine(isDepRef, code('bad-id'))
  .describe('an item id, or <program-id>/<item-id> for another program');

export const DateDoc = z
  .string()
  .refine((s) => dateProblem(s) === undefined, code('bad-date'))
  .describe('a date like 2027-01-15');

const durationString = z.string().refine((s) => durationProblem(s) === undefined, code('bad-duration'));

/** Working days: a number, or a string with a unit (`4h`, `3d`, `2w`). */
export const DurationDoc = z
  .union([z.number().min(0).describe('0 or more'), durationString])
  .describe('a duration: a number of working days or a number with a unit (4h, 3d, 2w)');

export const DistDoc = z.enum(['pert', 'triangular', 'lognormal']);

export const ThreePointEstimateDoc = z.strictObject({
  low: DurationDoc,
  likely: DurationDoc,
  high: DurationDoc,
  dist: DistDoc.nullish(),
});

/** A fixed duration or three points with an optional distribution. */
export const EstimateDoc = z
  .union([z.number().min(0).describe('0 or more'), durationString, ThreePointEstimateDoc])
  .describe('a duration (5, 4h, 3d, 2w) or three points {low, likely, high}');

const text = z.string().describe('text');
const texts = z.array(z.string()).describe('a list of texts');
const ids = z.array(IdDoc).describe('a list of ids');
const fraction = z.number().min(0).max(1).describe('a number from 0 to 1 (30% is 0.3)');
const idOrIds = z.union([IdDoc, z.array(IdDoc)]).describe('an id or a list of ids');

export const CalendarDoc = z.strictObject({
  workdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).describe('a list of weekdays like [mon, tue]').nullish(),
  holidays: z.array(DateDoc).describe('a list of dates like [2027-05-31]').nullish(),
});

export const ProgramInfoDoc = z.strictObject({
  id: IdDoc,
  name: text.nullish(),
  start: DateDoc,
  target: DateDoc.nullish(),
  confidence: z.number().gt(0).lt(1).describe('a number between 0 and 1, such as 0.85').nullish(),
  tpm: IdDoc.nullish(),
  calendar: CalendarDoc.nullish(),
  prioritize: z.enum(['wsjf', 'rice', 'value']).nullish(),
});

export const MetricDoc = z.strictObject({
  name: text,
  unit: text.nullish(),
  baseline: z.number().nullish(),
  target: z.number().nullish(),
  current: z.number().nullish(),
});

export const ObjectiveDoc = z.strictObject({
  id: IdDoc,
  title: text.nullish(),
  parent: IdDoc.nullish(),
  weight: z.number().min(0).describe('a number, 0 or more').nullish(),
  due: DateDoc.nullish(),
  metric: MetricDoc.nullish(),
});

/** An inclusive range `[from, to]`, or a single date. */
export const DateRangeDoc = z
  .union([DateDoc, z.tuple([DateDoc, DateDoc])])
  .describe('a date or a range [from, to] like [2027-02-15, 2027-02-19]');

export const PersonDoc = z.strictObject({
  id: IdDoc,
  name: text.nullish(),
  role: text.nullish(),
  email: text.nullish(),
  team: IdDoc.nullish(),
  capacity: z.number().gt(0).max(1).describe('a fraction of full time, above 0 and at most 1').nullish(),
  skills: texts.nullish(),
  off: z.array(DateRangeDoc).describe('a list of dates or ranges [from, to]').nullish(),
});

export const TeamDoc = z.strictObject({
  id: IdDoc,
  name: text.nullish(),
  capacity: z.number().gt(0).describe('a number of units of work per working day, above 0').nullish(),
});

export const RaciDoc = z.strictObject({
  r: idOrIds.nullish(),
  a: IdDoc.nullish(),
  c: idOrIds.nullish(),
  i: idOrIds.nullish(),
});

export const WorkstreamDoc = z.strictObject({
  id: IdDoc,
  title: text.nullish(),
  lead: IdDoc.nullish(),
  objectives: ids.nullish(),
  raci: RaciDoc.nullish(),
});

export const DependencyDoc = z.union([DepRefDoc, z.strictObject({ id: DepRefDoc, lag: DurationDoc.nullish() })]);

const dependencies = z.union([DepRefDoc, z.array(DependencyDoc)]).describe('a list of item ids');

export const ItemDoc = z.strictObject({
  id: IdDoc,
  title: text,
  workstream: IdDoc.nullish(),
  owner: IdDoc.nullish(),
  needs: z.record(z.string(), z.number().gt(0).describe('a number above 0')).nullish(),
  estimate: EstimateDoc.nullish(),
  after: dependencies.nullish(),
  objectives: ids.nullish(),
  must: z.boolean().nullish(),
  value: z.number().min(1).max(10).describe('a number from 1 to 10').nullish(),
  time_criticality: z.number().min(0).describe('a number, 0 or more').nullish(),
  risk_reduction: z.number().min(0).describe('a number, 0 or more').nullish(),
  reach: z.number().min(0).describe('a number, 0 or more').nullish(),
  impact: z.number().min(0.25).max(3).describe('a number from 0.25 to 3').nullish(),
  confidence: fraction.nullish(),
  status: z.enum(['todo', 'doing', 'done', 'blocked', 'cut']).nullish(),
  started: DateDoc.nullish(),
  finished: DateDoc.nullish(),
  remaining: EstimateDoc.nullish(),
  raci: RaciDoc.nullish(),
  tags: texts.nullish(),
  links: z.record(z.string(), z.union([z.string(), z.number()]).describe('text')).nullish(),
});

export const MilestoneDoc = z.strictObject({
  id: IdDoc,
  title: text.nullish(),
  after: dependencies.nullish(),
  date: DateDoc.nullish(),
  objectives: ids.nullish(),
});

export const RiskImpactDoc = z.strictObject({
  days: DurationDoc.nullish(),
  items: ids.nullish(),
});

export const RiskDoc = z.strictObject({
  id: IdDoc,
  kind: z.enum(['risk', 'assumption', 'issue']).nullish(),
  title: text.nullish(),
  probability: fraction.nullish(),
  impact: RiskImpactDoc.nullish(),
  severity: z.number().int().min(1).max(5).describe('a whole number from 1 to 5').nullish(),
  owner: IdDoc.nullish(),
  mitigation: text.nullish(),
  trigger: text.nullish(),
  status: z.enum(['open', 'mitigated', 'occurred', 'closed']).nullish(),
  review: DateDoc.nullish(),
});

export const DecisionDoc = z.strictObject({
  id: IdDoc,
  date: DateDoc.nullish(),
  title: text.nullish(),
  owner: IdDoc.nullish(),
  status: text.nullish(),
  context: text.nullish(),
  options: texts.nullish(),
  decision: text.nullish(),
  supersedes: IdDoc.nullish(),
  items: ids.nullish(),
  risks: ids.nullish(),
});

export const LessonDoc = z.strictObject({
  id: IdDoc,
  date: DateDoc.nullish(),
  title: text.nullish(),
  change: text.nullish(),
  items: ids.nullish(),
  risks: ids.nullish(),
});

const level = z.enum(['low', 'medium', 'high']);

export const StakeholderDoc = z.strictObject({
  id: IdDoc,
  name: text.nullish(),
  influence: level.nullish(),
  interest: level.nullish(),
  cares_about: ids.nullish(),
  channel: z.enum(['email', 'slack', 'meeting', 'doc']).nullish(),
  cadence: z.enum(['weekly', 'biweekly', 'monthly']).nullish(),
  last_update: DateDoc.nullish(),
});

export const TimeRuleDoc = z.strictObject({
  match: z.string().refine(isRegExp, code('bad-regex')).describe('a regular expression'),
  kind: z.enum(['strategic', 'tactical']),
});

export const TimeDoc = z.strictObject({
  email: text.nullish(),
  target_strategic: fraction.nullish(),
  calendars: texts.nullish(),
  rules: z.array(TimeRuleDoc).nullish(),
});

export const HistoryEntryDoc = z.strictObject({
  id: z.union([z.string(), z.number()]).describe('an id'),
  created: DateDoc.nullish(),
  started: DateDoc.nullish(),
  finished: DateDoc.nullish(),
  estimate: EstimateDoc.nullish(),
  type: text.nullish(),
  workstream: text.nullish(),
});

/** Format version: only 1 exists. */
export const VersionDoc = z.number().refine((v) => v === 1, code('unsupported-version')).describe('the format version, 1');

export const ProgramDocSchema = z.strictObject({
  vantage: VersionDoc,
  program: ProgramInfoDoc,
  objectives: z.array(ObjectiveDoc).nullish(),
  people: z.array(PersonDoc).nullish(),
  teams: z.array(TeamDoc).nullish(),
  workstreams: z.array(WorkstreamDoc).nullish(),
  items: z.array(ItemDoc).nullish(),
  milestones: z.array(MilestoneDoc).nullish(),
  risks: z.array(RiskDoc).nullish(),
  decisions: z.array(DecisionDoc).nullish(),
  lessons: z.array(LessonDoc).nullish(),
  stakeholders: z.array(StakeholderDoc).nullish(),
  time: TimeDoc.nullish(),
  history: z
    .union([z.string(), z.array(HistoryEntryDoc)])
    .describe('a list of {id, created, started, finished, estimate, type} or a CSV file path')
    .nullish(),
  /** Settings of the risk-detection rules; checked entry by entry by `checkRules` (risk-rules.ts), with positions. */
  rules: z.record(z.string(), z.unknown()).describe('a mapping of rule settings').nullish(),
});

export const PortfolioDocSchema = z.strictObject({
  vantage: VersionDoc,
  portfolio: z.strictObject({ id: IdDoc, name: text.nullish() }),
  programs: z.array(z.string().describe('a path to a program file')).describe('a list of program file paths'),
});

/** A program file as written (values not converted, defaults not filled in). */
export type ProgramDoc = z.infer<typeof ProgramDocSchema>;
/** A portfolio file as written. */
export type PortfolioDoc = z.infer<typeof PortfolioDocSchema>;
// Each section's entry as written; the type has the name of its schema.
export type ProgramInfoDoc = z.infer<typeof ProgramInfoDoc>;
export type CalendarDoc = z.infer<typeof CalendarDoc>;
export type ObjectiveDoc = z.infer<typeof ObjectiveDoc>;
export type MetricDoc = z.infer<typeof MetricDoc>;
export type PersonDoc = z.infer<typeof PersonDoc>;
export type TeamDoc = z.infer<typeof TeamDoc>;
export type WorkstreamDoc = z.infer<typeof WorkstreamDoc>;
export type RaciDoc = z.infer<typeof RaciDoc>;
export type ItemDoc = z.infer<typeof ItemDoc>;
export type EstimateDoc = z.infer<typeof EstimateDoc>;
export type DurationDoc = z.infer<typeof DurationDoc>;
export type DependencyDoc = z.infer<typeof DependencyDoc>;
export type MilestoneDoc = z.infer<typeof MilestoneDoc>;
export type RiskDoc = z.infer<typeof RiskDoc>;
export type DecisionDoc = z.infer<typeof DecisionDoc>;
export type LessonDoc = z.infer<typeof LessonDoc>;
export type StakeholderDoc = z.infer<typeof StakeholderDoc>;
export type TimeDoc = z.infer<typeof TimeDoc>;
export type HistoryEntryDoc = z.infer<typeof HistoryEntryDoc>;

/** Is `value` a file of the portfolio kind (it has a `portfolio` key at the top)? */
export function isPortfolioDoc(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'portfolio' in value;
}

function isRegExp(source: string): boolean {
  return regExpProblem(source) === undefined;
}

/** The engine's error for an invalid regular expression (case-insensitive, as time rules are matched), else undefined. */
export function regExpProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'i');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
  }
}

type AnySchema = z.ZodType;

/** Unwraps optional, nullable and default wrappers. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as AnySchema;
    else if (s instanceof z.ZodDefault) s = s.unwrap() as AnySchema;
    else return s;
  }
}

/**
 * The schema of the value at `path` below `schema`, following objects, arrays, tuples, records and (for unions) the
 * first option that has such a child; when `value` is given, union options whose kind (object, array) matches the
 * value are preferred. Undefined for a free-form or unknown place.
 */
export function schemaAt(schema: AnySchema, path: readonly (string | number)[], root?: unknown): AnySchema | undefined {
  let s: AnySchema | undefined = schema;
  let v: unknown = root;
  for (const seg of path) {
    if (!s) return undefined;
    s = childSchema(s, seg, v);
    v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  }
  return s;
}

/** The schema one step below `schema` (see `schemaAt`); `value` is the value AT `schema`, to choose among union options. */
export function childSchema(schema: AnySchema, seg: string | number, value: unknown): AnySchema | undefined {
  const s = unwrapSchema(schema);
  if (s instanceof z.ZodObject) return (s.shape as Record<string, AnySchema>)[String(seg)];
  if (s instanceof z.ZodArray) return typeof seg === 'number' ? (s.element as AnySchema) : undefined;
  if (s instanceof z.ZodTuple) return typeof seg === 'number' ? (s.def.items[seg] as AnySchema | undefined) : undefined;
  if (s instanceof z.ZodRecord) return s.valueType as AnySchema;
  if (s instanceof z.ZodUnion) {
    const options = s.options as readonly AnySchema[];
    const preferred = options.filter((o) => kindMatches(unwrapSchema(o), value));
    for (const o of [...preferred, ...options]) {
      const c = childSchema(o, seg, undefined);
      if (c) return c;
    }
  }
  return undefined;
}

function kindMatches(s: AnySchema, value: unknown): boolean {
  if (Array.isArray(value)) return s instanceof z.ZodArray || s instanceof z.ZodTuple;
  if (value !== null && typeof value === 'object') return s instanceof z.ZodObject || s instanceof z.ZodRecord;
  return false;
}

/** The keys of the mapping schema at a place, in canonical order; undefined when the place is free-form. */
export function objectKeys(schema: AnySchema | undefined, value?: unknown): string[] | undefined {
  if (!schema) return undefined;
  const s = unwrapSchema(schema);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodUnion) {
    for (const o of s.options as readonly AnySchema[]) {
      const u = unwrapSchema(o);
      if (u instanceof z.ZodObject && (value === undefined || kindMatches(u, value))) return Object.keys(u.shape);
    }
  }
  return undefined;
}
