/**
 * What-if scenarios as pure data: the `?scenario=` string (`slip:PAY-2:5,cut:WEB-3,capacity:payments:+1`) parsed and
 * formatted, the edits the panel makes to a change list, the API's parameters for the same changes, and a drag in
 * pixels turned into whole working days. Tested in Node by test/web/whatif-scenario.test.ts.
 *
 * Grammar: changes separated by `,`; each `slip:ID:DAYS` (signed, e.g. `5`, `-2`, `+1.5`), `cut:ID`, `remove:ID` or
 * `capacity:RES:+N` / `capacity:RES:-N` (add) / `capacity:RES:N` (set). Inside an id `%`, `,` and `:` are written
 * `%25`, `%2C` and `%3A` (program ids never need it, but a scenario string must survive any id). On the portfolio,
 * ids are qualified with their program, as they are: `slip:checkout-revamp/PAY-7:10`.
 */
import type { WhatIfChange } from '../../../src/engine/strategy/whatif.js';

export type { WhatIfChange } from '../../../src/engine/strategy/whatif.js';

export type ParsedScenario = { ok: true; changes: WhatIfChange[] } | { ok: false; error: string };

const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

const escapeId = (id: string): string => id.replace(/%/g, '%25').replace(/,/g, '%2C').replace(/:/g, '%3A');

function unescapeId(text: string): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses a scenario string; an empty string is the empty scenario. Example:
 * `parseScenario('slip:PAY-2:5,cut:WEB-3')` → `{ ok: true, changes: [{ kind: 'slip', id: 'PAY-2', days: 5 }, { kind: 'cut', id: 'WEB-3' }] }`;
 * `parseScenario('slip:PAY-2')` → `{ ok: false, error: "scenario change 'slip:PAY-2' must look like slip:ID:DAYS (e.g. slip:PAY-2:5)" }`.
 */
export function parseScenario(text: string): ParsedScenario {
  const changes: WhatIfChange[] = [];
  if (text.trim() === '') return { ok: true, changes };
  for (const part of text.split(',')) {
    const fields = part.split(':');
    const kind = fields[0];
    const id = fields[1] === undefined ? undefined : unescapeId(fields[1]);
    const bad = (shape: string): ParsedScenario => ({ ok: false, error: `scenario change '${part}' must look like ${shape}` });
    if (kind === 'slip') {
      if (fields.length !== 3 || !id || !NUMBER.test(fields[2])) return bad('slip:ID:DAYS (e.g. slip:PAY-2:5)');
      changes.push({ kind: 'slip', id, days: Number(fields[2]) });
    } else if (kind === 'cut' || kind === 'remove') {
      if (fields.length !== 2 || !id) return bad(`${kind}:ID (e.g. ${kind}:WEB-3)`);
      changes.push({ kind, id });
    } else if (kind === 'capacity') {
      const amount = fields[2];
      if (fields.length !== 3 || !id || amount === undefined || !NUMBER.test(amount)) return bad('capacity:RES:+N, capacity:RES:-N or capacity:RES:N (e.g. capacity:payments:+1)');
      const n = Number(amount);
      if (amount.startsWith('+') || amount.startsWith('-')) changes.push({ kind: 'capacity', resource: id, delta: n });
      else changes.push({ kind: 'capacity', resource: id, value: n });
    } else {
      return { ok: false, error: `scenario change '${part}' is not slip, cut, remove or capacity` };
    }
  }
  return { ok: true, changes };
}

const signedNumber = (n: number): string => `${n >= 0 ? '+' : '-'}${Math.abs(n)}`;

/** The scenario string of a change list (the inverse of parseScenario). Example: `[{kind:'slip',id:'A',days:5}]` → `slip:A:5`. */
export function formatScenario(changes: readonly WhatIfChange[]): string {
  return changes
    .map((c) => {
      if (c.kind === 'slip') return `slip:${escapeId(c.id)}:${c.days}`;
      if (c.kind === 'capacity') return `capacity:${escapeId(c.resource)}:${c.value !== undefined ? String(c.value) : signedNumber(c.delta ?? 0)}`;
      return `${c.kind}:${escapeId(c.id)}`;
    })
    .join(',');
}

/**
 * The body of `POST /api/programs/{id}/whatif` for the same changes (the CLI's flags: `slip: ['PAY-2=5']`,
 * `capacity: ['payments=+1']`...), so the server's answer can be compared with the worker's.
 */
