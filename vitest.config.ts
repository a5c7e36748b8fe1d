import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Most suites wait on PGlite, PostgreSQL or Chromium rather than compute: two files at a time on the 2-core
    // machine (vitest's default, cores - 1, would run them one by one).
    maxWorkers: 2,
  },
});
