/** The People tab: RACI matrix with its warnings and the load heat map person × week. Placeholder until built. */
import type { ProgramRoute } from '../routes.js';

export function PeopleTab(_props: { route: ProgramRoute; token: string }) {
  return <p className="empty">People is being built.</p>;
}
