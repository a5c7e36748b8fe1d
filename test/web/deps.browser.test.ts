/**
 * The Dependencies tab in headless Chromium with checkout and loyalty imported: the schedule's critical path (from the
 * API) is what the graph marks critical, a click focuses a node (dims the rest, `?sel=` in the URL, kept on reload),
 * arrows and Esc work, and on loyalty the cross-program edges are dashed with their external nodes linking to checkout's
 * graph. Screenshots in both themes as artefacts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ProgramFileInput } from '../../src/service/programs.js';
import { artifact, describeBrowser } from '../browser.js';
import { checkoutExample, ROOT, useCockpit } from './cockpit-server.js';
import { attr, shown, signIn } from './page.js';

/** Generous: the cockpit and elkjs share a loaded CI machine with other suites. */
const TEST_TIMEOUT = 180_000;


/** The loyalty example: its items depend on checkout-revamp's PAY-4, WEB-3 and REL-3. */
function loyaltyExample(): ProgramFileInput {
  return { text: readFileSync(join(ROOT, 'examples', 'loyalty.vantage.yaml'), 'utf8'), file: 'loyalty.vantage.yaml', files: [] };
}

/** A generated program over the layout limit: three workstreams of 150 chained items, each after the previous one's end. */
function bigProgram(): ProgramFileInput {
  const lines = ['vantage: 1', 'program: {id: big, name: Big program, start: 2026-11-02}', 'workstreams:'];
  for (const ws of ['alpha', 'beta', 'gamma']) lines.push(`  - {id: ${ws}, title: ${ws[0].toUpperCase()}${ws.slice(1)} team}`);
  lines.push('items:');
  const prevWs: Record<string, string> = { beta: 'alpha', gamma: 'beta' };
  for (const ws of ['alpha', 'beta', 'gamma']) {
    for (let i = 0; i < 150; i++) {
      const after = i > 0 ? `${ws}-${i - 1}` : prevWs[ws] ? `${prevWs[ws]}-149` : '';
      lines.push(`  - {id: ${ws}-${i}, title: Task ${i} of ${ws}, workstream: ${ws}, estimate: 1${after ? `, after: [${after}]` : ''}}`);
    }
  }
  return { text: lines.join('\n') + '\n', file: 'big.vantage.yaml', files: [] };
}

type ScheduleApi = { criticalPath: string[]; items: { id: string; title: string; critical: boolean }[] };

