/**
 * The cockpit's Overview and Brief tabs in headless Chromium on the checkout demo, against what the API answers: every
 * objective of the brief JSON in the tree with its metric in words, a late objective's evidence one click from the
 * timeline with its driving item selected; the brief as sent (the CLI's HTML) for exec and eng, "Copy as Markdown"
 * putting exactly the API's md on the clipboard, and the stakeholders due as the comms JSON says. Screenshots in both
 * themes as artefacts.
 */
import { expect, it } from 'vitest';
import { artifact, describeBrowser } from '../browser.js';
import { evidenceItems, metricWords } from '../../web/src/overview/objective-tree.js';
import type { BriefJson, BriefRendered, CommsJson, ScheduleJson } from '../../web/src/types.js';
import { takeSnapshot } from '../../src/cli/commands/snapshot.js';
import { checkProgramText } from '../../src/service/programs.js';
import { saveSnapshot } from '../../src/store/repository.js';
import { checkoutExample, useCockpit } from './cockpit-server.js';
import { attr, shown, signIn } from './page.js';

const PROGRAM = 'checkout-revamp';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describeBrowser('web cockpit: overview and brief tabs', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample()]);
  const api = <T,>(path: string) => cockpit.api<T>(PROGRAM, path);

  it('shows the objectives tree with metrics and forecasts, milestones and changes; a late objective opens its evidence', async () => {
    const brief = await api<BriefJson>('brief');
    const schedule = await api<ScheduleJson>('schedule');
    expect(brief.objectives.length).toBeGreaterThan(3);
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}`);
    const tree = page.getByRole('treegrid', { name: 'Objectives' });
    await shown(tree);

    // Every objective of the brief, with its metric in words (also the bullet chart's accessible name) and its level.
    const rows = tree.locator('tbody tr[data-objective]');
    expect(await rows.count()).toBe(brief.objectives.length);
    for (const o of brief.objectives) {
      const row = tree.getByRole('row', { name: new RegExp(`^${escape(o.title)}; `) });
      await shown(row);
      const words = metricWords(o.metric!);
      expect(await row.getAttribute('aria-label')).toContain(words);
      expect(await row.getAttribute('aria-label')).toContain(`${o.work!.done} of ${o.work!.total} items done`);
      await shown(row.getByRole('img', { name: words }));
      await attr(row, 'aria-level').toBe(o.parent === undefined ? '1' : '2');
    }
    // A metric to reduce (PCI scope 14 → 9, target 2) reads left to right: the target tick right of the baseline.
    const pci = brief.objectives.find((o) => o.id === 'pci')!;
    expect(pci.metric!.target!).toBeLessThan(pci.metric!.baseline!);
    const pciChart = tree.getByRole('img', { name: metricWords(pci.metric!) });
    const x = async (cls: string) => Number(await pciChart.locator(`.${cls}`).getAttribute('x1'));
    expect(await x('target')).toBeGreaterThan(await x('baseline'));

    // Keyboard: ← on a parent collapses it (its children leave the tree), → brings them back.
    const parent = brief.objectives.find((o) => brief.objectives.some((c) => c.parent === o.id))!;
    const parentRow = tree.locator(`tr[data-objective="${parent.id}"]`);
    await parentRow.focus();
    await page.keyboard.press('ArrowLeft');
    await attr(parentRow, 'aria-expanded').toBe('false');
    expect(await rows.count()).toBe(brief.objectives.filter((o) => o.parent !== parent.id).length);
    await page.keyboard.press('ArrowRight');
    await attr(parentRow, 'aria-expanded').toBe('true');
    expect(await rows.count()).toBe(brief.objectives.length);
    // Enter opens the evidence of the focused objective and closes it again; ↓ moves to the next row.
    await page.keyboard.press('Enter');
    await shown(page.getByRole('region', { name: `Evidence: ${parent.title}` }));
    await attr(parentRow, 'aria-selected').toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('region', { name: `Evidence: ${parent.title}` }).count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await attr(rows.nth(1), 'tabindex').toBe('0');
    expect(await rows.nth(1).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    // Milestones: committed vs P50 and P85 with the probability; vault-live flagged below P85 in words.
    const milestones = page.getByRole('table', { name: 'Milestones' });
    await shown(milestones.getByRole('columnheader', { name: 'Committed' }));
    const vault = milestones.getByRole('row', { name: /Card vault live in production/ });
    expect(await vault.textContent()).toContain(`${Math.round(brief.milestones.find((m) => m.id === 'vault-live')!.probabilityOnDate! * 100)}% ▲ below P85`);

    // No snapshot stored: the empty state says how to take one.
    expect(brief.since).toBeNull();
    expect(await page.getByTestId('no-snapshot').textContent()).toContain('vantage snapshot FILE');

    // The off-track objective opens its evidence: the item driving its date, a link to the timeline with it selected.
    const late = brief.objectives.find((o) => o.status === 'off-track')!;
    const lateRow = tree.locator(`tr[data-objective="${late.id}"]`);
    await lateRow.getByRole('button', { name: late.title }).click();
    const evidence = page.getByRole('region', { name: `Evidence: ${late.title}` });
    await shown(evidence);
    for (const r of late.reasons!) expect(await evidence.textContent()).toContain(r.text);
    const driver = evidenceItems(late.work!.items!, schedule.items)[0]!;
    const link = evidence.getByRole('link', { name: `Driving its date: ${driver.id} ${driver.title}, on the timeline` });
    await shown(link);
    expect(await evidence.getByRole('list', { name: `Open work serving ${late.title}` }).getByRole('listitem').first().textContent()).toContain(driver.id);
    await page.screenshot({ path: artifact('web-overview.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-overview-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    await link.click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/programs/${PROGRAM}/timeline\\?sel=${escape(driver.id)}$`));
    await attr(page.getByRole('row', { name: new RegExp(`^${escape(driver.id)} `) }), 'tabindex').toBe('0');
  });

  it('shows the brief as it will be sent, exec and eng, copies it as Markdown, and lists the stakeholders due', async () => {
    const json = await api<BriefJson>('brief');
    const md = await api<BriefRendered>('brief?format=md');
    const comms = await api<CommsJson>('comms');
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cockpit.url });
    await signIn(page, cockpit, `/programs/${PROGRAM}/brief`);

    // The exec brief: the CLI's HTML in a sandboxed iframe, its headline the JSON's.
    const frameEl = page.getByTitle('Brief for executives, as it will be sent');
    await shown(frameEl);
    expect(await frameEl.getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('iframe.brief-frame');
    await expect.poll(() => frame.locator('.headline').textContent(), { timeout: 20_000 }).toContain(json.headline.text);
    expect(md.content).toContain(json.headline.text);
    await attr(page.getByRole('button', { name: 'Exec' }), 'aria-pressed').toBe('true');
    expect(await frame.locator('h2', { hasText: 'Critical path' }).count()).toBe(0);

    // Copy as Markdown: exactly the API's md on the clipboard, said in a status.
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Copied|copy/ }).textContent(), { timeout: 20_000 }).toBe('Copied the exec brief as Markdown.');
    expect(await page.evaluate<string>(`navigator.clipboard.readText()`)).toBe(md.content);

    // Stakeholders due, in the comms JSON's order, with the objectives each cares about.
    const due = page.getByRole('list', { name: 'Due this week' });
    await shown(due);
    const dueItems = due.locator(':scope > li');
    expect(await dueItems.count()).toBe(comms.due.length);
    const dueNames = comms.due.map((id) => comms.stakeholders.find((s) => s.id === id)!);
    for (const [k, s] of dueNames.entries()) {
      await attr(dueItems.nth(k), 'data-stakeholder').toBe(s.id);
      expect(await dueItems.nth(k).textContent()).toContain(s.reason);
      for (const c of s.caresAbout) await shown(dueItems.nth(k).getByRole('list', { name: `What ${s.name} cares about` }).getByText(c.title));
    }
    await shown(page.getByText(`${comms.due.length} of ${comms.stakeholders.length} due`));
    await page.screenshot({ path: artifact('web-brief.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-brief-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // The eng toggle: in the URL, and the content changes (the critical path appears); copying now gives the eng md.
    await page.getByRole('button', { name: 'Eng' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/programs/${PROGRAM}/brief\\?audience=eng$`));
    await shown(page.getByTitle('Brief for engineers, as it will be sent'));
    await shown(page.frameLocator('iframe.brief-frame').locator('h2', { hasText: 'Critical path' }));
    await attr(page.getByRole('button', { name: 'Eng' }), 'aria-pressed').toBe('true');
    const engSlack = await api<BriefRendered>('brief?format=slack&audience=eng');
    await page.getByRole('button', { name: 'Copy as Slack' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Copied|copy/ }).textContent(), { timeout: 20_000 }).toBe('Copied the eng brief as Slack (Block Kit JSON).');
    expect(await page.evaluate<string>(`navigator.clipboard.readText()`)).toBe(engSlack.content);
    await page.screenshot({ path: artifact('web-brief-eng.png'), fullPage: true });
  });

  // Last: it stores a snapshot, so the brief of the tests above (a first brief) would change.
  it('lists what changed since the last brief once a snapshot is stored', async () => {
    // A week ago vault-live was committed for 18 Dec and PAY-2 was still to do.
    const { text } = checkoutExample();
    const before = text.replace('date: 2027-01-08, objectives: [pci]', 'date: 2026-12-18, objectives: [pci]');
    expect(before).not.toBe(text);
    const checked = checkProgramText(before, 'checkout.vantage.yaml', checkoutExample().files);
    const snap = takeSnapshot(checked.program!, before, '2026-11-18', { id: 'week-47', takenAt: '2026-11-18T09:00:00Z', label: 'review 47' });
    await saveSnapshot(cockpit.store, PROGRAM, snap, { actor: 'test' });
    const brief = await api<BriefJson>('brief');
    expect(brief.since).toMatchObject({ id: 'week-47', statusDate: '2026-11-18', label: 'review 47' });
    expect(brief.changes!.length).toBeGreaterThan(0);
    const page = await newPage();
    await signIn(page, cockpit, `/programs/${PROGRAM}`);
    const list = page.getByRole('list', { name: 'Changes since the last brief' });
    await shown(list);
    expect(await list.getByRole('listitem').allTextContents()).toEqual(brief.changes!.map((c) => c.text));
    await shown(page.getByText('Since review 47, the snapshot of 18 Nov 2026'));
    expect(await page.getByTestId('no-snapshot').count()).toBe(0);
  });
});
