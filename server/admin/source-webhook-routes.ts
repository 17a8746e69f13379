// A source's status webhook (issue 14): GET/PUT/DELETE /api/v1/admin/sources/:code/webhook and
// GET .../webhook/deliveries. The secret signs every message (HMAC-SHA256); a generated one is
// shown once. Every change is audited, never with the secret itself.
import express, { type Router } from 'express';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import * as t from '../../db/schema.ts';
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import type { SourceWebhookResponse, SourceWebhookView, StatusWebhookPayload, WebhookDeliveriesResponse } from '../../shared/operator-api.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { actorName } from '../auth/roles.ts';
import { generateSecret } from '../auth/secrets.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import { findSource } from '../repositories/api-key-repository.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { sourceCodeSchema } from './admin-rules.ts';

const SHOWN_ONCE = 'Rahasia ditampilkan sekali ini saja; simpan di sistem penerima. (Shown once: store it in the receiving system.)';

export const webhookBody = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    secret: z.string().min(32).max(200).optional(),
    rotateSecret: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict();

type WebhookRow = typeof t.sourceWebhooks.$inferSelect;

function viewOf(row: WebhookRow): SourceWebhookView {
  return {
    source: row.sourceCode,
    url: row.url,
    active: row.active,
    secretPrefix: row.secret.slice(0, 8),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export function sourceWebhookRoutes(deps: AdminDeps): Router {
  const router = express.Router();

  router.get('/sources/:code/webhook', async (req, res) => {
    const code = sourceCodeSchema.safeParse(req.params.code);
    if (!code.success) return void res.status(404).json(notFound('Webhook'));
    const [row] = await deps.db.select().from(t.sourceWebhooks).where(eq(t.sourceWebhooks.sourceCode, code.data));
    if (!row) return void res.status(404).json(notFound('Webhook'));
    res.set('Cache-Control', 'no-store').json({ webhook: viewOf(row) });
  });

  router.put('/sources/:code/webhook', jsonBody(), async (req, res) => {
    const code = sourceCodeSchema.safeParse(req.params.code);
    if (!code.success) return void res.status(404).json(notFound('Sumber'));
    const input = parseOr400(webhookBody, req.body, req, res);
    if (!input) return;
    if (!(await findSource(deps.db, code.data))) return void res.status(404).json(notFound('Sumber'));
    const admin = adminOf(req);
    const { row, generated } = await deps.db.transaction(async (tx) => {
      const [before] = await tx.select().from(t.sourceWebhooks).where(eq(t.sourceWebhooks.sourceCode, code.data)).for('update');
      const generated = !input.secret && (!before || input.rotateSecret) ? generateSecret('pwh') : null;
      const secret = input.secret ?? generated ?? before!.secret;
      const values = { url: input.url, secret, active: input.active ?? before?.active ?? true, updatedAt: new Date(), updatedBy: actorName(admin) };
      const [row] = await tx
        .insert(t.sourceWebhooks)
        .values({ sourceCode: code.data, ...values })
        .onConflictDoUpdate({ target: t.sourceWebhooks.sourceCode, set: values })
        .returning();
      await recordAudit(tx, {
        actor: admin,
        action: 'source.webhook_set',
        target: `source:${code.data}`,
        before: before ? viewOf(before) : null,
        after: { ...viewOf(row), secretChanged: !before || before.secret !== row.secret },
        origin: auditOrigin(req),
      });
      return { row, generated };
    });
    const answer: SourceWebhookResponse = { webhook: viewOf(row), ...(generated ? { secret: generated } : {}) };
    res.set('Cache-Control', 'no-store').json(generated ? { ...answer, note: SHOWN_ONCE } : answer);
  });

  router.delete('/sources/:code/webhook', async (req, res) => {
    const code = sourceCodeSchema.safeParse(req.params.code);
    if (!code.success) return void res.status(404).json(notFound('Webhook'));
    const deleted = await deps.db.transaction(async (tx) => {
      const [row] = await tx.delete(t.sourceWebhooks).where(eq(t.sourceWebhooks.sourceCode, code.data)).returning();
      if (row) await recordAudit(tx, { actor: adminOf(req), action: 'source.webhook_delete', target: `source:${code.data}`, before: viewOf(row), origin: auditOrigin(req) });
      return row;
    });
    if (!deleted) return void res.status(404).json(notFound('Webhook'));
    res.status(204).end();
  });

  router.get('/sources/:code/webhook/deliveries', async (req, res) => {
    const code = sourceCodeSchema.safeParse(req.params.code);
    if (!code.success) return void res.status(404).json(notFound('Sumber'));
    const limitRaw = Number(req.query.limit ?? 50);
    const limit = Number.isInteger(limitRaw) && limitRaw >= 1 && limitRaw <= 500 ? limitRaw : 50;
    const outbox = await deps.db
      .select()
      .from(t.webhookOutbox)
      .where(and(eq(t.webhookOutbox.sourceCode, code.data)))
      .orderBy(desc(t.webhookOutbox.id))
      .limit(limit);
    const attempts = outbox.length
      ? await deps.db
          .select()
          .from(t.webhookDeliveries)
          .where(
            inArray(
              t.webhookDeliveries.outboxId,
              outbox.map((o) => o.id),
            ),
          )
          .orderBy(t.webhookDeliveries.id)
      : [];
    const answer: WebhookDeliveriesResponse = {
      deliveries: outbox.map((o) => {
        const payload = o.payload as StatusWebhookPayload;
        return {
          idempotencyKey: o.idempotencyKey,
          complaintId: o.complaintId,
          externalId: payload.externalId,
          status: payload.status as ComplaintStatus,
          createdAt: o.createdAt.toISOString(),
          state: o.state as 'pending' | 'delivered' | 'failed',
          nextAttemptAt: o.state === 'pending' ? o.nextAttemptAt.toISOString() : null,
          deliveredAt: o.deliveredAt?.toISOString() ?? null,
          attempts: attempts
            .filter((a) => a.outboxId === o.id)
            .map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), httpStatus: a.httpStatus, error: a.error, durationMs: a.durationMs })),
        };
      }),
    };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  return router;
}