describeBrowser('web cockpit: dependencies tab', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample(), loyaltyExample(), bigProgram()]);
  const api = <T,>(program: string, path: string) => cockpit.api<T>(program, path);

  it('marks the critical path, focuses a clicked node (dims the rest, ?sel= in the URL, kept on reload), arrows and Esc', async () => {
    const s = await api<ScheduleApi>('checkout-revamp', 'schedule');
    const page = await newPage();
    await signIn(page, cockpit, '/programs/checkout-revamp/dependencies');
    const graph = page.getByRole('group', { name: /^Dependency graph of Checkout revamp: / });
    await shown(graph);
    const nodes = graph.locator('[data-node]');
    await shown(nodes.first());
    expect(await nodes.count()).toBe(s.items.length + 5); // every item and the five milestones
    // elkjs ran in its Web Worker, off the page's thread.
    expect(await graph.getAttribute('data-layout-where')).toBe('worker');

    // Critical: exactly the API's critical path, in the data attribute and in the accessible name.
    const critical = await graph.locator('[data-node][data-critical]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    expect(critical.sort()).toEqual([...s.criticalPath].sort());
    const pay2 = s.items.find((i) => i.id === 'PAY-2')!;
    const pay2Node = graph.getByRole('button', { name: new RegExp(`^PAY-2 ${pay2.title}, critical, doing, \\d+ \\w{3} – \\d+ \\w{3}$`) });
    await shown(pay2Node);
    // The critical links are drawn thick, with the critical arrowhead: the consecutive pairs of the path.
    const critEdges = await graph.locator('[data-edge][data-critical]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')));
    expect(critEdges.sort()).toEqual(s.criticalPath.slice(1).map((to, i) => `${s.criticalPath[i]}->${to}`).sort());
    await page.screenshot({ path: artifact('web-deps.png'), fullPage: true });
    process.stdout.write(`checkout-revamp: ${await nodes.count()} nodes laid out in ${await graph.getAttribute('data-layout-ms')} ms (elkjs worker, first layout including its load)\n`);

    // Zoom: + and − change the scale shown, Fit shows the whole graph.
    const scale = page.getByRole('toolbar', { name: 'Graph view' }).getByText(/^\d+%$/);
    const before = await scale.textContent();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => scale.textContent()).not.toBe(before);
    expect(parseInt((await scale.textContent())!, 10)).toBeGreaterThan(parseInt(before!, 10));
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(() => scale.textContent()).toBe(before);

    // Click PAY-2: it is selected, the URL says so, its upstream (PAY-1) and downstream (REL-4) stay bright, a side branch dims.
    await pay2Node.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe('PAY-2');
    await attr(pay2Node, 'aria-pressed').toBe('true');
    const node = (id: string) => graph.locator(`[data-node="${id}"]`);
    await attr(node('REL-4'), 'data-dimmed').toBeNull();
    expect(await node('PAY-1').getAttribute('data-dimmed')).toBeNull();
    const dimmed = await graph.locator('[data-node][data-dimmed]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    expect(dimmed.length).toBeGreaterThan(0);
    expect(dimmed).not.toContain('PAY-2');
    for (const id of s.criticalPath) expect(dimmed).not.toContain(id); // the whole chain runs through PAY-2
    const side = page.getByRole('complementary', { name: 'Selected node' });
    await shown(side.getByRole('heading', { name: new RegExp(`^PAY-2 ${pay2.title}`) }));
    await shown(side.getByRole('link', { name: /^PAY-4 / }));
    expect(await side.getByRole('link', { name: 'Show PAY-2 on the timeline' }).getAttribute('href')).toBe('/programs/checkout-revamp/timeline?sel=PAY-2');
    await page.screenshot({ path: artifact('web-deps-focused.png'), fullPage: true });

    // A reload keeps the focus.
    await page.reload();
    await attr(page.getByRole('button', { name: /^PAY-2 / }), 'aria-pressed').toBe('true');
    await attr(page.locator('[data-node="WEB-1"]'), 'data-dimmed').toBe('true');

    // Keyboard: right moves to a successor of PAY-2, left back to a predecessor of that one; Esc clears.
    await page.getByRole('button', { name: /^PAY-2 / }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).not.toBe('PAY-2');
    const next = new URL(page.url()).searchParams.get('sel')!;
    const model = await api<{ program: { items: { id: string; after: { id: string }[] }[]; milestones: { id: string; after: { id: string }[] }[] } }>('checkout-revamp', 'model');
    const succ = [...model.program.items, ...model.program.milestones].find((x) => x.id === next)!;
    expect(succ.after.map((d) => d.id)).toContain('PAY-2');
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-node')`)).toBe(next);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).not.toBe(next);
    expect(succ.after.map((d) => d.id)).toContain(new URL(page.url()).searchParams.get('sel'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBeNull();
    expect(await graph.locator('[data-node][data-dimmed]').count()).toBe(0);

    await page.emulateMedia({ colorScheme: 'dark' });
    await pay2Node.click();
    await attr(node('WEB-1'), 'data-dimmed').toBe('true');
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.deps-frame')).backgroundColor`)).toBe('rgb(30, 33, 37)');
    await page.screenshot({ path: artifact('web-deps-dark.png'), fullPage: true });
  }, TEST_TIMEOUT);

  it('on loyalty, draws the cross-program edges dashed into checkout-revamp, whose box and nodes link to its graph', async () => {
    const page = await newPage();
    await signIn(page, cockpit, '/programs/loyalty/dependencies');
    const graph = page.getByRole('group', { name: /^Dependency graph of .*, 3 from other programs/ });
    await shown(graph);
    const cross = graph.locator('[data-edge][data-cross]');
    await shown(cross.first());
    const ids = await cross.evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')));
    expect(ids.sort()).toEqual(['checkout-revamp/PAY-4->LOY-4', 'checkout-revamp/REL-3->LOY-7', 'checkout-revamp/WEB-3->LOY-5']);
    // Dashed, where loyalty's own edges are solid.
    const dash = (edge: string) => page.evaluate(`getComputedStyle(document.querySelector('[data-edge="${edge}"] path')).strokeDasharray`);
    expect(await dash('checkout-revamp/PAY-4->LOY-4')).toMatch(/^\d+(\.\d+)?px,? \d+/);
    expect(await dash('LOY-1->LOY-2')).toBe('none');

    // The box of checkout-revamp links to its dependency tab; the external nodes carry checkout's titles.
    const box = graph.getByRole('link', { name: "Open checkout-revamp's dependencies" });
    await shown(box);
    expect(await box.getAttribute('href')).toBe('/programs/checkout-revamp/dependencies');
    const checkout = await api<ScheduleApi>('checkout-revamp', 'schedule');
    const pay4 = checkout.items.find((i) => i.id === 'PAY-4')!;
    const ext = graph.getByRole('button', { name: new RegExp(`^checkout-revamp/PAY-4 ${pay4.title}, in program checkout-revamp`) });
    await shown(ext);
    await page.screenshot({ path: artifact('web-deps-loyalty.png'), fullPage: true });

    // Selecting an external node offers its own graph, with the item selected there; following it lands on checkout.
    await ext.click();
    const open = page.getByRole('complementary', { name: 'Selected node' }).getByRole('link', { name: "Open PAY-4 in checkout-revamp's dependencies" });
    await shown(open);
    expect(await open.getAttribute('href')).toBe('/programs/checkout-revamp/dependencies?sel=PAY-4');
    await open.click();
    await attr(page.getByRole('button', { name: /^PAY-4 / }), 'aria-pressed').toBe('true');
    expect(new URL(page.url()).pathname).toBe('/programs/checkout-revamp/dependencies');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${cockpit.url}/programs/loyalty/dependencies`);
    await shown(page.getByRole('link', { name: "Open checkout-revamp's dependencies" }));
    await page.screenshot({ path: artifact('web-deps-loyalty-dark.png'), fullPage: true });
  }, TEST_TIMEOUT);

  it('draws a what-if scenario from the link: the slipped node, each moved node’s delta and the links that carry it', async () => {
    const res = await fetch(`${cockpit.url}/api/programs/checkout-revamp/whatif`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cockpit.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ slip: ['PAY-7=5'] }),
    });
    expect(res.status).toBe(200);
    const whatif = (await res.json()) as { milestones: { id: string; deltaDays: number }[]; program: { deltaDays: number } };
    const moved = whatif.milestones.filter((m) => m.deltaDays !== 0);
    expect(moved.length).toBeGreaterThan(0);
    const titles = new Map((await api<{ milestones: { id: string; title: string }[] }>('checkout-revamp', 'schedule')).milestones.map((m) => [m.id, m.title]));

    const page = await newPage();
    await signIn(page, cockpit, '/programs/checkout-revamp/dependencies?scenario=slip:PAY-7:5');
    const banner = page.getByRole('region', { name: 'Scenario' });
    await shown(banner.getByText('Slip PAY-7 by +5 d.', { exact: false }));
    const impact = banner.getByTestId('deps-scenario-impact');
    await shown(impact);
    for (const m of moved) expect(await impact.textContent()).toContain(`${titles.get(m.id)} +${m.deltaDays} d`);
    const graph = page.getByRole('group', { name: /^Dependency graph of Checkout revamp: / });
    await attr(graph.locator('[data-node="PAY-7"]'), 'data-impact').toBe('slipped, +5 d');
    // Each moved milestone carries the API's delta; the lit links join nodes that moved.
    for (const m of moved) await attr(graph.locator(`[data-node="${m.id}"]`), 'aria-label').toMatch(new RegExp(`, \\+${m.deltaDays} d under the scenario, milestone, `));
    const lit = await graph.locator('[data-impact][data-edge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')!));
    expect(lit).toContain('PAY-7->vault-live');
    for (const edge of lit) for (const end of edge.split('->')) expect(await graph.locator(`[data-node="${end}"]`).getAttribute('data-impact'), edge).not.toBeNull();
    await page.screenshot({ path: artifact('web-deps-scenario.png'), fullPage: true });

    // The scenario opens on the timeline as it is; clearing it here leaves the plan drawn as it was.
    expect(await banner.getByRole('link', { name: 'Edit it on the timeline' }).getAttribute('href')).toBe('/programs/checkout-revamp/timeline?scenario=slip%3APAY-7%3A5');
    await banner.getByRole('button', { name: 'Clear the scenario' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBeNull();
    await expect.poll(() => graph.locator('[data-impact]').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Scenario' }).count()).toBe(0);
  }, TEST_TIMEOUT);

  it('draws a scenario on the workstream summary of a big program: each workstream moves by its largest delay', async () => {
    const page = await newPage();
    await signIn(page, cockpit, '/programs/big/dependencies?scenario=slip:alpha-10:5');
    const summary = page.getByRole('group', { name: /^Dependencies between the workstreams of Big program/ });
    await shown(summary);
    // alpha-10 slips: alpha (changed), then beta and gamma after it, all 5 working days later.
    await shown(summary.getByRole('button', { name: 'Alpha team: 150 nodes, +5 d under the scenario (slipped), critical' }));
    for (const team of ['Beta', 'Gamma']) await shown(summary.getByRole('button', { name: `${team} team: 150 nodes, +5 d under the scenario, critical` }));
    // alpha-10 to alpha-149 and all of beta and gamma move; the plan has no milestone, so no chain is lit.
    await shown(page.getByRole('region', { name: 'Scenario' }).getByText(/440 items move\. Finish/));
    expect(await summary.locator('[data-impact][data-edge]').count()).toBe(0);
  }, TEST_TIMEOUT);

  it('lists on the portfolio the links between programs, checked against both plans, late first', async () => {
    const checkout = await api<{ items: { id: string; finish: string }[] }>('checkout-revamp', 'schedule');
    const loyalty = await api<{ items: { id: string; start: string }[] }>('loyalty', 'schedule');
    const page = await newPage();
    await signIn(page, cockpit, '/');
    const table = page.getByRole('table', { name: 'Dependencies between programs' });
    await shown(table);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (const [up, down] of [['PAY-4', 'LOY-4'], ['WEB-3', 'LOY-5'], ['REL-3', 'LOY-7']]) {
      const finish = checkout.items.find((i) => i.id === up)!.finish;
      const start = loyalty.items.find((i) => i.id === down)!.start;
      const margin = (Date.parse(start) - Date.parse(finish)) / 86_400_000 - 1;
      const row = table.locator(`tr[data-link="checkout-revamp/${up}->loyalty/${down}"]`);
      await attr(row, 'data-status').toBe(margin < 0 ? 'late' : margin < 5 ? 'tight' : 'ok');
      const d = Math.abs(margin);
      expect(await row.locator('td').last().textContent()).toContain(margin < 0 ? `starts ${d} day${d === 1 ? '' : 's'} too early` : `${d} day${d === 1 ? '' : 's'} to spare`);
    }
    expect(await rows.first().getAttribute('data-status')).toBe('late');
    // The waiting program's card says so too (its own forecast cannot: it is scheduled without the other program).
    const margins = [['PAY-4', 'LOY-4'], ['WEB-3', 'LOY-5'], ['REL-3', 'LOY-7']].map(([up, down]) => ({
      up,
      down,
      margin: (Date.parse(loyalty.items.find((i) => i.id === down)!.start) - Date.parse(checkout.items.find((i) => i.id === up)!.finish)) / 86_400_000 - 1,
    }));
    const late = margins.filter((m) => m.margin < 0).sort((a, b) => a.margin - b.margin);
    const card = page.locator('article[data-program="loyalty"]').getByTestId('late-links');
    await attr(card, 'data-testid').toBe('late-links');
    expect(await card.textContent()).toContain(`${late.length} link${late.length === 1 ? '' : 's'} planned too early, worst ${late[0].down} starts ${-late[0].margin} day`);
    expect(await page.locator('article[data-program="checkout-revamp"]').getByTestId('late-links').count()).toBe(0);
    await shown(page.getByTestId('links-summary').getByText(/^3 links between programs; \d+ planned to start before what/));
    await page.screenshot({ path: artifact('web-portfolio-links.png'), fullPage: true });
    // Each end opens that program's graph on the item.
    await table.getByRole('link', { name: /^PAY-4 / }).click();
    await expect.poll(() => page.url()).toMatch(/\/programs\/checkout-revamp\/dependencies\?sel=PAY-4$/);
  }, TEST_TIMEOUT);

  it('shows a program over the layout limit as its workstreams, and opens one workstream or the neighbourhood of an item', async () => {
    const page = await newPage();
    await signIn(page, cockpit, '/programs/big/dependencies');
    await shown(page.getByText('This program has 450 nodes, more than the 400 the graph lays out at once.'));
    const summary = page.getByRole('group', { name: /^Dependencies between the workstreams of Big program: 3 groups, 2 links$/ });
    await shown(summary);
    const beta = summary.getByRole('button', { name: 'Beta team: 150 nodes, critical' });
    await shown(beta);
    await page.screenshot({ path: artifact('web-deps-summary.png'), fullPage: true });

    // Opening a workstream lays out its 150 items with the two nodes they link to outside it.
    await beta.click();
    const graph = page.getByRole('group', { name: /^Dependency graph of Big program: 152 nodes, 151 dependencies/ });
    await shown(graph);
    await shown(graph.getByRole('button', { name: /^alpha-149 / }));
    await shown(graph.getByRole('button', { name: /^gamma-0 / }));
    expect(await graph.locator('[data-node]').count()).toBe(152);
    process.stdout.write(`big: one workstream, 152 nodes laid out in ${await graph.getAttribute('data-layout-ms')} ms\n`);

    // Selecting an item and asking for its neighbourhood draws the nodes within two dependencies of it.
    await graph.getByRole('button', { name: /^beta-0 / }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe('beta-0');
    await page.getByRole('button', { name: 'Neighbourhood of beta-0' }).click();
    const around = page.getByRole('group', { name: /^Dependency graph of Big program: 5 nodes, 4 dependencies; focused on beta-0$/ });
    await shown(around);
    expect((await around.locator('[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).sort()).toEqual(['alpha-148', 'alpha-149', 'beta-0', 'beta-1', 'beta-2']);

    // Back on the summary, following a successor from the side panel redraws around that item.
    await page.getByRole('button', { name: 'All workstreams' }).click();
    await shown(summary);
    await page.getByRole('complementary', { name: 'Selected node' }).getByRole('link', { name: /^beta-1 / }).click();
    await shown(page.getByRole('group', { name: /^Dependency graph of Big program: 5 nodes, 4 dependencies; focused on beta-1$/ }));
    await attr(page.getByRole('button', { name: /^beta-1 / }), 'aria-pressed').toBe('true');
  }, TEST_TIMEOUT);
});
