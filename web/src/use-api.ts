/** `useApi(path)`: a memoised API read as React state: loading, the data, or the error. */
import { useEffect, useState } from 'react';
import { cachedJson, type Priority } from './api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: Error };

/**
 * Reads `path` (null: nothing yet) with the session token; a new `epoch` reads it again (after a write forgot the
 * memo). Example: `useApi<BriefJson>('/api/programs/a/brief', token)`.
 */
export function useApi<T>(path: string | null, token: string, priority: Priority = 'view', epoch = 0): Loaded<T> {
  const key = `${epoch}:${path}`;
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
  }, [path, token, priority, epoch]);
  return result.key === key ? result.loaded : { state: 'loading' };
}
