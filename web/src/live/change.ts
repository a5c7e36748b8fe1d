/** Live changes in words, and the reconnect backoff of the event stream (pure, tested in Node). */

/** A change as the server sends it (src/server/events.ts ChangeEvent). */
export type LiveChange = { programId: string; section: string; entryId: string | null; action: string; version: number | null; actor?: string };

/** Waits before reconnecting: 1 s, 2 s, 4 s … at most 30 s; a stream that opened resets it. */
export function backoffMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/** The words of a change for the notice. Example: `{entryId: 'PAY-2', action: 'update', actor: 'bo'}` → "PAY-2 changed by bo". */
export function describeChange(c: LiveChange): string {
  const what = c.entryId ?? (c.section === 'program' ? 'The program' : c.section);
  const verb = c.action === 'create' ? 'added' : c.action === 'delete' ? 'deleted' : c.section === 'program' && c.action !== 'update' ? `${c.action === 'sync' ? 'synced' : 'replaced'}` : 'changed';
  return `${what} ${verb}${c.actor ? ` by ${c.actor}` : ''}`;
}
