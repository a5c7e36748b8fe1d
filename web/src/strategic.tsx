/**
 * The strategic facts of one program, from its brief: health with its reason, forecast at the program's confidence
 * vs target with the probability on target, the next committed milestone and the top risk. Shared by the portfolio
 * cards and the program page's strategic strip.
 */
import { formatDate, pLabel, percent } from './format.js';
import { linkClick, routeUrl } from './router.js';
import { HealthChip, healthReason } from './health.js';
import type { BriefJson } from './types.js';

/** The next committed milestone not yet reached (earliest committed date), if any. */
export function nextMilestone(brief: BriefJson): BriefJson['milestones'][number] | undefined {
  return brief.milestones
    .filter((m) => !m.reached && m.date !== undefined)
    .sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0))[0];
}

/** "23 Mar 2027 (P85) vs target 19 Mar 2027 · 82% on target". */
export function forecastLine(brief: BriefJson): string {
  const at = `${formatDate(brief.forecast.atConfidence)} (${pLabel(brief.program.confidence)})`;
  if (brief.program.target === undefined) return `${at} · no target set`;
  const p = brief.forecast.probabilityOnTarget;
  return `${at} vs target ${formatDate(brief.program.target)}${p !== undefined ? ` · ${percent(p)} on target` : ''}`;
}

/** The timeline URL with `id` selected: where a strategic fact shows its technical evidence. */
function evidenceUrl(programId: string, id: string): string {
  return routeUrl({ view: 'program', programId, tab: 'timeline', zoom: 'month', selected: id });
}

/** The facts; a milestone or item they name links to the timeline with it selected (one click to the evidence). */
export function StrategicFacts({ brief, programId }: { brief: BriefJson; programId: string }) {
  const m = nextMilestone(brief);
  const subject = brief.headline.reasons[0]?.subject;
  const reasonUrl = subject && (subject.type === 'milestone' || subject.type === 'item') ? evidenceUrl(programId, subject.id) : undefined;
  const risk = brief.risks[0];
  return (
    <dl className="facts">
      <div>
        <dt>Health</dt>
        <dd>
          <HealthChip brief={brief} />
          <span className="reason">
            {healthReason(brief)}{' '}
            {reasonUrl && (
              <a href={reasonUrl} onClick={linkClick(reasonUrl)}>
                See it on the timeline
              </a>
            )}
          </span>
        </dd>
      </div>
      <div>
        <dt>Forecast</dt>
        <dd className="num">{forecastLine(brief)}</dd>
      </div>
      <div>
        <dt>Next milestone</dt>
        <dd>
          {m ? (
            <>
              <a href={evidenceUrl(programId, m.id)} onClick={linkClick(evidenceUrl(programId, m.id))}>
                {m.title}
              </a>{' '}
              <span className="num">· committed {formatDate(m.date!)} · {formatDate(m.atConfidence)} ({pLabel(brief.program.confidence)}){m.probabilityOnDate !== undefined ? ` · ${percent(m.probabilityOnDate)} on date` : ''}</span>
            </>
          ) : (
            'No committed milestone ahead'
          )}
        </dd>
      </div>
      <div>
        <dt>Top risk</dt>
        <dd>{risk ? `${risk.title}${risk.days !== undefined ? ` (+${risk.days} d at ${pLabel(brief.program.confidence)})` : ''}` : 'No open risk'}</dd>
      </div>
    </dl>
  );
}
