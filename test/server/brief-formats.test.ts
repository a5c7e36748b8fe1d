/**
 * GET /api/programs/{id}/brief?format=…: every format the CLI renders, as `{ format, audience, content }` with content
 * exactly what `vantage brief FILE --format FORMAT` prints (the CLI's renderBrief), for the same program, status date
 * and seed; the default JSON unchanged; a format it does not know is a 400 naming the choices.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { EXAMPLES, useCheckoutHarness } from './harness.js';

const TODAY = '2026-11-25';
const P = '/api/programs/checkout-revamp';
const FILE = `${EXAMPLES}/checkout.vantage.yaml`;

async function cliBrief(flags: string[]): Promise<string> {
  const cli = await runCli(['--today', TODAY, 'brief', FILE, ...flags]);
  expect(cli.code, cli.err).toBe(0);
  return cli.out.replaceAll(`${EXAMPLES}/`, '');
}

describe('the brief over HTTP in every format', () => {
  const h = useCheckoutHarness();

  it('answers md, html, slack and text as the CLI renders them, for both audiences', async () => {
    const cases: [string, string][] = [['md', 'exec'], ['html', 'exec'], ['slack', 'exec'], ['text', 'exec'], ['md', 'eng'], ['slack', 'eng']];
    for (const [format, audience] of cases) {
      const res = await h.call(`${P}/brief?format=${format}&audience=${audience}&seed=3`);
      expect(res.status, `${format}/${audience}`).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['audience', 'content', 'format']);
      expect(res.body.format).toBe(format);
      expect(res.body.audience).toBe(audience);
      expect(res.body.content, `${format}/${audience}`).toBe(await cliBrief(['--format', format, '--audience', audience, '--seed', '3']));
    }
  }, 180_000);

  it('sends Slack content as the Block Kit payload in JSON text, and eng md carries the critical path', async () => {
    const slack = await h.call(`${P}/brief?format=slack`);
    const payload = JSON.parse(slack.body.content as string) as { blocks: unknown[] };
    expect(Array.isArray(payload.blocks)).toBe(true);
    expect(payload.blocks.length).toBeGreaterThan(1);
    const exec = await h.call(`${P}/brief?format=md`);
    const eng = await h.call(`${P}/brief?format=md&audience=eng`);
    expect(eng.body.content).toMatch(/critical path/i);
    expect(exec.body.content).not.toBe(eng.body.content);
  }, 60_000);

  it('keeps the JSON brief unchanged: the default and format=json are the CLI JSON', async () => {
    const cli = JSON.parse(await cliBrief(['--format', 'json'])) as unknown;
    const plain = await h.call(`${P}/brief`);
    const json = await h.call(`${P}/brief?format=json`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(cli);
    expect(json.body).toEqual(cli);
  }, 60_000);

  it('refuses a format it does not know with a 400 naming the choices', async () => {
    const res = await h.call(`${P}/brief?format=pdf`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad-request');
    expect(res.body.error.message).toBe("format must be md, html, slack, text, json, not 'pdf'");
  });
});
