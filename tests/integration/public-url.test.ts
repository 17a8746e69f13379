// Behind a reverse proxy, the links Pantau hands out must be the address people use, not the one
// it listens on: a wall's pairing link, a push monitor's URL (PANTAU_PUBLIC_URL). Without it a
// pairing link said http://127.0.0.1:8080/wall?... to an admin on another machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';
import { call, loginAs, startTestServer, type LoggedIn, type TestServer } from '../support/test-env.ts';

const PUBLIC = 'https://pantau.medan.go.id';
let server: TestServer;
let admin: LoggedIn;

beforeAll(async () => {
  server = await startTestServer({ publicUrl: PUBLIC });
  admin = await loginAs(server, ['admin']);
});
afterAll(async () => {
  await server?.stop();
});

describe('PANTAU_PUBLIC_URL', () => {
  it('is the address of every link Pantau hands out', async () => {
    const token = await call(`${server.url}/api/v1/admin/display-tokens`, { method: 'POST', headers: admin.headers, body: { label: 'Videotron lobi' } });
    expect(token.status).toBe(201);
    expect(token.body.wallUrl).toBe(`${PUBLIC}/wall?token=${token.body.token}`);
    const push = await call(`${server.url}/api/v1/admin/monitors`, { method: 'POST', headers: admin.headers, body: { code: 'agen-publik', kind: 'push', name: 'Agen', opd: 'DISKOMINFO' } });
    expect(push.status).toBe(201);
    expect(push.body.pushUrl).toMatch(new RegExp(`^${PUBLIC}/api/push/[A-Za-z0-9_-]{20,}\\?status=up&msg=OK&ping=$`));
  });

  it('is read as one origin, allowed for our own pages, and refused in any other form', () => {
    const config = configFromEnv({ PANTAU_PUBLIC_URL: 'https://Pantau.Medan.go.id/', PANTAU_ALLOWED_ORIGINS: 'https://pantau.medan.go.id,http://10.0.0.5:8080' });
    expect(config.publicUrl).toBe(PUBLIC);
    expect(config.auth.allowedOrigins).toEqual([PUBLIC, 'http://10.0.0.5:8080']);
    expect(configFromEnv({}).publicUrl).toBeNull();
    for (const bad of ['pantau.medan.go.id', 'https://pantau.medan.go.id/wall', 'https://a.go.id,https://b.go.id']) {
      expect(() => configFromEnv({ PANTAU_PUBLIC_URL: bad }), bad).toThrow(/PANTAU_PUBLIC_URL/);
    }
  });
});
