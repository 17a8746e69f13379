// Pushes the live state to browsers. Processors announce what changed on a Redis channel; this
// node collects those announcements and, as soon as there is something to send but at most once
// per tick interval per room (PANTAU_TICK_MS, 100 ms), reads the changed parts from Redis and
// emits one delta with the room's next sequence number. New subscribers (and
// clients that saw a gap) get their snapshot in the same tick, from the same read, with the same
// sequence number as the delta, so snapshot + following deltas are always consistent.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { ulid } from 'ulid';
import {
  KEEPALIVE_MS,
  PROTOCOL_VERSION,
  ROOMS,
  type ClientToServerEvents,
  type Delta,
  type Keepalive,
  type LiveState,
  type PipelineProblem,
  type Room,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol.ts';
import { wibDate } from '../../shared/wib-time.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import { withTimeout } from '../infra/promise-timeout.ts';
import { EVENT_KINDS } from '../../shared/events.ts';
import { oldestWaitingMs } from '../streams/event-stream.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import type { ChangeAnnouncement, LiveStateStore, PartRequest, ReadContext } from '../live-state/live-state-store.ts';
import { changedMinutes } from '../live-state/live-state-store.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * The pipeline works when the live state answered (built) within this long: a read for a tick,
 * or a probe when no tick read for PROBE_AFTER_MS. Screens are told in their keepalive.
 */
const HEALTHY_WITHIN_MS = 3_000;
const PROBE_AFTER_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_500;
/** How often the streams are asked how long their oldest unprocessed event has waited. */
const PROCESSING_CHECK_MS = 2_000;
const PROCESSING_STALE_MS = 10_000;
/**
 * Routine changes - a monitor whose last check alone changed (time, latency), a minute's count
 * of checks - do not start a tick: while other changes flow they ride along at most this often,
 * in a quiet moment they go at the next housekeeping tick (within a second). Every check makes
 * them, nobody watches them to the second, and sent at every tick they were most of each
 * delta's bytes and most of the ticks. State and incident changes go out at once.
 */
const ROUTINE_EVERY_MS = 5_000;
/**
 * Writing a delta to a socket costs a system call whatever its size (~30 us here), so one tick
 * to 1,000 screens holds the thread for ~30 ms. It is written in slices, letting the processors'
 * I/O in between, and the next tick waits until emitting has used at most EMIT_SHARE of the
 * time: with many screens a tick comes less often instead of starving everything else.
 */
const EMIT_SLICE = 200;
const EMIT_SHARE = 0.5;

interface Dirty {
  kpi: boolean;
  minutes: boolean;
  /** Epoch minutes whose buckets changed; a late event changes an old one, not just the last two. */
  minuteBuckets: Set<number>;
  kecamatan: Set<string>;
  opd: Set<string>;
  monitors: Set<string>;
  /** Routine changes (see ROUTINE_EVERY_MS): monitors whose last check alone changed, minutes whose count of checks alone did. */
  routine: { monitors: Set<string>; minutes: Set<number> };
  complaints: Set<string>;
  /** When the first change this delta will carry was announced (for the push-delay metric). */
  since: number | null;
}

const freshDirty = (): Dirty => ({
  kpi: false,
  minutes: false,
  minuteBuckets: new Set(),
  kecamatan: new Set(),
  opd: new Set(),
  monitors: new Set(),
  routine: { monitors: new Set(), minutes: new Set() },
  complaints: new Set(),
  since: null,
});

interface RoomState {
  seq: number;
  lastDeltaAt: number;
  lastRoutineAt: number;
  dirty: Dirty;
  pending: Set<LiveSocket>;
  /** The next tick starts no sooner than this (ms): see EMIT_SHARE. */
  notBefore: number;
  lastTickAt: number;
  ticking: boolean;
  /** Something asked for a tick while one was running: run another after it. */
  again: boolean;
  timer: NodeJS.Timeout | null;
  lastDay: string;
  lastMinute: number;
}

export interface LivePushDeps {
  live: LiveStateStore;
  reference: ReferenceCache;
  redis: Redis;
  /** Dedicated connections: one for the change channel, two for the Socket.IO adapter. */
  subscriber: Redis;
  adapterPub: Redis;
  adapterSub: Redis;
  /** The adapter's channel prefix: deployments sharing a Redis must not hear each other's broadcasts. */
  adapterKey: string;
  metrics: Metrics;
  log: Logger;
  tickMs: number;
  city: string;
  /** Decides whether a socket may join a room (access control). */
  authorizeRoom?: (socket: LiveSocket, room: Room) => boolean;
  /** The event streams: how long the oldest unprocessed event has waited tells whether data still moves. */
  streamKeys?: StreamKeys;
  /** Events waiting longer than this: the screens' data has stopped moving (default 10 s). */
  processingStaleMs?: number;
}

export class LivePush {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  private epoch = ulid();
  private readonly rooms = new Map<Room, RoomState>();
  private housekeeping: NodeJS.Timeout | null = null;
  /** The live state's `ready` marker at the last read (undefined before the first, and after every screen was started over). */
  private builtAt: string | null | undefined = undefined;
  private stopped = false;
  /** The pipeline as this node last saw it: when the live state last answered, and what was wrong at the last look. */
  private readonly health = {
    okAt: 0,
    /** When a read (tick or probe) last started: a probe only when no tick looked lately. */
    readAt: 0,
    problem: 'redis' as PipelineProblem | null,
    probing: false,
    /** What the last keepalive said and when (ms); null before the first. */
    sentOk: null as boolean | null,
    sentAt: 0,
    /**
     * How long the oldest event not yet processed had waited at the last look (ms). Redis and the
     * live state can answer while nothing is processed (processors stopped, PostgreSQL away):
     * the numbers then stop moving, and that is not live either.
     */
    waitingMs: 0,
    checkedAt: 0,
    checking: false,
  };

  constructor(
    httpServer: HttpServer,
    private readonly deps: LivePushDeps,
  ) {
    this.io = new Server(httpServer, {
      serveClient: false,
      // Wall screens sit on flaky networks: notice a dead link within ~30 s, reconnect on their own.
      pingInterval: 10_000,
      pingTimeout: 20_000,
      // Clients only send small requests (subscribe, resync): refuse anything bigger.
      maxHttpBufferSize: 64 * 1024,
      adapter: createAdapter(deps.adapterPub, deps.adapterSub, { key: deps.adapterKey }),
    });
    for (const room of ROOMS) {
      const now = Date.now();
      this.rooms.set(room, {
        seq: 0,
        lastDeltaAt: now,
        lastRoutineAt: now,
        dirty: freshDirty(),
        pending: new Set(),
        notBefore: 0,
        lastTickAt: 0,
        ticking: false,
        again: false,
        timer: null,
        lastDay: wibDate(new Date(now)),
        lastMinute: Math.floor(now / 60_000),
      });
    }
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  async start(): Promise<void> {
    const channel = this.deps.live.keys.changedChannel;
    this.deps.subscriber.on('message', (ch: string, message: string) => {
      if (ch === channel) this.onAnnouncement(message);
    });
    // After a reconnect the subscription is restored, but announcements may have been missed:
    // start every client over from a snapshot.
    this.deps.subscriber.on('ready', () => this.restartEveryone());
    await this.deps.subscriber.subscribe(channel);
    await this.probeHealth();
    // Quiet rooms still have things to send on time: a new minute, routine changes; and every
    // screen the pipeline's health (a keepalive), even when Redis or the ticks have stalled.
    this.housekeeping = setInterval(() => {
      for (const room of this.rooms.keys()) this.requestTick(room);
      if (Date.now() - this.health.readAt >= PROBE_AFTER_MS) void this.probeHealth();
      if (Date.now() - this.health.checkedAt >= PROCESSING_CHECK_MS) void this.checkProcessing();
      this.sendKeepalive();
    }, 1_000);
  }

  /** True when Redis and the live state answered within HEALTHY_WITHIN_MS and events are being processed. */
  private pipelineOk(now = Date.now()): boolean {
    return this.health.problem === null && now - this.health.okAt <= HEALTHY_WITHIN_MS && !this.processingStale();
  }

  private processingStale(): boolean {
    return this.health.waitingMs > (this.deps.processingStaleMs ?? PROCESSING_STALE_MS);
  }

  private async checkProcessing(): Promise<void> {
    const keys = this.deps.streamKeys;
    if (!keys || this.health.checking) return;
    this.health.checking = true;
    this.health.checkedAt = Date.now();
    try {
      const ages = await withTimeout(Promise.all(EVENT_KINDS.map((k) => oldestWaitingMs(this.deps.redis, keys, k))), PROBE_TIMEOUT_MS);
      this.health.waitingMs = Math.max(...ages);
    } catch {
      // Redis not answering is the probe's to say.
    } finally {
      this.health.checking = false;
    }
    if (!this.stopped && this.pipelineOk() !== this.health.sentOk) this.sendKeepalive();
  }

  private noteRead(builtAt: string | null): void {
    this.health.problem = builtAt === null ? 'live-state' : null;
    if (builtAt !== null) this.health.okAt = Date.now();
  }

  private noteReadFailed(): void {
    this.health.problem = 'redis';
  }

  /** A cheap look at the live state when no tick read it lately (a quiet city). */
  private async probeHealth(): Promise<void> {
    if (this.health.probing) return;
    this.health.probing = true;
    this.health.readAt = Date.now();
    try {
      const ready = await withTimeout(this.deps.live.isReady(), PROBE_TIMEOUT_MS);
      this.noteRead(ready ? 'built' : null);
    } catch {
      this.noteReadFailed();
    } finally {
      this.health.probing = false;
    }
    // Say a change at once, not at the next housekeeping second.
    if (!this.stopped && this.pipelineOk() !== this.health.sentOk) this.sendKeepalive();
  }

  private keepalive(now: number): Keepalive {
    const ok = this.pipelineOk(now);
    return {
      at: new Date(now).toISOString(),
      ok,
      problem: ok ? null : (this.health.problem ?? (this.processingStale() ? 'processing' : 'live-state')),
      // Behind on processing, the screens' numbers are as old as the oldest event still waiting.
      dataAt: this.health.okAt ? new Date(Math.min(this.health.okAt, this.processingStale() ? now - this.health.waitingMs : Infinity)).toISOString() : null,
    };
  }

  /**
   * Tells every screen on this node how the pipeline is, when it changed or when no delta said
   * so for KEEPALIVE_MS. Local only, no Redis: it must get through when Redis does not.
   */
  private sendKeepalive(): void {
    if (this.stopped) return;
    const now = Date.now();
    const ok = this.pipelineOk(now);
    const lastDelta = Math.min(...[...this.rooms.values()].map((r) => r.lastDeltaAt));
    if (ok === this.health.sentOk && now - Math.max(this.health.sentAt, ok ? lastDelta : 0) < KEEPALIVE_MS) return;
    this.health.sentOk = ok;
    this.health.sentAt = now;
    this.io.local.emit('keepalive', this.keepalive(now));
  }

  /**
   * A tick runs as soon as there is something to send, but no sooner than tickMs after the last
   * one started (coalescing), nor before emitting has had its share (EMIT_SHARE). A change that
   * arrives in a quiet moment goes out at once instead of waiting for the next slot of a grid.
   */
  private requestTick(room: Room): void {
    const state = this.rooms.get(room)!;
    if (this.stopped || state.timer) return;
    if (state.ticking) {
      state.again = true;
      return;
    }
    const at = Math.max(state.lastTickAt + this.deps.tickMs, state.notBefore);
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.runTick(room);
    }, Math.max(0, at - Date.now()));
  }

  private async runTick(room: Room): Promise<void> {
    const state = this.rooms.get(room)!;
    state.ticking = true;
    try {
      await this.tick(room);
    } finally {
      state.ticking = false;
    }
    if (state.again) {
      state.again = false;
      this.requestTick(room);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.housekeeping) clearInterval(this.housekeeping);
    for (const state of this.rooms.values()) if (state.timer) clearTimeout(state.timer);
    // This node's sockets only: the others keep serving theirs (a rolling restart).
    this.io.local.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }

  private onConnection(socket: LiveSocket): void {
    this.deps.metrics.socketClients.inc();
    socket.on('disconnect', () => {
      this.deps.metrics.socketClients.dec();
      for (const state of this.rooms.values()) state.pending.delete(socket);
    });
    socket.emit('hello', { protocol: PROTOCOL_VERSION, serverTime: new Date().toISOString(), city: this.deps.city });
    // At once: a screen opened while the pipeline is down says so, instead of "connecting" forever.
    socket.emit('keepalive', this.keepalive(Date.now()));
    socket.on('subscribe', (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!request || request.protocol !== PROTOCOL_VERSION) {
        return reply({
          ok: false,
          error: 'protocol_mismatch',
          message: `Versi aplikasi layar berbeda dengan server (server ${PROTOCOL_VERSION}); muat ulang halaman. (Protocol mismatch: reload the page.)`,
        });
      }
      const state = this.rooms.get(request.room);
      if (!state) return reply({ ok: false, error: 'unknown_room', message: `Unknown room ${String(request.room)}` });
      if (this.deps.authorizeRoom && !this.deps.authorizeRoom(socket, request.room)) {
        return reply({ ok: false, error: 'forbidden', message: 'Tidak berhak melihat tampilan ini. (Not allowed.)' });
      }
      state.pending.add(socket);
      this.requestTick(request.room);
      reply({ ok: true });
    });
    socket.on('resync', (request) => {
      const state = request && this.rooms.get(request.room);
      if (state && socket.rooms.has(request.room)) {
        state.pending.add(socket);
        this.requestTick(request.room);
      }
    });
  }

  private onAnnouncement(message: string): void {
    let a: ChangeAnnouncement;
    try {
      a = JSON.parse(message) as ChangeAnnouncement;
    } catch {
      return;
    }
    if (a.rebuilt) return this.restartEveryone();
    const now = Date.now();
    const urgent = (a.complaints?.length ?? 0) > 0 || a.changed.some((path) => !isRoutine(path));
    for (const state of this.rooms.values()) {
      const d = state.dirty;
      if (urgent) d.since ??= now;
      for (const path of a.changed) {
        if (path === 'kpi') d.kpi = true;
        else if (path === 'minutes') d.minutes = true;
        else if (path.startsWith('min:')) {
          d.minutes = true;
          d.minuteBuckets.add(Number(path.slice(4)));
        }
        else if (path.startsWith('kec:')) d.kecamatan.add(path.slice(4));
        else if (path.startsWith('opd:')) d.opd.add(path.slice(4));
        else if (path.startsWith('monitor:')) d.monitors.add(path.slice(8));
        else if (path.startsWith('check:')) d.routine.monitors.add(path.slice(6));
        else if (path.startsWith('checks-min:')) d.routine.minutes.add(Number(path.slice(11)));
      }
      for (const id of a.complaints ?? []) d.complaints.add(id);
    }
    if (urgent) for (const room of this.rooms.keys()) this.requestTick(room);
  }

  /** New epoch: every client's next delta shows a different epoch, and it asks for a snapshot. */
  private restartEveryone(): void {
    this.epoch = ulid();
    // Every screen gets a snapshot of the next read, whichever build it finds (see tick).
    this.builtAt = undefined;
    for (const [room, state] of this.rooms) {
      state.seq = 0;
      state.dirty = freshDirty();
      for (const id of this.io.of('/').adapter.rooms.get(room) ?? []) {
        const socket = this.io.of('/').sockets.get(id);
        if (socket) state.pending.add(socket);
      }
      this.requestTick(room);
    }
  }

  private readContext(now: Date): ReadContext {
    const ref = this.deps.reference.current();
    return {
      now,
      day: wibDate(now),
      kecamatanCodes: [...ref.kecamatan.keys()],
      opdCodes: [...ref.opd.values()].filter((o) => !o.external).map((o) => o.code),
    };
  }

  private async tick(room: Room): Promise<void> {
    const state = this.rooms.get(room)!;
    const now = new Date();
    const context = this.readContext(now);
    if (context.day !== state.lastDay) {
      state.dirty.kpi = true;
      state.lastDay = context.day;
    }
    // A new minute bucket starts: the sparkline must move even when nothing arrives.
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== state.lastMinute) {
      state.dirty.minutes = true;
      state.lastMinute = minute;
    }
    const dirty = state.dirty;
    const urgent = dirty.kpi || dirty.minutes || dirty.kecamatan.size > 0 || dirty.opd.size > 0 || dirty.monitors.size > 0 || dirty.complaints.size > 0;
    // Routine changes wait only while the city is busy: in a quiet moment (the housekeeping tick) they go now.
    const hasRoutine = dirty.routine.monitors.size > 0 || dirty.routine.minutes.size > 0;
    const flushRoutine = hasRoutine && (!urgent || now.getTime() - state.lastRoutineAt >= ROUTINE_EVERY_MS);
    const hasChanges = urgent || flushRoutine;
    // A quiet city sends no delta: the keepalive (sendKeepalive) tells "nothing happened" from
    // "the pipeline has stalled".
    if (!hasChanges && state.pending.size === 0) return;

    const readStarted = Date.now();
    this.health.readAt = readStarted;
    // Only a tick that sends something counts for the spacing: a quiet housekeeping look does not.
    state.lastTickAt = readStarted;
    state.dirty = freshDirty();
    if (flushRoutine) {
      state.lastRoutineAt = now.getTime();
      for (const code of dirty.routine.monitors) dirty.monitors.add(code);
      for (const minute of dirty.routine.minutes) dirty.minuteBuckets.add(minute);
      dirty.minutes ||= dirty.routine.minutes.size > 0;
    } else {
      // Not yet: they wait for a later tick (what this delta sends, it sends whole anyway).
      for (const code of dirty.routine.monitors) if (!dirty.monitors.has(code)) state.dirty.routine.monitors.add(code);
      for (const minute of dirty.routine.minutes) state.dirty.routine.minutes.add(minute);
    }
    dirty.routine = { monitors: new Set(), minutes: new Set() };
    const pending = [...state.pending];
    state.pending.clear();
    const putBack = () => {
      mergeDirty(state.dirty, dirty);
      for (const socket of pending) state.pending.add(socket);
    };
    try {
      let full: LiveState | null = null;
      let parts: Partial<LiveState>;
      let builtAt: string | null;
      if (pending.length) {
        ({ state: full, builtAt } = await this.deps.live.readState(context));
        parts = pickDirty(full, dirty);
      } else {
        ({ state: parts, builtAt } = await this.deps.live.readParts(context, requestFor(dirty)));
      }
      this.noteRead(builtAt);
      if (builtAt === null || (this.builtAt !== undefined && builtAt !== this.builtAt)) {
        // Not built (Redis lost its data): nothing worth showing yet, keep the work for later.
        // Rebuilt since the last read: every screen starts over, even when the announcement of
        // the rebuild was missed (published while this node's subscriber was reconnecting).
        putBack();
        if (builtAt !== null) {
          this.builtAt = builtAt;
          this.deps.log.info({ room }, 'live state was rebuilt: every screen gets a new snapshot');
          this.restartEveryone();
        }
        return;
      }
      this.builtAt = builtAt;
      const epoch = this.epoch;
      const at = now.toISOString();
      if (hasChanges) {
        state.seq += 1;
        state.lastDeltaAt = now.getTime();
        const delta: Delta = { room, seq: state.seq, epoch, at, ...deltaBody(parts, dirty) };
        const emitMs = await this.emitDelta(room, delta, new Set(pending.map((s) => s.id)));
        state.notBefore = readStarted + emitMs / EMIT_SHARE;
        this.deps.metrics.pushTicks.inc({ room });
        const emitted = Date.now();
        this.deps.metrics.pushRead.observe({ room }, (emitted - readStarted) / 1000);
        if (dirty.since !== null) this.deps.metrics.pushDelay.observe({ room }, (emitted - dirty.since) / 1000);
      }
      if (full) {
        const snapshot: Snapshot = { room, seq: state.seq, epoch, at, state: full };
        for (const socket of pending) {
          if (!socket.connected) continue;
          socket.emit('snapshot', snapshot);
          socket.join(room);
        }
      }
    } catch (error) {
      // Try again next tick with the same work.
      this.noteReadFailed();
      putBack();
      this.deps.log.warn({ err: (error as Error).message, room }, 'push tick failed');
    }
  }

  /**
   * Sends a delta to the room's sockets on this node (every node pushes to its own clients with
   * its own sequence), except those about to get a snapshot. Recipients are fixed before the
   * first slice, so a screen that subscribes meanwhile never gets a delta older than its snapshot.
   * Returns the milliseconds spent writing.
   */
  private async emitDelta(room: Room, delta: Delta, except: Set<string>): Promise<number> {
    const members = this.io.of('/').adapter.rooms.get(room);
    const ids = members ? [...members].filter((id) => !except.has(id)) : [];
    let busyMs = 0;
    for (let i = 0; i < ids.length; i += EMIT_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      this.io.local.to(ids.slice(i, i + EMIT_SLICE)).emit('delta', delta);
      busyMs += performance.now() - started;
    }
    return busyMs;
  }
}

