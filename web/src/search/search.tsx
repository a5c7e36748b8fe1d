/**
 * The `/` search box of the rail: `/` focuses it (unless one is typing in a field); it finds items, milestones,
 * risks, decisions and objectives by id or title across the programs one can see (their models load on first
 * focus, `GET /api/programs/{id}/model`), lists them as a listbox (arrows, Enter) and opens the right view.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { cachedJson } from '../api.js';
import { navigate } from '../router.js';
import type { ProgramSummary } from '../types.js';
import { docsOfModel, hitUrl, rank, type SearchDoc, type SearchHit } from './rank.js';
import './search.css';

type ModelJson = { version: number; program: Parameters<typeof docsOfModel>[2] };

const KIND_LABEL: Record<SearchDoc['kind'], string> = { item: 'Item', milestone: 'Milestone', risk: 'Risk', decision: 'Decision', objective: 'Objective' };

/** Whether a key press happened while typing somewhere (then `/` is just a character). */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName ?? '') || el.isContentEditable === true);
}

export function SearchBox({ token, programs }: { token: string; programs: ProgramSummary[] }) {
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [docs, setDocs] = useState<SearchDoc[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** Loads (or, after a change forgot them, reloads) the models of every visible program. */
  const load = () => {
    Promise.all(programs.map((p) => cachedJson<ModelJson>(`/api/programs/${encodeURIComponent(p.id)}/model`, token).then((m) => docsOfModel(p.id, p.name, m.program)))).then(
      (lists) => {
        setDocs(lists.flat());
        setFailed(null);
      },
      (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
    );
  };

  const hits: SearchHit[] = docs ? rank(query, docs) : [];
  const shownList = open && query.trim() !== '';
  const go = (hit: SearchHit | undefined) => {
    if (!hit) return;
    navigate(hitUrl(hit));
    setQuery('');
    setOpen(false);
    input.current?.blur();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (hits.length > 0) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(hits[Math.min(active, hits.length - 1)]);
    } else if (e.key === 'Escape') {
      setQuery('');
      setOpen(false);
      input.current?.blur();
    }
  };
  const status = !shownList ? '' : failed !== null ? `Search failed: ${failed}` : docs === null ? 'Loading programs…' : hits.length === 0 ? 'No matches' : `${hits.length} result${hits.length === 1 ? '' : 's'}`;

  return (
    <div className="search" role="search">
      <label htmlFor="search-input" className="search-label">
        Search <kbd aria-hidden="true">/</kbd>
      </label>
      <input
        id="search-input"
        ref={input}
        type="text"
        role="combobox"
        autoComplete="off"
        placeholder="Ids and titles…"
        aria-autocomplete="list"
        aria-expanded={shownList && hits.length > 0}
        aria-controls="search-results"
        aria-activedescendant={shownList && hits[active] ? `search-option-${active}` : undefined}
        value={query}
        onFocus={() => {
          setOpen(true);
          load();
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="search-status small muted" role="status" aria-live="polite">
        {status}
      </span>
      <ul id="search-results" role="listbox" aria-label="Search results" className="search-results" hidden={!shownList || hits.length === 0}>
        {shownList &&
          hits.map((h, i) => (
            <li
              key={`${h.programId}/${h.kind}/${h.id}`}
              id={`search-option-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault() /* keep focus in the box until the click lands */}
              onClick={() => go(h)}
              onMouseEnter={() => setActive(i)}
            >
              <span className="search-kind">{KIND_LABEL[h.kind]}</span> <span className="search-id">{h.id}</span> {h.title}
              {programs.length > 1 && <span className="search-program"> · {h.programName}</span>}
            </li>
          ))}
      </ul>
    </div>
  );
}
