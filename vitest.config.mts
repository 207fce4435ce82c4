import { defineConfig } from 'vitest/config';

// Unit and integration tests (real SQLite files, real ptys, real sockets).
// Playwright e2e lives in test/e2e and is run by `playwright test`, not here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'drivers/**/*.test.ts', 'main/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
