import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli, scratch } from '../../../test/cli.js';
import type { Brief } from '../../engine/brief/brief.js';
import { briefSlackPayload } from '../render/brief-slack.js';
import { renderBriefMd } from '../render/brief-md.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const goldenDir = join(root, 'test/golden/brief');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const COMMON = ['--today', '2026-11-25', '--seed', '1', '--trials', '2000'];

/** Formats and the golden file extension of each. */
const FORMATS = { md: 'md', html: 'html', slack: 'slack.json', text: 'txt', json: 'json' } as const;
const AUDIENCES = ['exec', 'eng'] as const;
const EXAMPLES = ['checkout', 'loyalty'] as const;

/** Item ids of the examples: exec prose must not show them outside link targets. */
const ITEM_ID = /\b(PAY|WEB|MOB|DAT|PLT|CMP|QA|REL|LOY)-\d+\b/;

/** Block Kit's documented structure and limits for the blocks a brief uses (api.slack.com/reference/block-kit). */
const PlainText = z.strictObject({ type: z.literal('plain_text'), text: z.string().min(1), emoji: z.boolean().optional() });
const Mrkdwn = z.strictObject({ type: z.literal('mrkdwn'), text: z.string().min(1), verbatim: z.boolean().optional() });
const TextObject = z.union([PlainText, Mrkdwn]);
const BlockId = z.string().max(255).optional();
const SlackBlock = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), text: PlainText.extend({ text: z.string().min(1).max(150) }), block_id: BlockId }),
  z.strictObject({
    type: z.literal('section'),
    text: z.union([PlainText.extend({ text: z.string().min(1).max(3000) }), Mrkdwn.extend({ text: z.string().min(1).max(3000) })]).optional(),
    fields: z.array(z.union([PlainText.extend({ text: z.string().min(1).max(2000) }), Mrkdwn.extend({ text: z.string().min(1).max(2000) })])).max(10).optional(),
    block_id: BlockId,
  }).refine((s) => s.text !== undefined || s.fields !== undefined, 'a section needs text or fields'),
  z.strictObject({ type: z.literal('context'), elements: z.array(TextObject).min(1).max(10), block_id: BlockId }),
  z.strictObject({ type: z.literal('divider'), block_id: BlockId }),
]);
const SlackPayload = z.strictObject({ blocks: z.array(SlackBlock).min(1).max(50) });

/** Copies an example into a fresh folder (no stored snapshots beside it). */
function copyExample(name: string): string {
  const dir = scratch(`vantage-brief-${name}-`).dir;
  const file = join(dir, `${name}.vantage.yaml`);
  copyFileSync(join(root, 'examples', `${name}.vantage.yaml`), file);
  if (existsSync(join(root, 'examples/ana.ics'))) copyFileSync(join(root, 'examples/ana.ics'), join(dir, 'ana.ics'));
  return file;
}

function golden(name: string, actual: string): void {
  const path = join(goldenDir, name);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) throw new Error(`wrote missing golden file ${name}; check it and run again`);
    return;
  }
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, 'utf8'));
}

