import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
    // Real training runs and a real browser share two cores with the rest of the suite; the
    // limits guard against hangs, not speed (speed is measured by `npm run bench`).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
