/**
 * The web cockpit's files: `webRoutes(distDir)` serves the vite build (dist/web) with content types and cache headers
 * (hashed /assets/* immutable for a year; index.html never cached) and answers index.html for any other GET that is
 * not the API, so deep links such as /programs/checkout/timeline?zoom=week load the app. API paths (/api/*, /healthz,
 * /readyz) fall through to the next handler, so it may be mounted before or after the API app.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context, type MiddlewareHandler } from 'hono';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Paths the API owns: never answered with the app. */
function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/healthz' || path === '/readyz';
}

/** dist/web of the package this module belongs to (from src/server or dist/src/server alike). */
export function defaultWebDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(dir, 'dist', 'web');
}

/**
 * Middleware serving the built cockpit from `distDir` (default: the package's dist/web) for GET and HEAD outside the
 * API: files by path, `index.html` for app paths (deep links). API paths, other methods and — with
 * `whenMissing: 'next'` — a missing build fall through to the next handler; otherwise a missing build answers 503
 * saying to run `npm run build:web`. createApp mounts it before its `GET /` page, so the cockpit replaces that page
 * once built.
 */
export function webHandler(distDir: string = defaultWebDir(), options: { whenMissing: 'next' | 503 } = { whenMissing: 503 }): MiddlewareHandler {
  const root = resolve(distDir);
  const serveFile = async (c: Context, file: string, cache: string): Promise<Response | undefined> => {
    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) return undefined;
      body = await readFile(file);
    } catch {
      return undefined;
    }
    const headers = { 'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' };
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };

  return async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isApiPath(path)) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return c.text('bad path', 400);
    }
    const file = resolve(root, `.${decoded}`);
    // Only files inside distDir; anything else (../, encoded or not) is treated as an app path.
    if (decoded !== '/' && (file === root || file.startsWith(root + sep))) {
      const isAsset = decoded.startsWith('/assets/');
      const found = await serveFile(c, file, isAsset ? IMMUTABLE : REVALIDATE);
      if (found) return found;
      // A missing asset or top-level file is a 404; an app path may contain dots (a program id) and gets the app.
      if (isAsset || (CONTENT_TYPES[extname(decoded).toLowerCase()] !== undefined && !decoded.startsWith('/programs/'))) return c.text(`not found: ${decoded}`, 404, { 'Cache-Control': REVALIDATE });
    }
    const index = await serveFile(c, join(root, 'index.html'), REVALIDATE);
    if (index) return index;
    if (options.whenMissing === 'next') return next();
    return c.text('The web cockpit is not built: run `npm run build:web` (or `npm run build`).', 503);
  };
}

/** A hono app of its own around webHandler (tests, or mounting beside another app). */
export function webRoutes(distDir: string = defaultWebDir()): Hono {
  const app = new Hono();
  app.on(['GET', 'HEAD'], '*', webHandler(distDir));
  return app;
}
