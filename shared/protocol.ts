// The live protocol between the server's push layer and every client (wall, pimpinan, teknisi).
// One definition used by both sides: the server types its Socket.IO instance with these maps,
// the client types its socket with them, and both use `applyDelta` below.
//
// Model: on `subscribe` (and on `resync`) the client gets a full Snapshot carrying `seq`.
// After that the server sends at most a few Deltas per second, each with `seq` + 1. A delta
// carries the *current values* of what changed (not increments), so applying it is idempotent.
// A client that sees a gap in `seq` or a different `epoch` asks for `resync`.
//
// Liveness: a screen says LIVE only for "data from a working pipeline within the last few
// seconds". Every snapshot and delta was read from a live state that answered, so it says the
// pipeline works; when a node sent no delta for KEEPALIVE_MS it sends a `keepalive` saying
// whether Redis and the live state answer (also at once on connect and whenever that changes).
// A screen whose last word says "degraded", or that heard nothing for LIVE_WITHIN_MS (a stalled
// or paused server keeps its socket open), shows its data as stale with the time it was current.
import type { ComplaintStatus, MonitorState, Privacy } from './domain-constants.ts';
import type { OperatorQueueEvent } from './operator-api.ts';

export const PROTOCOL_VERSION = 2;

/** A node says how its pipeline is at least this often (ms) when no delta said it. */
export const KEEPALIVE_MS = 2_000;
/** A screen that heard nothing from its server for longer than this (ms) is not live. */
export const LIVE_WITHIN_MS = 6_000;

export const ROOMS = ['wall'] as const;
export type Room = (typeof ROOMS)[number];

/** How many recent complaints the live state keeps for tickers and map pulses. */
export const RECENT_COMPLAINTS_LIMIT = 60;
/** How many minute buckets the live state exposes (one hour). */
export const MINUTE_BUCKETS = 60;

/** Headline numbers. `day` is the WIB date the "today" counters refer to. */
export interface Kpi {
  day: string;
  complaintsToday: number;
  complaintsOpen: number;
  complaintsOverdue: number;
  uploadsToday: number;
  uploadsOnTimeToday: number;
  servicesUp: number;
  servicesDown: number;
  servicesTotal: number;
}

/**
 * A complaint as any live view may see it. Reporter identity never appears here; for
 * `secret` complaints text, title and location are null.
 */
export interface PublicComplaint {
  id: string;
  channel: string;
  category: string;
  kecamatan: string | null;
  opd: string | null;
  status: ComplaintStatus;
  privacy: Privacy;
  submittedAt: string;
  title: string | null;
  text: string | null;
  location: { lat: number; lon: number } | null;
}

export interface IncidentLive {
  id: string;
  openedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  note: string | null;
}

export interface MonitorLive {
  code: string;
  name: string;
  opd: string;
  state: MonitorState;
  /** When the current state began. */
  since: string | null;
  lastCheckAt: string | null;
  latencyMs: number | null;
  incident: IncidentLive | null;
}

export interface KecamatanLive {
  code: string;
  open: number;
  overdue: number;
}

/** A rate always travels with its counts; `rate` is null when below the minimum count. */
export interface RateWithCounts {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface OpdLive {
  code: string;
  complaintsOpen: number;
  complaintsOverdue: number;
  complaintsOnTime: RateWithCounts;
  uploadsOnTime: RateWithCounts;
  servicesDown: number;
  servicesTotal: number;
}

/** Fixed-size one-minute bucket of arrivals, keyed by the minute's start (ISO, UTC). */
export interface MinuteBucket {
  t: string;
  complaints: number;
  uploads: number;
  heartbeats: number;
}

export interface LiveState {
  kpi: Kpi;
  /** Most recent first, at most RECENT_COMPLAINTS_LIMIT. */
  complaints: PublicComplaint[];
  monitors: Record<string, MonitorLive>;
  kecamatan: Record<string, KecamatanLive>;
  opd: Record<string, OpdLive>;
  /** Oldest first, the last MINUTE_BUCKETS minutes. */
  minutes: MinuteBucket[];
}

export interface Snapshot {
  room: Room;
  seq: number;
  /** Identifies the server instance's sequence; a change means "start over from a snapshot". */
  epoch: string;
  /** Server time of the read, ISO. */
  at: string;
  state: LiveState;
}

export interface Delta {
  room: Room;
  seq: number;
  epoch: string;
  at: string;
  kpi?: Partial<Kpi>;
  /** New or changed complaints, most recent first. */
  complaints?: PublicComplaint[];
  /** A null value means the monitor was removed. */
  monitors?: Record<string, MonitorLive | null>;
  kecamatan?: Record<string, KecamatanLive>;
  opd?: Record<string, OpdLive>;
  /** Replaces the buckets with the same `t`; new ones are appended. */
  minutes?: MinuteBucket[];
}

export interface SubscribeRequest {
  room: Room;
  protocol: number;
}

export type SubscribeResult = { ok: true } | { ok: false; error: string; message: string };

export interface ServerInfo {
  protocol: number;
  serverTime: string;
  city: string;
}

/**
 * What keeps a node from serving current data: Redis does not answer, the live state is not
 * built (being rebuilt), or events wait unprocessed (no processor running, PostgreSQL away).
 */
export type PipelineProblem = 'redis' | 'live-state' | 'processing';

export interface Keepalive {
  /** Server time of sending, ISO. */
  at: string;
  /** True when Redis and the live state answered within the last few seconds and events are being processed. */
  ok: boolean;
  problem: PipelineProblem | null;
  /** Server time the live state last answered, ISO; null when it has not since this node started. */
  dataAt: string | null;
}

export interface ServerToClientEvents {
  hello: (info: ServerInfo) => void;
  snapshot: (snapshot: Snapshot) => void;
  delta: (delta: Delta) => void;
  keepalive: (keepalive: Keepalive) => void;
  /** Operators only (their room is joined on connect): the queue's live changes (shared/operator-api.ts). */
  operator: (event: OperatorQueueEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeResult) => void) => void;
  resync: (request: { room: Room }) => void;
}

