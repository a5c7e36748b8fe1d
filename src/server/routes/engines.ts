/**
 * The engines over a stored program: the same engine calls and JSON renderers as the CLI's `--format json`, with the
 * program read from the store (its text and the files it names) instead of the disk, and snapshots from the store.
 * Parameters come as a flat object (query string or JSON body); bad values are 400 `bad-request`.
 */
import { hasErrors } from '../../model/diagnostic.js';
import type { Program } from '../../model/program.js';
import type { Snapshot } from '../../model/snapshot.js';
import { RULE_IDS, isRuleId, type RuleId } from '../../model/risk-rules.js';
import { buildBrief, type BriefChange } from '../../engine/brief/brief.js';
import { commsPlan, isoWeekOf, parseIsoWeek } from '../../engine/brief/comms.js';
import { objectiveStatuses } from '../../engine/brief/objectives.js';
import { dayNumber, isoDate } from '../../engine/dates.js';
import { forecastAccuracy } from '../../engine/flow/forecast-accuracy.js';
import { isoWeekOfDay } from '../../engine/flow/iso-week.js';
import { flowMetrics } from '../../engine/flow/metrics.js';
import { forecastProgram } from '../../engine/forecast/forecast.js';
import { detectRisks } from '../../engine/risk/detect.js';
import { riskRegister } from '../../engine/risk/register.js';
import { scheduleProgram } from '../../engine/schedule.js';
import { diffSnapshots } from '../../engine/snapshot/diff.js';
import { alignmentReport } from '../../engine/strategy/alignment.js';
import { loadReport } from '../../engine/strategy/load.js';
import { prioritize } from '../../engine/strategy/priorities.js';
import { raciReport, type RaciOptions } from '../../engine/strategy/raci.js';
import { planScope } from '../../engine/strategy/scope.js';
import { whatIfOnce, type WhatIfChange } from '../../engine/strategy/whatif.js';
import { analyzeTime } from '../../engine/time/analyze.js';
import { mondayOfIsoWeek } from '../../engine/time/weeks.js';
import { expandIcs, parseIcs, type IcsCalendar } from '../../io/ics/parse.js';
import { UTC_ZONE } from '../../io/ics/zone.js';
import { findSnapshot, previousSnapshot } from '../../io/snapshot/store.js';
import { checkProgramText } from '../../service/programs.js';
import { getProgram, listProgramFiles, listSnapshots, type Conn, type StoredFile } from '../../store/repository.js';
import { NotFoundError } from '../../store/errors.js';
import { BRIEF_FORMATS, briefForecast, renderBrief } from '../../cli/commands/brief.js';
import { takeSnapshot } from '../../cli/commands/snapshot.js';
import { DEFAULT_TARGET_STRATEGIC, parseHours } from '../../cli/commands/time.js';
import { parseChanges } from '../../cli/commands/whatif.js';
import { UsageError } from '../../cli/context.js';
import { renderForecastJson } from '../../cli/render/forecast-json.js';
import { renderLoadJson } from '../../cli/render/load-json.js';
import { renderMetricsJson } from '../../cli/render/metrics-json.js';
import { renderPrioritiesJson } from '../../cli/render/priorities-render.js';
import { renderRaciJson } from '../../cli/render/raci-render.js';
import { renderRisksJson } from '../../cli/render/risks-json.js';
import { renderScheduleJson } from '../../cli/render/schedule-json.js';
import { renderScopeJson } from '../../cli/render/scope-json.js';
import { renderTimeJson } from '../../cli/render/time-json.js';
import { renderWhatIfJson } from '../../cli/render/whatif-json.js';
import { renderCommsJson } from '../../cli/render/comms-render.js';
import { DiagnosticsError, HttpError } from '../errors.js';

