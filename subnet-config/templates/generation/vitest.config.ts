import { defineConfig } from 'vitest/config';

// `npm test` (after `npm install`) runs this subnet's tests.
export default defineConfig({ test: { include: ['**/*.test.ts'], exclude: ['node_modules/**'], testTimeout: 120_000 } });
