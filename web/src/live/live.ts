/**
 * Live updates over SSE: one stream per tab (`GET /api/events`, every program the user may read; read with fetch
 * since EventSource cannot send the token). Each change forgets that program's memoised reads and makes mounted reads
 * fetch again (api.ts `programChanged`: the open views, health dots, the program list), and on the open program
 * another user's change is announced in a polite live region ("PAY-2 changed by bo") that fades. The stream
 * reconnects with backoff, and stops on sign-out.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { cachedJson, programChanged, writtenVersion } from '../api.js';
import { backoffMs, describeChange, type LiveChange } from './change.js';
import { sseParser, type SseEvent } from './sse.js';
import './live.css';

// --- the last change per program, for views that mark the changed row ----------------------------------------------

const lastChanges = new Map<string, { change: LiveChange; at: number }>();
const changeListeners = new Set<() => void>();

function noteChange(change: LiveChange): void {
  lastChanges.set(change.programId, { change, at: Date.now() });
  for (const l of [...changeListeners]) l();
}

/** The last change of `programId` received live (undefined: none yet), with the time it came; re-renders on the next. */
export function useLastChange(programId: string): { change: LiveChange; at: number } | undefined {
  return useSyncExternalStore(
    (l) => {
      changeListeners.add(l);
      return () => changeListeners.delete(l);
    },
    () => lastChanges.get(programId),
  );
}

// --- the notice -----------------------------------------------------------------------------------------------------

const NOTICE_MS = 8000;

/** The one polite live region (created empty first, so screen readers announce what is put in it later). */
function noticeRegion(): HTMLElement {
  let el = document.getElementById('live-notice');
  if (!el) {
    el = document.createElement('div');
    el.id = 'live-notice';
    el.className = 'live-notice';
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    document.body.appendChild(el);
  }
  return el;
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

function announce(text: string): void {
  const el = noticeRegion();
  el.textContent = text;
  el.classList.add('shown');
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    el.classList.remove('shown');
    noticeTimer = setTimeout(() => {
      if (!el.classList.contains('shown')) el.textContent = '';
    }, 600);
  }, NOTICE_MS);
}

// --- the stream -----------------------------------------------------------------------------------------------------

/** Reads the event stream at `path` until it ends; throws with the HTTP status when it cannot open. */
async function readStream(path: string, token: string, signal: AbortSignal, onEvent: (e: SseEvent) => void): Promise<void> {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw Object.assign(new Error(`events: ${res.status}`), { status: res.status });
  const parser = sseParser(onEvent);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.push(value);
  }
}

/**
 * Follows the event stream at `path`, reconnecting with backoff (`onEvent` sees each stream's `ready` again), until
 * the returned function is called or the server refuses the reader (401, 403, 404). `onEvent` gets parsed JSON.
 */
function follow(path: string, token: string, onEvent: (event: string, body: unknown) => void): () => void {
  const abort = new AbortController();
  let failures = 0;
  const handle = (e: SseEvent): void => {
    let body: unknown;
    try {
      body = JSON.parse(e.data);
    } catch {
      return;
    }
    if (e.event === 'ready') failures = 0;
    onEvent(e.event, body);
  };
  void (async () => {
    while (!abort.signal.aborted) {
      try {
        await readStream(path, token, abort.signal, handle);
      } catch (e) {
        if (abort.signal.aborted) return;
        const status = (e as { status?: number }).status;
        if (status === 401 || status === 403 || status === 404) return; // signed out or no longer a reader: stop
      }
      failures++;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(failures)));
    }
  })();
  return () => abort.abort();
}

/** What each open program page does with a live change of its program (set while mounted). */
const programListeners = new Map<string, Set<(change: LiveChange) => void>>();

/**
 * While mounted (program-page.tsx, while a program is open), a live change of `programId` from the tab's one stream
 * (usePortfolioUpdates) makes its reads fetch again (unless it is this tab's own write, already re-read) and, when
 * someone else made it, a notice says so; the changed row is marked through useLastChange.
 */
export function useLiveUpdates(programId: string, token: string): void {
  useEffect(() => {
    let me: string | undefined;
    cachedJson<{ name: string }>('/api/me', token).then(
      (m) => (me = m.name),
      () => undefined,
    );
    const listener = (change: LiveChange): void => {
      noteChange(change);
      if (change.actor === undefined || change.actor !== me) announce(describeChange(change));
    };
    let set = programListeners.get(programId);
    if (!set) programListeners.set(programId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) programListeners.delete(programId);
    };
  }, [programId, token]);
}

/**
 * The tab's one event stream while signed in (`GET /api/events`, every program the user may read; the shell calls
 * it): a change makes that program's reads fetch again (the open views, the rail's and the portfolio's health, the
 * program list) unless it is this tab's own write, and goes to the open program page's listeners (the notice). After
 * a reconnect, the programs whose version moved meanwhile (or that came or went) read again: changes may have been
 * missed. One stream per tab, so several open tabs stay within the browser's six connections per server.
 */
export function usePortfolioUpdates(token: string): void {
  useEffect(() => {
    let versions: Map<string, number> | undefined;
    return follow('/api/events', token, (event, body) => {
      if (event === 'ready') {
        const now = new Map(((body as { programs?: { id: string; version: number }[] }).programs ?? []).map((p) => [p.id, p.version]));
        if (versions) for (const id of new Set([...versions.keys(), ...now.keys()])) if (versions.get(id) !== now.get(id)) programChanged(id);
        versions = now;
        return;
      }
      if (event !== 'change') return;
      const change = body as LiveChange;
      if (change.version === null) versions?.delete(change.programId);
      else versions?.set(change.programId, change.version);
      // Our own write re-read the program already (api.ts); anyone else's makes every read of it fetch again.
      if (change.version === null || change.version > writtenVersion(change.programId)) programChanged(change.programId);
      for (const l of [...(programListeners.get(change.programId) ?? [])]) l(change);
    });
  }, [token]);
}
