/** `useApi(path)`: a memoised API read as React state: loading, the data, or the error. */
import { useEffect, useState } from 'react';
import { cachedJson, type Priority } from './api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: Error };

/** Reads `path` (null: nothing yet) with the session token. Example: `useApi<BriefJson>('/api/programs/a/brief', token)`. */
export function useApi<T>(path: string | null, token: string, priority: Priority = 'view'): Loaded<T> {
  const [result, setResult] = useState<{ path: string | null; loaded: Loaded<T> }>({ path, loaded: { state: 'loading' } });
  useEffect(() => {
    if (path === null) return;
    let live = true;
    cachedJson<T>(path, token, priority).then(
      (data) => live && setResult({ path, loaded: { state: 'ok', data } }),
      (error: unknown) => live && setResult({ path, loaded: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) } }),
    );
    return () => {
      live = false;
    };
  }, [path, token, priority]);
  return result.path === path ? result.loaded : { state: 'loading' };
}
