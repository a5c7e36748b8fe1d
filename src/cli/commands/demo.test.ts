/** `vantage demo` is what `npm start` shows a new user: every step must run and say something. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

describe('vantage demo', () => {
  it('schedules, forecasts, lists risks, briefs, asks a what-if and a scope question on the demo, then the portfolio', async () => {
    const r = await runCli(['--today', '2026-11-25', 'demo']);
    expect(r.code).toBe(0);
    const sections = r.out.split('\n').filter((l) => l.startsWith('== '));
    expect(sections).toHaveLength(7);
    expect(r.out).toContain('Critical path: PAY-2 -> PAY-4');
    expect(r.out).toMatch(/85% likely by \d+ \w+ 2027/);
    expect(r.out).toMatch(/commitment-at-risk/);
    expect(r.out).toMatch(/Off track|At risk|On track/);
    expect(r.out).toContain('PAY-4 +10d');
    expect(r.out).toMatch(/Defer \d+ item/);
    expect(r.out).toContain('loyalty: 2026-11-02 ->');
  });
});
