// Heartbeat / check-result batches: store each result once, advance each monitor's state
// machine in time order, open and resolve incidents, and publish the monitor's live view.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { MonitorState } from '../../shared/domain-constants.ts';
import type { IncidentLive, MonitorLive } from '../../shared/protocol.ts';
import { epochMinute } from '../../shared/wib-time.ts';
import { addIncrement, emptyEffects, putMonitor } from '../live-state/live-effects.ts';
import { MINUTE_BUCKET_TTL_SECONDS } from '../live-state/live-keys.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import { applyCheck, type MonitorHealth, type MonitorStateRecord } from '../domain/uptime/monitor-state.ts';
import { isInMaintenance } from '../domain/uptime/maintenance-window.ts';
import { SILENCE_SOURCE } from '../prober/monitor-config.ts';
import { insertRows, insertRowsStatement, updateRowsByIdStatement } from '../repositories/bulk-rows.ts';
import type { BatchHandler } from './stream-processor.ts';

type MonitorRow = typeof t.monitors.$inferSelect;
type IncidentRow = typeof t.incidents.$inferSelect;

export function heartbeatHandler(reference: ReferenceCache): BatchHandler<'heartbeats'> {
  return async (tx, batch) => {
    let ref = reference.current();
    // The prober and push URL can know a monitor created a moment ago, before this cache does.
    if (batch.events.some((e) => !ref.monitors.has(e.monitor))) ref = await reference.refresh();
    const known = batch.events.filter((e) => ref.monitors.has(e.monitor));
    if (!known.length) return { effects: emptyEffects() };
    batch = { ...batch, events: known };
    const now = new Date();
    const inserted = (
      await insertRows(
        tx,
        t.checkResults,
        batch.events.map((e) => ({
          monitorId: ref.monitors.get(e.monitor)!.id,
          source: batch.source,
          externalId: e.externalId,
          at: new Date(e.occurredAt),
          status: e.status,
          latencyMs: e.latencyMs ?? null,
          statusCode: e.statusCode ?? null,
          message: e.message ?? null,
        })),
        { skipConflictsOn: ['source', 'externalId'], returning: ['monitorId', 'source', 'at', 'status', 'latencyMs'] },
      )
    ).map((r) => ({
      monitorId: r.monitorId as string,
      source: r.source as string,
      at: new Date(r.at as Date | string),
      status: r.status as string,
      latencyMs: r.latencyMs === null ? null : Number(r.latencyMs),
    }));

    const monitorIds = [...new Set(batch.events.map((e) => ref.monitors.get(e.monitor)!.id))].sort();
    // Lock in id order so concurrent batches for the same monitors cannot deadlock, and only
    // after the insert: concurrent batches store their checks in parallel, then take turns on
    // the monitors' state machines (a short step). NO KEY UPDATE, not UPDATE: the inserted
    // checks' foreign keys hold KEY SHARE on these rows, which UPDATE would wait on (deadlock).
    const monitors = await tx.select().from(t.monitors).where(inArray(t.monitors.id, monitorIds)).orderBy(asc(t.monitors.id)).for('no key update');
    const byId = new Map(monitors.map((m) => [m.id, { ...m }]));
    const beforeVersion = new Map(monitors.map((m) => [m.id, m.version]));

    const effects = emptyEffects();
    const openIncidents = await tx
      .select()
      .from(t.incidents)
      .where(and(inArray(t.incidents.monitorId, monitorIds), isNull(t.incidents.resolvedAt)));
    const incidentByMonitor = new Map<string, IncidentRow>(openIncidents.map((i) => [i.monitorId, i]));
    const incidentBefore = new Map(incidentByMonitor);
    const stateChanges: (typeof t.monitorStateChanges.$inferInsert)[] = [];
    const outbox: (typeof t.alertOutbox.$inferInsert)[] = [];
    // Monitors whose heartbeat time moved without a state-machine step worth a new live version.
    const touched = new Set<string>();

    for (const check of inserted.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      const m = byId.get(check.monitorId)!;
      const minute = epochMinute(check.at);
      if (now.getTime() - minute * 60_000 < MINUTE_BUCKET_TTL_SECONDS * 1000) addIncrement(effects, `min:${minute}`, 'heartbeats', 1, `checks-min:${minute}`);
      const previousState = m.state as MonitorState;
      const record: MonitorStateRecord = {
        state: previousState,
        since: m.stateSince,
        health: m.health as MonitorHealth,
        outageOpen: m.outageOpen,
        consecutiveFailures: m.consecutiveFailures,
        consecutiveSuccesses: m.consecutiveSuccesses,
        lastCheckAt: m.lastCheckAt,
        lastLatencyMs: m.lastLatencyMs,
      };
      const windows = ref.maintenance.get(m.id) ?? [];
      const step = applyCheck(
        record,
        { at: check.at, status: check.status as 'up' | 'down', latencyMs: check.latencyMs },
        { failuresToDown: m.failuresToDown, successesToUp: m.successesToUp },
        windows.length > 0 && isInMaintenance(windows, check.at),
      );
      if (check.source !== SILENCE_SOURCE && (!m.lastHeartbeatAt || check.at > m.lastHeartbeatAt)) {
        m.lastHeartbeatAt = check.at;
        touched.add(m.id);
      }
      if (step.ignored) continue;
      const r = step.record;
      Object.assign(m, {
        state: r.state,
        stateSince: r.since,
        health: r.health,
        outageOpen: r.outageOpen,
        consecutiveFailures: r.consecutiveFailures,
        consecutiveSuccesses: r.consecutiveSuccesses,
        lastCheckAt: r.lastCheckAt,
        lastLatencyMs: r.lastLatencyMs,
        version: m.version + 1,
      });
      if (step.stateChanged) {
        countStateChange(effects, previousState, r.state);
        stateChanges.push({ monitorId: m.id, at: check.at, state: r.state });
      }
      for (const event of step.events) {
        if (event.type === 'went_down' && !incidentByMonitor.has(m.id)) {
          const incident: IncidentRow = {
            id: randomUUID(),
            monitorId: m.id,
            status: 'open',
            openedAt: event.at,
            acknowledgedAt: null,
            acknowledgedBy: null,
            ackNote: null,
            resolvedAt: null,
            resolvedBy: null,
            escalatedAt: null,
            createdAt: now,
          };
          await tx.insert(t.incidents).values(incident);
          await tx.insert(t.incidentEvents).values({ incidentId: incident.id, at: event.at, kind: 'opened', actor: null, note: null });
          outbox.push({ incidentId: incident.id, kind: 'down', at: event.at });
          incidentByMonitor.set(m.id, incident);
        } else if (event.type === 'recovered') {
          const incident = incidentByMonitor.get(m.id);
          if (incident) {
            await tx.update(t.incidents).set({ status: 'resolved', resolvedAt: event.at, resolvedBy: 'system' }).where(eq(t.incidents.id, incident.id));
            // No note: the screens say "recovered by itself" in their reader's language from the kind and actor.
            await tx.insert(t.incidentEvents).values({ incidentId: incident.id, at: event.at, kind: 'resolved', actor: 'system', note: null });
            // A recovery is never suppressed: it is announced even if the incident was resolved by hand.
            outbox.push({ incidentId: incident.id, kind: 'recovery', at: event.at });
            incidentByMonitor.delete(m.id);
          }
        }
      }
    }
    const changed = [...byId.values()].filter((m) => m.version !== beforeVersion.get(m.id) || touched.has(m.id));
    const writes = [
      insertRowsStatement(t.monitorStateChanges, stateChanges),
      insertRowsStatement(t.alertOutbox, outbox, { skipConflictsOn: ['incidentId', 'kind'] }),
      updateRowsByIdStatement(t.monitors, changed, { only: MONITOR_STATE_COLUMNS }),
    ];
    const rowBefore = new Map(monitors.map((m) => [m.id, m]));
    for (const m of changed) {
      if (m.version === beforeVersion.get(m.id)) continue;
      const before = monitorLive(rowBefore.get(m.id)!, incidentBefore.get(m.id) ?? null);
      putMonitor(effects, m.version, monitorLive(m, incidentByMonitor.get(m.id) ?? null), before);
    }
    return { effects, writes };
  };
}

