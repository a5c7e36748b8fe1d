/**
 * Automatic risk detection: runs the rules of src/model/risk-rules.ts (enabled ones, with the program's thresholds)
 * over the plan, schedule, forecast, history and snapshots, and returns their findings in a stable order
 * (see `sortFindings`). Pure: the status date, the forecast (and so its seed) and the snapshots are inputs.
 *
 * Example: detectRisks({program, schedule, forecast, snapshots: [], today: '2026-11-25'}) on the checkout demo lists
 * a commitment-at-risk finding for milestone beta, among others.
 */
import { RULES, ruleSettings, type RuleId, type RuleSettings } from '../../model/risk-rules.js';
import { sortFindings, type Finding } from './finding.js';
import { RULE_FUNCTIONS, type DetectInput } from './rules.js';

export type DetectOptions = {
  /** Settings per rule; default: the program's own `rules:` section (program.extensions.rules). */
  settings?: RuleSettings;
  /** Run only these rules (still only when enabled). */
  only?: readonly RuleId[];
};

/** Findings of every enabled rule, sorted by severity, rule (catalogue order), first item and subject. */
export function detectRisks(input: DetectInput, options: DetectOptions = {}): Finding[] {
  const settings = options.settings ?? ruleSettings(input.program.extensions.rules);
  const out: Finding[] = [];
  for (const spec of RULES) {
    if (options.only && !options.only.includes(spec.id)) continue;
    const setting = settings[spec.id];
    if (!setting.enabled) continue;
    out.push(...RULE_FUNCTIONS[spec.id](input, setting));
  }
  return sortFindings(out);
}

export type { DetectInput, Finding };
