/**
 * The store's contract: functions on a connection (`Conn`: an open Store, or the connection inside `transact`).
 * Records are plain data with ISO timestamps; nothing here parses program files (that is src/service, which
 * composes io + model + store). Every write of a program goes through `writeProgram`, which keeps the program row,
 * its entries, its files and the audit log in step in one transaction and refuses a stale `expectedVersion`.
 *
 * Versions: a program's `version` grows by one with every change of it; an entry's `version` grows when its data
 * changes (a move alone keeps it), so a client can hold an entry and update it later with optimistic concurrency.
 */
import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Snapshot } from '../model/snapshot.js';
import type { Db, Tx } from './db.js';
import { ConflictError, NotFoundError } from './errors.js';
import { auditLog, entries, portfolios, programFiles, programs, snapshots, type PortfolioMemberRow, type Section } from './schema.js';

/** Anything that runs queries: an open Store, or the transaction handed to `transact`'s callback. */
export type Conn = { db: Db | Tx };

export type Json = Record<string, unknown>;

export type ProgramRecord = {
  id: string;
  name: string;
  fileName: string;
  /** The program file's text: the document of record. */
  source: string;
  version: number;
  info: Json;
  time?: Json;
  rules?: Json;
  historyFile?: string;
  createdAt: string;
  updatedAt: string;
};

export type ProgramSummary = Pick<ProgramRecord, 'id' | 'name' | 'fileName' | 'version' | 'updatedAt'> & { items: number };

export type EntryRecord = { programId: string; section: Section; entryId: string; position: number; version: number; data: Json };

/** An entry to store; its position is its order among the entries of its section in `ProgramWrite.entries`. */
export type EntryInput = { section: Section; entryId: string; data: Json };

export type StoredFile = { path: string; content: string };

/** A whole program to store (import, or the result of an edit), already validated by the caller. */
export type ProgramWrite = {
  id: string;
  name: string;
  fileName: string;
  source: string;
  info: Json;
  time?: Json;
  rules?: Json;
  historyFile?: string;
  entries: EntryInput[];
  /** Replaces the program's stored files when given; kept as they are when absent. */
  files?: StoredFile[];
};

/** Who makes a change and when (`now` absent: the database clock). */
export type Change = { actor: string; now?: Date };

export type AuditInput = { entity: string; entityId: string; action: string; before: unknown; after: unknown };

export type AuditRecord = AuditInput & { id: number; at: string; actor: string; programId?: string };

/** What a program write changed in `entries`, as `section/id` keys. */
export type EntryChanges = { created: string[]; updated: string[]; deleted: string[] };

