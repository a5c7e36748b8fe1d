/**
 * The brief as a small document (title, headline, sections of paragraphs, lists, tables and charts), laid out once
 * for each audience; brief-md, brief-text, brief-html and brief-slack only differ in how they print it. Exec content
 * names work by title, with the item id only as a link target (`ref`); eng content may show ids.
 */
import type { Brief } from '../../engine/brief/brief.js';
import { statusWords, type HealthReason, type HealthStatus } from '../../engine/brief/health.js';
import type { ObjectiveStatus } from '../../engine/brief/objectives.js';
import { longDate, percent, plural } from '../../engine/brief/words.js';

export type Audience = 'exec' | 'eng';

/** A run of text; `ref` makes it a link to an item (md `[text](#ref)`), `strong` bold, `code` monospace. */
export type Span = string | { text: string; ref?: string; strong?: boolean; code?: boolean };
export type Inline = Span[];

export type Block =
  | { kind: 'para'; content: Inline }
  | { kind: 'list'; items: Inline[] }
  | { kind: 'table'; head: string[]; rows: Inline[][] }
  | { kind: 'chart'; chart: 'burnup' | 'forecast' };

export type Section = { title: string; blocks: Block[] };

export type BriefDoc = {
  title: string;
  subtitle: string;
  status: HealthStatus;
  /** "At risk: ..." in one line. */
  headline: string;
  sections: Section[];
  /** Items linked from the document, for renderers that list them (html appendix). */
  refs: { id: string; title: string }[];
};

export const STATUS_LABEL: Record<HealthStatus, { rag: string; emoji: string; words: string }> = {
  'on-track': { rag: 'GREEN', emoji: '🟢', words: 'On track' },
  'at-risk': { rag: 'AMBER', emoji: '🟠', words: 'At risk' },
  'off-track': { rag: 'RED', emoji: '🔴', words: 'Off track' },
};

/** The plain text of an inline run. */
export function plainText(inline: Inline): string {
  return inline.map((s) => (typeof s === 'string' ? s : s.text)).join('');
}

/** Objectives listed with their open work name at most this many items each. */
const WORK_SHOWN = 4;
const RISKS_SHOWN = 3;

