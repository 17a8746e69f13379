// What technicians do to incidents: acknowledge (with a note) and resolve. The rules live in
// server/domain/uptime/incident.ts; this applies them in one transaction, records the timeline,
// and pushes the monitor's new live view (the wall shows "ditangani oleh <name>" at once).
import { asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Database } from '../infra/database.ts';
import { acknowledgeIncident, resolveIncident, type Incident, type IncidentError, type IncidentStatus } from '../domain/uptime/incident.ts';
import { emptyEffects, putMonitor } from '../live-state/live-effects.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import { monitorLive } from '../processors/heartbeat-processor.ts';
import { recordAudit, type AuditOrigin } from '../audit/audit-log.ts';
import { actorName, type Principal } from '../auth/roles.ts';

export type IncidentAction = 'acknowledge' | 'resolve';

export type IncidentActionResult =
  | { ok: true; incident: typeof t.incidents.$inferSelect; before: typeof t.incidents.$inferSelect }
  | { ok: false; status: 404 | 409; error: IncidentError | { code: 'not_found'; message: { id: string; en: string } } };

export async function actOnIncident(
  db: Database,
  live: LiveStateStore,
  input: { incidentId: string; action: IncidentAction; actor: Principal | string; note: string | null; origin?: AuditOrigin; now?: Date },
): Promise<IncidentActionResult> {
  const actor = typeof input.actor === 'string' ? input.actor : actorName(input.actor);
  const now = input.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(t.incidents).where(eq(t.incidents.id, input.incidentId)).for('update');
    if (!row) return { ok: false as const, status: 404 as const, error: { code: 'not_found' as const, message: { id: 'Insiden tidak ditemukan.', en: 'Incident not found.' } } };
    const events = await tx.select().from(t.incidentEvents).where(eq(t.incidentEvents.incidentId, row.id)).orderBy(asc(t.incidentEvents.at));
    const [monitor] = await tx.select().from(t.monitors).where(eq(t.monitors.id, row.monitorId)).for('update');
    const incident: Incident = {
      id: row.id,
      monitor: monitor.code,
      status: row.status as IncidentStatus,
      openedAt: row.openedAt,
      acknowledgedAt: row.acknowledgedAt,
      acknowledgedBy: row.acknowledgedBy,
      ackNote: row.ackNote,
      resolvedAt: row.resolvedAt,
      resolvedBy: row.resolvedBy,
      escalatedAt: row.escalatedAt,
      timeline: events.map((e) => ({ at: e.at, kind: e.kind as Incident['timeline'][number]['kind'], actor: e.actor, note: e.note })),
    };
    const result =
      input.action === 'acknowledge'
        ? acknowledgeIncident(incident, { by: actor, at: now, note: input.note })
        : resolveIncident(incident, { by: actor, at: now, note: input.note });
    if (!result.ok) return { ok: false as const, status: 409 as const, error: result.error };
    const next = result.incident;
    const [updated] = await tx
      .update(t.incidents)
      .set({
        status: next.status,
        acknowledgedAt: next.acknowledgedAt,
        acknowledgedBy: next.acknowledgedBy,
        ackNote: next.ackNote,
        resolvedAt: next.resolvedAt,
        resolvedBy: next.resolvedBy,
      })
      .where(eq(t.incidents.id, row.id))
      .returning();
    const added = next.timeline.slice(incident.timeline.length);
    if (added.length) await tx.insert(t.incidentEvents).values(added.map((e) => ({ incidentId: row.id, at: e.at, kind: e.kind, actor: e.actor, note: e.note })));
    await recordAudit(tx, {
      actor: input.actor,
      action: input.action === 'acknowledge' ? 'incident.acknowledge' : 'incident.resolve',
      target: `incident:${row.id} (${monitor.code})`,
      before: { status: row.status, acknowledgedBy: row.acknowledgedBy },
      after: { status: updated.status, acknowledgedBy: updated.acknowledgedBy, note: input.note },
      origin: input.origin,
    });
    const [bumped] = await tx
      .update(t.monitors)
      .set({ version: monitor.version + 1 })
      .where(eq(t.monitors.id, monitor.id))
      .returning();
    return { ok: true as const, incident: updated, before: row, monitor: bumped };
  });
  if (!outcome.ok) return outcome;
  const effects = emptyEffects();
  // The live view shows an incident only while it is unresolved.
  putMonitor(effects, outcome.monitor.version, monitorLive(outcome.monitor, outcome.incident.status === 'resolved' ? null : outcome.incident));
  await live.applyEffects(effects, `incident:${outcome.incident.id}:${outcome.monitor.version}`, null);
  return { ok: true, incident: outcome.incident, before: outcome.before };
}
