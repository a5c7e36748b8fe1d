/**
 * Live updates: every successful write through the API sends `pg_notify('vantage_changes', json)`; each server
 * process LISTENs once (PostgreSQL: one dedicated pooled connection; PGlite: its `listen` API) and fans each change
 * out to the SSE clients of that program in this process. So several processes on one PostgreSQL stay in step.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Store } from '../store/open.js';

/** The NOTIFY channel. */
export const CHANNEL = 'vantage_changes';

/** One change, as sent over NOTIFY and to SSE clients. `version` is the program's version after the write; `actor` who wrote it. */
export type ChangeEvent = { programId: string; section: string; entryId: string | null; action: string; version: number | null; /** who made it (the user's name), when known */ actor?: string };

export type EventListener = { event(change: ChangeEvent): void; close(): void };

/** Fans NOTIFY messages out to this process's subscribers; `close()` ends every subscription. */
export type EventHub = {
  /**
   * Starts listening (once) and adds a subscriber of program `programId` (null: of every program; the caller filters
   * what its reader may see); returns the function that removes it.
   */
  subscribe(programId: string | null, listener: EventListener): Promise<() => void>;
  /** Sends a change to every process listening (this one included). */
  publish(change: ChangeEvent): Promise<void>;
  /** Subscribers now, over all programs. */
  size(): number;
  /** Stops listening and closes every subscriber (graceful shutdown). */
  close(): Promise<void>;
};

function isChange(v: unknown): v is ChangeEvent {
  return typeof v === 'object' && v !== null && typeof (v as ChangeEvent).programId === 'string' && typeof (v as ChangeEvent).action === 'string';
}

/**
 * The hub of one process over `store`. Example: `const hub = createEventHub(store, logger); await hub.subscribe('checkout', l)`.
 */
export function createEventHub(store: Store, logger: Logger): EventHub {
  const subscribers = new Map<string | null, Set<EventListener>>();
  let starting: Promise<void> | undefined;
  let stop: (() => Promise<void>) | undefined;
  let closed = false;

  const deliver = (payload: string | undefined): void => {
    if (payload === undefined) return;
    let change: unknown;
    try {
      change = JSON.parse(payload);
    } catch {
      logger.warn({ channel: CHANNEL }, 'ignored a notification that is not JSON');
      return;
    }
    if (!isChange(change)) return;
    for (const l of [...(subscribers.get(change.programId) ?? []), ...(subscribers.get(null) ?? [])]) {
      try {
        l.event(change);
      } catch (e) {
        logger.warn({ err: e }, 'an SSE subscriber failed');
      }
    }
  };

  async function start(): Promise<void> {
    // The drivers give drizzle over their client; LISTEN needs the client itself ($client, set by drizzle).
    const client = (store.db as unknown as { $client: unknown }).$client;
    if (store.kind === 'pglite') {
      const off = await (client as PGlite).listen(CHANNEL, deliver);
      stop = async () => {
        await off().catch(() => undefined);
      };
      return;
    }
    const pool = client as pg.Pool;
    const connect = async (): Promise<pg.PoolClient> => {
      const conn = await pool.connect();
      conn.on('notification', (m) => {
        if (m.channel === CHANNEL) deliver(m.payload);
      });
      conn.on('error', (e) => {
        logger.error({ err: e }, 'the LISTEN connection failed; reconnecting');
        conn.release(true);
        if (!closed) setTimeout(() => void reconnect(), 1000).unref();
      });
      await conn.query(`LISTEN ${CHANNEL}`);
      return conn;
    };
    let conn = await connect();
    const reconnect = async (): Promise<void> => {
      try {
        conn = await connect();
      } catch (e) {
        logger.error({ err: e }, 'cannot LISTEN again; retrying');
        if (!closed) setTimeout(() => void reconnect(), 2000).unref();
      }
    };
    stop = async () => {
      try {
        await conn.query(`UNLISTEN ${CHANNEL}`);
        conn.release();
      } catch {
        conn.release(true);
      }
    };
  }

  return {
    async subscribe(programId, listener) {
      if (closed) throw new Error('the event hub is closed');
      starting ??= start();
      await starting;
      let set = subscribers.get(programId);
      if (!set) subscribers.set(programId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && subscribers.get(programId) === set) subscribers.delete(programId);
      };
    },
    async publish(change) {
      await store.db.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(change)})`);
    },
    size() {
      let n = 0;
      for (const s of subscribers.values()) n += s.size;
      return n;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const set of subscribers.values()) for (const l of set) l.close();
      subscribers.clear();
      if (starting) await starting.catch(() => undefined);
      await stop?.();
    },
  };
}
