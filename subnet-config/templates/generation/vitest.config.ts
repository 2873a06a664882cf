import { defineConfig } from 'vitest/config';

// `npx vitest run --root .` from this folder runs this subnet's tests.
export default defineConfig({ test: { include: ['**/*.test.ts'], exclude: ['node_modules/**'], testTimeout: 120_000 } });
