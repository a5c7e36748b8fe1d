/**
 * Health, never by colour alone: a colour-blind-safe trio (blue, amber, vermilion) plus a shape and a word; the rule
 * and reason are in the title and the accessible name.
 */
import type { BriefJson, Health } from './types.js';

const LABEL: Record<Health, string> = { 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track' };
const SHAPE: Record<Health, string> = { 'on-track': '●', 'at-risk': '▲', 'off-track': '◆' };

/** The words for a health status: 'at-risk' → "At risk". */
export function healthLabel(h: Health): string {
  return LABEL[h];
}

/** The first reason in words, or the calm default when nothing is wrong. */
export function healthReason(brief: BriefJson): string {
  return brief.headline.reasons[0]?.text ?? 'No rule fired: dates, risks and milestones are within the promise.';
}

/** A chip: shape + word, with the reason (and rule) on hover and in the accessible name. */
export function HealthChip({ brief }: { brief: BriefJson }) {
  const h = brief.headline.status;
  const first = brief.headline.reasons[0];
  const why = healthReason(brief);
  return (
    <span className={`chip health-${h}`} title={first ? `${why} [rule: ${first.rule}]` : why} aria-label={`Health: ${LABEL[h]}. ${why}`} role="img">
      <span aria-hidden="true">{SHAPE[h]}</span> {LABEL[h]}
    </span>
  );
}

/** A dot for the rail: shape in the health colour, the word for screen readers. Unknown health: a hollow grey dot. */
export function HealthDot({ health }: { health?: Health }) {
  if (!health) return <span className="dot health-unknown" role="img" aria-label="Health: loading">○</span>;
  return (
    <span className={`dot health-${health}`} role="img" aria-label={`Health: ${LABEL[health]}`} title={LABEL[health]}>
      {SHAPE[health]}
    </span>
  );
}
