/**
 * The web cockpit's build: vite with the web/ folder as its root, emitted to dist/web (served by src/server/web.ts).
 * `npm run build:web` runs it; `npm run build` and `prepare` run it after tsc. `npx vite` serves web/ with hot reload
 * and sends /api to a running `vantage serve` (VANTAGE_API, default http://127.0.0.1:7400).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  server: { proxy: { '/api': process.env.VANTAGE_API ?? 'http://127.0.0.1:7400' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