export function whatIfParams(changes: readonly WhatIfChange[]): { slip: string[]; cut: string[]; remove: string[]; capacity: string[] } {
  const params = { slip: [] as string[], cut: [] as string[], remove: [] as string[], capacity: [] as string[] };
  for (const c of changes) {
    if (c.kind === 'slip') params.slip.push(`${c.id}=${c.days}`);
    else if (c.kind === 'capacity') params.capacity.push(`${c.resource}=${c.value !== undefined ? String(c.value) : signedNumber(c.delta ?? 0)}`);
    else params[c.kind].push(c.id);
  }
  return params;
}

/** The slip of `id` in a change list, in working days (0 when none). */
export function slipOf(changes: readonly WhatIfChange[], id: string): number {
  return changes.reduce((sum, c) => (c.kind === 'slip' && c.id === id ? sum + c.days : sum), 0);
}

/** Sets the slip of `id` to `days` (one slip per item, kept in place; 0 drops it). Example: `setSlip([], 'A', 3)` → `[slip A 3]`. */
export function setSlip(changes: readonly WhatIfChange[], id: string, days: number): WhatIfChange[] {
  const at = changes.findIndex((c) => c.kind === 'slip' && c.id === id);
  const rest = changes.filter((c) => !(c.kind === 'slip' && c.id === id));
  if (days === 0) return rest;
  const slip: WhatIfChange = { kind: 'slip', id, days };
  if (at < 0) return [...rest, slip];
  return [...rest.slice(0, at), slip, ...rest.slice(at)];
}

/** True when the scenario cuts `id`. */
export function isCut(changes: readonly WhatIfChange[], id: string): boolean {
  return changes.some((c) => c.kind === 'cut' && c.id === id);
}

/** Cuts `id`, or restores it when it is already cut. */
export function toggleCut(changes: readonly WhatIfChange[], id: string): WhatIfChange[] {
  return isCut(changes, id) ? changes.filter((c) => !(c.kind === 'cut' && c.id === id)) : [...changes, { kind: 'cut', id }];
}

/** Adds `delta` to a resource's capacity change (merged with an earlier +N for the same resource; a net 0 drops it). */
export function addCapacity(changes: readonly WhatIfChange[], resource: string, delta: number): WhatIfChange[] {
  const at = changes.findIndex((c) => c.kind === 'capacity' && c.resource === resource && c.value === undefined);
  if (at < 0) return delta === 0 ? [...changes] : [...changes, { kind: 'capacity', resource, delta }];
  const prior = changes[at] as Extract<WhatIfChange, { kind: 'capacity' }>;
  const total = Math.round(((prior.delta ?? 0) + delta) * 1e6) / 1e6;
  const next = [...changes];
  if (total === 0) next.splice(at, 1);
  else next[at] = { kind: 'capacity', resource, delta: total };
  return next;
}

/** A signed working-day delta as shown: "+6 d", "−2 d" (a true minus sign), "0 d"; halves kept ("+1.5 d"). */
export function signedDays(days: number): string {
  const d = Math.round(days * 10) / 10;
  if (d === 0) return '0 d';
  return `${d > 0 ? '+' : '−'}${Math.abs(d)} d`;
}

/** A change in words, for the panel's list and its remove buttons. Example: "Slip PAY-2 by +5 d". */
export function describeChange(c: WhatIfChange): string {
  if (c.kind === 'slip') return `Slip ${c.id} by ${signedDays(c.days)}`;
  if (c.kind === 'cut') return `Cut ${c.id}`;
  if (c.kind === 'remove') return `Remove ${c.id}`;
  return c.value !== undefined ? `Set capacity of ${c.resource} to ${c.value}` : `Capacity of ${c.resource} ${signedNumber(c.delta ?? 0)}`;
}

/**
 * A horizontal drag of a bar's end turned into whole working days: `dxPx` pixels at `pxPerDay` move the last day
 * `finishDay` (a day number) by a whole number of calendar days, and the result counts the working days crossed
 * (negative to the left). Example: at 22 px a day, dragging 66 px from a Friday lands on Monday: +1 working day.
 */
export function dragWorkingDays(dxPx: number, pxPerDay: number, finishDay: number, isWorkingDay: (day: number) => boolean): number {
  const calendarDays = Math.round(dxPx / pxPerDay);
  let count = 0;
  if (calendarDays > 0) for (let d = finishDay + 1; d <= finishDay + calendarDays; d++) count += isWorkingDay(d) ? 1 : 0;
  else for (let d = finishDay + calendarDays + 1; d <= finishDay; d++) count -= isWorkingDay(d) ? 1 : 0;
  return count;
}

/** Monday to Friday, for day numbers (days since 1970-01-01, a Thursday): the default working week. */
export function isWeekday(day: number): boolean {
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
  return weekday < 5;
}
