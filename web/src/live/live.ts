/**
 * Live updates of a program over SSE (`GET /api/programs/{id}/events`, read with fetch since EventSource cannot send
 * the token): each change forgets the program's memoised reads and makes mounted reads fetch again (api.ts
 * `programChanged`), and another user's change is announced in a polite live region ("PAY-2 changed by bo") that
 * fades. The stream reconnects with backoff, and stops on unmount or sign-out.
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

/** Reads the event stream of `programId` until it ends; throws with the HTTP status when it cannot open. */
async function readStream(programId: string, token: string, signal: AbortSignal, onEvent: (e: SseEvent) => void): Promise<void> {
  const res = await fetch(`/api/programs/${encodeURIComponent(programId)}/events`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal });
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
 * Subscribes to program `programId`'s changes while mounted (program-page.tsx calls it while a program is open).
 * On a change: its reads fetch again and, when someone else made it, a notice says so. After a reconnect whose
 * `ready` names a newer version than last seen, the reads fetch again too (changes may have been missed).
 */
export function useLiveUpdates(programId: string, token: string): void {
  useEffect(() => {
    const abort = new AbortController();
    let me: string | undefined;
    cachedJson<{ name: string }>('/api/me', token).then(
      (m) => (me = m.name),
      () => undefined,
    );
    let version: number | null = null;
    let failures = 0;
    const onEvent = (e: SseEvent): void => {
      let body: unknown;
      try {
        body = JSON.parse(e.data);
      } catch {
        return;
      }
      if (e.event === 'ready') {
        const v = (body as { version?: number }).version ?? null;
        if (version !== null && v !== version) programChanged(programId);
        version = v;
        failures = 0;
        return;
      }
      if (e.event !== 'change') return;
      const change = body as LiveChange;
      if (change.programId !== programId) return;
      version = change.version;
      // Our own write re-read the program already (api.ts); someone else's makes every read of it fetch again.
      if (change.version === null || change.version > writtenVersion(programId)) programChanged(programId);
      noteChange(change);
      if (change.actor === undefined || change.actor !== me) announce(describeChange(change));
    };
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          await readStream(programId, token, abort.signal, onEvent);
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
  }, [programId, token]);
}
