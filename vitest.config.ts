import { defineConfig } from 'vitest/config';

// Unit and integration tests. Integration tests start real child processes
// (devnet, miners, validators) on 127.0.0.1 with ephemeral ports, so files may
// run in parallel; CI has two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
