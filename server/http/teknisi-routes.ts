// The technicians' API (contract in shared/teknisi-api.ts): incidents, monitors, maintenance
// windows. Reads need `incident:read`, actions `incident:act`; OPD-scoped users see and act on
// their own OPD's services only. Every action is audited in the transaction that makes it.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { IncidentListResponse, MaintenanceWindowView, MonitorListResponse } from '../../shared/teknisi-api.ts';
import type { Database } from '../infra/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { auditOrigin, refuse, requirePermission } from '../auth/http-auth.ts';
import { mayReadOpd, opdScope } from '../auth/roles.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import { actOnIncident, type IncidentAction } from '../incidents/incident-service.ts';
import { incidentViews, listIncidents, listMonitors, maintenanceViews, monitorDetail } from '../reports/monitor-report.ts';
import { maintenanceWindowSchema } from '../domain/uptime/maintenance-window.ts';
import { jsonBody, parseOr400 } from './json-body.ts';

export const noteSchema = z.object({ note: z.string().trim().max(1000).optional() });
export const maintenanceSchema = z.object({ window: maintenanceWindowSchema, note: z.string().trim().max(500).optional() });
export const listQuery = z.object({
  state: z.enum(['active', 'resolved']).default('active'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface TeknisiDeps {
  db: Database;
  authn: Authenticator;
  reference: ReferenceCache;
  live: LiveStateStore;
}

export function teknisiRoutes(deps: TeknisiDeps): Router {
  const router = express.Router();
  const read = requirePermission(deps.authn, 'incident:read');
  const act = requirePermission(deps.authn, 'incident:act');

  router.get('/api/v1/incidents', ...read, async (req, res) => {
    const q = parseOr400(listQuery, req.query, req, res);
    if (!q) return;
    const incidents = await listIncidents(deps.db, deps.reference.current(), q.state, q.limit, opdScope(req.principal) ?? undefined);
    res.set('Cache-Control', 'no-store').json({ incidents } satisfies IncidentListResponse);
  });

  const incidentAction = (action: IncidentAction) => async (req: Request, res: Response) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json({ error: 'not_found', message: { id: 'Insiden tidak ditemukan.', en: 'Incident not found.' } });
    const body = parseOr400(noteSchema, req.body, req, res);
    if (!body) return;
    const [owner] = await deps.db
      .select({ opd: t.monitors.opdCode })
      .from(t.incidents)
      .innerJoin(t.monitors, eq(t.monitors.id, t.incidents.monitorId))
      .where(eq(t.incidents.id, id.data));
    if (owner && !mayReadOpd(req.principal, owner.opd)) return refuse.forbidden(res);
    const result = await actOnIncident(deps.db, deps.live, {
      incidentId: id.data,
      action,
      actor: req.principal!,
      note: body.note ?? null,
      origin: auditOrigin(req),
    });
    if (!result.ok) return void res.status(result.status).json({ error: result.error.code, message: result.error.message });
    const [view] = await listIncidentById(deps, result.incident.id);
    res.json({ incident: view });
  };
  router.post('/api/v1/incidents/:id/acknowledge', ...act, jsonBody(), incidentAction('acknowledge'));
  router.post('/api/v1/incidents/:id/resolve', ...act, jsonBody(), incidentAction('resolve'));

  router.get('/api/v1/monitors', ...read, async (req, res) => {
    const monitors = await listMonitors(deps.db, deps.reference.current(), new Date(), opdScope(req.principal) ?? undefined);
    res.set('Cache-Control', 'no-store').json({ monitors } satisfies MonitorListResponse);
  });

  router.get('/api/v1/monitors/:code', ...read, async (req, res) => {
    const detail = await monitorDetail(deps.db, deps.reference.current(), String(req.params.code), new Date());
    if (!detail) return void res.status(404).json({ error: 'not_found', message: { id: 'Layanan tidak ditemukan.', en: 'Monitor not found.' } });
    if (!mayReadOpd(req.principal, detail.monitor.opd.code)) return refuse.forbidden(res);
    res.set('Cache-Control', 'no-store').json(detail);
  });

  router.post('/api/v1/monitors/:code/maintenance', ...act, jsonBody(), async (req, res) => {
    const body = parseOr400(maintenanceSchema, req.body, req, res);
    if (!body) return;
    const [monitor] = await deps.db.select().from(t.monitors).where(eq(t.monitors.code, String(req.params.code)));
    if (!monitor) return void res.status(404).json({ error: 'not_found', message: { id: 'Layanan tidak ditemukan.', en: 'Monitor not found.' } });
    if (!mayReadOpd(req.principal, monitor.opdCode)) return refuse.forbidden(res);
    const created = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(t.maintenanceWindows)
        .values({ monitorId: monitor.id, window: body.window, note: body.note ?? null, createdBy: req.principal!.kind === 'user' ? req.principal!.username : null })
        .returning();
      await recordAudit(tx, { actor: req.principal!, action: 'maintenance.create', target: `monitor:${monitor.code}`, after: { window: body.window, note: body.note ?? null }, origin: auditOrigin(req) });
      return row;
    });
    await deps.reference.refresh();
    const view = (await maintenanceViews(deps.db, monitor, new Date())).find((w) => w.id === created.id);
    res.status(201).json({ maintenance: view satisfies MaintenanceWindowView | undefined });
  });

  const windowOwner = async (id: string) => {
    const [row] = await deps.db
      .select({ window: t.maintenanceWindows, monitor: t.monitors })
      .from(t.maintenanceWindows)
      .innerJoin(t.monitors, eq(t.monitors.id, t.maintenanceWindows.monitorId))
      .where(and(eq(t.maintenanceWindows.id, id), eq(t.maintenanceWindows.active, true)));
    return row ?? null;
  };

  router.put('/api/v1/maintenance/:id', ...act, jsonBody(), async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const body = parseOr400(maintenanceSchema, req.body, req, res);
    if (!body) return;
    const owner = id.success ? await windowOwner(id.data) : null;
    if (!owner) return void res.status(404).json({ error: 'not_found', message: { id: 'Jendela pemeliharaan tidak ditemukan.', en: 'Maintenance window not found.' } });
    if (!mayReadOpd(req.principal, owner.monitor.opdCode)) return refuse.forbidden(res);
    await deps.db.transaction(async (tx) => {
      await tx.update(t.maintenanceWindows).set({ window: body.window, note: body.note ?? null }).where(eq(t.maintenanceWindows.id, owner.window.id));
      await recordAudit(tx, {
        actor: req.principal!,
        action: 'maintenance.update',
        target: `monitor:${owner.monitor.code}`,
        before: { window: owner.window.window, note: owner.window.note },
        after: { window: body.window, note: body.note ?? null },
        origin: auditOrigin(req),
      });
    });
    await deps.reference.refresh();
    const view = (await maintenanceViews(deps.db, owner.monitor, new Date())).find((w) => w.id === owner.window.id);
    res.json({ maintenance: view });
  });

  router.delete('/api/v1/maintenance/:id', ...act, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const owner = id.success ? await windowOwner(id.data) : null;
    if (!owner) return void res.status(404).json({ error: 'not_found', message: { id: 'Jendela pemeliharaan tidak ditemukan.', en: 'Maintenance window not found.' } });
    if (!mayReadOpd(req.principal, owner.monitor.opdCode)) return refuse.forbidden(res);
    await deps.db.transaction(async (tx) => {
      await tx.update(t.maintenanceWindows).set({ active: false }).where(eq(t.maintenanceWindows.id, owner.window.id));
      await recordAudit(tx, {
        actor: req.principal!,
        action: 'maintenance.delete',
        target: `monitor:${owner.monitor.code}`,
        before: { window: owner.window.window, note: owner.window.note },
        origin: auditOrigin(req),
      });
    });
    await deps.reference.refresh();
    res.status(204).end();
  });

  return router;
}

async function listIncidentById(deps: TeknisiDeps, id: string) {
  const rows = await deps.db.select().from(t.incidents).where(eq(t.incidents.id, id));
  return incidentViews(deps.db, deps.reference.current(), rows);
}
