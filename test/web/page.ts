/**
 * What the cockpit's browser tests do on a page: sign in with a token, and wait for what the app shows
 * (playwright-core has no web-first assertions: these poll the locator until it matches or the timeout ends).
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Cockpit } from './cockpit-server.js';

/** Waits until the locator is visible. */
export const shown = (l: Locator, timeout = 30_000) => l.waitFor({ state: 'visible', timeout });

/** Polls an attribute: `await attr(link, 'aria-current').toBe('page')`. */
export const attr = (l: Locator, name: string) => expect.poll(() => l.getAttribute(name), { timeout: 30_000 });

/** Polls the text content: `await text(alert).toMatch(/refused/)`. */
export const text = (l: Locator) => expect.poll(() => l.textContent(), { timeout: 20_000 });

/** Waits until the element has the keyboard focus. */
export const focused = (l: Locator) => expect.poll(() => l.evaluate((el) => el.matches(':focus')), { timeout: 10_000 }).toBe(true);

/** Opens `path` and signs in with `token` (the demo admin's by default) on the sign-in form. */
export async function signIn(page: Page, cockpit: Cockpit, path = '/', token = cockpit.token): Promise<void> {
  await page.goto(cockpit.url + path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
