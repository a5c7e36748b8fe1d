/** Live updates of a program over SSE. Placeholder until built: subscribes to nothing. */
export function useLiveUpdates(_programId: string, _token: string): void {}
