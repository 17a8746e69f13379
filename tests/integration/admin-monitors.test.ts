// Admins configure what is watched and who is told: monitors (HTTP, TCP, push) and alert
// channels per OPD or per monitor. Changes are validated field by field and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, startTestServer, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let admin: LoggedIn;
let teknisi: LoggedIn;

beforeAll(async () => {
  server = await startTestServer();
  [admin, teknisi] = await Promise.all([loginAs(server, ['admin']), loginAs(server, ['teknisi'])]);
});
afterAll(async () => {
  await server?.stop();
});

describe('admin: monitors and alert channels', () => {
  it('creates, changes and validates monitors; the push URL is shown once and works', async () => {
    const url = `${server.url}/api/v1/admin/monitors`;
    expect((await call(url, { method: 'POST', headers: teknisi.headers, body: {} })).status).toBe(403);
    const bad = await call(url, { method: 'POST', headers: admin.headers, body: { code: 'x-web', kind: 'http', name: 'X', opd: 'NOPE', target: 'ftp://x', config: { expectedStatus: [600, 1] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['opd', 'target']));

    const web = await call(url, { method: 'POST', headers: admin.headers, body: { code: 'dukcapil-web', kind: 'http', name: 'Portal Dukcapil', opd: 'DISDUKCAPIL', target: 'http://127.0.0.1:9/health', intervalSeconds: 60, tags: ['publik'] } });
    expect(web.status).toBe(201);
    expect(web.body.monitor).toMatchObject({ code: 'dukcapil-web', intervalSeconds: 60, failuresToDown: 3 });
    expect((await call(url, { method: 'POST', headers: admin.headers, body: { code: 'dukcapil-web', kind: 'http', name: 'Lagi', opd: 'DISDUKCAPIL', target: 'http://x/' } })).status).toBe(409);

    const push = await call(url, { method: 'POST', headers: admin.headers, body: { code: 'backup-agent', kind: 'push', name: 'Agen cadangan', opd: 'DISKOMINFO' } });
    expect(push.status).toBe(201);
    expect(push.body.pushUrl).toMatch(/\/api\/push\/[A-Za-z0-9_-]{20,}\?status=up/);
    const beat = await fetch(push.body.pushUrl.replace(/ping=$/, 'ping=5'));
    expect(await beat.json()).toEqual({ ok: true });
    const listed = await call(url, { headers: admin.headers });
    expect(JSON.stringify(listed.body)).not.toContain(push.body.pushUrl.split('/api/push/')[1].split('?')[0]);

    const changed = await call(`${url}/dukcapil-web`, { method: 'PATCH', headers: admin.headers, body: { failuresToDown: 5, active: false } });
    expect(changed.status).toBe(200);
    expect(changed.body.monitor).toMatchObject({ failuresToDown: 5, active: false });
    const audit = await call(`${server.url}/api/v1/admin/audit?action=config.update`, { headers: admin.headers });
    const entry = audit.body.entries.find((e: { target: string; before: unknown }) => e.target === 'monitor:dukcapil-web' && e.before);
    expect(entry).toMatchObject({ actor: admin.username, before: { failuresToDown: 3, active: true }, after: { failuresToDown: 5, active: false } });
  });

  it('creates alert channels per OPD, never shows a bot token, and refuses bad config', async () => {
    const url = `${server.url}/api/v1/admin/notification-channels`;
    const bad = await call(url, { method: 'POST', headers: admin.headers, body: { name: 'x', kind: 'webhook', config: { url: 'not a url' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('config.url');
    const tg = await call(url, {
      method: 'POST',
      headers: admin.headers,
      body: { name: 'Grup teknisi Dukcapil', kind: 'telegram', opd: 'DISDUKCAPIL', config: { botToken: '123456:ABCDEFGHIJKLMNOP', chatId: -1001 } },
    });
    expect(tg.status).toBe(201);
    expect(tg.body.channel.config.botToken).toBe('123456…');
    const list = await call(url, { headers: admin.headers });
    expect(JSON.stringify(list.body)).not.toContain('ABCDEFGHIJKLMNOP');
    const audit = await call(`${server.url}/api/v1/admin/audit?action=config.update`, { headers: admin.headers });
    expect(JSON.stringify(audit.body)).not.toContain('ABCDEFGHIJKLMNOP');
    const off = await call(`${url}/${tg.body.channel.id}`, { method: 'PATCH', headers: admin.headers, body: { active: false } });
    expect(off.body.channel.active).toBe(false);
  });
});
