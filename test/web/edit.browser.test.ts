/**
 * Editing in the cockpit, end to end in headless Chromium on the checkout demo: a workstream lead edits an item of
 * their workstream through the Plan tab's form and it is stored; on another workstream there are no edit controls and
 * a stale form is refused with the server's 403 reason; the validator's 422 message shows beside its field; two users
 * editing one item meet the conflict view and merge; a change made elsewhere arrives live (SSE) on an open timeline
 * without a reload; `/` searches. Screenshots as artefacts.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifact, describeBrowser } from '../browser.js';
import { addUser, checkoutExample, useCockpit, type Cockpit } from './cockpit-server.js';
import { attr, shown, text } from './page.js';

const PROGRAM = 'checkout-revamp';
const API = `/api/programs/${PROGRAM}`;


type Entry = { entryId: string; version: number; data: Record<string, unknown> };

async function signIn(page: Page, cockpit: Cockpit, token: string, path: string): Promise<void> {
  await page.goto(cockpit.url + path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describeBrowser('web cockpit: editing, roles, conflicts, live updates and search', ({ newPage }) => {
  const cockpit = useCockpit(() => [checkoutExample()]);
  let lead: string;
  let editor: string;
  let call: (path: string, init?: { method?: string; json?: unknown; token?: string }) => Promise<{ status: number; body: { error?: { message: string } } & Record<string, unknown> }>;
  const entry = async (id: string) => (await call(`${API}/items/${id}`)).body as unknown as Entry;

  beforeAll(async () => {
    lead = await addUser(cockpit, 'lee', PROGRAM, 'lead', ['payments']);
    editor = await addUser(cockpit, 'bo', PROGRAM, 'editor');
    call = async (path, init = {}) => {
      const res = await fetch(cockpit.url + path, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${init.token ?? cockpit.token}`, ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      });
      return { status: res.status, body: (await res.json()) as never };
    };
  }, 120_000);

  it('lets a payments lead edit a payments item through the form, and stores it', async () => {
    const page = await newPage();
    await signIn(page, cockpit, lead, `/programs/${PROGRAM}/plan?sel=PAY-4`);
    const form = page.getByRole('form', { name: 'Edit PAY-4' });
    await shown(form);
    const title = form.getByLabel('Title');
    await expect.poll(() => title.inputValue()).toBe('Saved cards API');
    expect(await form.getByTestId('read-only-note').count()).toBe(0);
    await title.fill('Saved cards API (v2)');
    await form.getByRole('button', { name: 'Save' }).click();
    await text(form.getByRole('status')).toMatch(/^Saved PAY-4 \(version \d+\)\.$/);
    expect((await entry('PAY-4')).data.title).toBe('Saved cards API (v2)');
    // The list beside the form shows the new title (its read was refreshed by the write).
    await shown(page.getByRole('table', { name: 'Items' }).getByRole('row', { name: /PAY-4 Saved cards API \(v2\)/ }));
    // `/` typed in a field is a character, not the search shortcut.
    await title.fill('A/B');
    expect(await title.inputValue()).toBe('A/B');
    await form.getByRole('button', { name: 'Discard changes' }).click();
    await page.screenshot({ path: artifact('web-plan-form.png'), fullPage: true });

    // A new item: in the lead's workstream by default; added at the end of the section and opened.
    await page.getByRole('button', { name: 'New item' }).click();
    const add = page.getByRole('form', { name: 'New item' });
    await shown(add);
    expect(await add.getByLabel('Workstream').inputValue()).toBe('payments');
    await add.getByLabel('Id').fill('PAY-10');
    await add.getByLabel('Title').fill('Rotate vault keys');
    await add.getByLabel('Duration').fill('3d');
    await add.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/plan\?sel=PAY-10$/);
    await shown(page.getByRole('form', { name: 'Edit PAY-10' }));
    expect((await entry('PAY-10')).data).toEqual({ id: 'PAY-10', title: 'Rotate vault keys', workstream: 'payments', estimate: '3d' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-plan-form-dark.png'), fullPage: true });
  }, 150_000);

  it('shows a lead no edit controls on another workstream, and a stale form gets the server’s 403 reason', async () => {
    const page = await newPage();
    await signIn(page, cockpit, lead, `/programs/${PROGRAM}/plan?sel=WEB-3`);
    const form = page.getByRole('form', { name: 'Edit WEB-3' });
    await shown(form);
    await text(form.getByTestId('read-only-note')).toContain('As lead of payments you cannot edit this: it is in workstream web.');
    expect(await form.getByRole('button').count()).toBe(0); // no Save, no Delete
    expect(await form.getByLabel('Title').isDisabled()).toBe(true);
    await shown(page.getByRole('row', { name: /^WEB-3 .* read only$/ }));
    // Decisions are not a lead's to write: no "New decision" button there.
    await page.getByRole('link', { name: 'Decisions' }).click();
    await shown(page.getByRole('table', { name: 'Decisions' }));
    expect(await page.getByRole('button', { name: 'New decision' }).count()).toBe(0);

    // A viewer sees every form read-only, with the reason, and no way to add.
    const viewer = await newPage();
    await signIn(viewer, cockpit, await addUser(cockpit, 'vic', PROGRAM, 'viewer'), `/programs/${PROGRAM}/plan?sel=PAY-4`);
    const readOnly = viewer.getByRole('form', { name: 'Edit PAY-4' });
    await text(readOnly.getByTestId('read-only-note')).toContain('You are a viewer of this program: you can read it, not change it.');
    expect(await readOnly.getByRole('button').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'New item' }).count()).toBe(0);

    // A form opened while PAY-6 was in payments; an owner moves it to web meanwhile; saving is refused by the server.
    await page.goto(`${cockpit.url}/programs/${PROGRAM}/plan?sel=PAY-6`);
    const pay6 = page.getByRole('form', { name: 'Edit PAY-6' });
    await shown(pay6);
    await pay6.getByLabel('Title').fill('Retries, idempotency keys');
    const before = await entry('PAY-6');
    expect((await call(`${API}/items/PAY-6`, { method: 'PUT', json: { data: { ...before.data, workstream: 'web' }, version: before.version } })).status).toBe(200);
    await pay6.getByRole('button', { name: 'Save' }).click();
    const alert = pay6.getByRole('alert');
    await text(alert).toBe("Not allowed: you lead payments, not workstream 'web'.");
    expect((await entry('PAY-6')).data.title).toBe(before.data.title);
  }, 150_000);

  it('shows the validator’s 422 message as the CLI prints it, beside the field it concerns', async () => {
    const page = await newPage();
    await signIn(page, cockpit, lead, `/programs/${PROGRAM}/plan?sel=PAY-7`);
    const form = page.getByRole('form', { name: 'Edit PAY-7' });
    await shown(form);
    const after = form.getByLabel('After');
    await after.fill('PAY-2, NOPE-1');
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = form.getByRole('alert');
    await text(alert).toContain('The program would not be valid: 1 problem. Nothing was changed.');
    await text(alert).toMatch(/checkout\.vantage\.yaml:\d+:\d+: error: item PAY-7 depends on NOPE-1, which does not exist.* \[unknown-ref\]/);
    await attr(after, 'aria-invalid').toBe('true');
    const described = await after.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toMatch(/^item PAY-7 depends on NOPE-1, which does not exist.* \[unknown-ref\]$/);
    expect((await entry('PAY-7')).data.after).toEqual(['PAY-2']);
    // A client check runs first: a title is required.
    await form.getByLabel('Title').fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await text(form.getByRole('alert')).toContain('Title is required');
    await form.getByRole('button', { name: 'Discard changes' }).click();
    // Deleting an item that CMP-2 and the milestone vault-live wait for is refused by the validator too, in its words.
    await form.getByRole('button', { name: 'Delete…' }).click();
    await form.getByRole('button', { name: 'Delete PAY-7 for good' }).click();
    const refused = form.getByRole('alert');
    await text(refused).toContain('The program would not be valid: 2 problems. Nothing was changed.');
    expect(await refused.textContent()).toMatch(/checkout\.vantage\.yaml:\d+:\d+: error: item CMP-2 depends on PAY-7, which does not exist.* \[unknown-ref\]/);
    expect(await refused.textContent()).toMatch(/checkout\.vantage\.yaml:\d+:\d+: error: milestone vault-live waits for PAY-7, which does not exist.* \[unknown-ref\]/);
    expect((await call(`${API}/items/PAY-7`)).status).toBe(200);
  }, 150_000);

  it('meets a concurrent edit with "Changed by … just now", both versions, and a merge that stores both changes', async () => {
    const mine = await newPage();
    const theirs = await newPage();
    await signIn(mine, cockpit, editor, `/programs/${PROGRAM}/plan?sel=PAY-5`);
    await signIn(theirs, cockpit, cockpit.token, `/programs/${PROGRAM}/plan?sel=PAY-5`);
    const myForm = mine.getByRole('form', { name: 'Edit PAY-5' });
    const theirForm = theirs.getByRole('form', { name: 'Edit PAY-5' });
    await shown(myForm);
    await shown(theirForm);
    await myForm.getByLabel('Owner').fill('jo'); // I start editing …
    await theirForm.getByLabel('Title').fill('Apple Pay and Google Pay'); // … they save first
    await theirForm.getByRole('button', { name: 'Save' }).click();
    await text(theirForm.getByRole('status')).toMatch(/^Saved PAY-5/);
    await myForm.getByRole('button', { name: 'Save' }).click();
    const conflict = myForm.getByRole('region', { name: /^Changed by demo just now$/ });
    await shown(conflict);
    const table = conflict.getByRole('table', { name: 'Your version and theirs' });
    await shown(table.getByRole('row', { name: /^title Apple Pay and Google Pay on the new rails Apple Pay and Google Pay theirs$/ }));
    await shown(table.getByRole('row', { name: /^owner jo yours cy$/ }));
    await mine.screenshot({ path: artifact('web-plan-conflict.png'), fullPage: true });
    await conflict.getByRole('button', { name: 'Merge' }).click();
    await text(myForm.getByRole('status')).toMatch(/^Saved PAY-5/);
    const merged = (await entry('PAY-5')).data;
    expect(merged.title).toBe('Apple Pay and Google Pay');
    expect(merged.owner).toBe('jo');

    // Both change the title: the merge waits for a pick, and takes mine when picked.
    await myForm.getByLabel('Title').fill('Wallets (mine)');
    await theirs.reload();
    await shown(theirForm);
    await theirForm.getByLabel('Title').fill('Wallets (theirs)');
    await theirForm.getByRole('button', { name: 'Save' }).click();
    await text(theirForm.getByRole('status')).toMatch(/^Saved PAY-5/);
    await myForm.getByRole('button', { name: 'Save' }).click();
    const again = myForm.getByRole('region', { name: /^Changed by demo/ });
    await shown(again);
    expect(await again.getByRole('button', { name: 'Merge' }).isDisabled()).toBe(true);
    await again.getByRole('radio', { name: /Keep yours: Wallets \(mine\)/ }).check();
    await again.getByRole('button', { name: 'Merge' }).click();
    await text(myForm.getByRole('status')).toMatch(/^Saved PAY-5/);
    expect((await entry('PAY-5')).data.title).toBe('Wallets (mine)');
  }, 150_000);

  it('receives a change made elsewhere live: the timeline shows it in place, without a reload, with a notice', async () => {
    const page = await newPage();
    // One stream per tab: every program the user may read.
    const stream = page.waitForResponse((r) => r.url().endsWith('/api/events'), { timeout: 30_000 });
    await signIn(page, cockpit, editor, `/programs/${PROGRAM}/timeline`);
    const grid = page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' });
    await shown(grid.getByRole('row', { name: /^PAY-8 Refunds on the new rails,/ }));
    await stream;
    await page.evaluate(`window.__sameDocument = true; document.querySelector('.tl-scroll').scrollTop = 40`);
    const before = await entry('PAY-8');
    const put = await call(`${API}/items/PAY-8`, { method: 'PUT', json: { data: { ...before.data, title: 'Refunds and partial refunds' }, version: before.version } });
    expect(put.status).toBe(200);
    // The notice comes first (it fades after a few seconds); the timeline re-reads the schedule in place.
    const notice = page.getByRole('status').filter({ hasText: 'PAY-8 changed by demo' });
    await shown(notice);
    await page.screenshot({ path: artifact('web-live-notice.png') });
    await shown(grid.getByRole('row', { name: /^PAY-8 Refunds and partial refunds,/ }));
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    expect(await page.evaluate(`document.querySelector('.tl-scroll').scrollTop`)).toBe(40);
    // A second change, seen in the dark theme.
    await page.emulateMedia({ colorScheme: 'dark' });
    const pay9 = await entry('PAY-9');
    expect((await call(`${API}/items/PAY-9`, { method: 'PUT', json: { data: { ...pay9.data, status: 'doing', started: '2026-11-23' }, version: pay9.version } })).status).toBe(200);
    await shown(page.getByRole('status').filter({ hasText: 'PAY-9 changed by demo' }));
    await page.screenshot({ path: artifact('web-live-notice-dark.png') });
    await shown(grid.getByRole('row', { name: /^PAY-9 Migrate fraud rules to the new rails, doing,/ }));
  }, 150_000);

  it('keeps the rail live: a program imported elsewhere appears and a deleted one goes, without a reload', async () => {
    const page = await newPage();
    const stream = page.waitForResponse((r) => r.url().endsWith('/api/events'), { timeout: 30_000 });
    await signIn(page, cockpit, cockpit.token, '/');
    const rail = page.getByRole('navigation', { name: 'Programs' });
    await shown(rail.getByRole('link', { name: /Checkout revamp/ }));
    await stream;
    await page.evaluate(`window.__sameDocument = true`);
    const text = 'vantage: 1\nprogram: {id: live-new, name: Imported elsewhere, start: 2026-11-02}\nitems: [{id: A, title: A, estimate: 2d}]\n';
    expect((await call('/api/programs', { method: 'POST', json: { text, file: 'live-new.vantage.yaml' } })).status).toBe(201);
    await shown(rail.getByRole('link', { name: /Imported elsewhere/ }));
    const removed = await fetch(`${cockpit.url}/api/programs/live-new`, { method: 'DELETE', headers: { Authorization: `Bearer ${cockpit.token}` } });
    expect(removed.status).toBe(204);
    await expect.poll(() => rail.getByRole('link', { name: /Imported elsewhere/ }).count(), { timeout: 30_000 }).toBe(0);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
  }, 150_000);

  it('focuses search with /, lists items matching "vault", and opens the chosen one with Enter', async () => {
    const page = await newPage();
    await signIn(page, cockpit, editor, `/programs/${PROGRAM}`);
    await shown(page.getByRole('heading', { name: 'Checkout revamp', level: 1 }));
    await page.keyboard.press('/');
    const box = page.getByRole('combobox', { name: /Search/ });
    await expect.poll(() => box.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await box.pressSequentially('vault');
    const list = page.getByRole('listbox', { name: 'Search results' });
    const item = list.getByRole('option', { name: /^Item PAY-2 Card vault vendor integration/ });
    await shown(item);
    await shown(list.getByRole('option', { name: /^Milestone vault-live/ }));
    // The milestone's id starts with the query: it comes first; then title words, items by id (CMP-1 before PAY-2).
    const options = list.getByRole('option');
    await attr(options.first(), 'aria-selected').toBe('true');
    expect(await options.first().textContent()).toMatch(/^Milestone vault-live/);
    expect(await options.nth(1).textContent()).toMatch(/^Item CMP-1/);
    expect(await options.nth(2).textContent()).toMatch(/^Item PAY-2/);
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    await attr(item, 'aria-selected').toBe('true');
    await attr(box, 'aria-activedescendant').toBe('search-option-2');
    await page.screenshot({ path: artifact('web-search.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifact('web-search-dark.png') });
    await box.press('Enter');
    await expect.poll(() => page.url()).toMatch(/\/programs\/checkout-revamp\/timeline\?sel=PAY-2$/);
    await shown(page.getByRole('treegrid', { name: 'Timeline of Checkout revamp' }));
  }, 150_000);
});
