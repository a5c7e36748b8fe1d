/**
 * `useApi(path)`: a memoised API read as React state: loading, the data, or the error. A read of a program's data
 * (`/api/programs/{id}/…`), and of the program list, fetches again when that program (any program) changes (a write here or a live update), keeping the data
 * it has on screen until the new answer arrives, so views keep their scroll and selection.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { cachedJson, programRevision, revisionKeyOf, subscribeRevisions, type Priority } from './api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: Error };

/** The revision of what `path` reads (a program's data or the program list; 0 for other paths); re-renders when it grows. */
function useRevision(path: string | null): number {
  const key = path === null ? undefined : revisionKeyOf(path);
  return useSyncExternalStore(subscribeRevisions, () => (key === undefined ? 0 : programRevision(key)));
}

/**
 * Reads `path` (null: nothing yet) with the session token; a new `epoch` reads it again from scratch (loading
 * first), a new revision of its program reads it again in place. Example: `useApi<BriefJson>('/api/programs/a/brief', token)`.
 */
export function useApi<T>(path: string | null, token: string, priority: Priority = 'view', epoch = 0): Loaded<T> {
  const key = `${epoch}:${path}`;
  const revision = useRevision(path);
  const [result, setResult] = useState<{ key: string; loaded: Loaded<T> }>({ key, loaded: { state: 'loading' } });
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const k = `${epoch}:${path}`;
    cachedJson<T>(path, token, priority).then(
      (data) => live && setResult({ key: k, loaded: { state: 'ok', data } }),
      (error: unknown) => live && setResult({ key: k, loaded: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) } }),
    );
    return () => {
      live = false;
    };
  }, [path, token, priority, epoch, revision]);
  return result.key === key ? result.loaded : { state: 'loading' };
}
