/** The Plan tab: items, risks, decisions and stakeholders edited through forms. Placeholder until built. */
import type { ProgramRoute } from '../routes.js';

export function PlanTab(_props: { route: ProgramRoute; token: string }) {
  return <p className="empty">Editing is being built.</p>;
}
