import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sdk/**/*.test.ts', 'engine-adapters/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'models/**/*.test.ts'],
    benchmark: { include: ['sdk/**/*.bench.ts', 'test/**/*.bench.ts'] },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
