/**
 * The what-if worker's core (web/src/whatif/compute.ts) gives what `vantage whatif --format json` prints for the same
 * changes on the checkout example, from the program as GET /model sends it (JSON); and the page's client
 * (web/src/whatif/client.ts) lets the latest request win.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../src/io/yaml/load.js';
import type { Program } from '../../src/model/program.js';
import { runCli } from '../cli.js';
import { computeScenario, prepareScenario, scenarioHandler, type WorkerReply, type WorkerRequest } from '../../web/src/whatif/compute.js';
import { createWhatIfClient, type WorkerLike } from '../../web/src/whatif/client.js';
import { parseScenario, whatIfParams, type WhatIfChange } from '../../web/src/whatif/scenario.js';

const TODAY = '2026-11-25';
const FILE = join(import.meta.dirname, '..', '..', 'examples', 'checkout.vantage.yaml');

let program: Program;
beforeAll(async () => {
  const loaded = await loadFile(FILE);
  if (loaded.value?.kind !== 'program') throw new Error('checkout example did not load');
  program = JSON.parse(JSON.stringify(loaded.value.program)) as Program; // as the model endpoint sends it
});

const changesOf = (text: string): WhatIfChange[] => {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.changes;
};

async function cliWhatIf(changes: WhatIfChange[]) {
  const p = whatIfParams(changes);
  const flags = [...p.slip.flatMap((s) => ['--slip', s]), ...p.cut.flatMap((s) => ['--cut', s]), ...p.remove.flatMap((s) => ['--remove', s]), ...p.capacity.flatMap((s) => ['--capacity', s])];
  const run = await runCli(['--today', TODAY, 'whatif', FILE, ...flags, '--format', 'json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as { milestones: { id: string; after: string; deltaDays: number }[]; objectives: { id: string; deltaDays: number; atRisk: boolean }[]; program: { after: string; deltaDays: number }; chainText: string[] };
}

describe('computeScenario agrees with vantage whatif --format json', () => {
  for (const scenario of ['slip:PAY-2:5', 'slip:PAY-4:10,cut:WEB-5', 'cut:PAY-7', 'capacity:bo:+1', 'capacity:backend:+1,slip:WEB-3:3', 'slip:PAY-2:-2']) {
    it(scenario, async () => {
      const changes = changesOf(scenario);
      const cli = await cliWhatIf(changes);
      const { result } = computeScenario(prepareScenario(program, TODAY), changes);
      expect(result.milestones.map((m) => [m.id, m.after, m.deltaDays])).toEqual(cli.milestones.map((m) => [m.id, m.after, m.deltaDays]));
      expect(result.objectives.map((o) => [o.id, o.deltaDays, o.atRisk])).toEqual(cli.objectives.map((o) => [o.id, o.deltaDays, o.atRisk]));
      expect([result.program.after, result.program.deltaDays]).toEqual([cli.program.after, cli.program.deltaDays]);
      expect(result.chainText).toEqual(cli.chainText);
    });
  }

  it('moves the critical-path milestones for a slip on PAY-2 and draws the moved bars at their new dates', async () => {
    const prepared = prepareScenario(program, TODAY);
    const answer = computeScenario(prepared, changesOf('slip:PAY-2:5'));
    expect(answer.result.milestones.find((m) => m.id === 'vault-live')).toMatchObject({ before: '2027-01-07', after: '2027-01-14', deltaDays: 5 });
    // PAY-2 itself and PAY-4 after it moved; PAY-1 (done) did not.
    const before = new Map(prepared.before.items.map((i) => [i.id, i]));
    expect(answer.bars['PAY-2'].start).toBe(before.get('PAY-2')!.start);
    expect(answer.bars['PAY-2'].finish > before.get('PAY-2')!.finish).toBe(true);
    expect(answer.bars['PAY-4'].start > before.get('PAY-4')!.start).toBe(true);
    expect(answer.bars['PAY-1']).toBeUndefined();
    expect(Object.keys(answer.bars).sort()).toEqual([...answer.result.moved.items].sort());
  });

  it('reports a change it cannot apply as a diagnostic, as the CLI refuses it', () => {
    const { result } = computeScenario(prepareScenario(program, TODAY), changesOf('slip:PAY-1:3'));
    expect(result.diagnostics.map((d) => d.message)).toContain('cannot slip PAY-1: it is done');
  });

  it('answers prepare then run through the worker handler, and an error before prepare', () => {
    let t = 0;
    const handle = scenarioHandler(() => (t += 5));
    expect(handle({ type: 'run', id: 1, changes: [] })).toEqual({ type: 'error', id: 1, message: 'the what-if engine has no program yet' });
    expect(handle({ type: 'prepare', program, today: TODAY })).toMatchObject({ type: 'ready', items: program.items.length, prepareMs: 5 });
    const reply = handle({ type: 'run', id: 2, changes: changesOf('slip:PAY-2:5') });
    expect(reply.type === 'answer' && reply.answer.result.milestones.find((m) => m.id === 'ga')?.deltaDays).toBe(5);
  });
});

/** A worker that answers asynchronously (a macrotask later) from the real handler, counting runs. */
function fakeWorker(): WorkerLike & { runs: number[] } {
  const handle = scenarioHandler(() => 0);
  const w: WorkerLike & { runs: number[] } = {
    runs: [],
    onmessage: null,
    onerror: null,
    postMessage(request: WorkerRequest) {
      if (request.type === 'run') w.runs.push(request.id);
      const reply: WorkerReply = handle(request);
      setTimeout(() => w.onmessage?.({ data: reply }), 1);
    },
    terminate() {},
  };
  return w;
}

describe('createWhatIfClient', () => {
  it('lets the latest request win: the one waiting is superseded, never sent, and the newest is answered', async () => {
    const worker = fakeWorker();
    const client = createWhatIfClient(program, TODAY, worker);
    await client.ready;
    const first = client.run(changesOf('slip:PAY-2:1'));
    const second = client.run(changesOf('slip:PAY-2:2'));
    const third = client.run(changesOf('slip:PAY-2:3'));
    expect(await second).toEqual({ kind: 'superseded' });
    // The first was already in the worker: its answer is overtaken by the third, so it is superseded too.
    expect(await first).toEqual({ kind: 'superseded' });
    const last = await third;
    expect(last.kind).toBe('answer');
    if (last.kind === 'answer') expect(last.answer.result.milestones.find((m) => m.id === 'vault-live')?.deltaDays).toBe(3);
    expect(worker.runs).toEqual([1, 3]); // request 2 never reached the worker
    client.dispose();
  });

  it('queues a request made before the worker is ready and sends it when it is', async () => {
    const worker = fakeWorker();
    const client = createWhatIfClient(program, TODAY, worker);
    const outcome = await client.run(changesOf('cut:PAY-7'));
    expect(outcome.kind).toBe('answer');
  });

  it('rejects with the worker\'s message when preparing fails', async () => {
    const worker = fakeWorker();
    const client = createWhatIfClient({ ...program, items: null } as unknown as Program, TODAY, worker);
    await expect(client.ready).rejects.toThrow(/./);
    await expect(client.run([])).rejects.toThrow(/./);
  });
});
