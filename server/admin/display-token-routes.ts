// Display tokens for wall screens: GET/POST /api/v1/admin/display-tokens,
// POST /api/v1/admin/display-tokens/:id/revoke, POST /api/v1/admin/display-devices/:id/revoke.
// The token is shown once, at creation, with the ready wall URL; only its hash is stored.
import express, { type Router } from 'express';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { actorName } from '../auth/roles.ts';
import { generateDisplayToken, sha256 } from '../auth/secrets.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import {
  deviceView,
  findDevice,
  insertDisplayToken,
  listDisplayTokens,
  revokeDevice,
  revokeDisplayToken,
  tokenView,
} from '../repositories/display-token-repository.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { emptyBody, newDisplayTokenBody } from './admin-rules.ts';

export function wallUrl(base: string, token: string): string {
  return `${base.replace('127.0.0.1', 'localhost')}/wall?token=${encodeURIComponent(token)}`;
}

export function displayTokenRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  router.get('/display-tokens', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ displayTokens: await listDisplayTokens(deps.db) });
  });

  router.post('/display-tokens', body, async (req, res) => {
    const input = parseOr400(newDisplayTokenBody, req.body, req, res);
    if (!input) return;
    const token = generateDisplayToken();
    const row = await deps.db.transaction(async (tx) => {
      const created = await insertDisplayToken(tx, {
        tokenHash: sha256(token),
        tokenPrefix: token.slice(0, 8),
        label: input.label,
        screenName: input.screenName ?? null,
        createdBy: actorName(adminOf(req)),
      });
      if (created) await recordAudit(tx, { actor: adminOf(req), action: 'display_token.create', target: `display_token:${created.id}`, after: tokenView(created), origin: auditOrigin(req) });
      return created;
    });
    if (!row) throw new Error('display token collision');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ displayToken: tokenView(row), token, wallUrl: wallUrl(deps.publicUrl(), token), note: 'Token ditampilkan sekali ini saja. (Shown once.)' });
  });

  router.post('/display-tokens/:id/revoke', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound('Token layar'));
    if (!parseOr400(emptyBody, req.body, req, res)) return;
    const row = await deps.db.transaction(async (tx) => {
      const revoked = await revokeDisplayToken(tx, id.data, new Date());
      if (revoked) await recordAudit(tx, { actor: adminOf(req), action: 'display_token.revoke', target: `display_token:${revoked.id}`, after: tokenView(revoked), origin: auditOrigin(req) });
      return revoked;
    });
    if (!row) return void res.status(404).json(notFound('Token layar aktif'));
    await deps.bus.publish({ kind: 'display_token', id: row.id });
    res.json({ displayToken: tokenView(row) });
  });

  router.post('/display-devices/:id/revoke', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound('Layar'));
    if (!parseOr400(emptyBody, req.body, req, res)) return;
    const before = await findDevice(deps.db, id.data);
    const row = before
      ? await deps.db.transaction(async (tx) => {
          const revoked = await revokeDevice(tx, id.data, new Date());
          if (revoked) await recordAudit(tx, { actor: adminOf(req), action: 'display_device.revoke', target: `display_device:${revoked.id}`, before: deviceView(before), after: deviceView(revoked), origin: auditOrigin(req) });
          return revoked;
        })
      : null;
    if (!row) return void res.status(404).json(notFound('Layar aktif'));
    await deps.bus.publish({ kind: 'display_device', id: row.id });
    res.json({ device: deviceView(row) });
  });

  return router;
}
