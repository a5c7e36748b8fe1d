/**
 * Estimate calibration on real tracker data: the walk-forward backtest (estimates as given vs calibrated on the
 * entries finished before each one) on ../shared/benchdata/issues/seanalytics_ase2015 (real Apache and DuraSpace Jira
 * issues; skipped with a note when absent). Two readings of "estimate vs actual" exist in that data:
 *
 * - effort: original estimate vs time logged (`time_original_estimate_s`, `time_spent_s`; 8 hours = 1 working day),
 *   81 resolved issues over 10 projects. Groups: component (per project) or project (pooled), and issue type.
 * - story points vs elapsed time: DURACLOUD's story points (read naively as working days, which is what
 *   "uncalibrated" means here) vs working days (Mon-Fri) from the first change to "In Progress" to the first close
 *   or resolve after it (else the resolved date). Groups: first component and issue type.
 *
 * `npm run bench calibration` prints coverage of P50 and P85 (ideal 50% and 85%) and the median |ln(actual / P50)|.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCalendar } from '../src/engine/calendar.js';
import { backtestCalibration, type CalibrationBacktest } from '../src/engine/calibration/backtest.js';
import { buildCalibration } from '../src/engine/calibration/groups.js';
import { actualWorkingDays, type CalibrationSample } from '../src/engine/calibration/samples.js';
import { parseJiraChangelogCsv, parseJiraIssuesCsv, type JiraIssue, type StatusChange } from '../src/io/csv/jira-issues.js';

const DIR = resolve(process.cwd(), '../shared/benchdata/issues/seanalytics_ase2015');
const SECONDS_PER_DAY = 8 * 3600;

const fixed = (days: number) => ({ low: days, likely: days, high: days, dist: 'fixed' as const });

/** Effort samples: estimate and logged time in working days. `groupBy`: what stands for the workstream. */
function effortSamples(issues: JiraIssue[], groupBy: 'project' | 'component'): CalibrationSample[] {
  const out: CalibrationSample[] = [];
  for (const i of issues) {
    const e = i.originalEstimateSeconds;
    const s = i.timeSpentSeconds;
    if (!(e !== undefined && e > 0 && s !== undefined && s > 0 && i.resolvedDate)) continue;
    const estimateDays = e / SECONDS_PER_DAY;
    const actualDays = s / SECONDS_PER_DAY;
    const workstream = groupBy === 'project' ? i.project : i.components[0];
    out.push({
      id: i.key,
      finished: i.resolvedDate,
      estimateDays,
      estimate: fixed(estimateDays),
      actualDays,
      ratio: actualDays / estimateDays,
      ...(workstream !== undefined ? { workstream } : {}),
      type: i.type,
    });
  }
  return out;
}

/** Story-point samples: points read as days vs working days in progress. */
function pointSamples(issues: JiraIssue[], changes: StatusChange[]): { samples: CalibrationSample[]; noProgress: number } {
  const byKey = new Map<string, StatusChange[]>();
  for (const c of changes) {
    const list = byKey.get(c.key) ?? [];
    list.push(c);
    byKey.set(c.key, list);
  }
  const calendar = createCalendar({}, '2007-01-01');
  const samples: CalibrationSample[] = [];
  let noProgress = 0;
  for (const i of issues) {
    if (!(i.storyPoints !== undefined && i.storyPoints > 0 && i.resolvedDate)) continue;
    const list = (byKey.get(i.key) ?? []).slice().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const start = list.find((c) => c.to === 'In Progress');
    if (!start) {
      noProgress++;
      continue;
    }
    const end = list.find((c) => c.at > start.at && (c.to === 'Closed' || c.to === 'Resolved'));
    const finished = end?.date ?? i.resolvedDate;
    if (finished < start.date) continue;
    const actualDays = actualWorkingDays(calendar, start.date, finished);
    samples.push({
      id: i.key,
      finished,
      estimateDays: i.storyPoints,
      estimate: fixed(i.storyPoints),
      actualDays,
      ratio: actualDays / i.storyPoints,
      ...(i.components[0] !== undefined ? { workstream: i.components[0] } : {}),
      type: i.type,
    });
  }
  return { samples, noProgress };
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—').padStart(6);
const num = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '—').padStart(5);

