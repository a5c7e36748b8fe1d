/**
 * Headless Chromium for tests: Debian's `chromium` driven by playwright-core (never a browser download).
 *
 * `describeBrowser(name, fn)` runs the suite when Chromium is there. When it is not, the suite is skipped and says so
 * loudly on stderr, unless VANTAGE_REQUIRE_BROWSER=1 (as in .ci/run), where a missing browser fails the run.
 * Screenshots go to test/artifacts/ (ignored by git; CI keeps them as artefacts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.VANTAGE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

/** The Chromium executable, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

/** Flags for a closed network: no background connections, no sandbox as root, no GPU. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export const artifactsDir = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** The path for a screenshot artefact (the folder is created). */
export function artifact(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}

/**
 * A describe block with a shared browser. `fn` receives `newPage()` (a fresh page in its own context, closed after the
 * suite). Example: `describeBrowser('charts', ({ newPage }) => { it('renders', async () => { const page = await newPage(); ... }) })`.
 */
export function describeBrowser(name: string, fn: (ctx: { newPage: () => Promise<Page> }) => void): void {
  const path = chromiumPath();
  if (!path) {
    if (process.env.VANTAGE_REQUIRE_BROWSER === '1') {
      describe(name, () => {
        it('needs Chromium (VANTAGE_REQUIRE_BROWSER=1)', () => {
          throw new Error('Chromium is not installed (/usr/bin/chromium): install Debian\'s chromium package, or unset VANTAGE_REQUIRE_BROWSER');
        });
      });
    } else {
      process.stderr.write(`\n*** SKIPPED browser suite '${name}': Chromium not found at ${CANDIDATES.join(', ')} (apt-get install chromium) ***\n\n`);
      describe.skip(name, () => fn({ newPage: () => Promise.reject(new Error('no browser')) }));
    }
    return;
  }
  describe(name, () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: path, headless: true, args: ARGS });
    }, 30_000);
    afterAll(async () => {
      await browser?.close();
    });
    fn({
      newPage: async () => {
        if (!browser) throw new Error('browser not started');
        const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
        return context.newPage();
      },
    });
  });
}
