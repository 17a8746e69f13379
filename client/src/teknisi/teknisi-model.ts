// Pure derivations for /teknisi: which incidents are active and in what order, the monitor list
// (worst first, filtered), and which incidents are new since the last look. Two sources meet
// here: the HTTP lists (full records, fetched now and then) and the live store (pushed within a
// second). The live store decides what is active now; the HTTP records add what it lacks (OPD
// name, escalation, the note).
import type { MonitorState } from '../../../shared/domain-constants.ts';
import type { MonitorLive } from '../../../shared/protocol.ts';
import type { IncidentView, MonitorSummary } from '../../../shared/teknisi-api.ts';

export interface ActiveIncidentRow {
  id: string;
  monitorCode: string;
  monitorName: string;
  opdCode: string;
  opdName: string;
  /** The monitor's state now, when the live store knows it. */
  monitorState: MonitorState | null;
  openedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  ackNote: string | null;
  escalatedAt: string | null;
}

export type IncidentAction = 'acknowledge' | 'resolve';
/** What the action sheet is open for. */
export interface ActionRequest {
  action: IncidentAction;
  row: Pick<ActiveIncidentRow, 'id' | 'monitorName' | 'opdName'>;
}

type OpdNameOf = (code: string) => string;

/**
 * Active incidents, not yet handled first (they need someone), then the longest outage first,
 * then by name.
 *
 * - `live` null (no snapshot yet): the HTTP list alone.
 * - Otherwise an incident is active when the live store shows it on its monitor. Acknowledgement
 *   only ever goes one way, so whichever source says "acknowledged" wins (our own action's HTTP
 *   answer can beat the push, and the push can beat the next fetch).
 * - `gone`: incidents this client knows are resolved (its own "Selesai", the resolved list),
 *   hidden even if a late message still shows them.
 */
export function activeIncidentRows(
  http: readonly IncidentView[] | null,
  live: Record<string, MonitorLive> | null,
  opdNameOf: OpdNameOf,
  gone: ReadonlySet<string> = new Set(),
): ActiveIncidentRow[] {
  const byId = new Map((http ?? []).map((i) => [i.id, i]));
  const rows: ActiveIncidentRow[] = [];
  if (live === null) {
    for (const i of http ?? []) {
      if (i.status === 'resolved' || gone.has(i.id)) continue;
      rows.push(fromHttp(i, null));
    }
  } else {
    for (const m of Object.values(live)) {
      const inc = m.incident;
      if (!inc?.id || gone.has(inc.id)) continue;
      const h = byId.get(inc.id);
      if (h?.status === 'resolved') continue;
      const ackFromHttp = h?.acknowledgedBy ? h : null;
      rows.push({
        id: inc.id,
        monitorCode: m.code,
        monitorName: m.name,
        opdCode: m.opd,
        opdName: h?.monitor.opd.name ?? opdNameOf(m.opd),
        monitorState: m.state,
        openedAt: inc.openedAt,
        acknowledgedBy: inc.acknowledgedBy ?? ackFromHttp?.acknowledgedBy ?? null,
        acknowledgedAt: inc.acknowledgedBy ? inc.acknowledgedAt : (ackFromHttp?.acknowledgedAt ?? null),
        ackNote: inc.note ?? h?.ackNote ?? null,
        escalatedAt: h?.escalatedAt ?? null,
      });
    }
  }
  return sortIncidents(rows);
}

function fromHttp(i: IncidentView, state: MonitorState | null): ActiveIncidentRow {
  return {
    id: i.id,
    monitorCode: i.monitor.code,
    monitorName: i.monitor.name,
    opdCode: i.monitor.opd.code,
    opdName: i.monitor.opd.name,
    monitorState: state,
    openedAt: i.openedAt,
    acknowledgedBy: i.acknowledgedBy,
    acknowledgedAt: i.acknowledgedAt,
    ackNote: i.ackNote,
    escalatedAt: i.escalatedAt,
  };
}

export function sortIncidents<T extends Pick<ActiveIncidentRow, 'acknowledgedBy' | 'openedAt' | 'monitorName'>>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      Number(a.acknowledgedBy !== null) - Number(b.acknowledgedBy !== null) ||
      Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
      a.monitorName.localeCompare(b.monitorName),
  );
}

/**
 * True when the HTTP list is behind the live store: an active incident it does not have, or one
 * it has not seen acknowledged. The page then fetches the list again (for OPD names, notes).
 */
export function httpListIsBehind(http: readonly IncidentView[] | null, live: Record<string, MonitorLive>): boolean {
  if (http === null) return true;
  const byId = new Map(http.map((i) => [i.id, i]));
  for (const m of Object.values(live)) {
    const inc = m.incident;
    if (!inc) continue;
    const h = byId.get(inc.id);
    if (!h) return true;
    if (inc.acknowledgedBy && !h.acknowledgedBy) return true;
  }
  return false;
}

