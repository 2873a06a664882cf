import { defineConfig } from 'vitest/config';

// Two projects, told apart by the file name alone, so that a new test lands in
// the right one without touching this file:
//
// - `unit`: `test/**/*.test.ts`. In-process only: no child processes, no
//   listening servers, no sockets (test/helpers/unit-guard.ts makes any of them
//   throw). Runs in seconds: `npx vitest run --project unit`.
// - `integration`: `test/**/*.int.test.ts`. Anything that spawns `subnet`,
//   starts a devnet (in-process or as a child), listens or connects, and
//   anything that needs more than a few seconds of CPU (a real 512 MiB argon2
//   key derivation). Servers bind 127.0.0.1 with ephemeral ports, so files may
//   run in parallel; CI has two cores.
//
// test/browser/** runs separately (vitest.e2e.config.ts). `vitest run` runs
// both projects.
export default defineConfig({
  test: {
    teardownTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/browser/**', 'node_modules/**'],
          setupFiles: ['test/helpers/unit-guard.ts'],
          pool: 'threads',
          // vitest runs projects with equal maxWorkers side by side in one pool (unequal ones would need a sequence.groupOrder)
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
