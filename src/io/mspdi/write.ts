/**
 * A resolved program → MSPDI (Microsoft Project XML) that MS Project opens with the same plan and dates, and that
 * read.ts imports back to the same schedule.
 *
 * - one summary task per workstream (in file order) with its items under it; items without a workstream and then the
 *   milestones at the top level; the project summary task (UID 0) carries `program.target` as its Deadline;
 * - items: Duration = estimate.likely (MinutesPerDay 480), three points in Duration1..3, the Vantage id in Text1 and
 *   the file position in Number1 (levelling ties follow file order); owner → Contact; needs → assignments (Units);
 *   done/doing → ActualStart/ActualFinish/PercentComplete/RemainingDuration; cut → Active 0;
 * - milestones: 0-duration tasks with Milestone 1, `date` → Deadline;
 * - dependencies: finish-to-start PredecessorLinks with lags (tenths of minutes, LagFormat 7 = working days);
 *   `<program>/<item>` references become cross-project links named `<program>\<item>`;
 * - people and teams → work resources (Initials = id, MaxUnits = capacity; teams are generic resources); a person's
 *   `off` → exceptions of their own calendar based on the project calendar;
 * - the program calendar: working weekdays 08:00-12:00, 13:00-17:00 and one exception per holiday;
 * - with a schedule, each task gets its scheduled Start/Finish, and open work a "start no earlier than" constraint on
 *   its scheduled start, so MS Project shows the levelled dates instead of re-planning them.
 *
 * What MS Project has no field for goes into Text2 ("Vantage extras"): a non-pert distribution and `blocked`.
 * Not written: objectives, risks, tags and the other TPM sections.
 */
import type { IsoDate, Item, Program } from '../../model/program.js';
import { escapeXml, FIELD, formatDuration } from './xml.js';

/** The scheduled dates Vantage computed (the fields of the engine's ScheduleResult that the export uses). */
export type MspdiScheduleDates = {
  program: { finish: IsoDate };
  items: readonly { id: string; start: IsoDate; finish: IsoDate; program?: string }[];
  milestones: readonly { id: string; date: IsoDate; program?: string }[];
};

export type MspdiWriteOptions = {
  /** The status date (CurrentDate and StatusDate). */
  today: IsoDate;
  schedule?: MspdiScheduleDates;
};

const MINUTES_PER_DAY = 480;
const DAY_TYPES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Writes MSPDI XML for a program. Deterministic: the same program, options and schedule give the same text.
 * @example writeMspdi(program, { today: '2026-11-25', schedule: scheduleProgram(program, { today }) })
 */
