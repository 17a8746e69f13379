import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three layers of tests, run in this order by `npm test`:
// unit (pure functions, colocated under tests/unit), integration (real Redis + PostgreSQL),
// e2e (real server, real Chromium). Integration and e2e files run one at a time because they
// start servers and share the machine's Redis and PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [svelte()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Property tests run hundreds of cases; on a busy 2-core machine 5 s is not enough.
          // A timeout is a guard against a hang, never a performance bar (that is `npm run bench`).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Failure drills (kill -9, Redis restarted empty, Postgres down, a wall offline for
        // 5 minutes, hostile payloads): real processes, private Redis/Postgres where one is
        // stopped. `npm run test:reliability` (called by .ci/run after `npm test`); minutes, not
        // seconds. Two files at a time: each drill has its own Redis, database and ports, and the
        // 5-minute offline wall mostly waits.
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          fileParallelism: true,
          maxWorkers: 2,
          testTimeout: 600_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
