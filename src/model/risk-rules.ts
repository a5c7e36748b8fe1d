/**
 * The catalogue of automatic risk-detection rules (issue 6): ids, thresholds with defaults and ranges, descriptions.
 * Shared by model validation (the program file's `rules:` section) and the engine (src/engine/risk/detect.ts), so a
 * threshold is declared once. docs/risk-rules.md documents each rule; rule ids are stable and never reused.
 *
 * The section, in a program file:
 *
 *   rules:
 *     single-person-critical-path: {share: 0.6}
 *     stakeholder-overdue: {enabled: false}
 *
 * Each key is a rule id; each value a mapping with `enabled` (default true) and the rule's thresholds; keys starting
 * with `x-` (at either level) are the user's own and ignored. Anything else
 * is a diagnostic with the file position: an unknown rule id (`unknown-rule`, with "did you mean"), an unknown setting
 * (`unknown-key`), a value of the wrong type (`wrong-type`) or out of range (`out-of-range`).
 */
import { describeValue } from './messages.js';
import { didYouMean } from './suggest.js';
import type { DiagnosticSink, Path } from './validate.js';

/** A numeric threshold of a rule. `max` is inclusive; `integer` asks for a whole number. */
export type ThresholdSpec = {
  name: string;
  /** The default; undefined means "derived from the program" (see the description). */
  default: number | undefined;
  min: number;
  max?: number;
  /** True when min itself is not allowed (e.g. a share above 0). */
  minExclusive?: boolean;
  integer?: boolean;
  description: string;
};

export type RuleSpec = {
  id: RuleId;
  title: string;
  /** What the rule reads and when it fires (one sentence). */
  description: string;
  thresholds: ThresholdSpec[];
};