const isRoutine = (path: string) => path.startsWith('check:') || path.startsWith('checks-min:');

function requestFor(d: Dirty): PartRequest {
  return {
    kpi: d.kpi,
    minutes: d.minutes,
    minuteBuckets: [...d.minuteBuckets],
    kecamatan: [...d.kecamatan],
    opd: [...d.opd],
    monitors: [...d.monitors],
    complaints: [...d.complaints],
  };
}

function pickDirty(full: LiveState, d: Dirty): Partial<LiveState> {
  const pick = <T>(record: Record<string, T>, codes: Set<string>) =>
    Object.fromEntries([...codes].filter((c) => c in record).map((c) => [c, record[c]]));
  return {
    kpi: full.kpi,
    minutes: changedMinutes(full.minutes, d.minuteBuckets),
    kecamatan: pick(full.kecamatan, d.kecamatan),
    opd: pick(full.opd, d.opd),
    monitors: pick(full.monitors, d.monitors),
    complaints: full.complaints.filter((c) => d.complaints.has(c.id)),
  };
}

function deltaBody(parts: Partial<LiveState>, d: Dirty): Omit<Delta, 'room' | 'seq' | 'epoch' | 'at'> {
  const body: Omit<Delta, 'room' | 'seq' | 'epoch' | 'at'> = {};
  if (d.kpi && parts.kpi) body.kpi = parts.kpi;
  if (d.minutes && parts.minutes) body.minutes = parts.minutes;
  if (d.kecamatan.size && parts.kecamatan) body.kecamatan = parts.kecamatan;
  if (d.opd.size && parts.opd) body.opd = parts.opd;
  if (d.monitors.size) {
    // A monitor missing from the live state was removed.
    body.monitors = Object.fromEntries([...d.monitors].map((code) => [code, parts.monitors?.[code] ?? null]));
  }
  if (d.complaints.size && parts.complaints?.length) body.complaints = parts.complaints;
  return body;
}

function mergeDirty(into: Dirty, from: Dirty): void {
  if (from.since !== null) into.since = Math.min(into.since ?? from.since, from.since);
  into.kpi ||= from.kpi;
  into.minutes ||= from.minutes;
  for (const m of from.minuteBuckets) into.minuteBuckets.add(m);
  for (const k of ['kecamatan', 'opd', 'monitors', 'complaints'] as const) for (const v of from[k]) into[k].add(v);
  for (const code of from.routine.monitors) into.routine.monitors.add(code);
  for (const minute of from.routine.minutes) into.routine.minutes.add(minute);
}
