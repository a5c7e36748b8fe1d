/**
 * The brief as one printable, self-contained HTML file: inline CSS (with @media print), inline SVG charts (forecast
 * histogram, burn-up), no scripts and no external resources. Items link to an appendix row (`#ID`).
 */
import type { Brief } from '../../engine/brief/brief.js';
import { longDate, percent } from '../../engine/brief/words.js';
import { burnupSvg, forecastHistogramSvg } from '../../charts/index.js';
import { briefDoc, STATUS_LABEL, type Audience, type Block, type Inline } from './brief-doc.js';

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function inlineHtml(inline: Inline): string {
  return inline
    .map((s) => {
      if (typeof s === 'string') return esc(s);
      if (s.code) return `<code>${esc(s.text)}</code>`;
      let t = esc(s.text);
      if (s.ref !== undefined) t = `<a href="#item-${esc(s.ref)}">${t}</a>`;
      return s.strong ? `<strong>${t}</strong>` : t;
    })
    .join('');
}

const CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --green: #15803d; --amber: #b45309; --red: #b91c1c; }
* { box-sizing: border-box; }
body { font: 14px/1.5 Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 960px; padding: 24px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.headline { padding: 12px 16px; border-radius: 6px; color: #fff; font-weight: bold; font-size: 16px; }
.rag { display: inline-block; border: 1px solid #fff; border-radius: 3px; padding: 0 6px; margin-right: 6px; font-size: 12px; letter-spacing: .05em; }
.on-track { background: var(--green); } .at-risk { background: var(--amber); } .off-track { background: var(--red); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
code { font: 12px/1.4 Menlo, Consolas, monospace; background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
a { color: #1d4ed8; text-decoration: none; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.charts svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  .headline { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } table, .charts svg, li { break-inside: avoid; }
  a { color: inherit; }
}`;

/** Render a brief as a self-contained HTML page for an audience. */
export function renderBriefHtml(brief: Brief, audience: Audience): string {
  const doc = briefDoc(brief, audience);
  const f = brief.forecast;
  const conf = percent(brief.program.confidence);
  const markers = [
    { label: '50%', date: f.p50 },
    { label: conf, date: f.atConfidence },
    ...(brief.program.target !== undefined ? [{ label: 'target', date: brief.program.target }] : []),
  ];
  const charts = {
    forecast: forecastHistogramSvg(f.histogram, markers, { title: `When ${brief.program.name} finishes (${f.trials} trials)`, width: 460, height: 280 }),
    burnup: burnupSvg(brief.burnup, { title: 'Burn-up: items done vs scope', width: 460, height: 280, ...(brief.program.target !== undefined ? { target: brief.program.target } : {}) }),
  };
  const block = (b: Block): string => {
    switch (b.kind) {
      case 'para':
        return `<p>${inlineHtml(b.content)}</p>`;
      case 'list':
        return `<ul>\n${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('\n')}\n</ul>`;
      case 'table':
        return `<table>\n<thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${b.rows.map((r) => `<tr>${r.map((c) => `<td>${inlineHtml(c)}</td>`).join('')}</tr>`).join('\n')}\n</tbody>\n</table>`;
      case 'chart':
        return charts[b.chart];
    }
  };
  const body: string[] = [];
  body.push(`<h1>${esc(doc.title)}</h1>`, `<p class="sub">${esc(doc.subtitle)}</p>`);
  body.push(`<div class="headline ${doc.status}" role="status"><span class="rag">${STATUS_LABEL[doc.status].rag}</span> ${esc(doc.headline)}</div>`);
  for (const s of doc.sections) {
    body.push(`<section>`, `<h2>${esc(s.title)}</h2>`);
    const charted = s.blocks.filter((b) => b.kind === 'chart');
    for (const b of s.blocks) if (b.kind !== 'chart') body.push(block(b));
    if (charted.length > 0) body.push(`<div class="charts">`, ...charted.map(block), `</div>`);
    body.push(`</section>`);
  }
  if (doc.refs.length > 0) {
    const items = new Map(brief.objectives.flatMap((o) => o.work.items).map((i) => [i.id, i]));
    body.push('<section>', '<h2>Work referenced</h2>', '<table>', '<thead><tr><th>Work</th><th>Status</th><th>Reference</th></tr></thead>', '<tbody>');
    for (const r of doc.refs) body.push(`<tr id="item-${esc(r.id)}"><td>${esc(r.title)}</td><td>${esc(items.get(r.id)?.status ?? '')}</td><td><code>${esc(r.id)}</code></td></tr>`);
    body.push('</tbody>', '</table>', '</section>');
  }
  body.push(`<footer>Generated by Vantage from the program file on ${esc(longDate(brief.program.today))}. Health rules: docs/health-rules.md.</footer>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(doc.title)}</title>`,
    `<style>${CSS}\n</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
