/**
 * The `/` search's ranking (pure, tested in Node): which entries of the programs one can see match a query by id or
 * title, best first. An exact id beats an id that starts with the query, which beats a title word that starts with
 * it, which beats the query anywhere in the title or id; every word of the query must match.
 */
import { routeUrl } from '../routes.js';

export type SearchKind = 'item' | 'milestone' | 'risk' | 'decision' | 'objective';

/** One thing to find. */
export type SearchDoc = { programId: string; programName: string; kind: SearchKind; id: string; title: string };

export type SearchHit = SearchDoc & { score: number };

const KIND_ORDER: Record<SearchKind, number> = { item: 0, milestone: 1, objective: 2, risk: 3, decision: 4 };

/** How well one query word matches a doc (0: not at all). */
function wordScore(word: string, id: string, title: string): number {
  if (id === word) return 100;
  if (id.startsWith(word)) return 60;
  const words = title.split(/[^\p{L}\p{N}]+/u);
  if (words.some((w) => w === word)) return 45;
  if (words.some((w) => w.startsWith(word))) return 35;
  if (title.includes(word)) return 20;
  if (id.includes(word)) return 15;
  return 0;
}

/**
 * The docs matching `query` (case-insensitive; all its words), best first, at most `limit`. Ties: items before
 * milestones, objectives, risks and decisions, then by program and id. Example: `rank('vault', docs)` puts
 * "PAY-2 Card vault vendor integration" first.
 */
export function rank(query: string, docs: readonly SearchDoc[], limit = 12): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const d of docs) {
    const id = d.id.toLowerCase();
    const title = d.title.toLowerCase();
    let score = 0;
    for (const w of words) {
      const s = wordScore(w, id, title);
      if (s === 0) {
        score = 0;
        break;
      }
      score += s;
    }
    if (score > 0) hits.push({ ...d, score });
  }
  hits.sort((a, b) => b.score - a.score || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.programId.localeCompare(b.programId) || a.id.localeCompare(b.id, undefined, { numeric: true }));
  return hits.slice(0, limit);
}

/** The searchable entries of one program's model (`GET /api/programs/{id}/model`). */
export function docsOfModel(programId: string, programName: string, model: Partial<Record<'items' | 'milestones' | 'risks' | 'decisions' | 'objectives', { id: string; title?: string }[]>>): SearchDoc[] {
  const out: SearchDoc[] = [];
  const add = (kind: SearchKind, list: { id: string; title?: string }[] | undefined) => {
    for (const e of list ?? []) out.push({ programId, programName, kind, id: e.id, title: e.title ?? '' });
  };
  add('item', model.items);
  add('milestone', model.milestones);
  add('risk', model.risks);
  add('decision', model.decisions);
  add('objective', model.objectives);
  return out;
}

/** The view a hit opens: items and milestones on the timeline, risks on the risks tab, decisions in the plan, objectives in the overview. */
export function hitUrl(hit: Pick<SearchDoc, 'programId' | 'kind' | 'id'>): string {
  const at = { view: 'program' as const, programId: hit.programId, zoom: 'month' as const, selected: hit.id };
  switch (hit.kind) {
    case 'item':
    case 'milestone':
      return routeUrl({ ...at, tab: 'timeline' });
    case 'risk':
      return routeUrl({ ...at, tab: 'risks' });
    case 'decision':
      return routeUrl({ ...at, tab: 'plan', section: 'decisions' });
    case 'objective':
      return routeUrl({ ...at, tab: 'overview' });
  }
}
