/** The Brief tab: the exec and eng brief as sent, copy as Markdown or Slack, stakeholders due. Placeholder until built. */
import type { ProgramRoute } from '../routes.js';

export function BriefTab(_props: { route: ProgramRoute; token: string }) {
  return <p className="empty">The brief is being built.</p>;
}