/** Ids of the incidents the live store shows right now. */
export function liveIncidentIds(live: Record<string, MonitorLive>): Set<string> {
  const ids = new Set<string>();
  for (const m of Object.values(live)) if (m.incident) ids.add(m.incident.id);
  return ids;
}

/**
 * New DOWN alerts: incidents on a monitor that is down now and that were not among `known`
 * (what was already there when the page first saw data is never announced). Keyed by incident,
 * so a flapping service inside one outage is announced once. Returns the monitors to announce,
 * longest outage first, and the new `known` set.
 */
export function newDownAlerts(known: ReadonlySet<string>, live: Record<string, MonitorLive>): { alerts: MonitorLive[]; known: Set<string> } {
  const next = liveIncidentIds(live);
  const alerts = Object.values(live)
    .filter((m) => m.state === 'down' && m.incident && !known.has(m.incident.id))
    .sort((a, b) => Date.parse(a.incident?.openedAt ?? '') - Date.parse(b.incident?.openedAt ?? '') || a.name.localeCompare(b.name));
  return { alerts, known: next };
}

// ---------- the monitor list ----------

export interface MonitorRow {
  code: string;
  name: string;
  opdCode: string;
  opdName: string;
  state: MonitorState;
  since: string | null;
  lastCheckAt: string | null;
  latencyMs: number | null;
  kind: MonitorSummary['kind'] | null;
  target: string | null;
  availability24h: number | null;
  incidentId: string | null;
  acknowledgedBy: string | null;
}

/** Worst first: a DOWN service needs someone; UP needs nobody. */
export const STATE_RANK: Record<MonitorState, number> = { down: 0, pending: 1, unknown: 2, maintenance: 3, up: 4 };

/**
 * One row per monitor. With live data the live store decides which monitors exist and their
 * state, latency and last check (it is newer); the HTTP list adds kind, target, OPD name and
 * availability. Without live data, the HTTP list alone.
 */
export function monitorRows(http: readonly MonitorSummary[] | null, live: Record<string, MonitorLive> | null, opdNameOf: OpdNameOf): MonitorRow[] {
  const byCode = new Map((http ?? []).map((m) => [m.code, m]));
  if (live === null || Object.keys(live).length === 0) {
    return (http ?? []).map((m) => ({
      code: m.code,
      name: m.name,
      opdCode: m.opd.code,
      opdName: m.opd.name,
      state: m.state,
      since: m.since,
      lastCheckAt: m.lastCheckAt,
      latencyMs: m.latencyMs,
      kind: m.kind,
      target: m.target,
      availability24h: m.availability24h,
      incidentId: null,
      acknowledgedBy: null,
    }));
  }
  return Object.values(live).map((m) => {
    const h = byCode.get(m.code);
    return {
      code: m.code,
      name: m.name,
      opdCode: m.opd,
      opdName: h?.opd.name ?? opdNameOf(m.opd),
      state: m.state,
      since: m.since,
      lastCheckAt: m.lastCheckAt,
      latencyMs: m.latencyMs,
      kind: h?.kind ?? null,
      target: h?.target ?? null,
      availability24h: h?.availability24h ?? null,
      incidentId: m.incident?.id ?? null,
      acknowledgedBy: m.incident?.acknowledgedBy ?? null,
    };
  });
}

/**
 * Worst state first; among DOWN the longest outage first (then not yet handled); otherwise by
 * name, so the list does not reshuffle on every check.
 */
export function sortWorstFirst(rows: readonly MonitorRow[]): MonitorRow[] {
  return [...rows].sort((a, b) => {
    const byState = STATE_RANK[a.state] - STATE_RANK[b.state];
    if (byState) return byState;
    if (a.state === 'down') {
      const bySince = (a.since ? Date.parse(a.since) : 0) - (b.since ? Date.parse(b.since) : 0);
      if (bySince) return bySince;
    }
    return collator.compare(a.name, b.name) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/** Lower case without accents, for forgiving search ("dinas kominfo" finds "Dinas Kominfo"). */
export function foldText(text: string): string {
  let folded = folds.get(text);
  if (folded === undefined) {
    folded = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    // The same few hundred names are folded on every live change: remember them (bounded).
    if (folds.size > 50_000) folds.clear();
    folds.set(text, folded);
  }
  return folded;
}
const folds = new Map<string, string>();

/** Every word of the query must appear in the name, code, OPD code or OPD name. */
export function filterMonitors(rows: readonly MonitorRow[], query: string): MonitorRow[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = foldText(`${r.name} ${r.code} ${r.opdCode} ${r.opdName}`);
    return words.every((w) => hay.includes(w));
  });
}