/** Lay out a brief for an audience (see the module comment). */
export function briefDoc(brief: Brief, audience: Audience): BriefDoc {
  const refs = new Map<string, string>();
  const link = (id: string, title: string): Span => {
    refs.set(id, title);
    return { text: title, ref: id };
  };
  const p = brief.program;
  const conf = percent(p.confidence);
  const prose = audience === 'exec' ? proseLinker(brief, link) : (text: string): Inline => [datesInWords(text)];
  const sections: Section[] = [];

  sections.push({ title: 'Health', blocks: [{ kind: 'list', items: healthItems(brief.headline.reasons) }] });

  const f = brief.forecast;
  const forecastLines: Inline[] = [];
  if (p.target !== undefined && f.probabilityOnTarget !== undefined) {
    forecastLines.push([`Target ${longDate(p.target)}: `, { text: `${percent(f.probabilityOnTarget)} likely`, strong: true }, `; we promise at ${conf}.`]);
  } else {
    forecastLines.push(['No target date is set.']);
  }
  forecastLines.push([`Finish at ${conf} confidence: `, { text: longDate(f.atConfidence), strong: true }, ` (50%: ${longDate(f.p50)}; plan with likely estimates: ${longDate(f.planned)}).`]);
  sections.push({ title: 'Forecast', blocks: [{ kind: 'list', items: forecastLines }, { kind: 'chart', chart: 'forecast' }, { kind: 'chart', chart: 'burnup' }] });

  if (audience === 'exec') {
    const blocks: Block[] = [];
    const milestoneTitles = new Map(brief.milestones.map((m) => [m.id, m.title]));
    for (const o of orderedObjectives(brief.objectives)) blocks.push(...objectiveBlocks(o, conf, link, milestoneTitles));
    if (blocks.length > 0) sections.push({ title: 'Objectives', blocks });
  }

  const upcoming = brief.milestones.filter((m) => !m.reached);
  if (upcoming.length > 0) {
    sections.push({
      title: 'Milestones',
      blocks: [{
        kind: 'table',
        head: ['Milestone', 'Committed', `${conf} date`, 'Likely by the committed date'],
        rows: upcoming.map((m) => [
          [m.title],
          [m.date !== undefined ? longDate(m.date) : '—'],
          [m.atConfidence !== undefined ? longDate(m.atConfidence) : '—'],
          [m.probabilityOnDate !== undefined ? percent(m.probabilityOnDate) : '—'],
        ]),
      }],
    });
  }

  const risks = audience === 'exec' ? brief.risks.slice(0, RISKS_SHOWN) : brief.risks;
  if (risks.length > 0) {
    sections.push({
      title: audience === 'exec' ? 'Top risks' : 'Open risks and issues',
      blocks: [{
        kind: 'list',
        items: risks.map((r) => {
          const odds = r.status === 'occurred' ? 'happening now' : r.probability !== undefined ? `${percent(r.probability)} likely` : 'likelihood not stated';
          const delay = r.days !== undefined && r.days > 0 ? `, adds ${plural(r.days, 'working day')} at ${conf}` : '';
          const inline: Inline = [{ text: r.title, strong: true }, ` (${odds}${delay}). `];
          inline.push(...(r.mitigation ? [`Mitigation: `, ...prose(r.mitigation), '. '] : ['No mitigation yet. ']));
          inline.push(r.ownerName ? `Owner: ${r.ownerName}.` : 'No owner.');
          if (audience === 'eng') inline.push(' ', { text: r.id, code: true });
          return inline;
        }),
      }],
    });
  }

  if (audience === 'eng') sections.push(...engSections(brief));

  sections.push({
    title: 'Decisions needed and asks',
    blocks: brief.asks.length === 0
      ? [{ kind: 'para', content: ['Nothing needed from anyone this week.'] }]
      : [{ kind: 'table', head: ['Who', 'What', 'By'], rows: brief.asks.map((a) => [[a.who], prose(a.what), [longDate(a.by)]]) }],
  });

  sections.push({
    title: brief.since ? `What changed since ${longDate(brief.since.statusDate)}` : 'What changed',
    blocks: brief.since === null
      ? [{ kind: 'para', content: ['First brief: no earlier snapshot.'] }]
      : brief.changes.length === 0
        ? [{ kind: 'para', content: ['Nothing changed.'] }]
        : [{ kind: 'list', items: changeLines(brief.changes, audience, link, prose) }],
  });

  return {
    title: `${p.name}: ${audience === 'exec' ? 'status brief' : 'engineering brief'}`,
    subtitle: `As of ${longDate(p.today)}${p.tpm ? ` · TPM ${p.tpm}` : ''} · forecast of ${f.trials.toLocaleString('en-US')} trials, seed ${f.seed}`,
    status: brief.headline.status,
    headline: brief.headline.text,
    sections,
    refs: [...refs].map(([id, title]) => ({ id, title })),
  };
}

/** Item finish dates listed one by one at most (eng); exec gets one summary line for them. */
const ITEM_DATES_SHOWN = 10;

/**
 * The changes in words. Single items' finish dates follow the milestones and the finish, which are listed already:
 * exec reads them as one line, eng sees the first ITEM_DATES_SHOWN and a count.
 */
function changeLines(changes: Brief['changes'], audience: Audience, link: (id: string, title: string) => Span, prose: (text: string) => Inline): Inline[] {
  const itemDates = changes.filter((c) => c.kind === 'item-dates');
  const shown = audience === 'exec' ? [] : itemDates.slice(0, ITEM_DATES_SHOWN);
  const lines = changes.filter((c) => c.kind !== 'item-dates' || shown.includes(c)).map((c) => changeInline(c, audience, link, prose));
  const rest = itemDates.length - shown.length;
  if (rest > 0) {
    const later = itemDates.filter((c) => (c.days ?? 0) > 0).map((c) => c.days ?? 0);
    const span = later.length > 0 ? `, up to ${plural(Math.max(...later), 'day')} later` : '';
    const noun = shown.length > 0 ? 'more piece' : 'piece';
    lines.push([`${shown.length > 0 ? 'And the' : 'The'} finish dates of ${plural(rest, noun)} of work moved${span}.`]);
  }
  return lines;
}

