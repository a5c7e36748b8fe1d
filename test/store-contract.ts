/**
 * The store contract, written once and run against every driver (src/store/store.db.test.ts): PGlite always, a real
 * PostgreSQL server through describePg (skipped loudly when there is none, required in CI). Each test uses its own
 * program ids, so the tests share one store per driver (opening PGlite costs seconds).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Snapshot } from '../src/model/snapshot.js';
import { createEntry, deleteEntry, exportPortfolio, exportProgram, importPortfolio, importProgram, updateEntry } from '../src/service/programs.js';
import { EditError } from '../src/io/yaml/edit.js';
import { ConflictError, NotFoundError } from '../src/store/errors.js';
import { migrate } from '../src/store/migrate.js';
import type { Store } from '../src/store/open.js';
import {
  getEntry,
  getProgram,
  getSnapshot,
  listAudit,
  listEntries,
  listPrograms,
  listSnapshots,
  markBaseline,
  saveSnapshot,
  transact,
  writeProgram,
  type EntryRecord,
} from '../src/store/repository.js';
import { SECTIONS } from '../src/store/schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const example = (path: string): string => readFileSync(join(root, 'examples', path), 'utf8');

export const CHECKOUT = example('checkout.vantage.yaml');
const LOYALTY = example('loyalty.vantage.yaml');
const FLOW = example('flow/team-flow.vantage.yaml');
const FLOW_CSV = example('flow/team-history.csv');
const ICS = example('ana.ics');
const PORTFOLIO = example('commerce.portfolio.yaml');

const ACTOR = { actor: 'ana', now: new Date('2026-11-25T09:00:00Z') };

/** A minimal valid program with `items` (raw file entries), as block YAML text. */
export function tinyProgram(id: string, items = 3): string {
  const lines = ['# a tiny program', 'vantage: 1', 'program: {id: ' + id + ', name: Tiny, start: 2027-01-04}', 'items:'];
  for (let i = 1; i <= items; i++) lines.push(`  - {id: T-${i}, title: Task ${i}, estimate: ${i}${i > 1 ? `, after: [T-${i - 1}]` : ''}}   # task ${i}`);
  return `${lines.join('\n')}\n`;
}

function snapshotOf(programId: string, id: string, statusDate: string): Snapshot {
  return {
    vantageSnapshot: 1,
    id,
    takenAt: `${statusDate}T10:00:00.000Z`,
    statusDate,
    program: { id: programId, name: 'Tiny', start: '2027-01-04', confidence: 0.85 },
    items: [{ id: 'T-1', title: 'Task 1', status: 'todo', must: false, estimateDays: 1, objectives: [] }],
    milestones: [],
    risks: [],
    objectives: [],
    decisions: [],
    planned: '2027-01-04',
    source: tinyProgram(programId, 1),
  };
}

/**
 * Registers the contract tests for one driver. `open` gives a fresh, migrated, empty store, or undefined when the
 * driver is unavailable here (the tests then report themselves skipped).
 */
