/**
 * What-if across programs (web/src/whatif/portfolio.ts): the programs read one by one, as GET /model sends them,
 * linked into a portfolio give what `vantage whatif examples/commerce.portfolio.yaml --format json` prints for the
 * same changes; a program one cannot read is left out with its links named in words; a slip of 0 moves nothing;
 * the page's client (web/src/whatif/portfolio-client.ts) over the real worker handler answers the newest run.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../src/io/yaml/load.js';
import type { Program } from '../../src/model/program.js';
import { runCli } from '../cli.js';
import type { WorkerLike } from '../../web/src/whatif/client.js';
import { scenarioHandler, type WorkerReply, type WorkerRequest } from '../../web/src/whatif/compute.js';
import { createPortfolioClient } from '../../web/src/whatif/portfolio-client.js';
import { buildPortfolio, computePortfolioScenario, preparePortfolio, type PortfolioMemberInput } from '../../web/src/whatif/portfolio.js';
import { parseScenario, whatIfParams, type WhatIfChange } from '../../web/src/whatif/scenario.js';
import { ROOT, TODAY } from './cockpit-server.js';

const EXAMPLES = join(ROOT, 'examples');

let checkout: Program;
let loyalty: Program;
beforeAll(async () => {
  const read = async (name: string): Promise<Program> => {
    const loaded = await loadFile(join(EXAMPLES, name));
    if (loaded.value?.kind !== 'program') throw new Error(`${name} did not load`);
    return JSON.parse(JSON.stringify(loaded.value.program)) as Program; // as the model endpoint sends it
  };
  checkout = await read('checkout.vantage.yaml');
  loyalty = await read('loyalty.vantage.yaml');
});

const both = (): PortfolioMemberInput[] => [
  { id: 'checkout-revamp', program: checkout },
  { id: 'loyalty', program: loyalty },
];

const changesOf = (text: string): WhatIfChange[] => {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.changes;
};

type CliJson = {
  milestones: { id: string; program: string; before: string; after: string; deltaDays: number }[];
  objectives: { id: string; program: string; deltaDays: number; atRisk: boolean }[];
  programs: { id: string; before: string; after: string; deltaDays: number }[];
  chains: string[][];
  moved: { items: string[] };
};

async function cliWhatIf(changes: WhatIfChange[]): Promise<CliJson> {
  const p = whatIfParams(changes);
  const flags = [...p.slip.flatMap((s) => ['--slip', s]), ...p.cut.flatMap((s) => ['--cut', s]), ...p.remove.flatMap((s) => ['--remove', s])];
  const run = await runCli(['--today', TODAY, 'whatif', join(EXAMPLES, 'commerce.portfolio.yaml'), ...flags, '--format', 'json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as CliJson;
}

describe('computePortfolioScenario agrees with vantage whatif on the commerce portfolio', () => {
  for (const scenario of ['slip:checkout-revamp/PAY-7:10', 'slip:checkout-revamp/WEB-3:5,cut:loyalty/LOY-2', 'remove:checkout-revamp/REL-3']) {
    it(scenario, async () => {
      const changes = changesOf(scenario);
      const cli = await cliWhatIf(changes);
      const ready = preparePortfolio(both(), TODAY);
      expect(ready.problems).toEqual([]);
      const answer = computePortfolioScenario(ready.prepared!, changes);
      expect(answer.errors).toEqual([]);
      // Every moved milestone, program by program, with the CLI's dates and delta.
      const shown = answer.programs.flatMap((p) => p.milestones.map((m) => [p.id, m.id, m.before, m.after, m.deltaDays]));
      const expected = cli.milestones.filter((m) => m.deltaDays !== 0).map((m) => [m.program, m.id, m.before, m.after, m.deltaDays]);
      expect(shown.sort()).toEqual(expected.sort());
      expect(answer.moves).toEqual({ milestones: expected.length, programs: new Set(expected.map((m) => m[0])).size });
      expect(answer.programs.map((p) => [p.id, p.finish.before, p.finish.after, p.finish.deltaDays])).toEqual(cli.programs.map((p) => [p.id, p.before, p.after, p.deltaDays]));
      const objectives = answer.programs.flatMap((p) => p.objectives.map((o) => [p.id, o.id, o.deltaDays, o.atRisk]));
      expect(objectives.sort()).toEqual(cli.objectives.filter((o) => o.deltaDays !== 0).map((o) => [o.program, o.id, o.deltaDays, o.atRisk]).sort());
      expect(answer.programs.flatMap((p) => p.items.map((i) => `${p.id}/${i.id}`)).sort()).toEqual([...cli.moved.items].sort());
      expect(answer.result.chains).toEqual(cli.chains);
    });
  }

  it('slip checkout-revamp/PAY-7 by 10: moves ga and loyalty-launch by 10 d, and names the chain across programs', () => {
    const ready = preparePortfolio(both(), TODAY);
    const answer = computePortfolioScenario(ready.prepared!, changesOf('slip:checkout-revamp/PAY-7:10'));
    const loy = answer.programs.find((p) => p.id === 'loyalty')!;
    expect(loy.milestones).toEqual([expect.objectContaining({ id: 'loyalty-launch', before: '2027-02-11', after: '2027-02-26', deltaDays: 10, objectives: expect.arrayContaining(['retention']) })]);
    expect(answer.crossChains).toEqual([
      'checkout-revamp/PAY-7 +10 d → checkout-revamp/REL-3 +10 d → loyalty/LOY-7 +10 d → loyalty/loyalty-launch +10 d → objective retention',
    ]);
    // Each program's own timeline gets what it can show alone: checkout its slip, loyalty the knock-on on LOY-7.
    expect(answer.programs.map((p) => [p.id, p.localChanges])).toEqual([
      ['checkout-revamp', [{ kind: 'slip', id: 'PAY-7', days: 10 }]],
      ['loyalty', [{ kind: 'slip', id: 'LOY-7', days: 10 }]],
    ]);
  });
});

describe('edge cases', () => {
  it('a slip of 0 moves nothing', () => {
    const answer = computePortfolioScenario(preparePortfolio(both(), TODAY).prepared!, changesOf('slip:checkout-revamp/PAY-7:0'));
    expect(answer.moves).toEqual({ milestones: 0, programs: 0 });
    expect(answer.crossChains).toEqual([]);
    expect(answer.programs.every((p) => p.finish.deltaDays === 0 && p.items.length === 0)).toBe(true);
  });

  it('a program one cannot read is left out, each link to it named in words, and the rest still answers', () => {
    const ready = preparePortfolio([{ id: 'checkout-revamp', error: '403 Forbidden' }, { id: 'loyalty', program: loyalty }], TODAY);
    expect(ready.programs).toEqual(['loyalty']);
    expect(ready.problems[0]).toBe('checkout-revamp could not be read (403 Forbidden): it is left out');
    expect(ready.problems.slice(1).sort()).toEqual([
      'loyalty/LOY-4 waits on checkout-revamp/PAY-4, a program you cannot read here: that link is left out',
      'loyalty/LOY-5 waits on checkout-revamp/WEB-3, a program you cannot read here: that link is left out',
      'loyalty/LOY-7 waits on checkout-revamp/REL-3, a program you cannot read here: that link is left out',
    ]);
    const answer = computePortfolioScenario(ready.prepared!, changesOf('slip:loyalty/LOY-7:3'));
    expect(answer.programs.map((p) => p.id)).toEqual(['loyalty']);
    expect(answer.programs[0].milestones.find((m) => m.id === 'loyalty-launch')?.deltaDays).toBeGreaterThan(0);
    // An item of the missing program is an error in words, not a crash.
    expect(computePortfolioScenario(ready.prepared!, changesOf('slip:checkout-revamp/PAY-7:10')).errors).toEqual([expect.stringContaining("no item 'checkout-revamp/PAY-7'")]);
  });

  it('a link to an item its program does not have is left out; no readable program gives no portfolio', () => {
    const broken: Program = { ...loyalty, items: loyalty.items.map((it) => (it.id === 'LOY-4' ? { ...it, after: [...it.after, { id: 'PAY-99', program: 'checkout-revamp', lag: 0 }] } : it)) };
    const link = buildPortfolio([{ id: 'checkout-revamp', program: checkout }, { id: 'loyalty', program: broken }]);
    expect(link.portfolio?.programs.map((p) => p.program.id)).toEqual(['checkout-revamp', 'loyalty']);
    expect(link.problems).toEqual(['loyalty/LOY-4 waits on checkout-revamp/PAY-99, which checkout-revamp does not have: that link is left out']);
    expect(buildPortfolio([{ id: 'a', error: 'not found' }])).toEqual({ problems: ['a could not be read (not found): it is left out', 'no program could be read'] });
  });

  it('runs in the worker handler beside the program path', () => {
    const handle = scenarioHandler(() => 0);
    const ready = handle({ type: 'prepare-portfolio', programs: both(), today: TODAY });
    expect(ready).toMatchObject({ type: 'portfolio-ready', programs: ['checkout-revamp', 'loyalty'], problems: [] });
    const reply = handle({ type: 'run-portfolio', id: 7, changes: changesOf('slip:checkout-revamp/PAY-7:10') });
    expect(reply.type === 'portfolio-answer' && reply.id === 7 && reply.answer.moves).toEqual({ milestones: 4, programs: 2 });
    // The program path is unchanged: a run before any program is prepared says so.
    expect(handle({ type: 'run', id: 8, changes: [] })).toEqual({ type: 'error', id: 8, message: 'the what-if engine has no program yet' });
  });
});

/** A worker that answers a macrotask later from the real handler (as engine.worker.ts does). */
function handlerWorker(): WorkerLike {
  const handle = scenarioHandler(() => 0);
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(request: WorkerRequest) {
      const reply: WorkerReply = handle(request);
      setTimeout(() => w.onmessage?.({ data: reply }), 1);
    },
    terminate() {},
  };
  return w;
}