/** A change in words; for exec, an item's id is dropped from the sentence and its title becomes the link. */
function changeInline(c: Brief['changes'][number], audience: Audience, link: (id: string, title: string) => Span, prose: (text: string) => Inline): Inline {
  if (audience !== 'exec') return prose(c.text);
  if (c.subject.type !== 'item') return prose(c.text);
  const text = c.text.split(` (${c.subject.id})`).join('');
  const at = c.subject.title === '' ? -1 : text.indexOf(c.subject.title);
  if (at < 0) return prose(text);
  return [...prose(text.slice(0, at)), link(c.subject.id, c.subject.title), ...prose(text.slice(at + c.subject.title.length))];
}

/** ISO dates in free text as words: "by 2026-12-04" → "by 4 Dec 2026". */
const datesInWords = (text: string): string => text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => longDate(d));

/**
 * Free text (a mitigation, a change) with every known item id turned into a link titled with the item's name, so exec
 * prose names work, not ids, and ISO dates read "4 Dec 2026". Known: the work serving the objectives, the eng lists and the changes' items.
 */
function proseLinker(brief: Brief, link: (id: string, title: string) => Span): (text: string) => Inline {
  const known = new Map<string, string>();
  for (const o of brief.objectives) for (const i of o.work.items) known.set(i.id, i.title);
  for (const i of [...brief.eng.criticalPath, ...brief.eng.blocked, ...brief.eng.ageing]) known.set(i.id, i.title);
  for (const c of brief.changes) if (c.subject.type === 'item') known.set(c.subject.id, c.subject.title);
  const dated = datesInWords;
  if (known.size === 0) return (text) => [dated(text)];
  const ids = [...known.keys()].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![A-Za-z0-9._-])(${ids.join('|')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'g');
  return (text) => {
    const out: Inline = [];
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      if (m.index > last) out.push(dated(text.slice(last, m.index)));
      out.push(link(m[1]!, known.get(m[1]!)!));
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push(dated(text.slice(last)));
    return out;
  };
}

function healthItems(reasons: readonly HealthReason[]): Inline[] {
  return reasons.map((r) => [`${STATUS_LABEL[r.status].words} (`, { text: r.rule, code: true }, `): ${r.text}`]);
}

/** Parents first, each followed by its children (depth first), then anything left in file order. */
function orderedObjectives(objectives: readonly ObjectiveStatus[]): ObjectiveStatus[] {
  const ids = new Set(objectives.map((o) => o.id));
  const out: ObjectiveStatus[] = [];
  const seen = new Set<string>();
  const visit = (o: ObjectiveStatus) => {
    if (seen.has(o.id)) return;
    seen.add(o.id);
    out.push(o);
    for (const c of objectives) if (c.parent === o.id) visit(c);
  };
  for (const o of objectives) if (o.parent === undefined || !ids.has(o.parent)) visit(o);
  for (const o of objectives) visit(o);
  return out;
}

function objectiveBlocks(o: ObjectiveStatus, conf: string, link: (id: string, title: string) => Span, milestoneTitles: ReadonlyMap<string, string>): Block[] {
  const lines: Inline[] = [];
  const m = o.metric;
  if (m) {
    const u = m.unit ?? '';
    const v = (x: number | undefined) => (x === undefined ? '?' : `${x}${u}`);
    const progress = o.metricProgress !== undefined ? ` (${Math.round(o.metricProgress * 100)}% of the way)` : '';
    lines.push([`Metric ${m.name}: ${v(m.baseline)} → ${v(m.current)} → ${v(m.target)}${progress}.`]);
  }
  // In progress and blocked work first: what the reader can act on.
  const rank = { doing: 0, blocked: 1, todo: 2, done: 3, cut: 4 } as const;
  const open = o.work.items.filter((i) => i.status !== 'done').map((i, k) => ({ i, k })).sort((a, b) => rank[a.i.status] - rank[b.i.status] || a.k - b.k).map((x) => x.i);
  if (o.work.total === 0) {
    lines.push(['No work serves it yet.']);
  } else {
    const work: Inline = [`Work: ${o.work.done} of ${plural(o.work.total, 'piece')} done`];
    if (open.length > 0) {
      work.push('; open: ');
      open.slice(0, WORK_SHOWN).forEach((i, k) => {
        if (k > 0) work.push(', ');
        work.push(link(i.id, i.title));
      });
      if (open.length > WORK_SHOWN) work.push(` and ${open.length - WORK_SHOWN} more`);
    }
    work.push('.');
    lines.push(work);
  }
  if (o.atConfidence !== undefined) {
    const due = o.due !== undefined ? ` vs due ${longDate(o.due)}${o.probabilityOnDue !== undefined ? ` (${percent(o.probabilityOnDue)} likely by then)` : ''}` : '';
    lines.push([`Forecast: `, { text: longDate(o.atConfidence), strong: true }, ` at ${conf} confidence${due}.`]);
  } else if (o.finishedOn !== undefined) {
    lines.push([`All its work was done by ${longDate(o.finishedOn)}.`]);
  }
  // The objective's own rules in full; its milestones' by name only (their reasons are under Health already).
  const milestoneRuled = o.reasons.filter((r) => r.subject.type === 'milestone');
  for (const r of o.reasons) if (r.subject.type !== 'milestone') lines.push([`${STATUS_LABEL[r.status].words} (`, { text: r.rule, code: true }, `): ${r.text}`]);
  if (milestoneRuled.length > 0) {
    const line: Inline = ['Milestones: '];
    milestoneRuled.forEach((r, k) => {
      if (k > 0) line.push('; ');
      line.push(`${milestoneTitles.get(r.subject.id) ?? r.subject.id} ${statusWords(r.status)} (`, { text: r.rule, code: true }, ')');
    });
    line.push('.');
    lines.push(line);
  }
  return [
    { kind: 'para', content: [{ text: o.title, strong: true }, ` — ${statusWords(o.status)}`] },
    { kind: 'list', items: lines },
  ];
}

