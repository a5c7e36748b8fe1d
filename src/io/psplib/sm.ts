/**
 * PSPLIB single-mode `.sm` files (Kolisch & Sprecher 1997): header, PRECEDENCE RELATIONS, REQUESTS/DURATIONS and
 * RESOURCEAVAILABILITIES. Jobs 1 and n are the dummy source and sink (duration 0); they are kept as activities.
 *
 * Parsing is tolerant: every problem becomes a diagnostic with its line, and the parser keeps going.
 */
import type { Diagnostic } from '../../model/diagnostic.js';

/**
 * A parsed `.sm` project; arrays are indexed by job number - 1. Its shape matches the engine's `JobProject`, so
 * `instanceFromJobs` (src/engine/rcpsp/build-instance.ts) turns it into a scheduling Instance.
 */
export type SmProject = {
  jobs: number;
  horizon: number | null;
  capacity: number[];
  duration: number[];
  /** Successor job numbers of each job. */
  successors: number[][];
  /** Renewable resource requests of each job, one per resource. */
  requests: number[][];
};

const MESSAGES = {
  'psplib-missing-section': (what: string) => `missing ${what}`,
  'psplib-bad-line': (what: string) => `cannot read ${what}`,
  'psplib-bad-job': (what: string) => `${what}`,
  'psplib-cycle': (what: string) => `precedence cycle through job ${what}`,
} as const;
type Code = keyof typeof MESSAGES;

/** Parses the text of a `.sm` file. `project` is null when the file is unusable (the diagnostics say why). */
export function parseSm(text: string, file?: string): { project: SmProject | null; diagnostics: Diagnostic[] } {
  const lines = text.split(/\r?\n/);
  const diagnostics: Diagnostic[] = [];
  const report = (code: Code, what: string, line?: number): void => {
    diagnostics.push({ code, severity: 'error', message: MESSAGES[code](what), file, line });
  };
  const find = (prefix: string): number => lines.findIndex((l) => l.trimStart().startsWith(prefix));
  const ints = (l: string): number[] | null => {
    const parts = l.trim().split(/\s+/).filter((s) => s.length > 0);
    const v = parts.map(Number);
    return v.every((x) => Number.isInteger(x)) ? v : null;
  };

  const jobsAt = find('jobs (incl.');
  const jobsMatch = jobsAt >= 0 ? /:\s*(\d+)/.exec(lines[jobsAt]) : null;
  if (!jobsMatch) {
    report('psplib-missing-section', 'the "jobs (incl. supersource/sink )" line', undefined);
    return { project: null, diagnostics };
  }
  const jobs = Number(jobsMatch[1]);
  const horizonAt = find('horizon');
  const horizonMatch = horizonAt >= 0 ? /:\s*(\d+)/.exec(lines[horizonAt]) : null;
  const renewableAt = find('- renewable');
  const resMatch = renewableAt >= 0 ? /:\s*(\d+)/.exec(lines[renewableAt]) : null;
  const resources = resMatch ? Number(resMatch[1]) : 4;

  const duration = new Array<number>(jobs).fill(0);
  const successors: number[][] = Array.from({ length: jobs }, () => []);
  const requests: number[][] = Array.from({ length: jobs }, () => new Array<number>(resources).fill(0));
  const seen = { prec: new Uint8Array(jobs), req: new Uint8Array(jobs) };

  /** Reads rows after a section header until a row of stars or a blank line. */
  const rows = (header: string, skip: number, what: string, onRow: (v: number[], line: number) => void): boolean => {
    const at = find(header);
    if (at < 0) {
      report('psplib-missing-section', `the ${header} section`);
      return false;
    }
    for (let i = at + 1 + skip; i < lines.length; i++) {
      const l = lines[i];
      if (l.trim() === '' || l.trimStart().startsWith('*')) break;
      if (l.trimStart().startsWith('-') || /^[a-z]/i.test(l.trim())) continue;
      const v = ints(l);
      if (!v || v.length === 0) {
        report('psplib-bad-line', `${what} row "${l.trim()}"`, i + 1);
        continue;
      }
      onRow(v, i + 1);
    }
    return true;
  };

  const jobOk = (job: number, line: number): boolean => {
    if (job >= 1 && job <= jobs) return true;
    report('psplib-bad-job', `job ${job} is outside 1..${jobs}`, line);
    return false;
  };

  rows('PRECEDENCE RELATIONS', 1, 'precedence', (v, line) => {
    const [job, , count] = v;
    if (!jobOk(job, line)) return;
    if (count === undefined || v.length !== 3 + count) {
      report('psplib-bad-line', `precedence row of job ${job}: expected ${count ?? '?'} successors, found ${Math.max(0, v.length - 3)}`, line);
    }
    for (const s of v.slice(3)) if (jobOk(s, line)) successors[job - 1].push(s);
    seen.prec[job - 1] = 1;
  });
  rows('REQUESTS/DURATIONS', 2, 'request', (v, line) => {
    const [job, , dur, ...req] = v;
    if (!jobOk(job, line)) return;
    if (dur === undefined || dur < 0 || req.length !== resources || req.some((x) => x < 0)) {
      report('psplib-bad-line', `request row of job ${job}: expected a duration and ${resources} non-negative requests`, line);
      return;
    }
    duration[job - 1] = dur;
    requests[job - 1] = req;
    seen.req[job - 1] = 1;
  });
  let capacity: number[] = [];
  const capAt = find('RESOURCEAVAILABILITIES');
  if (capAt < 0) report('psplib-missing-section', 'the RESOURCEAVAILABILITIES section');
  else {
    const v = ints(lines[capAt + 2] ?? '');
    if (!v || v.length !== resources || v.some((x) => x < 0)) report('psplib-bad-line', `resource availabilities (expected ${resources} numbers)`, capAt + 3);
    else capacity = v;
  }
  for (let j = 0; j < jobs; j++) {
    if (!seen.prec[j]) report('psplib-bad-job', `job ${j + 1} has no precedence row`);
    if (!seen.req[j]) report('psplib-bad-job', `job ${j + 1} has no request row`);
  }
  for (let j = 0; j < jobs && capacity.length === resources; j++) {
    for (let r = 0; r < resources; r++) {
      if (requests[j][r] > capacity[r]) report('psplib-bad-job', `job ${j + 1} requests ${requests[j][r]} of resource ${r + 1}, which has ${capacity[r]}`);
    }
  }
  const cyclic = findCycle(successors);
  if (cyclic > 0) report('psplib-cycle', String(cyclic));
  if (diagnostics.length > 0) return { project: null, diagnostics };
  return { project: { jobs, horizon: horizonMatch ? Number(horizonMatch[1]) : null, capacity, duration, successors, requests }, diagnostics };
}

/** A job on a precedence cycle, or 0. */
function findCycle(successors: number[][]): number {
  const n = successors.length;
  const indeg = new Array<number>(n).fill(0);
  for (const ss of successors) for (const s of ss) indeg[s - 1]++;
  const queue: number[] = [];
  indeg.forEach((d, j) => d === 0 && queue.push(j));
  let done = 0;
  while (queue.length > 0) {
    const j = queue.pop()!;
    done++;
    for (const s of successors[j]) if (--indeg[s - 1] === 0) queue.push(s - 1);
  }
  if (done === n) return 0;
  return indeg.findIndex((d) => d > 0) + 1;
}