export function writeMspdi(program: Program, options: MspdiWriteOptions): string {
  const out: string[] = [];
  const el = (indent: number, name: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    out.push(`${'  '.repeat(indent)}<${name}>${typeof value === 'number' ? String(value) : escapeXml(value)}</${name}>`);
  };
  const open = (indent: number, name: string) => out.push(`${'  '.repeat(indent)}<${name}>`);
  const close = (indent: number, name: string) => out.push(`${'  '.repeat(indent)}</${name}>`);

  const info = program.program;
  const itemDates = new Map(options.schedule?.items.filter((i) => i.program === undefined || i.program === info.id).map((i) => [i.id, i]));
  const milestoneDates = new Map(options.schedule?.milestones.filter((m) => m.program === undefined || m.program === info.id).map((m) => [m.id, m.date]));
  const finish = options.schedule?.program.finish ?? info.target ?? info.start;

  // Task UIDs: keep an imported MS Project UID (links.mspdi) when it is free, else the next unused number.
  const used = new Set<number>([0]);
  const uid = new Map<string, number>();
  for (const item of program.items) {
    const n = Number(item.links.mspdi);
    if (Number.isInteger(n) && n > 0 && !used.has(n)) {
      used.add(n);
      uid.set(`i:${item.id}`, n);
    }
  }
  let next = 1;
  const fresh = (): number => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
  for (const item of program.items) if (!uid.has(`i:${item.id}`)) uid.set(`i:${item.id}`, fresh());
  for (const m of program.milestones) uid.set(`i:${m.id}`, fresh());
  for (const w of program.workstreams) uid.set(`w:${w.id}`, fresh());

  out.push('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<Project xmlns="http://schemas.microsoft.com/project">');
  el(1, 'SaveVersion', 14);
  el(1, 'Name', `${info.id}.xml`);
  el(1, 'Title', info.name);
  el(1, 'Manager', info.tpm);
  el(1, 'ScheduleFromStart', 1);
  el(1, 'StartDate', `${info.start}T08:00:00`);
  el(1, 'FinishDate', `${finish}T17:00:00`);
  el(1, 'CalendarUID', 1);
  el(1, 'DefaultStartTime', '08:00:00');
  el(1, 'DefaultFinishTime', '17:00:00');
  el(1, 'MinutesPerDay', MINUTES_PER_DAY);
  el(1, 'MinutesPerWeek', MINUTES_PER_DAY * info.calendar.workdays.length);
  el(1, 'DaysPerMonth', 20);
  el(1, 'DurationFormat', 7);
  el(1, 'CurrentDate', `${options.today}T08:00:00`);
  el(1, 'StatusDate', `${options.today}T17:00:00`);

  open(1, 'ExtendedAttributes');
  for (const [id, name, alias] of [
    [FIELD.text1, 'Text1', 'Vantage id'],
    [FIELD.text2, 'Text2', 'Vantage extras'],
    [FIELD.number1, 'Number1', 'Vantage order'],
    [FIELD.duration1, 'Duration1', 'Optimistic'],
    [FIELD.duration2, 'Duration2', 'Most likely'],
    [FIELD.duration3, 'Duration3', 'Pessimistic'],
  ] as const) {
    open(2, 'ExtendedAttribute');
    el(3, 'FieldID', id);
    el(3, 'FieldName', name);
    el(3, 'Alias', alias);
    close(2, 'ExtendedAttribute');
  }
  close(1, 'ExtendedAttributes');

  // --- Calendars ---
  open(1, 'Calendars');
  const calendar = (calUid: number, name: string, base: boolean, ranges: { from: IsoDate; to: IsoDate; name: string }[]) => {
    open(2, 'Calendar');
    el(3, 'UID', calUid);
    el(3, 'Name', name);
    el(3, 'IsBaseCalendar', base ? 1 : 0);
    el(3, 'BaseCalendarUID', base ? -1 : 1);
    if (base) {
      open(3, 'WeekDays');
      DAY_TYPES.forEach((day, i) => {
        const working = info.calendar.workdays.includes(day);
        open(4, 'WeekDay');
        el(5, 'DayType', i + 1);
        el(5, 'DayWorking', working ? 1 : 0);
        if (working) {
          open(5, 'WorkingTimes');
          for (const [from, to] of [['08:00:00', '12:00:00'], ['13:00:00', '17:00:00']]) {
            open(6, 'WorkingTime');
            el(7, 'FromTime', from);
            el(7, 'ToTime', to);
            close(6, 'WorkingTime');
          }
          close(5, 'WorkingTimes');
        }
        close(4, 'WeekDay');
      });
      close(3, 'WeekDays');
    }
    if (ranges.length > 0) {
      open(3, 'Exceptions');
      for (const r of ranges) {
        open(4, 'Exception');
        el(5, 'EnteredByOccurrences', 0);
        open(5, 'TimePeriod');
        el(6, 'FromDate', `${r.from}T00:00:00`);
        el(6, 'ToDate', `${r.to}T23:59:00`);
        close(5, 'TimePeriod');
        el(5, 'Occurrences', daysBetween(r.from, r.to) + 1);
        el(5, 'Name', r.name);
        el(5, 'Type', 1);
        el(5, 'DayWorking', 0);
        close(4, 'Exception');
      }
      close(3, 'Exceptions');
    }
    close(2, 'Calendar');
  };
  calendar(1, 'Standard', true, info.calendar.holidays.map((d) => ({ from: d, to: d, name: 'Holiday' })));
  const personCal = new Map<string, number>();
  program.people.forEach((p) => {
    if (p.off.length === 0) return;
    const calUid = personCal.size + 2;
    personCal.set(p.id, calUid);
    calendar(calUid, p.name, false, p.off.map((r) => ({ from: r.from, to: r.to, name: 'Off' })));
  });
  close(1, 'Calendars');

  // --- Tasks ---
  open(1, 'Tasks');
  task({ uid: 0, id: 0, name: info.name, level: 0, outline: '0', summary: true, start: info.start, finish, deadline: info.target });
  let rowId = 1;
  const order = new Map(program.items.map((item, i) => [item.id, i + 1]));
  const streams = program.workstreams.map((w) => ({ w, items: program.items.filter((i) => i.workstream === w.id) }));
  const loose = program.items.filter((i) => i.workstream === undefined || !program.workstreams.some((w) => w.id === i.workstream));
  let top = 0;
  for (const { w, items } of streams) {
    top++;
    const dates = items.map((i) => itemDates.get(i.id)).filter((d) => d !== undefined);
    task({
      uid: uid.get(`w:${w.id}`)!,
      id: rowId++,
      name: w.title,
      vantageId: w.id,
      level: 1,
      outline: String(top),
      summary: true,
      contact: w.lead,
      start: dates.length > 0 ? dates.map((d) => d.start).sort()[0] : info.start,
      finish: dates.length > 0 ? dates.map((d) => d.finish).sort().at(-1)! : info.start,
    });
    items.forEach((item, j) => itemTask(item, 2, `${top}.${j + 1}`));
  }
  for (const item of loose) itemTask(item, 1, String(++top));
  for (const m of program.milestones) {
    const date = milestoneDates.get(m.id) ?? m.date ?? info.start;
    task({
      uid: uid.get(`i:${m.id}`)!,
      id: rowId++,
      name: m.title,
      vantageId: m.id,
      level: 1,
      outline: String(++top),
      milestone: true,
      start: date,
      finish: date,
      startTime: '17:00:00',
      durationMinutes: 0,
      deadline: m.date,
      after: m.after,
    });
  }
  close(1, 'Tasks');

  function itemTask(item: Item, level: number, outline: string): void {
    const dates = itemDates.get(item.id);
    const est = item.estimate;
    const likely = est?.likely ?? 0;
    const open = item.status === 'todo' || item.status === 'blocked';
    const t: TaskSpec = {
      uid: uid.get(`i:${item.id}`)!,
      id: rowId++,
      name: item.title,
      vantageId: item.id,
      order: order.get(item.id),
      level,
      outline,
      contact: item.owner,
      start: dates?.start ?? item.started ?? info.start,
      finish: dates?.finish ?? item.finished ?? dates?.start ?? info.start,
      durationMinutes: likely * MINUTES_PER_DAY,
      three: est && est.dist !== 'fixed' ? [est.low, est.likely, est.high] : undefined,
      extras: [est && est.dist !== 'fixed' && est.dist !== 'pert' ? `dist=${est.dist}` : '', item.status === 'blocked' ? 'status=blocked' : ''].filter((x) => x !== '').join(' '),
      after: item.after,
      active: item.status !== 'cut',
      snet: open && dates ? dates.start : undefined,
    };
    if (item.status === 'done') {
      t.percent = 100;
      t.actualStart = item.started ?? dates?.start;
      t.actualFinish = item.finished ?? dates?.finish;
      t.remainingMinutes = 0;
    } else if (item.status === 'doing') {
      const remaining = item.remaining?.likely ?? likely;
      t.actualStart = item.started ?? options.today;
      t.remainingMinutes = remaining * MINUTES_PER_DAY;
      t.percent = likely > 0 ? Math.max(0, Math.min(99, Math.round((1 - remaining / likely) * 100))) : 0;
    }
    task(t);
  }

  type TaskSpec = {
    uid: number;
    id: number;
    name: string;
    vantageId?: string;
    order?: number;
    level: number;
    outline: string;
    summary?: boolean;
    milestone?: boolean;
    active?: boolean;
    contact?: string;
    start: IsoDate;
    finish: IsoDate;
    startTime?: string;
    durationMinutes?: number;
    three?: number[];
    extras?: string;
    percent?: number;
    actualStart?: IsoDate;
    actualFinish?: IsoDate;
    remainingMinutes?: number;
    snet?: IsoDate;
    deadline?: IsoDate;
    after?: Item['after'];
  };

  function task(t: TaskSpec): void {
    open(2, 'Task');
    el(3, 'UID', t.uid);
    el(3, 'ID', t.id);
    el(3, 'Name', t.name);
    el(3, 'Active', t.active === false ? 0 : 1);
    el(3, 'Manual', 0);
    el(3, 'Type', 0);
    el(3, 'IsNull', 0);
    el(3, 'Contact', t.contact);
    el(3, 'WBS', t.outline);
    el(3, 'OutlineNumber', t.outline);
    el(3, 'OutlineLevel', t.level);
    el(3, 'Priority', 500);
    el(3, 'Start', `${t.start}T${t.startTime ?? '08:00:00'}`);
    el(3, 'Finish', `${t.finish}T17:00:00`);
    if (!t.summary) {
      el(3, 'Duration', formatDuration(t.durationMinutes ?? 0));
      el(3, 'DurationFormat', 7);
    }
    el(3, 'Estimated', 0);
    el(3, 'Milestone', t.milestone ? 1 : 0);
    el(3, 'Summary', t.summary ? 1 : 0);
    el(3, 'PercentComplete', t.percent ?? 0);
    if (t.actualStart) el(3, 'ActualStart', `${t.actualStart}T08:00:00`);
    if (t.actualFinish) el(3, 'ActualFinish', `${t.actualFinish}T17:00:00`);
    if (t.remainingMinutes !== undefined) el(3, 'RemainingDuration', formatDuration(t.remainingMinutes));
    el(3, 'ConstraintType', t.snet ? 4 : 0);
    if (t.snet) el(3, 'ConstraintDate', `${t.snet}T08:00:00`);
    if (t.deadline) el(3, 'Deadline', `${t.deadline}T17:00:00`);
    for (const d of t.after ?? []) {
      open(3, 'PredecessorLink');
      if (d.program !== undefined) {
        el(4, 'PredecessorUID', 0);
        el(4, 'Type', 1);
        el(4, 'CrossProject', 1);
        el(4, 'CrossProjectName', `${d.program}\\${d.id}`);
      } else {
        el(4, 'PredecessorUID', uid.get(`i:${d.id}`) ?? 0);
        el(4, 'Type', 1);
        el(4, 'CrossProject', 0);
      }
      el(4, 'LinkLag', Math.round(d.lag * MINUTES_PER_DAY * 10));
      el(4, 'LagFormat', 7);
      close(3, 'PredecessorLink');
    }
    const ext = (field: string, value: string | number) => {
      open(3, 'ExtendedAttribute');
      el(4, 'FieldID', field);
      el(4, 'Value', value);
      close(3, 'ExtendedAttribute');
    };
    if (t.vantageId !== undefined) ext(FIELD.text1, t.vantageId);
    if (t.extras) ext(FIELD.text2, t.extras);
    if (t.order !== undefined) ext(FIELD.number1, t.order);
    if (t.three) [FIELD.duration1, FIELD.duration2, FIELD.duration3].forEach((f, i) => ext(f, formatDuration(t.three![i] * MINUTES_PER_DAY)));
    close(2, 'Task');
  }

  // --- Resources and assignments ---
  open(1, 'Resources');
  const resUid = new Map<string, number>();
  let r = 0;
  const resource = (id: string, name: string, capacity: number, extra: { group?: string; email?: string; calendar?: number; generic: boolean }) => {
    r++;
    resUid.set(id, r);
    open(2, 'Resource');
    el(3, 'UID', r);
    el(3, 'ID', r);
    el(3, 'Name', name);
    el(3, 'Type', 1);
    el(3, 'IsNull', 0);
    el(3, 'Initials', id);
    el(3, 'Group', extra.group);
    el(3, 'EmailAddress', extra.email);
    el(3, 'MaxUnits', round4(capacity));
    el(3, 'CalendarUID', extra.calendar);
    el(3, 'IsGeneric', extra.generic ? 1 : 0);
    close(2, 'Resource');
  };
  for (const p of program.people) resource(p.id, p.name, p.capacity, { group: p.team, email: p.email, calendar: personCal.get(p.id), generic: false });
  for (const t of program.teams) resource(t.id, t.name, t.capacity, { generic: true });
  close(1, 'Resources');

  open(1, 'Assignments');
  let a = 0;
  for (const item of program.items) {
    const dates = itemDates.get(item.id);
    for (const [res, units] of Object.entries(item.needs)) {
      const ru = resUid.get(res);
      if (ru === undefined) continue;
      open(2, 'Assignment');
      el(3, 'UID', ++a);
      el(3, 'TaskUID', uid.get(`i:${item.id}`)!);
      el(3, 'ResourceUID', ru);
      if (dates) {
        el(3, 'Finish', `${dates.finish}T17:00:00`);
        el(3, 'Start', `${dates.start}T08:00:00`);
      }
      el(3, 'Units', round4(units));
      el(3, 'Work', formatDuration((item.estimate?.likely ?? 0) * MINUTES_PER_DAY * units));
      close(2, 'Assignment');
    }
  }
  close(1, 'Assignments');
  out.push('</Project>');
  return `${out.join('\n')}\n`;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
