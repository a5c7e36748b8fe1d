/** The brief as plain text for a terminal or an email body: no markup, no item ids in exec prose. */
import type { Brief } from '../../engine/brief/brief.js';
import { briefDoc, plainText, STATUS_LABEL, type Audience, type Block } from './brief-doc.js';

function blockText(b: Block): string[] {
  switch (b.kind) {
    case 'para':
      return [plainText(b.content), ''];
    case 'list':
      return [...b.items.map((i) => `  * ${plainText(i)}`), ''];
    case 'table': {
      const rows = [b.head, ...b.rows.map((r) => r.map(plainText))];
      const widths = b.head.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
      const line = (r: string[]) => `  ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd();
      return [line(b.head), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...rows.slice(1).map(line), ''];
    }
    case 'chart':
      return [];
  }
}

/** Render a brief as plain text for an audience. */
export function renderBriefText(brief: Brief, audience: Audience): string {
  const doc = briefDoc(brief, audience);
  const label = STATUS_LABEL[doc.status];
  const lines = [doc.title, '='.repeat(doc.title.length), doc.subtitle, '', `[${label.rag}] ${doc.headline}`, ''];
  for (const s of doc.sections) {
    const blocks = s.blocks.flatMap(blockText);
    if (blocks.length === 0) continue;
    lines.push(s.title.toUpperCase(), ...blocks);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
