// Monitors and alert channels, for admins: GET/POST /api/v1/admin/monitors,
// PATCH /api/v1/admin/monitors/:code, GET/POST /api/v1/admin/notification-channels,
// PATCH /api/v1/admin/notification-channels/:id. Every change is audited with before and after;
// the prober and processors pick changes up from the reference data (refreshed at once here,
// within 30 s on other nodes).
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import { httpCheckConfigSchema, parseTcpTarget, pushConfigSchema } from '../prober/monitor-config.ts';
import { telegramConfigSchema, webhookConfigSchema } from '../alerting/alert-channels.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';

const codeSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'huruf kecil, angka, ".", "_", "-" (lowercase letters, digits, ".", "_", "-")' });
const opdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

const monitorFields = {
  name: z.string().trim().min(1).max(200),
  opd: opdSchema,
  target: z.string().trim().max(2000).nullable().optional(),
  intervalSeconds: z.number().int().min(10).max(86_400).optional(),
  timeoutMs: z.number().int().min(500).max(60_000).optional(),
  failuresToDown: z.number().int().min(1).max(20).optional(),
  successesToUp: z.number().int().min(1).max(20).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  active: z.boolean().optional(),
};
export const newMonitorBody = z.object({ code: codeSchema, kind: z.enum(['http', 'tcp', 'push']), ...monitorFields });
export const monitorChangesBody = z.object({ ...monitorFields, name: monitorFields.name.optional(), opd: opdSchema.optional() });

export const channelBody = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['webhook', 'telegram']),
  config: z.record(z.string(), z.unknown()),
  opd: opdSchema.nullable().optional(),
  monitor: codeSchema.nullable().optional(),
  active: z.boolean().optional(),
});
export const channelChangesBody = z.object({ name: channelBody.shape.name.optional(), config: channelBody.shape.config.optional(), active: z.boolean().optional() });

type Problem = { field: string; message: string };

/** Checks what zod cannot: the target fits the kind, the config fits the kind, the OPD exists. */
function monitorProblems(kind: string, m: { target?: string | null; config?: Record<string, unknown>; opd?: string }, opdExists: (c: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  if (m.opd !== undefined && !opdExists(m.opd)) problems.push({ field: 'opd', message: `OPD "${m.opd}" tidak dikenal (unknown OPD)` });
  if (kind === 'http' && m.target !== undefined) {
    const ok = typeof m.target === 'string' && /^https?:\/\//.test(m.target) && URL.canParse(m.target);
    if (!ok) problems.push({ field: 'target', message: 'harus alamat http:// atau https:// yang sah (must be a valid http or https address)' });
  }
  if (kind === 'tcp' && m.target !== undefined && (!m.target || !parseTcpTarget(m.target))) {
    problems.push({ field: 'target', message: 'tulis sebagai host:port, mis. 10.0.0.5:5432 (write it as host:port, e.g. 10.0.0.5:5432)' });
  }
  if (m.config !== undefined) {
    const schema = kind === 'push' ? pushConfigSchema : kind === 'http' ? httpCheckConfigSchema : z.object({});
    const parsed = schema.safeParse(m.config);
    if (!parsed.success) for (const i of parsed.error.issues) problems.push({ field: `config.${i.path.join('.')}`, message: i.message });
  }
  return problems;
}

function channelProblems(kind: string, config: unknown): Problem[] {
  const parsed = (kind === 'webhook' ? webhookConfigSchema : telegramConfigSchema).safeParse(config);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ field: `config.${i.path.join('.')}`, message: i.message }));
}

function refuse400(res: express.Response, errors: Problem[]) {
  res.status(400).json({ error: 'validation_failed', message: 'Ada isian yang salah. (Some fields are wrong.)', errors });
}

/** What is safe to show and to audit of a channel: never a bot token. */
function channelView(c: typeof t.notificationChannels.$inferSelect, monitorCode: string | null) {
  const config = { ...(c.config as Record<string, unknown>) };
  if (typeof config.botToken === 'string') config.botToken = `${config.botToken.slice(0, 6)}…`;
  return { id: c.id, name: c.name, kind: c.kind, config, opd: c.opdCode, monitor: monitorCode, active: c.active, createdAt: c.createdAt };
}