function line(label: string, samples: CalibrationSample[]): void {
  const t0 = performance.now();
  const b: CalibrationBacktest = backtestCalibration(samples);
  const ms = performance.now() - t0;
  const overall = buildCalibration(samples).overall;
  const u = b.uncalibrated;
  const c = b.calibrated;
  console.log(
    `${label.padEnd(22)} ${String(samples.length).padStart(5)} ${String(b.entries).padStart(6)}  ratio P50 ${num(overall.p50)} P85 ${num(overall.p85)}   ` +
      `uncal ${pct(u.coverageP50)} ${pct(u.coverageP85)} ${num(u.medianAbsLogError)}   cal ${pct(c.coverageP50)} ${pct(c.coverageP85)} ${num(c.medianAbsLogError)}   ${ms.toFixed(0)} ms`,
  );
}

function header(): void {
  console.log(`${'data'.padEnd(22)} ${'usable'.padStart(5)} ${'scored'.padStart(6)}  ${'ratio (actual/estimate)'.padEnd(24)}   uncal    P50    P85 |lnE|   cal      P50    P85 |lnE|`);
}

export async function run(): Promise<void> {
  const issuesFile = resolve(DIR, 'issues.csv');
  const changelogFile = resolve(DIR, 'changelog.csv');
  if (!existsSync(issuesFile) || !existsSync(changelogFile)) {
    console.log(`calibration backtest skipped: ${DIR} not found`);
    return;
  }
  const t0 = performance.now();
  const issues = parseJiraIssuesCsv(readFileSync(issuesFile, 'utf8'), issuesFile);
  const changes = parseJiraChangelogCsv(readFileSync(changelogFile, 'utf8'), changelogFile);
  const problems = [...issues.diagnostics, ...changes.diagnostics];
  console.log(
    `read ${issues.issues.length} issues and ${changes.changes.length} status changes in ${(performance.now() - t0).toFixed(0)} ms` +
      (problems.length > 0 ? ` (${problems.length} problems, first: ${problems[0].message})` : ''),
  );
  console.log('walk-forward: each entry predicted from entries finished strictly before it; first 8 are warm-up; groups < 8 fall back.');
  console.log('coverage columns: share of actuals <= predicted P50 and P85 (ideal 50% and 85%); |lnE| = median |ln(actual / P50)|.\n');

  console.log('effort: original estimate vs time spent (8 h = 1 day)');
  header();
  const byProject = new Map<string, JiraIssue[]>();
  for (const i of issues.issues) byProject.set(i.project, [...(byProject.get(i.project) ?? []), i]);
  const perProject = [...byProject.entries()]
    .map(([p, list]) => [p, effortSamples(list, 'component')] as const)
    .filter(([, s]) => s.length >= 12)
    .sort((a, b) => b[1].length - a[1].length);
  for (const [p, s] of perProject) line(p, s);
  line('all projects (pooled)', effortSamples(issues.issues, 'project'));

  console.log('\nstory points (read as days) vs working days in progress');
  header();
  const pts = pointSamples(issues.issues, changes.changes);
  const byProj = new Map<string, CalibrationSample[]>();
  const projectOf = new Map(issues.issues.map((i) => [i.key, i.project]));
  for (const s of pts.samples) {
    const p = projectOf.get(s.id)!;
    byProj.set(p, [...(byProj.get(p) ?? []), s]);
  }
  for (const [p, s] of byProj) if (s.length >= 12) line(p, s);
  console.log(`(${pts.noProgress} issues with story points never went to In Progress and are not used)`);
}
