// Where the tests find Redis and PostgreSQL: the configured addresses, else the machine's usual
// ones. `npm test` (tests/setup/run-tests.ts) starts private servers when nothing answers there
// and passes their addresses in the same variables.
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const testRedisUrl = (env: NodeJS.ProcessEnv = process.env) => env.PANTAU_TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
export const testPgUrl = (env: NodeJS.ProcessEnv = process.env) => env.PANTAU_TEST_PG_URL || DEFAULT_TEST_PG_URL;