export function storeContract(driver: string, open: () => Promise<Store | undefined>): void {
  describe(`store contract (${driver})`, () => {
    let store: Store | undefined;
    beforeAll(async () => {
      store = await open();
    }, 120_000);
    afterAll(async () => {
      await store?.close();
    });

    const test = (name: string, body: (s: Store) => Promise<void>) =>
      it(name, async (t) => {
        if (!store) {
          t.skip();
          return;
        }
        await body(store);
      }, 60_000);

    test('migrating again applies nothing', async (s) => {
      expect(await migrate(s.db)).toEqual([]);
    });

    test('every example program round-trips byte for byte, with one row per entry', async (s) => {
      for (const [text, file, files] of [
        [CHECKOUT, 'examples/checkout.vantage.yaml', [{ path: 'ana.ics', content: ICS }]],
        [LOYALTY, 'examples/loyalty.vantage.yaml', []],
        [FLOW, 'examples/flow/team-flow.vantage.yaml', [{ path: 'team-history.csv', content: FLOW_CSV }]],
      ] as const) {
        const r = await importProgram(s, { text, file, files: [...files], id: `rt-${file.split('/').pop()!.split('.')[0]}` }, ACTOR);
        expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
        if (!r.ok) return;
        const back = await exportProgram(s, r.program.id);
        expect(back.source).toBe(text);
        expect(back.files).toEqual([...files].sort((a, b) => a.path.localeCompare(b.path)));
      }
      const checkout = await listEntries(s, 'rt-checkout');
      const doc = parseYaml(CHECKOUT) as Record<string, unknown>;
      for (const section of SECTIONS) {
        const list = Array.isArray(doc[section]) ? (doc[section] as { id: string }[]) : [];
        expect(checkout.filter((e) => e.section === section).map((e) => e.entryId), section).toEqual(list.map((e) => String(e.id)));
      }
      expect(checkout.filter((e) => e.section === 'history').length).toBeGreaterThan(0);
      expect(checkout.find((e) => e.section === 'items' && e.entryId === 'PAY-2')?.data).toMatchObject({ id: 'PAY-2', estimate: { low: 8, likely: 12, high: 25 }, after: ['PAY-1', 'CMP-1'] });
      const program = await getProgram(s, 'rt-checkout');
      expect(program?.info).toMatchObject({ id: 'checkout-revamp', name: 'Checkout revamp' });
      expect(program?.time).toMatchObject({ calendars: ['ana.ics'] });
      // A CSV history becomes rows too: 1,142 finished items of the flow example.
      const flowHistory = await listEntries(s, 'rt-team-flow', 'history');
      expect(flowHistory.length).toBe(FLOW_CSV.trim().split('\n').length - 1);
      expect(flowHistory[0]).toMatchObject({ entryId: 'P1-T9', position: 0, version: 1, data: { id: 'P1-T9', finished: '2015-02-05' } });
      expect((await getProgram(s, 'rt-team-flow'))?.historyFile).toBe('team-history.csv');
    });

    test('the example portfolio round-trips with its programs, all in one transaction', async (s) => {
      const r = await importPortfolio(
        s,
        {
          text: PORTFOLIO,
          file: 'examples/commerce.portfolio.yaml',
          programs: [
            { path: 'checkout.vantage.yaml', file: 'examples/checkout.vantage.yaml', text: CHECKOUT, files: [{ path: 'ana.ics', content: ICS }] },
            { path: 'loyalty.vantage.yaml', file: 'examples/loyalty.vantage.yaml', text: LOYALTY },
          ],
        },
        ACTOR,
      );
      expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
      if (!r.ok) return;
      expect(r.portfolio.members).toEqual([
        { path: 'checkout.vantage.yaml', programId: 'checkout-revamp' },
        { path: 'loyalty.vantage.yaml', programId: 'loyalty' },
      ]);
      const back = await exportPortfolio(s, 'commerce');
      expect(back.source).toBe(PORTFOLIO);
      expect(back.programs.map((p) => [p.path, p.source])).toEqual([
        ['checkout.vantage.yaml', CHECKOUT],
        ['loyalty.vantage.yaml', LOYALTY],
      ]);
    });

    test('a portfolio whose member is invalid stores nothing, not even its valid programs', async (s) => {
      const before = await listPrograms(s);
      const auditBefore = await listAudit(s, { newestFirst: true, limit: 1 });
      const r = await importPortfolio(
        s,
        {
          text: 'vantage: 1\nportfolio: {id: broken-pf, name: B}\nprograms: [a.yaml, b.yaml]\n',
          file: 'broken.portfolio.yaml',
          programs: [
            { path: 'a.yaml', file: 'a.yaml', text: tinyProgram('pf-a') },
            { path: 'b.yaml', file: 'b.yaml', text: tinyProgram('pf-b').replace('after: [T-1]', 'after: [T-99]') },
          ],
        },
        ACTOR,
      );
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ code: 'unknown-ref', file: 'b.yaml', line: 6 });
      expect(await listPrograms(s)).toEqual(before);
      expect(await listAudit(s, { newestFirst: true, limit: 1 })).toEqual(auditBefore);
    });

    test('an invalid file imports nothing and says where the problem is', async (s) => {
      const before = await listPrograms(s);
      const r = await importProgram(s, { text: tinyProgram('bad-1').replace('estimate: 2', 'estimate: soon'), file: 'bad.vantage.yaml' }, ACTOR);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 'bad.vantage.yaml', line: 6 });
      expect(await getProgram(s, 'bad-1')).toBeUndefined();
      expect(await listPrograms(s)).toEqual(before);
      const missingCsv = await importProgram(s, { text: FLOW, file: 'team-flow.vantage.yaml', id: 'no-csv' }, ACTOR);
      expect(missingCsv.ok).toBe(false);
      if (!missingCsv.ok) expect(missingCsv.diagnostics.map((d) => d.code)).toContain('history-file-missing');
    });

    test('re-importing replaces as a new version: changed entries get a new version, the rest keep theirs', async (s) => {
      const first = await importProgram(s, { text: tinyProgram('re-1'), file: 't.vantage.yaml' }, ACTOR);
      expect(first.ok && first.created).toBe(true);
      const text2 = tinyProgram('re-1', 4).replace('title: Task 2', 'title: Task two');
      const second = await importProgram(s, { text: text2, file: 't.vantage.yaml' }, { actor: 'bo' });
      expect(second.ok && !second.created && second.program.version).toBe(2);
      const versions = Object.fromEntries((await listEntries(s, 're-1', 'items')).map((e) => [e.entryId, e.version]));
      expect(versions).toEqual({ 'T-1': 1, 'T-2': 2, 'T-3': 1, 'T-4': 1 });
      expect((await exportProgram(s, 're-1')).source).toBe(text2);
      const audit = await listAudit(s, { programId: 're-1' });
      expect(audit.map((a) => [a.actor, a.entity, a.action])).toEqual([
        ['ana', 'program', 'import'],
        ['bo', 'program', 'replace'],
      ]);
      expect(audit[1]!.before).toEqual({ version: 1, source: tinyProgram('re-1') });
      expect(audit[1]!.after).toMatchObject({ version: 2, source: text2, entries: { created: ['items/T-4'], updated: ['items/T-2'], deleted: [] } });
      expect(audit[0]!.at).toBe('2026-11-25T09:00:00.000Z');
      // Conditional replace: a stale program version is refused with the current program.
      const stale = importProgram(s, { text: tinyProgram('re-1'), file: 't.vantage.yaml' }, ACTOR, { expectedVersion: 1 });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({ current: { id: 're-1', version: 2 } });
    });

    test('updating an entry edits only its text, bumps its version and audits before and after', async (s) => {
      await importProgram(s, { text: tinyProgram('ed-1'), file: 'ed.vantage.yaml' }, ACTOR);
      const r = await updateEntry(s, 'ed-1', 'items', 'T-2', { title: 'Task 2, renamed', estimate: '2w', after: ['T-1'] }, { actor: 'cy' }, 1);
      expect(r.ok, JSON.stringify(!r.ok && r.diagnostics)).toBe(true);
      if (!r.ok) return;
      expect(r.entry).toMatchObject({ entryId: 'T-2', version: 2, position: 1, data: { id: 'T-2', title: 'Task 2, renamed', estimate: '2w' } });
      expect(r.program.version).toBe(2);
      const source = (await exportProgram(s, 'ed-1')).source;
      expect(source).toBe(tinyProgram('ed-1').replace('{id: T-2, title: Task 2, estimate: 2, after: [T-1]}', '{id: T-2, title: "Task 2, renamed", estimate: 2w, after: [T-1]}'));
      const [audit] = await listAudit(s, { programId: 'ed-1', newestFirst: true, limit: 1 });
      expect(audit).toMatchObject({ actor: 'cy', entity: 'items', entityId: 'T-2', action: 'update', before: { title: 'Task 2' }, after: { title: 'Task 2, renamed', estimate: '2w' } });
    });

    test('a stale update throws ConflictError carrying the current entry, and writes nothing', async (s) => {
      await importProgram(s, { text: tinyProgram('cf-1'), file: 'cf.vantage.yaml' }, ACTOR);
      await updateEntry(s, 'cf-1', 'items', 'T-1', { title: 'First writer' }, { actor: 'a' }, 1);
      const sourceBefore = (await exportProgram(s, 'cf-1')).source;
      const auditBefore = await listAudit(s, { programId: 'cf-1' });
      let conflict: ConflictError<EntryRecord> | undefined;
      try {
        await updateEntry(s, 'cf-1', 'items', 'T-1', { title: 'Second writer' }, { actor: 'b' }, 1);
      } catch (e) {
        conflict = e as ConflictError<EntryRecord>;
      }
      expect(conflict).toBeInstanceOf(ConflictError);
      expect(conflict!.current).toMatchObject({ entryId: 'T-1', version: 2, data: { title: 'First writer' } });
      expect((await exportProgram(s, 'cf-1')).source).toBe(sourceBefore);
      expect(await listAudit(s, { programId: 'cf-1' })).toEqual(auditBefore);
    });

    test('two clients updating one entry at once: one wins, the other gets a conflict, the winner is kept', async (s) => {
      await importProgram(s, { text: tinyProgram('race-1'), file: 'race.vantage.yaml' }, ACTOR);
      const results = await Promise.allSettled([
        updateEntry(s, 'race-1', 'items', 'T-3', { title: 'From A', estimate: 3, after: ['T-2'] }, { actor: 'a' }, 1),
        updateEntry(s, 'race-1', 'items', 'T-3', { title: 'From B', estimate: 3, after: ['T-2'] }, { actor: 'b' }, 1),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won.length).toBe(1);
      expect(lost.length).toBe(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      const winner = results[0]!.status === 'fulfilled' ? 'From A' : 'From B';
      expect((await getEntry(s, 'race-1', 'items', 'T-3'))?.data.title).toBe(winner);
      expect((await exportProgram(s, 'race-1')).source).toContain(`title: ${winner}`);
    });

    test('concurrent edits of different entries both land (no lost update of the shared text)', async (s) => {
      await importProgram(s, { text: tinyProgram('par-1', 6), file: 'par.vantage.yaml' }, ACTOR);
      await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) => updateEntry(s, 'par-1', 'items', `T-${i}`, { title: `Edited ${i}`, estimate: i, ...(i > 1 ? { after: [`T-${i - 1}`] } : {}) }, { actor: `u${i}` }, 1)),
      );
      const source = (await exportProgram(s, 'par-1')).source;
      for (let i = 1; i <= 6; i++) expect(source).toContain(`title: Edited ${i}`);
      expect((await getProgram(s, 'par-1'))?.version).toBe(7);
    });

    test('an invalid edit writes nothing: rows, source and audit stay as they were', async (s) => {
      await importProgram(s, { text: tinyProgram('inv-1'), file: 'inv.vantage.yaml' }, ACTOR);
      const rows = await listEntries(s, 'inv-1');
      const program = await getProgram(s, 'inv-1');
      const audit = await listAudit(s, { programId: 'inv-1' });
      const r = await updateEntry(s, 'inv-1', 'items', 'T-2', { title: 'x', after: ['NOPE-1'] }, ACTOR, 1);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ code: 'unknown-ref', file: 'inv.vantage.yaml', line: 6 });
      const del = await deleteEntry(s, 'inv-1', 'items', 'T-1', ACTOR); // T-2 depends on it
      expect(del.ok).toBe(false);
      const dup = await createEntry(s, 'inv-1', 'items', { id: 'T-1', title: 'again' }, ACTOR);
      expect(dup.ok).toBe(false);
      if (!dup.ok) expect(dup.diagnostics.map((d) => d.code)).toContain('duplicate-id');
      expect(await listEntries(s, 'inv-1')).toEqual(rows);
      expect(await getProgram(s, 'inv-1')).toEqual(program);
      expect(await listAudit(s, { programId: 'inv-1' })).toEqual(audit);
    });

    test('create and delete move positions, keep other versions and are audited', async (s) => {
      await importProgram(s, { text: tinyProgram('cd-1'), file: 'cd.vantage.yaml' }, ACTOR);
      const created = await createEntry(s, 'cd-1', 'risks', { id: 'R1', title: 'Vendor slips', probability: 0.3, impact: { days: 5, items: ['T-2'] } }, ACTOR);
      expect(created.ok && created.entry).toMatchObject({ section: 'risks', entryId: 'R1', version: 1, position: 0 });
      const gone = await deleteEntry(s, 'cd-1', 'items', 'T-3', ACTOR, 1);
      expect(gone.ok && gone.entry).toBe(undefined);
      // Removing the first of a list moves the others up.
      await createEntry(s, 'cd-1', 'risks', { id: 'R2', title: 'second' }, ACTOR);
      await createEntry(s, 'cd-1', 'risks', { id: 'R3', title: 'third' }, ACTOR);
      expect((await deleteEntry(s, 'cd-1', 'risks', 'R2', ACTOR)).ok).toBe(true);
      expect((await listEntries(s, 'cd-1', 'risks')).map((e) => [e.entryId, e.position])).toEqual([
        ['R1', 0],
        ['R3', 1],
      ]);
      expect((await deleteEntry(s, 'cd-1', 'risks', 'R3', ACTOR)).ok).toBe(true);
      const items = await listEntries(s, 'cd-1', 'items');
      expect(items.map((e) => [e.entryId, e.position, e.version])).toEqual([
        ['T-1', 0, 1],
        ['T-2', 1, 1],
      ]);
      const source = (await exportProgram(s, 'cd-1')).source;
      expect(source).toBe(`${tinyProgram('cd-1').replace(/ {2}- \{id: T-3.*\n/, '')}risks:\n  - {id: R1, title: Vendor slips, probability: 0.3, impact: {days: 5, items: [T-2]}}\n`);
      const audit = await listAudit(s, { programId: 'cd-1' });
      expect(audit.slice(1, 3).map((a) => [a.entity, a.entityId, a.action, a.before === null, a.after === null])).toEqual([
        ['risks', 'R1', 'create', true, false],
        ['items', 'T-3', 'delete', false, true],
      ]);
      await expect(updateEntry(s, 'cd-1', 'items', 'T-3', { title: 'x' }, ACTOR)).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateEntry(s, 'nope', 'items', 'T-3', { title: 'x' }, ACTOR)).rejects.toBeInstanceOf(NotFoundError);
    });

    test('edits the text cannot take are refused with EditError: CSV history, a changed id', async (s) => {
      await importProgram(s, { text: FLOW, file: 'team-flow.vantage.yaml', id: 'csv-1', files: [{ path: 'team-history.csv', content: FLOW_CSV }] }, ACTOR);
      await expect(updateEntry(s, 'csv-1', 'history', 'P1-T9', { type: 'bug' }, ACTOR)).rejects.toThrow(/read from team-history.csv/);
      await expect(updateEntry(s, 'csv-1', 'items', 'RP-1', { id: 'RP-100', title: 'x' }, ACTOR)).rejects.toBeInstanceOf(EditError);
      expect((await getProgram(s, 'csv-1'))?.version).toBe(1);
    });

    test('property: after any sequence of entry edits, the rows are what a fresh import of the text gives', async (s) => {
      const op = fc.oneof(
        fc.record({ kind: fc.constant('create' as const), n: fc.integer({ min: 1, max: 9 }), title: fc.string({ maxLength: 12 }) }),
        fc.record({ kind: fc.constant('update' as const), n: fc.integer({ min: 1, max: 9 }), title: fc.string({ maxLength: 12 }) }),
        fc.record({ kind: fc.constant('delete' as const), n: fc.integer({ min: 1, max: 9 }) }),
      );
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
          const id = `prop-${run++}`;
          // Risks without references, so any create, update or delete is valid.
          const text = `vantage: 1\nprogram: {id: ${id}, name: P, start: 2027-01-04}\nrisks:\n  - {id: R1, title: one}   # first\n  - id: R2\n    title: two\n`;
          await importProgram(s, { text, file: 'p.vantage.yaml' }, ACTOR);
          for (const o of ops) {
            const present = new Set((await listEntries(s, id, 'risks')).map((e) => e.entryId));
            const rid = `R${o.n}`;
            if (o.kind === 'create' && !present.has(rid)) expect((await createEntry(s, id, 'risks', { id: rid, title: o.title }, ACTOR)).ok).toBe(true);
            if (o.kind === 'update' && present.has(rid)) expect((await updateEntry(s, id, 'risks', rid, { title: o.title }, ACTOR)).ok).toBe(true);
            if (o.kind === 'delete' && present.has(rid)) expect((await deleteEntry(s, id, 'risks', rid, ACTOR)).ok).toBe(true);
          }
          const source = (await exportProgram(s, id)).source;
          await importProgram(s, { text: source, file: 'p.vantage.yaml', id: `${id}-fresh` }, ACTOR);
          const shape = (rows: EntryRecord[]) => rows.map((e) => [e.section, e.entryId, e.position, e.data]);
          expect(shape(await listEntries(s, id))).toEqual(shape(await listEntries(s, `${id}-fresh`)));
        }),
        { numRuns: 15 },
      );
    });

    test('a failure inside a transaction leaves no trace of it', async (s) => {
      await expect(
        transact(s, async (t) => {
          await importProgram(t, { text: tinyProgram('tx-1'), file: 'tx.vantage.yaml' }, ACTOR);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await getProgram(s, 'tx-1')).toBeUndefined();
      expect(await listAudit(s, { programId: 'tx-1' })).toEqual([]);
    });

    test('snapshots and baselines are stored per program and audited', async (s) => {
      await importProgram(s, { text: tinyProgram('sn-1', 1), file: 'sn.vantage.yaml' }, ACTOR);
      await saveSnapshot(s, 'sn-1', snapshotOf('sn-1', '2026-11-01T100000Z', '2026-11-01'), ACTOR);
      await saveSnapshot(s, 'sn-1', { ...snapshotOf('sn-1', '2026-11-08T100000Z', '2026-11-08'), label: 'kickoff' }, ACTOR);
      expect((await listSnapshots(s, 'sn-1')).map((x) => [x.id, x.label, x.baseline])).toEqual([
        ['2026-11-01T100000Z', undefined, false],
        ['2026-11-08T100000Z', 'kickoff', false],
      ]);
      await markBaseline(s, 'sn-1', '2026-11-01T100000Z', 'original', ACTOR);
      const moved = await markBaseline(s, 'sn-1', '2026-11-08T100000Z', 'original', ACTOR);
      expect(moved).toMatchObject({ baseline: true, baselineName: 'original', version: 2 });
      expect((await listSnapshots(s, 'sn-1', { baselinesOnly: true })).map((x) => x.id)).toEqual(['2026-11-08T100000Z']);
      expect((await getSnapshot(s, 'sn-1', '2026-11-01T100000Z'))?.snapshot).toEqual(snapshotOf('sn-1', '2026-11-01T100000Z', '2026-11-01'));
      const audit = (await listAudit(s, { programId: 'sn-1' })).filter((a) => a.entity === 'snapshot');
      expect(audit.map((a) => a.action)).toEqual(['save', 'save', 'baseline', 'baseline']);
      expect(audit[3]!.before).toEqual({ baseline: null, movedFrom: '2026-11-01T100000Z' });
      await expect(saveSnapshot(s, 'no-such', snapshotOf('no-such', 'x', '2026-11-01'), ACTOR)).rejects.toBeInstanceOf(NotFoundError);
    });

    test('writeProgram refuses a stale expected version with the current program', async (s) => {
      const w = { id: 'wp-1', name: 'W', fileName: 'w.yaml', source: 'x', info: {}, entries: [] };
      await writeProgram(s, w, ACTOR, { expectedVersion: 0 });
      await expect(writeProgram(s, w, ACTOR, { expectedVersion: 0 })).rejects.toMatchObject({ name: 'ConflictError', current: { id: 'wp-1', version: 1 } });
    });
  });
}
