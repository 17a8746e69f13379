// The vendor documentation stays true: every example in the OpenAPI document and every curl
// body in docs/api.md is accepted as-is with the demo key.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config.ts';
import { postEvents, startTestServer, type TestServer } from '../support/test-env.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('API documentation', () => {
  it('serves an OpenAPI document whose request examples are accepted', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    const kinds = ['complaints', 'uploads', 'heartbeats'] as const;
    for (const kind of kinds) {
      const op = doc.paths[`/api/v1/${kind}`].post;
      const content = op.requestBody.content['application/json'];
      expect(content.schema.properties.events).toBeDefined();
      const res = await postEvents(server.url, kind, content.example);
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(202);
    }
  });

  it('every curl example in docs/api.md is accepted', async () => {
    const md = fs.readFileSync(path.join(repoRoot, 'docs/api.md'), 'utf8');
    const examples = [...md.matchAll(/curl[^`]*?\/api\/v1\/(complaints|uploads|heartbeats)"[^`]*?-d '([^']+)'/g)];
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [, kind, body] of examples) {
      const res = await postEvents(server.url, kind as 'complaints', JSON.parse(body));
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(202);
    }
  });
});
