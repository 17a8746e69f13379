// `npm run admin:create` creates the first admin (never with a default password), who can then
// log in; `--reset` sets a new password.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config.ts';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { call, createTestDatabase, deleteRedisPrefix, testConfig, testPrefix, type TestDatabase } from '../support/test-env.ts';

let db: TestDatabase;
let handle: PantauHandle | null = null;
const prefix = testPrefix();

function adminCreate(args: string[], stdin = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/auth/admin-create.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', PANTAU_ADMIN_PASSWORD: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

describe('npm run admin:create', () => {
  it('refuses to run without a password: there is no default', async () => {
    const r = await adminCreate(['--username', 'kepala']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('no default');
  });

  it('creates an admin from stdin who can log in, and resets a password', async () => {
    const created = await adminCreate(['--username', 'Kepala.Kominfo', '--password-stdin'], 'kata-sandi-pertama-2026\n');
    expect(created.code, created.out).toBe(0);
    expect(created.out).not.toContain('kata-sandi-pertama-2026');
    expect((await adminCreate(['--username', 'weak', '--password-stdin'], 'pendek')).code).toBe(2);
    expect((await adminCreate(['--username', 'kepala.kominfo', '--password-stdin'], 'kata-sandi-kedua-2026')).code).toBe(2);

    handle = await startPantau(testConfig(db.url, prefix));
    const login = (password: string) =>
      call(`${handle!.url}/api/v1/auth/login`, { method: 'POST', headers: { origin: handle!.url }, body: { username: 'kepala.kominfo', password } });
    const ok = await login('kata-sandi-pertama-2026');
    expect(ok.status).toBe(200);
    expect(ok.body.user.roles).toEqual(['admin']);

    const reset = await adminCreate(['--username', 'kepala.kominfo', '--reset', '--generate-password']);
    expect(reset.code, reset.out).toBe(0);
    const generated = /shown once\): (\S+)/.exec(reset.out)![1];
    expect(generated.length).toBeGreaterThanOrEqual(20);
    expect((await login('kata-sandi-pertama-2026')).status).toBe(401);
    expect((await login(generated)).status).toBe(200);
  });
});