export function monitorAdminRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();
  const opdExists = (code: string) => deps.reference.current().opd.has(code);

  router.get('/monitors', async (_req, res) => {
    const rows = await deps.db.select().from(t.monitors).orderBy(t.monitors.code);
    res.set('Cache-Control', 'no-store').json({ monitors: rows.map(({ pushToken, ...m }) => ({ ...m, pushUrlSet: pushToken !== null })) });
  });

  router.post('/monitors', body, async (req, res) => {
    const input = parseOr400(newMonitorBody, req.body, req, res);
    if (!input) return;
    const problems = monitorProblems(input.kind, { ...input, target: input.target ?? (input.kind === 'push' ? undefined : null) }, opdExists);
    if (problems.length) return refuse400(res, problems);
    const pushToken = input.kind === 'push' ? randomBytes(24).toString('base64url') : null;
    const created = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(t.monitors)
        .values({
          code: input.code,
          name: input.name,
          opdCode: input.opd,
          kind: input.kind,
          target: input.kind === 'push' ? null : (input.target ?? null),
          intervalSeconds: input.intervalSeconds ?? 30,
          timeoutMs: input.timeoutMs ?? 10_000,
          failuresToDown: input.failuresToDown ?? 3,
          successesToUp: input.successesToUp ?? 2,
          tags: input.tags ?? [],
          config: input.config ?? {},
          pushToken,
        })
        .onConflictDoNothing()
        .returning();
      if (row) await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `monitor:${row.code}`, after: { ...row, pushToken: undefined }, origin: auditOrigin(req) });
      return row;
    });
    if (!created) return void res.status(409).json({ error: 'conflict', message: `Kode "${input.code}" sudah dipakai. (Code already in use.)` });
    await deps.reference.refresh();
    const { pushToken: token, ...view } = created;
    res.status(201).json({
      monitor: view,
      // Shown once, like an API key: the push URL is the monitor's credential.
      ...(token ? { pushUrl: `${deps.publicUrl()}/api/push/${token}?status=up&msg=OK&ping=`, note: 'URL push ditampilkan sekali ini saja. (Shown once.)' } : {}),
    });
  });

  router.patch('/monitors/:code', body, async (req, res) => {
    const input = parseOr400(monitorChangesBody, req.body, req, res);
    if (!input) return;
    const [before] = await deps.db.select().from(t.monitors).where(eq(t.monitors.code, String(req.params.code)));
    if (!before) return void res.status(404).json(notFound('Monitor'));
    const problems = monitorProblems(before.kind, input, opdExists);
    if (problems.length) return refuse400(res, problems);
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.opd !== undefined ? { opdCode: input.opd } : {}),
      ...(input.target !== undefined && before.kind !== 'push' ? { target: input.target } : {}),
      ...(input.intervalSeconds !== undefined ? { intervalSeconds: input.intervalSeconds } : {}),
      ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      ...(input.failuresToDown !== undefined ? { failuresToDown: input.failuresToDown } : {}),
      ...(input.successesToUp !== undefined ? { successesToUp: input.successesToUp } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      ...(input.config !== undefined ? { config: input.config } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    if (!Object.keys(changes).length) return refuse400(res, [{ field: '(body)', message: 'tidak ada yang diubah (nothing to change)' }]);
    const after = await deps.db.transaction(async (tx) => {
      const [row] = await tx.update(t.monitors).set(changes).where(eq(t.monitors.id, before.id)).returning();
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `monitor:${before.code}`, before: { ...before, pushToken: undefined }, after: { ...row, pushToken: undefined }, origin: auditOrigin(req) });
      return row;
    });
    await deps.reference.refresh();
    const { pushToken: _p, ...view } = after;
    res.json({ monitor: view });
  });

  router.get('/notification-channels', async (_req, res) => {
    const rows = await deps.db.select({ c: t.notificationChannels, monitor: t.monitors.code }).from(t.notificationChannels).leftJoin(t.monitors, eq(t.monitors.id, t.notificationChannels.monitorId));
    res.set('Cache-Control', 'no-store').json({ channels: rows.map((r) => channelView(r.c, r.monitor)) });
  });

  router.post('/notification-channels', body, async (req, res) => {
    const input = parseOr400(channelBody, req.body, req, res);
    if (!input) return;
    const problems = channelProblems(input.kind, input.config);
    if (input.opd && !opdExists(input.opd)) problems.push({ field: 'opd', message: `OPD "${input.opd}" tidak dikenal (unknown OPD)` });
    let monitorId: string | null = null;
    if (input.monitor) {
      const [m] = await deps.db.select({ id: t.monitors.id }).from(t.monitors).where(eq(t.monitors.code, input.monitor));
      if (!m) problems.push({ field: 'monitor', message: `monitor "${input.monitor}" tidak dikenal (unknown monitor)` });
      monitorId = m?.id ?? null;
    }
    if (problems.length) return refuse400(res, problems);
    const created = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(t.notificationChannels)
        .values({ name: input.name, kind: input.kind, config: input.config, opdCode: input.opd ?? null, monitorId, active: input.active ?? true })
        .returning();
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `notification-channel:${row.id}`, after: channelView(row, input.monitor ?? null), origin: auditOrigin(req) });
      return row;
    });
    res.status(201).json({ channel: channelView(created, input.monitor ?? null) });
  });

  router.patch('/notification-channels/:id', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const input = parseOr400(channelChangesBody, req.body, req, res);
    if (!input) return;
    const [before] = id.success ? await deps.db.select().from(t.notificationChannels).where(eq(t.notificationChannels.id, id.data)) : [];
    if (!before) return void res.status(404).json(notFound('Kanal notifikasi'));
    const problems = input.config ? channelProblems(before.kind, input.config) : [];
    if (problems.length) return refuse400(res, problems);
    if (input.name === undefined && input.config === undefined && input.active === undefined) return refuse400(res, [{ field: '(body)', message: 'tidak ada yang diubah (nothing to change)' }]);
    const after = await deps.db.transaction(async (tx) => {
      const [row] = await tx.update(t.notificationChannels).set(input).where(eq(t.notificationChannels.id, before.id)).returning();
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `notification-channel:${before.id}`, before: channelView(before, null), after: channelView(row, null), origin: auditOrigin(req) });
      return row;
    });
    res.json({ channel: channelView(after, null) });
  });

  return router;
}