export type PortfolioRecord = {
  id: string;
  name: string;
  fileName: string;
  source: string;
  members: PortfolioMemberRow[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type SnapshotRecord = {
  programId: string;
  id: string;
  takenAt: string;
  statusDate: string;
  label?: string;
  baseline: boolean;
  baselineName?: string;
  version: number;
  snapshot: Snapshot;
};

/**
 * Runs `fn` in one transaction (a savepoint when `conn` is already one): all of its writes land, or none.
 * Example: `await transact(store, async (t) => { await writeProgram(t, ...); await saveSnapshot(t, ...); })`.
 */
export function transact<T>(conn: Conn, fn: (t: Conn) => Promise<T>): Promise<T> {
  return conn.db.transaction((tx) => fn({ db: tx }));
}

const iso = (d: Date): string => d.toISOString();
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const at = (change: Change): Date | SQL => change.now ?? sql`now()`;

type ProgramRow = typeof programs.$inferSelect;

function programRecord(r: ProgramRow): ProgramRecord {
  const rec: ProgramRecord = {
    id: r.id,
    name: r.name,
    fileName: r.fileName,
    source: r.source,
    version: r.version,
    info: r.info as Json,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
  if (r.time !== null) rec.time = r.time as Json;
  if (r.rules !== null) rec.rules = r.rules as Json;
  if (r.historyFile !== null) rec.historyFile = r.historyFile;
  return rec;
}

/** The program `id`, or undefined. */
export async function getProgram(conn: Conn, id: string): Promise<ProgramRecord | undefined> {
  const [row] = await conn.db.select().from(programs).where(eq(programs.id, id));
  return row ? programRecord(row) : undefined;
}

/** The program `id`, locked against concurrent writers until the surrounding transaction ends. */
export async function lockProgram(conn: Conn, id: string): Promise<ProgramRecord | undefined> {
  const [row] = await conn.db.select().from(programs).where(eq(programs.id, id)).for('update');
  return row ? programRecord(row) : undefined;
}

/** Every stored program, by id, with its number of items. */
export async function listPrograms(conn: Conn): Promise<ProgramSummary[]> {
  const rows = await conn.db
    .select({
      id: programs.id,
      name: programs.name,
      fileName: programs.fileName,
      version: programs.version,
      updatedAt: programs.updatedAt,
      items: sql<number>`(select count(*) from ${entries} where ${entries.programId} = ${programs.id} and ${entries.section} = 'items')`.mapWith(Number),
    })
    .from(programs)
    .orderBy(asc(programs.id));
  return rows.map((r) => ({ ...r, updatedAt: iso(r.updatedAt) }));
}

/** The entries of a program (of one section when given), in section then file order. */
export async function listEntries(conn: Conn, programId: string, section?: Section): Promise<EntryRecord[]> {
  const where = section ? and(eq(entries.programId, programId), eq(entries.section, section)) : eq(entries.programId, programId);
  const rows = await conn.db.select().from(entries).where(where).orderBy(asc(entries.section), asc(entries.position));
  return rows.map((r) => ({ ...r, data: r.data as Json }));
}

/** One entry, or undefined. */
export async function getEntry(conn: Conn, programId: string, section: Section, entryId: string): Promise<EntryRecord | undefined> {
  const [r] = await conn.db
    .select()
    .from(entries)
    .where(and(eq(entries.programId, programId), eq(entries.section, section), eq(entries.entryId, entryId)));
  return r ? { ...r, data: r.data as Json } : undefined;
}

/** The files stored with a program (a history CSV, calendars), by path. */
export async function listProgramFiles(conn: Conn, programId: string): Promise<StoredFile[]> {
  return conn.db.select({ path: programFiles.path, content: programFiles.content }).from(programFiles).where(eq(programFiles.programId, programId)).orderBy(asc(programFiles.path));
}

/** JSON text with object keys sorted, so equal data compares equal whatever the key order (jsonb reorders keys). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const INSERT_CHUNK = 1000;

/**
 * Stores a whole program in one transaction: creates it, or replaces it as a new version when it exists. Entries
 * are matched by section and id: new ones are inserted (version 1), changed ones updated (version + 1), missing
 * ones deleted; positions follow the order given. Writes the audit rows `audit` (default: one `program` row,
 * action `import` or `replace`, before/after `{version, source}`). Throws ConflictError (with the current
 * program) when `expectedVersion` is given and is not the stored version (0 means "must not exist yet").
 * `touched` says that only that entry can differ from what is stored (an edit of one entry): the others are then
 * not read back and compared, only moved when that entry was removed.
 */
export async function writeProgram(
  conn: Conn,
  write: ProgramWrite,
  change: Change,
  options: { expectedVersion?: number; audit?: AuditInput[]; touched?: { section: Section; entryId: string } } = {},
): Promise<{ program: ProgramRecord; changes: EntryChanges }> {
  return transact(conn, async (t) => {
    // The previous text is read only for the default audit row; an entry edit brings its own (and a 5,000-item
    // program's text is half a megabyte).
    const [before] = await t.db
      .select({ version: programs.version, source: options.audit ? sql<string>`''` : programs.source })
      .from(programs)
      .where(eq(programs.id, write.id))
      .for('update');
    if (options.expectedVersion !== undefined && (before?.version ?? 0) !== options.expectedVersion) {
      throw new ConflictError(`program '${write.id}' is at version ${before?.version ?? 0}, not ${options.expectedVersion}`, await getProgram(t, write.id));
    }
    const version = (before?.version ?? 0) + 1;
    const values = {
      name: write.name,
      fileName: write.fileName,
      source: write.source,
      version,
      info: write.info,
      time: write.time ?? null,
      rules: write.rules ?? null,
      historyFile: write.historyFile ?? null,
      updatedAt: at(change),
    };
    const stamps = { createdAt: programs.createdAt, updatedAt: programs.updatedAt };
    const [written] = before
      ? await t.db.update(programs).set(values).where(eq(programs.id, write.id)).returning(stamps)
      : await t.db
          .insert(programs)
          .values({ id: write.id, ...values, createdAt: at(change) })
          .returning(stamps);
    const changes = options.touched && before ? await syncOne(t, write.id, write.entries, options.touched) : await syncEntries(t, write.id, write.entries, before !== undefined);
    if (write.files) {
      await t.db.delete(programFiles).where(eq(programFiles.programId, write.id));
      if (write.files.length > 0) await t.db.insert(programFiles).values(write.files.map((f) => ({ programId: write.id, ...f })));
    }
    const after = programRecord({ id: write.id, ...values, ...written! });
    const audit = options.audit ?? [
      {
        entity: 'program',
        entityId: write.id,
        action: before ? 'replace' : 'import',
        before: before ? { version: before.version, source: before.source } : null,
        after: { version, source: write.source, entries: changes },
      },
    ];
    for (const a of audit) await recordAudit(t, write.id, a, change);
    return { program: after, changes };
  });
}

async function syncEntries(t: Conn, programId: string, wanted: EntryInput[], existed: boolean): Promise<EntryChanges> {
  const old = new Map<string, { position: number; version: number; json: string }>();
  if (existed) {
    const rows = await t.db.select().from(entries).where(eq(entries.programId, programId));
    for (const r of rows) old.set(`${r.section}/${r.entryId}`, { position: r.position, version: r.version, json: stableJson(r.data) });
  }
  const positions = new Map<Section, number>();
  const inserts: (typeof entries.$inferInsert)[] = [];
  const updates: { section: Section; entry_id: string; position: number; version: number; data: Json }[] = [];
  const changes: EntryChanges = { created: [], updated: [], deleted: [] };
  for (const e of wanted) {
    const position = positions.get(e.section) ?? 0;
    positions.set(e.section, position + 1);
    const key = `${e.section}/${e.entryId}`;
    const prior = old.get(key);
    old.delete(key);
    if (!prior) {
      inserts.push({ programId, section: e.section, entryId: e.entryId, position, version: 1, data: e.data });
      changes.created.push(key);
      continue;
    }
    const changed = stableJson(e.data) !== prior.json;
    if (changed) changes.updated.push(key);
    if (changed || prior.position !== position) {
      updates.push({ section: e.section, entry_id: e.entryId, position, version: changed ? prior.version + 1 : prior.version, data: e.data });
    }
  }
  changes.deleted = [...old.keys()];
  if (changes.deleted.length > 0) {
    const gone = JSON.stringify(changes.deleted.map((k) => ({ section: k.slice(0, k.indexOf('/')), entry_id: k.slice(k.indexOf('/') + 1) })));
    await t.db.execute(sql`DELETE FROM entries e USING jsonb_to_recordset(${gone}::jsonb) AS v(section text, entry_id text)
      WHERE e.program_id = ${programId} AND e.section = v.section AND e.entry_id = v.entry_id`);
  }
  if (updates.length > 0) {
    // One statement for every changed row, whatever their number.
    await t.db.execute(sql`UPDATE entries e SET position = v.position, version = v.version, data = v.data
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS v(section text, entry_id text, position integer, version integer, data jsonb)
      WHERE e.program_id = ${programId} AND e.section = v.section AND e.entry_id = v.entry_id`);
  }
  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) await t.db.insert(entries).values(inserts.slice(i, i + INSERT_CHUNK));
  return changes;
}

/** `syncEntries` for a write that changed one entry only (created, updated or deleted). */
async function syncOne(t: Conn, programId: string, wanted: EntryInput[], touched: { section: Section; entryId: string }): Promise<EntryChanges> {
  const key = `${touched.section}/${touched.entryId}`;
  const changes: EntryChanges = { created: [], updated: [], deleted: [] };
  const prior = await getEntry(t, programId, touched.section, touched.entryId);
  const inSection = wanted.filter((e) => e.section === touched.section);
  const position = inSection.findIndex((e) => e.entryId === touched.entryId);
  const where = and(eq(entries.programId, programId), eq(entries.section, touched.section), eq(entries.entryId, touched.entryId));
  if (position < 0) {
    if (!prior) return changes;
    await t.db.delete(entries).where(where);
    await t.db
      .update(entries)
      .set({ position: sql`${entries.position} - 1` })
      .where(and(eq(entries.programId, programId), eq(entries.section, touched.section), gt(entries.position, prior.position)));
    changes.deleted.push(key);
    return changes;
  }
  const data = inSection[position]!.data;
  if (!prior) {
    await t.db.insert(entries).values({ programId, section: touched.section, entryId: touched.entryId, position, version: 1, data });
    changes.created.push(key);
  } else if (stableJson(prior.data) !== stableJson(data) || prior.position !== position) {
    const changed = stableJson(prior.data) !== stableJson(data);
    await t.db.update(entries).set({ data, position, version: changed ? prior.version + 1 : prior.version }).where(where);
    if (changed) changes.updated.push(key);
  }
  return changes;
}

/**
 * Deletes a program with its entries, files and snapshots (the audit log keeps its history). Throws NotFoundError
 * when there is none, ConflictError when `expectedVersion` is given and stale.
 */
export async function deleteProgram(conn: Conn, id: string, change: Change, expectedVersion?: number): Promise<void> {
  await transact(conn, async (t) => {
    const before = await lockProgram(t, id);
    if (!before) throw new NotFoundError('program', id);
    if (expectedVersion !== undefined && before.version !== expectedVersion) {
      throw new ConflictError(`program '${id}' is at version ${before.version}, not ${expectedVersion}`, before);
    }
    await t.db.delete(programs).where(eq(programs.id, id));
    await recordAudit(t, id, { entity: 'program', entityId: id, action: 'delete', before: { version: before.version, source: before.source }, after: null }, change);
  });
}

// --- portfolios ----------------------------------------------------------------------------------------------------

type PortfolioRow = typeof portfolios.$inferSelect;

function portfolioRecord(r: PortfolioRow): PortfolioRecord {
  return { ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
}

/** Stores a portfolio file (its programs are stored by the caller, in the same transaction). Audited. */
export async function writePortfolio(
  conn: Conn,
  write: { id: string; name: string; fileName: string; source: string; members: PortfolioMemberRow[] },
  change: Change,
): Promise<PortfolioRecord> {
  return transact(conn, async (t) => {
    const [prior] = await t.db.select().from(portfolios).where(eq(portfolios.id, write.id)).for('update');
    const version = (prior?.version ?? 0) + 1;
    const values = { name: write.name, fileName: write.fileName, source: write.source, members: write.members, version, updatedAt: at(change) };
    if (prior) await t.db.update(portfolios).set(values).where(eq(portfolios.id, write.id));
    else await t.db.insert(portfolios).values({ id: write.id, ...values, createdAt: at(change) });
    await recordAudit(
      t,
      null,
      {
        entity: 'portfolio',
        entityId: write.id,
        action: prior ? 'replace' : 'import',
        before: prior ? { version: prior.version, source: prior.source, members: prior.members } : null,
        after: { version, source: write.source, members: write.members },
      },
      change,
    );
    const [row] = await t.db.select().from(portfolios).where(eq(portfolios.id, write.id));
    return portfolioRecord(row!);
  });
}

/** The portfolio `id`, or undefined. */
export async function getPortfolio(conn: Conn, id: string): Promise<PortfolioRecord | undefined> {
  const [row] = await conn.db.select().from(portfolios).where(eq(portfolios.id, id));
  return row ? portfolioRecord(row) : undefined;
}

/** Every stored portfolio, by id. */
export async function listPortfolios(conn: Conn): Promise<PortfolioRecord[]> {
  const rows = await conn.db.select().from(portfolios).orderBy(asc(portfolios.id));
  return rows.map(portfolioRecord);
}

// --- snapshots and baselines ---------------------------------------------------------------------------------------

type SnapshotRow = typeof snapshots.$inferSelect;

function snapshotRecord(r: SnapshotRow): SnapshotRecord {
  const rec: SnapshotRecord = {
    programId: r.programId,
    id: r.id,
    takenAt: r.takenAt,
    statusDate: r.statusDate,
    baseline: r.baseline,
    version: r.version,
    snapshot: r.data as Snapshot,
  };
  if (r.label !== null) rec.label = r.label;
  if (r.baselineName !== null) rec.baselineName = r.baselineName;
  return rec;
}

/**
 * Stores a snapshot of program `programId` (an existing snapshot id is replaced). Audited as
 * `{entity: 'snapshot', action: 'save'}`. Throws NotFoundError when the program is not stored.
 */
export async function saveSnapshot(conn: Conn, programId: string, snapshot: Snapshot, change: Change): Promise<SnapshotRecord> {
  return transact(conn, async (t) => {
    if (!(await lockProgram(t, programId))) throw new NotFoundError('program', programId);
    const [prior] = await t.db.select().from(snapshots).where(and(eq(snapshots.programId, programId), eq(snapshots.id, snapshot.id)));
    const values = { takenAt: snapshot.takenAt, statusDate: snapshot.statusDate, label: snapshot.label ?? null, version: (prior?.version ?? 0) + 1, data: snapshot };
    if (prior) await t.db.update(snapshots).set(values).where(and(eq(snapshots.programId, programId), eq(snapshots.id, snapshot.id)));
    else await t.db.insert(snapshots).values({ programId, id: snapshot.id, ...values });
    const summary = (s: Snapshot) => ({ id: s.id, statusDate: s.statusDate, takenAt: s.takenAt, label: s.label ?? null, planned: s.planned });
    await recordAudit(t, programId, { entity: 'snapshot', entityId: snapshot.id, action: 'save', before: prior ? summary(prior.data as Snapshot) : null, after: summary(snapshot) }, change);
    const [row] = await t.db.select().from(snapshots).where(and(eq(snapshots.programId, programId), eq(snapshots.id, snapshot.id)));
    return snapshotRecord(row!);
  });
}

/** A program's snapshots, oldest first (by `takenAt`, then id). */
export async function listSnapshots(conn: Conn, programId: string, options: { baselinesOnly?: boolean } = {}): Promise<SnapshotRecord[]> {
  const where = options.baselinesOnly ? and(eq(snapshots.programId, programId), eq(snapshots.baseline, true)) : eq(snapshots.programId, programId);
  const rows = await conn.db.select().from(snapshots).where(where).orderBy(asc(snapshots.takenAt), asc(snapshots.id));
  return rows.map(snapshotRecord);
}

/** One snapshot, or undefined. */
export async function getSnapshot(conn: Conn, programId: string, id: string): Promise<SnapshotRecord | undefined> {
  const [row] = await conn.db.select().from(snapshots).where(and(eq(snapshots.programId, programId), eq(snapshots.id, id)));
  return row ? snapshotRecord(row) : undefined;
}

/**
 * Marks snapshot `id` as the baseline called `name` (a name is unique per program: it moves from the snapshot that
 * had it). Audited as `{entity: 'snapshot', action: 'baseline'}`. Throws NotFoundError when there is no such snapshot.
 */
export async function markBaseline(conn: Conn, programId: string, id: string, name: string, change: Change): Promise<SnapshotRecord> {
  return transact(conn, async (t) => {
    const prior = await getSnapshot(t, programId, id);
    if (!prior) throw new NotFoundError('snapshot', `${programId}/${id}`);
    const [holder] = await t.db
      .select()
      .from(snapshots)
      .where(and(eq(snapshots.programId, programId), eq(snapshots.baselineName, name)));
    if (holder && holder.id !== id) {
      await t.db
        .update(snapshots)
        .set({ baseline: false, baselineName: null, version: holder.version + 1 })
        .where(and(eq(snapshots.programId, programId), eq(snapshots.id, holder.id)));
    }
    await t.db
      .update(snapshots)
      .set({ baseline: true, baselineName: name, version: prior.version + 1 })
      .where(and(eq(snapshots.programId, programId), eq(snapshots.id, id)));
    await recordAudit(
      t,
      programId,
      { entity: 'snapshot', entityId: id, action: 'baseline', before: { baseline: prior.baselineName ?? null, movedFrom: holder && holder.id !== id ? holder.id : null }, after: { baseline: name } },
      change,
    );
    return (await getSnapshot(t, programId, id))!;
  });
}

// --- audit ---------------------------------------------------------------------------------------------------------

/** Appends one audit row. Every write function here calls it; a service composing writes may add its own. */
export async function recordAudit(conn: Conn, programId: string | null, a: AuditInput, change: Change): Promise<void> {
  await conn.db.insert(auditLog).values({
    at: at(change),
    actor: change.actor,
    programId,
    entity: a.entity,
    entityId: a.entityId,
    action: a.action,
    before: a.before ?? null,
    after: a.after ?? null,
  });
}

/**
 * The newest audit row of one entity of a program (e.g. section `items`, id `PAY-2`): who changed it last and when,
 * for a 409's "changed by X just now". Undefined when the log has none.
 */
export async function lastAuditOf(conn: Conn, programId: string, entity: string, entityId: string): Promise<AuditRecord | undefined> {
  const [r] = await conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.programId, programId), eq(auditLog.entity, entity), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (!r) return undefined;
  return { id: r.id, at: iso(r.at), actor: r.actor, entity: r.entity, entityId: r.entityId, action: r.action, before: r.before, after: r.after, programId };
}

/**
 * The audit log, oldest first: of one program when `programId` is given, after row `afterId` (for paging and live
 * feeds), at most `limit` rows (default 1000).
 */
export async function listAudit(conn: Conn, options: { programId?: string; afterId?: number; limit?: number; newestFirst?: boolean } = {}): Promise<AuditRecord[]> {
  const conditions: SQL[] = [];
  if (options.programId !== undefined) conditions.push(eq(auditLog.programId, options.programId));
  if (options.afterId !== undefined) conditions.push(gt(auditLog.id, options.afterId));
  const rows = await conn.db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(options.newestFirst ? desc(auditLog.id) : asc(auditLog.id))
    .limit(options.limit ?? 1000);
  return rows.map((r) => {
    const rec: AuditRecord = { id: r.id, at: iso(r.at), actor: r.actor, entity: r.entity, entityId: r.entityId, action: r.action, before: r.before, after: r.after };
    const programId = opt(r.programId);
    if (programId !== undefined) rec.programId = programId;
    return rec;
  });
}