export const RULE_IDS = [
  'commitment-at-risk',
  'single-person-critical-path',
  'critical-owner-away',
  'ageing-wip',
  'external-on-critical-path',
  'wide-estimate-on-critical-path',
  'scope-growth',
  'stakeholder-overdue',
  'objective-no-metric',
  'objective-metric-stalled',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** Every rule in catalogue order (the order findings of equal severity are listed in). */
export const RULES: readonly RuleSpec[] = [
  {
    id: 'commitment-at-risk',
    title: 'Commitment at risk',
    description: 'a committed milestone date or the program target has a forecast probability below the confidence',
    thresholds: [
      { name: 'confidence', default: undefined, min: 0, max: 1, minExclusive: true, description: "probability a commitment needs (default: the program's confidence)" },
    ],
  },
  {
    id: 'single-person-critical-path',
    title: 'One person on most of the critical path',
    description: 'one person carries more than `share` of the working days of open critical-path work',
    thresholds: [{ name: 'share', default: 0.5, min: 0, max: 1, description: 'share of critical working days (0..1)' }],
  },
  {
    id: 'critical-owner-away',
    title: 'Critical item owner away',
    description: 'a person needed by an open critical-path item has days off while the item is scheduled',
    thresholds: [{ name: 'minDays', default: 1, min: 1, integer: true, description: 'working days off during the item' }],
  },
  {
    id: 'ageing-wip',
    title: 'Ageing work in progress',
    description: 'a doing or blocked item has been open longer than the P85 cycle time of the history',
    thresholds: [
      { name: 'percentile', default: 0.85, min: 0, max: 1, minExclusive: true, description: 'cycle-time percentile compared with (0..1)' },
      { name: 'minHistory', default: 5, min: 1, integer: true, description: 'finished history entries needed before the rule speaks' },
    ],
  },
  {
    id: 'external-on-critical-path',
    title: 'External dependency on the critical path',
    description: 'an open critical-path item is tagged external or depends on another program',
    thresholds: [],
  },
  {
    id: 'wide-estimate-on-critical-path',
    title: 'Very wide estimate on the critical path',
    description: 'an open critical-path item has high / low above `ratio`',
    thresholds: [{ name: 'ratio', default: 4, min: 1, description: 'high / low of the estimate (remaining work for doing items)' }],
  },
  {
    id: 'scope-growth',
    title: 'Scope growth',
    description: 'the estimated working days of the plan grew by more than `share` since the last snapshot',
    thresholds: [{ name: 'share', default: 0.1, min: 0, description: 'growth as a share of the snapshot scope (0.1 = 10%)' }],
  },
  {
    id: 'stakeholder-overdue',
    title: 'Stakeholder update overdue',
    description: 'a stakeholder has not had an update within their cadence (weekly 7, biweekly 14, monthly 30 days)',
    thresholds: [{ name: 'graceDays', default: 0, min: 0, integer: true, description: 'calendar days allowed past the cadence' }],
  },
  {
    id: 'objective-no-metric',
    title: 'Objective without a metric',
    description: 'an objective has no metric, so nobody can tell whether the work moves it',
    thresholds: [],
  },
  {
    id: 'objective-metric-stalled',
    title: 'Objective metric not moving',
    description: "an objective's metric has not moved for `days` calendar days (by snapshots), or never left its baseline",
    thresholds: [{ name: 'days', default: 28, min: 1, integer: true, description: 'calendar days without movement' }],
  },
];

/** Settings of one rule: `enabled` and its thresholds by name (undefined: derived from the program). */
export type RuleSetting = { enabled: boolean; thresholds: Record<string, number | undefined> };

/** Settings of every rule, defaults filled in. */
export type RuleSettings = Record<RuleId, RuleSetting>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isRuleId = (id: string): id is RuleId => (RULE_IDS as readonly string[]).includes(id);

export function ruleSpec(id: RuleId): RuleSpec {
  return RULES.find((r) => r.id === id)!;
}

/**
 * The settings of every rule from a `rules:` section (plain data, already validated by `checkRules`; invalid values
 * are ignored and the default used). Example: ruleSettings({'scope-growth': {share: 0.2}})['scope-growth'].thresholds.share = 0.2.
 */
export function ruleSettings(section: unknown): RuleSettings {
  const out = {} as RuleSettings; // filled for every id just below
  for (const spec of RULES) {
    const raw = isObj(section) && isObj(section[spec.id]) ? (section[spec.id] as Record<string, unknown>) : {};
    const thresholds: Record<string, number | undefined> = {};
    for (const t of spec.thresholds) {
      const v = raw[t.name];
      thresholds[t.name] = typeof v === 'number' && thresholdProblem(t, v) === undefined ? v : t.default;
    }
    out[spec.id] = { enabled: raw.enabled !== false, thresholds };
  }
  return out;
}

/** Why `value` is not allowed for `t` ("a number >= 1"), or undefined when it is fine. */
function thresholdProblem(t: ThresholdSpec, value: number): string | undefined {
  const low = t.minExclusive ? value <= t.min : value < t.min;
  const high = t.max !== undefined && value > t.max;
  const whole = t.integer && !Number.isInteger(value);
  if (!low && !high && !whole && Number.isFinite(value)) return undefined;
  const kind = t.integer ? 'a whole number' : 'a number';
  const lower = `${t.minExclusive ? '>' : '>='} ${t.min}`;
  return t.max === undefined ? `${kind} ${lower}` : `${kind} ${lower} and <= ${t.max}`;
}

/**
 * Checks a `rules:` section, adding a diagnostic with the file position for every problem (see the module comment).
 * `section` is the value of the top-level `rules` key (a mapping; the shape check reports anything else).
 */
export function checkRules(section: Record<string, unknown>, sink: DiagnosticSink): void {
  for (const [id, value] of Object.entries(section)) {
    const path: Path = ['rules', id];
    if (id.startsWith('x-')) continue; // the user's own notes
    if (!isRuleId(id)) {
      sink.add('unknown-rule', path, { rule: id, suggestion: didYouMean(id, RULE_IDS), allowed: RULE_IDS.join(', ') }, 'key');
      continue;
    }
    if (!isObj(value)) {
      sink.add('wrong-type', path, { where: 'rules', field: id, expected: 'a mapping such as {enabled: false}', actual: describeValue(value) });
      continue;
    }
    const spec = ruleSpec(id);
    const names = ['enabled', ...spec.thresholds.map((t) => t.name)];
    for (const [key, v] of Object.entries(value)) {
      const at: Path = [...path, key];
      if (key.startsWith('x-')) continue;
      if (key === 'enabled') {
        if (typeof v !== 'boolean') sink.add('wrong-type', at, { where: `rule ${id}`, field: key, expected: 'true or false', actual: describeValue(v) });
        continue;
      }
      const t = spec.thresholds.find((s) => s.name === key);
      if (!t) {
        sink.add('unknown-key', at, { key, where: `rule ${id}`, suggestion: didYouMean(key, names), allowed: names.join(', ') }, 'key');
        continue;
      }
      if (typeof v !== 'number') {
        sink.add('wrong-type', at, { where: `rule ${id}`, field: key, expected: t.integer ? 'a whole number' : 'a number', actual: describeValue(v) });
        continue;
      }
      const problem = thresholdProblem(t, v);
      if (problem !== undefined) sink.add('out-of-range', at, { where: `rule ${id}`, field: key, value: String(v), expected: problem });
    }
  }
}
