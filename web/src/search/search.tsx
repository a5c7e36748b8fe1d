/** The `/` search box of the rail. Placeholder until built. */
import type { ProgramSummary } from '../types.js';

export function SearchBox(_props: { token: string; programs: ProgramSummary[] }) {
  return null;
}
