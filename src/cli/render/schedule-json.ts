import type { ScheduleResult } from '../../engine/schedule.js';

/**
 * The schedule as JSON: top-level keys on their own lines and one item per line, so that a 100,000-item schedule
 * stays fast to write and diff-friendly (still one valid JSON document).
 */
export function renderScheduleJson(result: ScheduleResult): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length > 0) {
      const rows = value.map((v) => `    ${JSON.stringify(v)}`);
      parts.push(`  ${JSON.stringify(key)}: [\n${rows.join(',\n')}\n  ]`);
    } else {
      parts.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
    }
  }
  return `{\n${parts.join(',\n')}\n}\n`;
}
