/** My time: strategic vs tactical hours per week against the target, and focus blocks. Placeholder until built. */
import type { Route } from '../routes.js';
import type { ProgramSummary } from '../types.js';

export function TimePage(_props: { route: Extract<Route, { view: 'time' }>; token: string; programs: ProgramSummary[] }) {
  return (
    <section aria-labelledby="time-title">
      <h1 id="time-title">My time</h1>
      <p className="empty">My time is being built.</p>
    </section>
  );
}
