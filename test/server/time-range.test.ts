/**
 * GET /api/programs/{id}/time over several weeks: `weeks=N` (the N ISO weeks ending with `week`) and `from`/`to`
 * give the same JSON as `vantage time --from --to`, and a bad mix of window parameters is a 400 that says why.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { EXAMPLES, useCheckoutHarness } from './harness.js';

const TODAY = '2026-11-25';
const P = '/api/programs/checkout-revamp';

describe('the time engine over a window of weeks', () => {
  const h = useCheckoutHarness();

  const cliTime = async (flags: string[]): Promise<unknown> => {
    const cli = await runCli(['--today', TODAY, 'time', `${EXAMPLES}/checkout.vantage.yaml`, ...flags, '--format', 'json']);
    expect(cli.code, cli.err).toBe(0);
    return JSON.parse(cli.out);
  };

  it('answers from/to exactly as vantage time --from --to', async () => {
    const res = await h.call(`${P}/time?from=2026-11-02&to=2026-11-29`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(await cliTime(['--from', '2026-11-02', '--to', '2026-11-29']));
    expect(res.body.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
  }, 60_000);

  it('answers weeks=N with the N ISO weeks ending with the status date week, or with week=', async () => {
    const four = await h.call(`${P}/time?weeks=4`);
    expect(four.status).toBe(200);
    expect(four.body.window).toMatchObject({ from: '2026-11-02', to: '2026-11-29' });
    expect(four.body).toEqual(await cliTime(['--from', '2026-11-02', '--to', '2026-11-29']));
    const ending = await h.call(`${P}/time?weeks=2&week=2026-W47`);
    expect(ending.status).toBe(200);
    expect(ending.body.window).toMatchObject({ from: '2026-11-09', to: '2026-11-22' });
    expect(ending.body.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W46', '2026-W47']);
  }, 60_000);

  it('still answers one week by default and for week=', async () => {
    const res = await h.call(`${P}/time`);
    expect(res.status).toBe(200);
    expect(res.body.window).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    expect(res.body.weeks).toHaveLength(1);
    expect((await h.call(`${P}/time?week=2026-W46`)).body.window).toMatchObject({ from: '2026-11-09', to: '2026-11-15' });
  }, 60_000);

  it('refuses a bad window with a 400 bad-request that says what to change', async () => {
    const cases: [string, RegExp][] = [
      ['from=2026-11-02', /from and to go together/],
      ['to=2026-11-02', /from and to go together/],
      ['from=2026-11-10&to=2026-11-02', /is before from/],
      ['from=2026-01-01&to=2027-06-01', /longer than a year/],
      ['from=2026-11-02&to=2026-11-29&week=2026-W47', /not both/],
      ['from=2026-11-02&to=2026-11-29&weeks=2', /not both/],
      ['from=2026-02-30&to=2026-03-02', /from must be a date/],
      ['weeks=0', /weeks must be a whole number from 1 to 53/],
      ['weeks=54', /weeks must be a whole number from 1 to 53/],
      ['weeks=two', /weeks must be a whole number/],
      ['week=2026-48', /week must be an ISO week/],
    ];
    for (const [query, message] of cases) {
      const res = await h.call(`${P}/time?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('bad-request');
      expect(res.body.error.message, query).toMatch(message);
    }
  }, 60_000);
});
