/** The brief as Markdown: items link as `[title](#ID)`, so exec text carries no ids in the prose. */
import type { Brief } from '../../engine/brief/brief.js';
import { briefDoc, STATUS_LABEL, type Audience, type Block, type Inline } from './brief-doc.js';

/** Markdown-safe text: escapes the characters that would start formatting or break a table. */
const esc = (text: string): string => text.replace(/([\\`*_[\]|<>])/g, '\\$1');

function inlineMd(inline: Inline): string {
  return inline
    .map((s) => {
      if (typeof s === 'string') return esc(s);
      if (s.code) return `\`${s.text.replace(/`/g, "'")}\``;
      let t = esc(s.text);
      if (s.ref !== undefined) t = `[${t}](#${s.ref})`;
      return s.strong ? `**${t}**` : t;
    })
    .join('');
}

function blockMd(b: Block): string[] {
  switch (b.kind) {
    case 'para':
      return [inlineMd(b.content), ''];
    case 'list':
      return [...b.items.map((i) => `- ${inlineMd(i)}`), ''];
    case 'table':
      return [`| ${b.head.map(esc).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(inlineMd).join(' | ')} |`), ''];
    case 'chart':
      return [];
  }
}

/** Render a brief as Markdown for an audience. */
export function renderBriefMd(brief: Brief, audience: Audience): string {
  const doc = briefDoc(brief, audience);
  const label = STATUS_LABEL[doc.status];
  const lines = [`# ${esc(doc.title)}`, '', `_${esc(doc.subtitle)}_`, '', `**${label.emoji} ${esc(doc.headline)}**`, ''];
  for (const s of doc.sections) {
    lines.push(`## ${esc(s.title)}`, '');
    for (const b of s.blocks) lines.push(...blockMd(b));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