function engSections(brief: Brief): Section[] {
  const e = brief.eng;
  const owner = (id: string | undefined) => id ?? '—';
  const out: Section[] = [];
  out.push({
    title: 'Critical path',
    blocks: e.criticalPath.length === 0
      ? [{ kind: 'para', content: ['No open work on the critical path.'] }]
      : [{
          kind: 'table',
          head: ['Item', 'Title', 'Owner', 'Workstream', 'Start', 'Finish'],
          rows: e.criticalPath.map((i) => [[{ text: i.id, code: true }], [i.title], [owner(i.owner)], [owner(i.workstream)], [longDate(i.start)], [longDate(i.finish)]]),
        }],
  });
  out.push({
    title: 'Blocked and ageing',
    blocks: e.blocked.length === 0 && e.ageing.length === 0
      ? [{ kind: 'para', content: ['Nothing blocked; nothing in progress for longer than its likely estimate.'] }]
      : [{
          kind: 'list',
          items: [
            ...e.blocked.map((b): Inline => [{ text: b.id, code: true }, ` ${b.title}: blocked; owner ${owner(b.owner)}; unblock by ${longDate(b.unblockBy)} to keep the finish (${plural(b.slackDays, 'working day')} of slack).`]),
            ...e.ageing.map((a): Inline => [{ text: a.id, code: true }, ` ${a.title}: in progress for ${plural(a.ageDays, 'working day')} since ${longDate(a.started)}, likely estimate ${plural(a.expectedDays, 'day')}; owner ${owner(a.owner)}.`]),
          ],
        }],
  });
  out.push({
    title: 'Load hot spots (next 4 weeks)',
    blocks: e.hotSpots.length === 0
      ? [{ kind: 'para', content: ['No one is over capacity in the next 4 weeks.'] }]
      : [{
          kind: 'table',
          head: ['Week', 'Resource', 'Allocated', 'Capacity'],
          rows: e.hotSpots.map((h) => [[h.period], [`${h.name} (${h.resource})`], [`${h.allocated} d`], [`${h.capacity} d`]]),
        }],
  });
  const handoff = (h: Brief['eng']['handoffs'][number]): Inline => [
    { text: h.from.id, code: true }, ` ${h.from.title} (${owner(h.from.workstream)}, ${owner(h.from.owner)}) → `,
    { text: h.to.id, code: true }, ` ${h.to.title} (${owner(h.to.workstream)}, ${owner(h.to.owner)}) on ${longDate(h.date)}`,
  ];
  const window = `${longDate(e.window.from)} to ${longDate(e.window.to)}`;
  out.push({
    title: 'Hand-offs between workstreams this week',
    blocks: e.handoffs.length > 0
      ? [{ kind: 'para', content: [`Work finishing from ${window} that another workstream waits for:`] }, { kind: 'list', items: e.handoffs.map(handoff) }]
      : [{ kind: 'para', content: [`None from ${window}.`, ...(e.nextHandoff ? [' Next: ', ...handoff(e.nextHandoff), '.'] : [])] }],
  });
  return out;
}