describe('createPortfolioClient', () => {
  it('prepares the portfolio, answers the newest run and calls an overtaken one superseded', async () => {
    const client = createPortfolioClient(both(), TODAY, handlerWorker());
    expect(await client.ready).toMatchObject({ programs: ['checkout-revamp', 'loyalty'], problems: [], items: checkout.items.length + loyalty.items.length });
    const first = client.run(changesOf('slip:checkout-revamp/PAY-7:3'));
    const second = client.run(changesOf('slip:checkout-revamp/PAY-7:10'));
    expect(await first).toEqual({ kind: 'superseded' });
    const last = await second;
    expect(last.kind === 'answer' && last.answer.programs.find((p) => p.id === 'loyalty')?.milestones.map((m) => [m.id, m.deltaDays])).toEqual([['loyalty-launch', 10]]);
    client.dispose();
  });

  it('with no readable program, is ready with the notes and refuses a run in words', async () => {
    const client = createPortfolioClient([{ id: 'loyalty', error: 'not found' }], TODAY, handlerWorker());
    expect(await client.ready).toMatchObject({ programs: [], problems: ['loyalty could not be read (not found): it is left out', 'no program could be read'] });
    await expect(client.run(changesOf('slip:loyalty/LOY-7:3'))).rejects.toThrow('the what-if engine has no portfolio yet');
  });
});
