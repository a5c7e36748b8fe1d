/** The Dependencies tab: the layered dependency graph (elkjs). Placeholder until built. */
import type { ProgramRoute } from '../routes.js';

export function DependenciesTab(_props: { route: ProgramRoute; token: string }) {
  return <p className="empty">The dependency graph is being built.</p>;
}
