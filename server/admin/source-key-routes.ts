// Ingest sources and their API keys: GET/POST /api/v1/admin/sources,
// POST /api/v1/admin/sources/:code/keys, POST /api/v1/admin/api-keys/:id/rotate|revoke,
// PATCH /api/v1/admin/api-keys/:id. A key is shown once; only its SHA-256 is stored.
import express, { type Router } from 'express';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { actorName } from '../auth/roles.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import {
  apiKeyView,
  findApiKeyById,
  findSource,
  generateApiKey,
  insertApiKey,
  insertSource,
  isRevoked,
  listSourcesWithKeys,
  revokeApiKeyAt,
  updateApiKey,
} from '../repositories/api-key-repository.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { emptyBody, keyChangesBody, newKeyBody, newSourceBody, rotateKeyBody, sourceCodeSchema } from './admin-rules.ts';

const SHOWN_ONCE = 'Kunci ditampilkan sekali ini saja; simpan di tempat aman. (Shown once: store it safely.)';

export function sourceKeyRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  router.get('/sources', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ sources: await listSourcesWithKeys(deps.db) });
  });

  router.post('/sources', body, async (req, res) => {
    const input = parseOr400(newSourceBody, req.body, req, res);
    if (!input) return;
    const row = await deps.db.transaction(async (tx) => {
      const created = await insertSource(tx, input.code, input.name);
      if (created) await recordAudit(tx, { actor: adminOf(req), action: 'source.create', target: `source:${created.code}`, after: { code: created.code, name: created.name }, origin: auditOrigin(req) });
      return created;
    });
    if (!row) return void res.status(409).json({ error: 'conflict', message: 'Kode sumber sudah dipakai. (Source code taken.)' });
    res.status(201).json({ source: { code: row.code, name: row.name, createdAt: row.createdAt.toISOString(), keys: [] } });
  });

  router.post('/sources/:code/keys', body, async (req, res) => {
    const code = sourceCodeSchema.safeParse(req.params.code);
    if (!code.success) return void res.status(404).json(notFound('Sumber'));
    const input = parseOr400(newKeyBody, req.body, req, res);
    if (!input) return;
    if (!(await findSource(deps.db, code.data))) return void res.status(404).json(notFound('Sumber'));
    const key = generateApiKey();
    const row = await deps.db.transaction(async (tx) => {
      const created = await insertApiKey(tx, { sourceCode: code.data, key, label: input.label ?? null, rateLimitPerMinute: input.rateLimitPerMinute ?? null, createdBy: actorName(adminOf(req)) });
      await recordAudit(tx, { actor: adminOf(req), action: 'api_key.create', target: `api_key:${created.id}`, after: apiKeyView(created), origin: auditOrigin(req) });
      return created;
    });
    res.status(201).set('Cache-Control', 'no-store').json({ apiKey: apiKeyView(row), key, note: SHOWN_ONCE });
  });

  router.post('/api-keys/:id/rotate', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound('Kunci API'));
    const input = parseOr400(rotateKeyBody, req.body, req, res);
    if (!input) return;
    const old = await findApiKeyById(deps.db, id.data);
    if (!old || isRevoked(old)) return void res.status(404).json(notFound('Kunci API aktif'));
    const key = generateApiKey();
    const now = new Date();
    const oldEndsAt = new Date(now.getTime() + (input.graceSeconds ?? 0) * 1000);
    const result = await deps.db.transaction(async (tx) => {
      const created = await insertApiKey(tx, {
        sourceCode: old.sourceCode,
        key,
        label: input.label !== undefined ? input.label : old.label,
        rateLimitPerMinute: old.rateLimitPerMinute,
        createdBy: actorName(adminOf(req)),
      });
      const retired = await revokeApiKeyAt(tx, old.id, oldEndsAt);
      await recordAudit(tx, {
        actor: adminOf(req),
        action: 'api_key.rotate',
        target: `api_key:${old.id}`,
        before: apiKeyView(old),
        after: { old: retired ? apiKeyView(retired) : null, new: apiKeyView(created) },
        origin: auditOrigin(req),
      });
      return { created, retired };
    });
    if (oldEndsAt <= now) await deps.bus.publish({ kind: 'api_key', id: old.id });
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ apiKey: apiKeyView(result.created), key, previous: result.retired ? apiKeyView(result.retired) : null, note: SHOWN_ONCE });
  });

  router.post('/api-keys/:id/revoke', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound('Kunci API'));
    if (!parseOr400(emptyBody, req.body, req, res)) return;
    const before = await findApiKeyById(deps.db, id.data);
    if (!before || isRevoked(before)) return void res.status(404).json(notFound('Kunci API aktif'));
    const row = await deps.db.transaction(async (tx) => {
      const revoked = await revokeApiKeyAt(tx, before.id, new Date());
      if (revoked) await recordAudit(tx, { actor: adminOf(req), action: 'api_key.revoke', target: `api_key:${before.id}`, before: apiKeyView(before), after: apiKeyView(revoked), origin: auditOrigin(req) });
      return revoked;
    });
    if (!row) return void res.status(404).json(notFound('Kunci API aktif'));
    await deps.bus.publish({ kind: 'api_key', id: row.id });
    res.json({ apiKey: apiKeyView(row) });
  });

  router.patch('/api-keys/:id', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound('Kunci API'));
    const input = parseOr400(keyChangesBody, req.body, req, res);
    if (!input) return;
    const before = await findApiKeyById(deps.db, id.data);
    if (!before) return void res.status(404).json(notFound('Kunci API'));
    const row = await deps.db.transaction(async (tx) => {
      const after = await updateApiKey(tx, before.id, input);
      if (after) await recordAudit(tx, { actor: adminOf(req), action: 'api_key.update', target: `api_key:${before.id}`, before: apiKeyView(before), after: apiKeyView(after), origin: auditOrigin(req) });
      return after;
    });
    if (!row) return void res.status(404).json(notFound('Kunci API'));
    // Rate limits are cached with the key: drop the caches so the new limit applies at once.
    await deps.bus.publish({ kind: 'api_key', id: row.id });
    res.json({ apiKey: apiKeyView(row) });
  });

  return router;
}
