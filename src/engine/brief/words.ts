/**
 * Plain words for briefs: dates as "15 Apr 2027", shares as "62%", lists as "a, b and c". Pure helpers shared by the
 * brief engine and its renderers, so every format says the same thing the same way.
 */
import type { IsoDate } from '../../model/program.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** An ISO date in words: `longDate('2027-04-15')` is "15 Apr 2027". Anything else is returned unchanged. */
export function longDate(date: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** A share 0..1 as a whole percentage: `percent(0.625)` is "63%" (never "100%" below 1, never "0%" above 0). */
export function percent(share: number): string {
  let p = Math.round(share * 100);
  if (p === 100 && share < 1) p = 99;
  if (p === 0 && share > 0) p = 1;
  return `${p}%`;
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "1 day", "3 days" (working days unless `unit` says otherwise). */
export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
