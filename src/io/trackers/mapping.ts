/**
 * The `--map map.yaml` file: how a tracker's fields become ours. Every key is optional; the defaults (DEFAULT_MAPPING,
 * documented in docs/connectors.md) suit a stock Jira Cloud, GitHub or Linear workspace. Checked with zod; every
 * problem is a diagnostic with the map file's line and column.
 *
 * ```yaml
 * status: {Blocked: blocked, "Won't Do": cut, "Code Review": doing}   # status name → todo|doing|done|blocked|cut
 * estimate: {use: points, days_per_point: 0.5, hours_per_day: 8}
 * must: {labels: [must, launch-blocker], priorities: [Highest]}
 * cut_resolutions: ["Won't Fix", Duplicate]
 * workstreams: group            # group (epic/parent/milestone/project) | none
 * jira: {story_points: [customfield_10016], epic_link: customfield_10014, dependency_links: [Blocks]}
 * ```
 */
import { z } from 'zod';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { ItemStatus } from '../../model/program.js';
import { parseWithYaml } from '../yaml/parse.js';

const ItemStatusDoc = z.enum(['todo', 'doing', 'done', 'blocked', 'cut']);
const names = z.array(z.string().min(1));

export const MappingDoc = z.strictObject({
  status: z.record(z.string(), ItemStatusDoc).optional(),
  estimate: z
    .strictObject({
      use: z.enum(['auto', 'points', 'time', 'none']).optional(),
      days_per_point: z.number().positive().optional(),
      hours_per_day: z.number().positive().optional(),
    })
    .optional(),
  must: z.strictObject({ labels: names.optional(), priorities: names.optional() }).optional(),
  cut_resolutions: names.optional(),
  workstreams: z.enum(['group', 'none']).optional(),
  history: z.boolean().optional(),
  jira: z
    .strictObject({
      story_points: names.optional(),
      epic_link: z.string().min(1).optional(),
      dependency_links: names.optional(),
    })
    .optional(),
});

/** The mapping with every default filled in. */
export type Mapping = {
  /** Status names (case-insensitive) → our status; wins over the tracker's category. */
  status: Map<string, ItemStatus>;
  estimate: { use: 'auto' | 'points' | 'time' | 'none'; daysPerPoint: number; hoursPerDay: number };
  must: { labels: Set<string>; priorities: Set<string> };
  cutResolutions: Set<string>;
  workstreams: 'group' | 'none';
  /** Write a `history:` row per started or finished record. */
  history: boolean;
  jira: { storyPoints: string[]; epicLink: string; dependencyLinks: Set<string> };
};

const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));

/** Defaults: points first (1 point = 1 working day), else the time estimate at 8 hours a day. */
export const DEFAULT_MAPPING: Mapping = {
  status: new Map(),
  estimate: { use: 'auto', daysPerPoint: 1, hoursPerDay: 8 },
  must: { labels: lower(['must', 'must-have']), priorities: new Set() },
  cutResolutions: lower(["Won't Fix", "Won't Do", 'Duplicate', 'Invalid', 'Cannot Reproduce', 'Incomplete', 'Not A Problem', 'Abandoned', 'Declined']),
  workstreams: 'group',
  history: true,
  jira: { storyPoints: ['customfield_10016', 'customfield_10026', 'customfield_10002', 'customfield_10028'], epicLink: 'customfield_10014', dependencyLinks: lower(['Blocks', 'Blocker']) },
};

/** The mapping from a parsed map document (already checked against MappingDoc). */
export function mappingFrom(doc: z.infer<typeof MappingDoc>): Mapping {
  const d = DEFAULT_MAPPING;
  return {
    status: new Map(Object.entries(doc.status ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    estimate: {
      use: doc.estimate?.use ?? d.estimate.use,
      daysPerPoint: doc.estimate?.days_per_point ?? d.estimate.daysPerPoint,
      hoursPerDay: doc.estimate?.hours_per_day ?? d.estimate.hoursPerDay,
    },
    must: {
      labels: doc.must?.labels ? lower(doc.must.labels) : d.must.labels,
      priorities: doc.must?.priorities ? lower(doc.must.priorities) : d.must.priorities,
    },
    cutResolutions: doc.cut_resolutions ? lower(doc.cut_resolutions) : d.cutResolutions,
    workstreams: doc.workstreams ?? d.workstreams,
    history: doc.history ?? d.history,
    jira: {
      storyPoints: doc.jira?.story_points ?? d.jira.storyPoints,
      epicLink: doc.jira?.epic_link ?? d.jira.epicLink,
      dependencyLinks: doc.jira?.dependency_links ? lower(doc.jira.dependency_links) : d.jira.dependencyLinks,
    },
  };
}

/**
 * Parses a map file's text. Returns the mapping, or diagnostics (code `bad-map`, with line and column) and no mapping.
 * An empty file is the defaults.
 */
export function parseMapping(text: string, file: string): { mapping?: Mapping; diagnostics: Diagnostic[] } {
  const parsed = parseWithYaml(text, file);
  if (parsed.value === undefined && parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const result = MappingDoc.safeParse(parsed.value ?? {});
  if (result.success) return { mapping: mappingFrom(result.data), diagnostics: [] };
  const diagnostics = result.error.issues.map((issue): Diagnostic => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const at = keys.length > 0 ? parsed.locate([...path, keys[0]!], 'key') : (parsed.locate(path) ?? parsed.locate(path, 'key'));
    const where = [...path, ...keys.slice(0, 1)].join('.') || 'the map';
    const message = keys.length > 0 ? `unknown key '${keys.join("', '")}' in the map file; see docs/connectors.md for the keys` : `${where}: ${issue.message}`;
    return { code: 'bad-map', severity: 'error', message, file, ...(at ? { line: at.line, col: at.col } : { line: 1, col: 1 }), path };
  });
  return { diagnostics };
}

/**
 * Our status for a tracker status: the map's entry for the name, else the category (a done record whose resolution is
 * a cut resolution is `cut`), else todo.
 */
export function mapStatus(mapping: Mapping, name: string, category: string | undefined, resolution?: string): ItemStatus {
  const named = mapping.status.get(name.toLowerCase());
  if (named) return named;
  if (category === 'done') return resolution !== undefined && mapping.cutResolutions.has(resolution.toLowerCase()) ? 'cut' : 'done';
  if (category === 'doing' || category === 'cut') return category;
  return 'todo';
}

const TODO_NAMES = lower(['open', 'to do', 'todo', 'backlog', 'new', 'reopened', 'triage', 'selected for development', 'ready', 'unstarted', 'planned']);
const DONE_NAMES = lower(['done', 'closed', 'resolved', 'complete', 'completed', 'fixed', 'released', 'shipped']);
const CUT_NAMES = lower(['cancelled', 'canceled', "won't do", 'rejected', 'duplicate']);

/**
 * The category of a status name seen only in history (a changelog has names, not categories): the map, else the
 * current status's category when the name is the current status, else well-known names; anything else is `doing`.
 */
export function categoryOfName(mapping: Mapping, name: string, current?: { status: string; category?: string }): 'todo' | 'doing' | 'done' | 'cut' {
  const named = mapping.status.get(name.toLowerCase());
  if (named) return named === 'blocked' ? 'doing' : named;
  if (current && current.category && current.status.toLowerCase() === name.toLowerCase()) return current.category as 'todo' | 'doing' | 'done' | 'cut';
  const n = name.toLowerCase();
  if (TODO_NAMES.has(n)) return 'todo';
  if (DONE_NAMES.has(n)) return 'done';
  if (CUT_NAMES.has(n)) return 'cut';
  return 'doing';
}