export const ENGINES = ['schedule', 'forecast', 'priorities', 'raci', 'load', 'whatif', 'scope', 'risks', 'metrics', 'brief', 'comms', 'time'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Trials one request may run in-process; more is a job (POST /api/programs/{id}/jobs/forecast). */
export const MAX_REQUEST_TRIALS = 20_000;

/** Engine parameters as the query string or a JSON body gives them (strings, numbers, booleans or lists). */
export type EngineParams = Record<string, unknown>;

/** A stored program, parsed and validated as `vantage check` would, with what the engines read beside it. */
export type StoredProgram = { program: Program; source: string; files: StoredFile[]; snapshots: Snapshot[]; /** The stored version (bumped by every write). */ version: number };

/** Loads program `id` from the store (NotFoundError when absent; DiagnosticsError when the stored text no longer validates). */
export async function loadStoredProgram(conn: Conn, id: string): Promise<StoredProgram> {
  const record = await getProgram(conn, id);
  if (!record) throw new NotFoundError('program', id);
  const files = await listProgramFiles(conn, id);
  const checked = checkProgramText(record.source, record.fileName, files);
  if (!checked.program || hasErrors(checked.diagnostics)) throw new DiagnosticsError(checked.diagnostics);
  const snapshots = (await listSnapshots(conn, id)).map((s) => s.snapshot);
  return { program: checked.program, source: record.source, files, snapshots, version: record.version };
}

const bad = (message: string): HttpError => new HttpError(400, 'bad-request', message);

function str(p: EngineParams, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw bad(`${key} must be a single value`);
}

function list(p: EngineParams, key: string): string[] {
  const v = p[key];
  if (v === undefined || v === null) return [];
  const all = Array.isArray(v) ? v : [v];
  return all.flatMap((x) => (typeof x === 'string' || typeof x === 'number' ? String(x).split(',') : [])).filter((x) => x !== '');
}

function whole(p: EngineParams, key: string, fallback: number, min: number, max: number): number {
  const text = str(p, key);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw bad(`${key} must be a whole number from ${min} to ${max}, not '${text}'`);
  return n;
}

function trialsOf(p: EngineParams, fallback: number): number {
  const text = str(p, 'trials');
  if (text !== undefined && Number(text) > MAX_REQUEST_TRIALS) {
    throw new HttpError(400, 'too-many-trials', `trials must be at most ${MAX_REQUEST_TRIALS} in a request, not ${text}: run it as a job (POST /api/programs/{id}/jobs/forecast)`);
  }
  return whole(p, 'trials', fallback, 1, MAX_REQUEST_TRIALS);
}

function levelOf(p: EngineParams): boolean | 'auto' {
  const v = str(p, 'level');
  if (v === undefined || v === 'auto') return 'auto';
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw bad(`level must be true, false or auto, not '${v}'`);
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dateOf(p: EngineParams, key: string): string | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  if (!ISO.test(v) || Number.isNaN(Date.parse(v)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) throw bad(`${key} must be a date like 2027-06-30, not '${v}'`);
  return v;
}

function confidenceOf(p: EngineParams): number | undefined {
  const v = str(p, 'confidence');
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(x > 0 && x < 1)) throw bad(`confidence must be a number between 0 and 1, not '${v}'`);
  return x;
}

/**
 * Runs engine `name` on a stored program on status date `today` and returns the JSON text the CLI's
 * `vantage NAME FILE --format json` prints. Example: `runEngine('schedule', stored, { seed: '1' }, '2026-11-25')`.
 */
export function runEngine(name: EngineName, s: StoredProgram, params: EngineParams, today: string): string {
  try {
    return ENGINE_RUNNERS[name](s, params, today);
  } catch (e) {
    // The CLI helpers reused here (change parsing, hours) speak in usage errors: over HTTP they are a bad request.
    if (e instanceof UsageError) throw bad(e.message.replace(/--/g, ''));
    throw e;
  }
}

const ENGINE_RUNNERS: Record<EngineName, (s: StoredProgram, p: EngineParams, today: string) => string> = {
  schedule: ({ program }, p, today) =>
    renderScheduleJson(scheduleProgram(program, { today, level: levelOf(p), seed: whole(p, 'seed', 1, 0, 2 ** 31 - 1), ...(str(p, 'schedules') !== undefined ? { schedules: whole(p, 'schedules', 0, 0, 1_000_000) } : {}) })),
  forecast: ({ program }, p, today) => {
    const percentiles = list(p, 'percentiles').map((x) => {
      const n = Number(x);
      if (!(n > 0 && n < 100)) throw bad(`percentiles must be numbers between 0 and 100, not '${x}'`);
      return n / 100;
    });
    return renderForecastJson(forecastProgram(program, { today, trials: trialsOf(p, 10_000), seed: whole(p, 'seed', 1, -(2 ** 31), 2 ** 31 - 1), percentiles, level: levelOf(p) }));
  },
  priorities: ({ program }, p, today) => {
    const method = str(p, 'method');
    if (method !== undefined && method !== 'wsjf' && method !== 'rice' && method !== 'value') throw bad(`method must be wsjf, rice or value, not '${method}'`);
    return renderPrioritiesJson({ program: program.program, today, priorities: prioritize(program, method === undefined ? { today } : { today, method }), alignment: alignmentReport(program) });
  },
  raci: ({ program }, p) => {
    const options: RaciOptions = {};
    if (str(p, 'maxAccountable') !== undefined) options.maxAccountableWorkstreams = whole(p, 'maxAccountable', 0, 0, 1000);
    const share = str(p, 'maxAccountableShare');
    if (share !== undefined) {
      const x = Number(share);
      if (!(x >= 0 && x <= 1)) throw bad(`maxAccountableShare must be a number in 0..1, not '${share}'`);
      options.maxAccountableShare = x;
    }
    return renderRaciJson({ program: program.program, report: raciReport(program, options) });
  },
  load: ({ program }, p, today) => {
    const by = str(p, 'by') ?? 'week';
    if (by !== 'week' && by !== 'month') throw bad(`by must be week or month, not '${by}'`);
    return renderLoadJson(loadReport(program, { today, by, level: levelOf(p) }));
  },
  whatif: ({ program }, p, today) => {
    const changes: WhatIfChange[] = parseChanges({ slip: list(p, 'slip'), remove: list(p, 'remove'), cut: list(p, 'cut'), capacity: list(p, 'capacity') });
    if (changes.length === 0) throw bad('whatif needs at least one change: slip=ID=DAYS, remove=ID, cut=ID or capacity=RES=+N');
    const seed = whole(p, 'seed', 1, 0, 2 ** 31 - 1);
    const forecast = str(p, 'forecast');
    const forecastTrials = forecast === undefined || forecast === 'false' ? 0 : forecast === 'true' ? 2000 : trialsOf({ trials: forecast }, 2000);
    const result = whatIfOnce({ kind: 'program', program }, changes, { today, level: levelOf(p), seed, forecastTrials, forecastSeed: seed });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw bad(errors.map((d) => d.message).join('; '));
    return renderWhatIfJson(result);
  },
  scope: ({ program }, p, today) => {
    const by = dateOf(p, 'by');
    if (by === undefined && program.program.target === undefined) throw bad(`program ${program.program.id} has no target: give one with by=DATE`);
    const confidence = confidenceOf(p);
    return renderScopeJson(
      planScope(program, {
        today,
        trials: trialsOf(p, 600),
        seed: whole(p, 'seed', 1, 0, 2 ** 31 - 1),
        level: levelOf(p),
        ...(by !== undefined ? { by } : {}),
        ...(confidence !== undefined ? { confidence } : {}),
      }),
    );
  },
  risks: ({ program, snapshots }, p, today) => {
    const trials = trialsOf(p, 2000);
    const seed = whole(p, 'seed', 1, 0, 2 ** 31 - 1);
    const rules = list(p, 'rule');
    const only: RuleId[] | undefined =
      rules.length === 0
        ? undefined
        : rules.map((id) => {
            if (isRuleId(id)) return id;
            throw bad(`rule ${id} is not a rule; rules: ${RULE_IDS.join(', ')}`);
          });
    const confidence = program.program.confidence;
    const schedule = scheduleProgram(program, { today });
    const forecast = forecastProgram(program, { today, trials, seed, percentiles: [confidence] });
    const findings = detectRisks({ program, schedule, forecast, snapshots, today }, { only });
    return renderRisksJson({
      program: { id: program.program.id, name: program.program.name },
      today,
      register: riskRegister(program, forecast, today),
      findings,
      forecast: { trials, seed, confidence, atConfidence: forecast.program.atConfidence },
    });
  },
  metrics: ({ program, snapshots }, p, today) => {
    const weeks = str(p, 'weeks') === undefined ? undefined : whole(p, 'weeks', 0, 1, 10_000);
    const from = dateOf(p, 'from');
    const to = dateOf(p, 'to');
    if (weeks !== undefined && from !== undefined) throw bad('choose one of weeks and from');
    if (to !== undefined && to > today) throw bad(`to must not be after the status date ${today}, not ${to}`);
    const metrics = flowMetrics(program, { today, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(weeks !== undefined ? { weeks } : {}) });
    const done = metrics.undated.filter((u) => u.reason === 'done-without-finished').map((u) => u.id);
    const doing = metrics.undated.filter((u) => u.reason === 'doing-without-started').map((u) => u.id);
    const notes: string[] = [];
    if (done.length > 0) notes.push(`${done.length} done item(s) without a finished date left out: ${done.join(', ')} (add finished: DATE)`);
    if (doing.length > 0) notes.push(`${doing.length} item(s) in progress without a started date count in WIP but have no age: ${doing.join(', ')} (add started: DATE)`);
    return renderMetricsJson({ program: { id: program.program.id, name: program.program.name }, metrics, accuracy: forecastAccuracy(program, snapshots, today), notes });
  },
  // format=json (default): the CLI's JSON. Any other format: `{ format, audience, content }` with content the text the
  // CLI prints for `--format FORMAT` (for slack, the Block Kit payload as JSON text, to post as it is).
  brief: ({ program, source, snapshots }, p, today) => {
    const audience = str(p, 'audience') ?? 'exec';
    if (audience !== 'exec' && audience !== 'eng') throw bad(`audience must be exec or eng, not '${audience}'`);
    const formatText = str(p, 'format') ?? 'json';
    const format = BRIEF_FORMATS.find((f) => f === formatText);
    if (format === undefined) throw bad(`format must be ${BRIEF_FORMATS.join(', ')}, not '${formatText}'`);
    const trials = trialsOf(p, 2000);
    const seed = whole(p, 'seed', 1, 0, 2 ** 32 - 1);
    const since = str(p, 'since');
    const base = since !== undefined ? findSnapshot(snapshots, since) : previousSnapshot(snapshots, today);
    if (since !== undefined && !base) throw bad(`no snapshot of this program matches since=${since} (${snapshots.length} stored)`);
    let changes: BriefChange[] | null = null;
    if (base) {
      const again = base.forecast ? { trials: base.forecast.trials, seed: base.forecast.seed } : undefined;
      changes = diffSnapshots(base, takeSnapshot(program, source, today, { id: 'now', takenAt: base.takenAt, forecast: again }));
    }
    const brief = buildBrief({
      program,
      schedule: scheduleProgram(program, { today }),
      forecast: briefForecast(program, { today, trials, seed }),
      load: loadReport(program, { today, by: 'week' }),
      today,
      changes,
      ...(base ? { since: { id: base.id, statusDate: base.statusDate, ...(base.label !== undefined ? { label: base.label } : {}) } } : {}),
    });
    const content = renderBrief(brief, audience, format);
    return format === 'json' ? content : `${JSON.stringify({ format, audience, content }, null, 2)}\n`;
  },
  comms: ({ program }, p, today) => {
    const weekText = str(p, 'week');
    const week = weekText === undefined ? isoWeekOf(today) : parseIsoWeek(weekText);
    if (!week) throw bad(`week must be an ISO week like 2026-W48, not '${weekText ?? ''}'`);
    const forecast = briefForecast(program, { today, trials: trialsOf(p, 2000), seed: whole(p, 'seed', 1, 0, 2 ** 32 - 1) });
    return renderCommsJson(commsPlan(program, objectiveStatuses(program, forecast, today), week), program.program.id);
  },
  time: ({ program, files }, p, today) => runTime(program, files, p, today),
};

const DAY = 86_400_000;

/** Longest window of `time`, as the CLI allows: a year of days, or 53 ISO weeks. */
const MAX_TIME_DAYS = 367;
const MAX_TIME_WEEKS = 53;

/**
 * `vantage time --format json` on the stored program, calendars from the store. The window is one of: the ISO week of
 * the status date (no parameters); `week=2027-W03`; `weeks=N`, the N ISO weeks ending with `week` (or the status
 * date's week); `from=DATE&to=DATE`, both days included (as `vantage time --from --to`).
 * Example: `runTime(program, files, { weeks: '4' }, '2026-11-25')` covers 2026-W45 to 2026-W48.
 */
function runTime(program: Program, files: readonly StoredFile[], p: EngineParams, today: string): string {
  const spec = program.time;
  if (!spec) throw new HttpError(422, 'time-missing', 'the program has no time: section; add time: {email, target_strategic, calendars, rules}');
  if (spec.calendars.length === 0) throw new HttpError(422, 'time-no-calendars', 'time: lists no calendars');
  const hours = parseHours(str(p, 'hours') ?? '9-17');
  const { first, last } = timeWindow(p, today);
  const calendars: IcsCalendar[] = [];
  const diagnostics = [];
  for (const path of spec.calendars) {
    const f = files.find((x) => x.path === path);
    if (!f) throw new HttpError(422, 'ics-cannot-read', `calendar ${path} is not stored with the program: import the program with its calendars`);
    const r = parseIcs(f.content, path);
    diagnostics.push(...r.diagnostics);
    if (r.calendar) calendars.push(r.calendar);
  }
  if (hasErrors(diagnostics)) throw new DiagnosticsError(diagnostics);
  const zone = calendars.find((c) => c.defaultZone)?.defaultZone ?? UTC_ZONE;
  const from = zone.toUtc(first * DAY);
  const to = zone.toUtc((last + 1) * DAY);
  const occurrences = calendars.flatMap((c) => expandIcs(c, { from, to, zone, email: spec.email }));
  const target = spec.targetStrategic ?? DEFAULT_TARGET_STRATEGIC;
  const analysis = analyzeTime(occurrences, { from, to, zone, rules: spec.rules, target, dayStartMinute: hours.start, dayEndMinute: hours.end, notBefore: zone.toUtc(dayNumber(today) * DAY) });
  const clock = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return renderTimeJson({
    program: { id: program.program.id, name: program.program.name },
    email: spec.email,
    zone: zone.name,
    firstDay: isoDate(first),
    lastDay: isoDate(last),
    hours: `${clock(hours.start)}–${clock(hours.end)}`,
    target,
    defaultTarget: spec.targetStrategic === undefined,
    calendars: spec.calendars,
    analysis,
    toLocal: (u) => zone.toLocal(u),
  });
}

/** The days `runTime` covers (day numbers, last included) from `week`, `weeks` and `from`/`to`; 400 on a bad mix. */
function timeWindow(p: EngineParams, today: string): { first: number; last: number } {
  const weekText = str(p, 'week')?.trim();
  const weeksText = str(p, 'weeks');
  const fromDate = dateOf(p, 'from');
  const toDate = dateOf(p, 'to');
  if (fromDate !== undefined || toDate !== undefined) {
    if (weekText !== undefined || weeksText !== undefined) throw bad('choose week/weeks or from/to, not both');
    if (fromDate === undefined || toDate === undefined) throw bad('from and to go together: give both dates');
    const first = dayNumber(fromDate);
    const last = dayNumber(toDate);
    if (last < first) throw bad(`to (${toDate}) is before from (${fromDate})`);
    if (last - first + 1 > MAX_TIME_DAYS) throw bad(`the window from ${fromDate} to ${toDate} is longer than a year: choose a shorter one`);
    return { first, last };
  }
  const monday = mondayOfIsoWeek(weekText ?? isoWeekOfDay(dayNumber(today)));
  if (monday === undefined) throw bad(`week must be an ISO week such as 2027-W03, not '${weekText ?? today}'`);
  const weeks = whole(p, 'weeks', 1, 1, MAX_TIME_WEEKS);
  return { first: monday - 7 * (weeks - 1), last: monday + 6 };
}
