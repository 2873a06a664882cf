import { defineConfig } from 'vitest/config';

// Browser tests: Debian's chromium driven by playwright-core (see test/browser/).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
