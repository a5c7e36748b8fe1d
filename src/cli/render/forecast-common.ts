/** Shared wording of the forecast renderers (terminal and Markdown). */
import type { DateCount, ForecastResult, ProgramForecast } from '../../engine/forecast/summary.js';
import { levelPercent } from './forecast-json.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2027-05-12" -> "12 May 2027". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** "2027-04-30" -> "30 Apr" (with the year when it differs from `yearOf`). */
export function shortDate(iso: string, yearOf?: string): string {
  const [y, m, d] = iso.split('-');
  const sameYear = yearOf !== undefined && yearOf.slice(0, 4) === y;
  return `${Number(d)} ${MONTHS[Number(m) - 1]}${sameYear ? '' : ` ${y}`}`;
}

/** 0.6123 -> "61%"; one decimal near 0 and 100 so that 0.4% and 99.6% do not read as certain (never "0%" or "100%" unless exact). */
export function percent(p: number): string {
  const x = p * 100;
  if (x > 0 && x < 0.1) return '<0.1%';
  if (x > 99.9 && x < 100) return '>99.9%';
  if ((x > 0 && x < 1) || (x > 99 && x < 100)) return `${x.toFixed(1)}%`;
  return `${Math.round(x)}%`;
}

export function conf(level: number): string {
  return `${levelPercent(level)}%`;
}

/** "85% likely by 12 May 2027 · 61% chance of the 30 Apr target" (the target part only when there is one). */
export function headline(p: ProgramForecast): string {
  const parts = [`${conf(p.confidence)} likely by ${longDate(p.atConfidence)}`];
  if (p.target !== undefined && p.probabilityOnTarget !== undefined) {
    parts.push(`${percent(p.probabilityOnTarget)} chance of the ${shortDate(p.target, p.atConfidence)} target`);
  }
  return parts.join(' · ');
}

export function levelsLine(p: { levels: { level: number; date: string }[] }): string {
  return p.levels.map((q) => `P${levelPercent(q.level)} ${longDate(q.date)}`).join(' · ');
}

export function modeLine(result: ForecastResult): string {
  const mode = result.levelled ? 'resource-levelled trials (serial SGS, fixed priorities)' : 'dependencies only (no resource over capacity)';
  return `${result.trials.toLocaleString('en-US')} trials, seed ${result.seed}, ${mode}, status date ${result.today}`;
}

/** The histogram folded into at most `bins` equal spans of calendar days: [from, to, count]. */
export function foldHistogram(histogram: DateCount[], bins: number): { from: string; to: string; count: number }[] {
  if (histogram.length === 0) return [];
  const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const first = day(histogram[0].date);
  const last = day(histogram[histogram.length - 1].date);
  const span = Math.max(1, Math.ceil((last - first + 1) / bins));
  const out: { from: string; to: string; count: number }[] = [];
  for (const h of histogram) {
    const k = Math.floor((day(h.date) - first) / span);
    while (out.length <= k) out.push({ from: '', to: '', count: 0 });
    const bin = out[k];
    if (bin.from === '') bin.from = h.date;
    bin.to = h.date;
    bin.count += h.count;
  }
  return out.filter((b) => b.count > 0);
}

export function bar(share: number, width: number): string {
  const cells = Math.round(Math.max(0, Math.min(1, share)) * width);
  return '█'.repeat(cells) + (cells === 0 && share > 0 ? '▏' : '');
}