export function emptyLiveState(day: string): LiveState {
  return {
    kpi: {
      day,
      complaintsToday: 0,
      complaintsOpen: 0,
      complaintsOverdue: 0,
      uploadsToday: 0,
      uploadsOnTimeToday: 0,
      servicesUp: 0,
      servicesDown: 0,
      servicesTotal: 0,
    },
    complaints: [],
    monitors: {},
    kecamatan: {},
    opd: {},
    minutes: [],
  };
}

/** Where a client stands with respect to an incoming delta. */
export type DeltaVerdict = 'apply' | 'stale' | 'gap';

export function judgeDelta(current: { seq: number; epoch: string } | null, delta: Delta): DeltaVerdict {
  if (!current || current.epoch !== delta.epoch) return 'gap';
  if (delta.seq <= current.seq) return 'stale';
  if (delta.seq !== current.seq + 1) return 'gap';
  return 'apply';
}

/**
 * Applies a delta to a state in place and returns it. Values in a delta are current values,
 * so this is a merge, never an addition.
 */
export function applyDelta(state: LiveState, delta: Delta): LiveState {
  if (delta.kpi) Object.assign(state.kpi, delta.kpi);
  if (delta.complaints?.length) {
    const incoming = new Map(delta.complaints.map((c) => [c.id, c]));
    const kept = state.complaints.filter((c) => !incoming.has(c.id));
    state.complaints = mergeRecent([...delta.complaints], kept).slice(0, RECENT_COMPLAINTS_LIMIT);
  }
  if (delta.monitors) {
    for (const [code, monitor] of Object.entries(delta.monitors)) {
      if (monitor === null) delete state.monitors[code];
      else state.monitors[code] = monitor;
    }
  }
  if (delta.kecamatan) Object.assign(state.kecamatan, delta.kecamatan);
  if (delta.opd) Object.assign(state.opd, delta.opd);
  if (delta.minutes?.length) {
    const byT = new Map(state.minutes.map((m) => [m.t, m]));
    for (const m of delta.minutes) byT.set(m.t, m);
    state.minutes = [...byT.values()].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0)).slice(-MINUTE_BUCKETS);
  }
  return state;
}

function mergeRecent(a: PublicComplaint[], b: PublicComplaint[]): PublicComplaint[] {
  return [...a, ...b].sort(newestFirst);
}

/**
 * The order of the recent-complaints list: newest first and, for complaints received in the same
 * millisecond, the greater id first - the order of the server's sorted set (score, then member),
 * so a wall that lived through many deltas keeps the same 60 as a freshly opened one.
 */
export function newestFirst(x: Pick<PublicComplaint, 'submittedAt' | 'id'>, y: Pick<PublicComplaint, 'submittedAt' | 'id'>): number {
  if (x.submittedAt !== y.submittedAt) return x.submittedAt < y.submittedAt ? 1 : -1;
  return x.id < y.id ? 1 : x.id > y.id ? -1 : 0;
}

/** Reference data a client loads once over HTTP (`GET /api/v1/reference`). */
export interface ReferenceData {
  city: { name: string; code: string; timezone: string; bbox: [number, number, number, number] };
  /** `shortName`: the common abbreviation ("Diskominfo", "BRIDA"), for where the full name does not fit. */
  opd: { code: string; name: string; shortName: string | null; kind: string }[];
  externalBodies: { code: string; name: string }[];
  kecamatan: { code: string; name: string; population: number | null; areaKm2: number | null }[];
  /** `nameEn`: the English name; null where the Indonesian one serves both (a proper name). */
  categories: { code: string; name: string; nameEn: string | null; opd: string | null; external: string | null; emergency: boolean; group: string }[];
  channels: { code: string; name: string; nameEn: string | null }[];
  /** The sliding window (days) of the live per-OPD on-time figures. */
  timelinessWindowDays: number;
}