/** What checks change on a monitor; its configuration (edited by admins) is left alone. */
const MONITOR_STATE_COLUMNS = [
  'state',
  'stateSince',
  'consecutiveFailures',
  'consecutiveSuccesses',
  'lastCheckAt',
  'lastHeartbeatAt',
  'lastLatencyMs',
  'health',
  'outageOpen',
  'version',
] satisfies (keyof MonitorRow)[];

export function countStateChange(effects: ReturnType<typeof emptyEffects>, from: MonitorState, to: MonitorState): void {
  if (from === to) return;
  // Per-OPD service counts are refreshed from Postgres (live-state/timeliness-refresher.ts).
  if (from === 'up') addIncrement(effects, 'kpi', 'servicesUp', -1, 'kpi');
  if (from === 'down') addIncrement(effects, 'kpi', 'servicesDown', -1, 'kpi');
  if (to === 'up') addIncrement(effects, 'kpi', 'servicesUp', 1, 'kpi');
  if (to === 'down') addIncrement(effects, 'kpi', 'servicesDown', 1, 'kpi');
}

export function monitorLive(m: MonitorRow, incident: IncidentRow | null): MonitorLive {
  return {
    code: m.code,
    name: m.name,
    opd: m.opdCode,
    state: m.state as MonitorState,
    since: m.stateSince?.toISOString() ?? null,
    lastCheckAt: m.lastCheckAt?.toISOString() ?? null,
    latencyMs: m.lastLatencyMs,
    incident: incident ? incidentLive(incident) : null,
  };
}

export function incidentLive(i: IncidentRow): IncidentLive {
  return {
    id: i.id,
    openedAt: i.openedAt.toISOString(),
    acknowledgedBy: i.acknowledgedBy,
    acknowledgedAt: i.acknowledgedAt?.toISOString() ?? null,
    note: i.ackNote,
  };
}
