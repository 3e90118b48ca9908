import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starting Vigil (three services, their migrations) takes seconds on a busy machine.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
