import type { ScheduleResult } from '../../engine/schedule.js';

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The schedule as CSV (RFC 4180, CRLF line ends): one row per item in file order, then one per milestone
 * (`kind` = milestone, start = finish = its date, es = ef = its offset). Offsets in working days, dates ISO.
 */
export function renderScheduleCsv(result: ScheduleResult): string {
  const portfolio = result.programs !== undefined;
  const head = [
    'kind',
    ...(portfolio ? ['program'] : []),
    'id',
    'title',
    'status',
    'workstream',
    'owner',
    'start',
    'finish',
    'es',
    'ef',
    'ls',
    'lf',
    'slack',
    'freeSlack',
    'critical',
    'duration',
    'delayedBy',
    'committed',
    'late',
  ];
  const lines = [head.join(',')];
  for (const i of result.items) {
    const row = [
      'item',
      ...(portfolio ? [i.program] : []),
      i.id,
      i.title,
      i.status,
      i.workstream,
      i.owner,
      i.start,
      i.finish,
      i.es,
      i.ef,
      i.ls,
      i.lf,
      i.slack,
      i.freeSlack,
      i.critical,
      i.duration,
      i.delayedBy,
      undefined,
      undefined,
    ];
    lines.push(row.map(csvField).join(','));
  }
  for (const m of result.milestones) {
    const row = [
      'milestone',
      ...(portfolio ? [m.program] : []),
      m.id,
      m.title,
      undefined,
      undefined,
      undefined,
      m.date,
      m.date,
      m.offset,
      m.offset,
      undefined,
      undefined,
      m.slack,
      undefined,
      m.critical,
      0,
      undefined,
      m.committed,
      m.late,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
