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
        // stopped. `npm run test:reliability`; minutes, not seconds, so not part of `npm test`.
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          fileParallelism: false,
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