for (const example of EXAMPLES) {
  describe(`vantage brief on ${example}`, () => {
    const outputs = new Map<string, string>();
    beforeAll(async () => {
      const file = copyExample(example);
      for (const audience of AUDIENCES) {
        for (const format of Object.keys(FORMATS)) {
          const r = await runCli(['brief', file, ...COMMON, '--audience', audience, '--format', format]);
          if (r.code !== 0) throw new Error(`brief --audience ${audience} --format ${format} exited ${r.code}: ${r.err}`);
          outputs.set(`${audience}.${format}`, r.out);
        }
      }
    }, 120_000);

    for (const audience of AUDIENCES) {
      for (const [format, ext] of Object.entries(FORMATS)) {
        it(`matches the golden ${audience} ${format}`, () => golden(`${example}-${audience}.${ext}`, outputs.get(`${audience}.${format}`)!));
      }
    }

    it('keeps the JSON contract: headline {status, reasons}, objectives, risks, asks, changes', () => {
      const json = JSON.parse(outputs.get('exec.json')!) as Record<string, unknown>;
      expect(Object.keys(json)).toEqual(expect.arrayContaining(['headline', 'objectives', 'risks', 'asks', 'changes']));
      const headline = json.headline as { status: string; reasons: { rule: string; status: string; text: string }[] };
      expect(['on-track', 'at-risk', 'off-track']).toContain(headline.status);
      expect(headline.reasons.length).toBeGreaterThan(0);
      for (const r of headline.reasons) expect(r).toEqual(expect.objectContaining({ rule: expect.any(String), status: expect.any(String), text: expect.any(String) }));
      for (const a of json.asks as { who: string; what: string; by: string }[]) expect(a).toEqual(expect.objectContaining({ who: expect.any(String), what: expect.any(String), by: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
      expect(json.since).toBeNull();
    });

    it('shows item ids in exec text only as link targets', () => {
      const md = outputs.get('exec.md')!.replace(/\]\(#[^)]+\)/g, ']');
      expect(md).not.toMatch(ITEM_ID);
      expect(outputs.get('exec.text')).not.toMatch(ITEM_ID);
      const html = outputs.get('exec.html')!.replace(/href="#item-[^"]+"/g, '').replace(/<tr id="item-[^"]+">.*<\/tr>/g, '');
      expect(html).not.toMatch(ITEM_ID);
    });

    it('gives every colour its rule, in every human format', () => {
      const rules = (JSON.parse(outputs.get('exec.json')!) as Brief).headline.reasons.map((r) => r.rule);
      for (const f of ['exec.md', 'exec.text', 'exec.html', 'exec.slack', 'eng.md']) for (const rule of rules) expect(outputs.get(f)).toContain(rule);
    });

    it('makes a valid Block Kit payload within the documented limits', () => {
      for (const audience of AUDIENCES) {
        const payload = JSON.parse(outputs.get(`${audience}.slack`)!) as unknown;
        const parsed = SlackPayload.safeParse(payload);
        expect(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error)).toBe(true);
      }
    });

    it('makes one self-contained printable html file with inline SVG charts and no external resources', () => {
      const html = outputs.get('exec.html')!;
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain('@media print');
      expect(html.match(/<svg /g)).toHaveLength(2);
      expect(html).not.toMatch(/<script|<link|<img|\ssrc=|url\(/i);
      expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    });

    it('writes dates in words in exec prose', () => {
      const visible = outputs.get('exec.md')!.replace(/\]\(#[^)]+\)/g, ']');
      expect(visible).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
      expect(visible).toMatch(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d\b/);
    });
  });
}

describe('vantage brief: changes since a snapshot', () => {
  it('says "first brief" without a snapshot, and what changed since one', async () => {
    const file = copyExample('checkout');
    const first = await runCli(['brief', file, ...COMMON, '--format', 'text']);
    expect(first.out).toContain('First brief: no earlier snapshot.');
    const snap = await runCli(['snapshot', file, '--today', '2026-11-18', '--trials', '500']);
    expect(snap.code).toBe(0);
    // The plan moves: a must-have item grows and a new one is added.
    const text = readFileSync(file, 'utf8')
      .replace('remaining: {low: 5, likely: 8, high: 18}', 'remaining: {low: 10, likely: 15, high: 30}')
      .replace('  # Web\n', '  - {id: PAY-10, title: Chargeback evidence export, workstream: payments, owner: jo, estimate: 3}\n  # Web\n');
    writeFileSync(file, text);
    const r = await runCli(['brief', file, ...COMMON, '--format', 'json']);
    expect(r.code).toBe(0);
    const brief = JSON.parse(r.out) as Brief;
    expect(brief.since).toMatchObject({ statusDate: '2026-11-18' });
    expect(brief.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(['item-added']));
    const md = await runCli(['brief', file, ...COMMON]);
    expect(md.out).toContain('## What changed since 18 Nov 2026');
    expect(md.out).toContain('[Chargeback evidence export](#PAY-10)');
    const bySince = await runCli(['brief', file, ...COMMON, '--since', '2026-11-20', '--format', 'json']);
    expect((JSON.parse(bySince.out) as Brief).since?.statusDate).toBe('2026-11-18');
  }, 60_000);

  it('an unknown --since is an input error naming the file and what to do', async () => {
    const file = copyExample('loyalty');
    const r = await runCli(['brief', file, ...COMMON, '--since', 'baseline']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no snapshot of this program matches --since baseline');
    expect(r.err).toContain('vantage snapshot');
  });
});

describe('vantage brief: slipped milestone', () => {
  it('turns an amber headline red with the milestone rule and its reason when the committed path slips', async () => {
    const file = copyExample('loyalty');
    const before = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief;
    expect(before.headline.status).toBe('at-risk');
    expect(before.headline.reasons.map((r) => r.rule)).not.toContain('milestone-unlikely');
    // "Earn points on order completion" (LOY-3) is all that "Points earned on every order" waits for after the ledger.
    const slipped = readFileSync(file, 'utf8').replace(
      'title: Earn points on order completion, workstream: points, owner: tia, estimate: {low: 4, likely: 6, high: 10}',
      'title: Earn points on order completion, workstream: points, owner: tia, estimate: {low: 30, likely: 40, high: 50}',
    );
    expect(slipped).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, slipped);
    const after = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief;
    expect(after.headline.status).toBe('off-track');
    expect(after.headline.reasons[0]).toMatchObject({ rule: 'milestone-unlikely', status: 'off-track', subject: { type: 'milestone', id: 'points-live' } });
    expect(after.headline.reasons[0]!.text).toBe('Points earned on every order is now 0% likely by its committed date of 29 Jan 2027; we promise at 85% (at 85% confidence: 1 Mar 2027).');
    const md = (await runCli(['brief', file, ...COMMON])).out;
    expect(md).toContain('**🔴 Off track: Points earned on every order is now 0% likely');
    expect(md).toContain('Off track (`milestone-unlikely`)');
  }, 60_000);

  it('moves a checkout milestone from amber to red when the work feeding it grows', async () => {
    const file = copyExample('checkout');
    const before = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief;
    expect(before.headline.reasons.find((r) => r.subject.id === 'beta')?.rule).toBe('milestone-below-confidence');
    // Event pipeline changes (DAT-2) feeds the beta launch: 4 days left becomes 40.
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: doing, started: 2026-11-09, remaining: 4}', 'status: doing, started: 2026-11-09, remaining: 40}'));
    const after = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief;
    expect(after.headline.reasons.find((r) => r.subject.id === 'beta')).toMatchObject({ rule: 'milestone-unlikely', status: 'off-track' });
  }, 60_000);
});

describe('vantage brief: usage', () => {
  it('rejects a portfolio, an unknown audience and an unknown format with exit 2', async () => {
    expect((await runCli(['brief', join(root, 'examples/commerce.portfolio.yaml'), ...COMMON])).code).toBe(2);
    const audience = await runCli(['brief', join(root, 'examples/loyalty.vantage.yaml'), '--audience', 'board']);
    expect(audience.code).toBe(2);
    expect(audience.err).toContain('--audience must be exec, eng');
    expect((await runCli(['brief', join(root, 'examples/loyalty.vantage.yaml'), '--format', 'pdf'])).code).toBe(2);
  });
});

describe('brief-slack limits', () => {
  it('splits long sections and stays within 50 blocks however much changed', async () => {
    const file = copyExample('loyalty');
    const brief = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief & { audience?: string };
    const long: Brief = {
      ...brief,
      since: { id: 'x', statusDate: '2026-11-18' },
      changes: Array.from({ length: 1000 }, (_, i) => ({ kind: 'item-added', subject: { type: 'item', id: `N-${i}`, title: `New item ${i}` }, text: `${'A long sentence about what changed. '.repeat(5)}${i}` })),
    };
    const payload = briefSlackPayload(long, 'exec');
    expect(SlackPayload.safeParse(payload).success).toBe(true);
    expect(payload.blocks).toHaveLength(50);
    expect(JSON.stringify(payload.blocks[48])).toMatch(/more blocks? in the full brief/);
    // The md brief of the same keeps every change.
    expect(renderBriefMd(long, 'exec').match(/A long sentence/g)!.length).toBe(5000);
  });
});

describe('vantage brief on small plans', () => {
  it('without a target, objectives or risks: no-target, and every format still renders', async () => {
    const file = scratch('vantage-brief-mini-').file('mini.vantage.yaml', 'vantage: 1\nprogram: {id: mini, name: Mini, start: 2026-11-02}\nitems:\n  - {id: A, title: Only thing, estimate: 3, status: done, started: 2026-11-02, finished: 2026-11-04}\n');
    for (const format of Object.keys(FORMATS)) {
      const r = await runCli(['brief', file, ...COMMON, '--format', format]);
      expect(r.code, `${format}: ${r.err}`).toBe(0);
    }
    const json = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief;
    expect(json.headline).toMatchObject({ status: 'at-risk', reasons: [{ rule: 'no-target', status: 'at-risk' }] });
    expect(json.objectives).toEqual([]);
    expect(SlackPayload.safeParse(JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'slack'])).out)).success).toBe(true);
  });

  it('asks the TPM to decide and to unblock, by the dates that keep the finish', async () => {
    const file = scratch('vantage-brief-asks-').file('asks.vantage.yaml', [
      'vantage: 1',
      'program: {id: asks, name: Asks, start: 2026-11-02, target: 2026-12-01, tpm: ana}',
      'people: [{id: ana, name: Ana Ruiz}, {id: bo, name: Bo Chen}]',
      'items:',
      '  - {id: A, title: First thing, estimate: 3, owner: bo}',
      '  - {id: B, title: Second thing, estimate: 3, after: [A], status: blocked}',
      'decisions:',
      '  - {id: D1, title: Pick a colour, status: proposed, date: 2026-11-30, owner: bo}',
      '',
    ].join('\n'));
    const brief = JSON.parse((await runCli(['brief', file, ...COMMON, '--format', 'json'])).out) as Brief;
    expect(brief.asks.map((a) => [a.kind, a.who, a.by])).toEqual([['decision', 'Bo Chen', '2026-11-30'], ['unblock', 'Ana Ruiz', '2026-11-30']]);
    expect(brief.headline.reasons[0]).toMatchObject({ rule: 'target-unlikely', status: 'off-track' });
  });
});
