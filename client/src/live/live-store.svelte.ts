// The reactive live state of one room. Each top-level part is `$state.raw`: components that read
// `store.kpi` re-render only when a message changed the kpi, and big arrays are never deeply
// proxied. The rules live in live-sync.ts; this class only exposes their results to Svelte.
import type { Delta, Keepalive, Kpi, LiveState, MinuteBucket, MonitorLive, OpdLive, KecamatanLive, PublicComplaint, Room, Snapshot } from '../../../shared/protocol.ts';
import { judgeLiveness } from './liveness.ts';
import {
  clearResync,
  initialSync,
  markResyncRequested,
  receiveDelta,
  receiveSnapshot,
  resyncOverdue,
  type ConnectionStatus,
  type LivePart,
  type SyncState,
} from './live-sync.ts';

export class LiveStore {
  kpi = $state.raw<Kpi | null>(null);
  complaints = $state.raw<PublicComplaint[]>([]);
  monitors = $state.raw<Record<string, MonitorLive>>({});
  kecamatan = $state.raw<Record<string, KecamatanLive>>({});
  opd = $state.raw<Record<string, OpdLive>>({});
  minutes = $state.raw<MinuteBucket[]>([]);

  status = $state<ConnectionStatus>('connecting');
  seq = $state(0);
  epoch = $state<string | null>(null);
  /**
   * Client time (ms) of the last evidence that the state was current: a snapshot, a delta, or a
   * keepalive saying the pipeline works while in sync. "Data as of" on the badge shows this, so
   * a quiet but healthy period does not make the data look older than it is. A transport
   * heartbeat is no such evidence: a server whose Redis died still answers those.
   */
  lastDataAt = $state<number | null>(null);
  /** Server clock minus client clock (ms), from the last message's `at`; for durations and the clock. */
  serverOffsetMs = $state(0);

  #sync: SyncState;
  #connected = false;
  /** A snapshot arrived on the current connection. */
  #inSync = false;
  /** Client time of the server's last word on the current connection, and whether it said the pipeline works. */
  #heardAt: number | null = null;
  #pipelineOk: boolean | null = null;

  constructor(room: Room) {
    this.#sync = initialSync(room);
  }

  get hasData(): boolean {
    return this.kpi !== null;
  }

  /** Server-corrected current time (ms). */
  now(clientNow: number = Date.now()): number {
    return clientNow + this.serverOffsetMs;
  }

  receiveSnapshot(snapshot: Snapshot, clientNow: number = Date.now()): void {
    const { sync, changed } = receiveSnapshot(this.#sync, snapshot);
    if (changed.length === 0) return;
    this.#sync = sync;
    this.#publish(changed);
    this.#noteServerTime(snapshot.at, clientNow);
    this.lastDataAt = clientNow;
    if (this.#connected) this.#inSync = true;
    this.#heard(true, clientNow);
  }

  /** Returns true when the caller must ask the server for a resync. */
  receiveDelta(delta: Delta, clientNow: number = Date.now()): boolean {
    const outcome = receiveDelta(this.#sync, delta, clientNow);
    this.#sync = outcome.sync;
    if (outcome.kind === 'applied') {
      this.#publish(outcome.changed);
      this.seq = this.#sync.seq;
      this.#noteServerTime(delta.at, clientNow);
      this.lastDataAt = clientNow;
      this.#heard(true, clientNow);
    }
    return outcome.kind === 'resync';
  }

  /** The server's word on its pipeline, when no delta carried it (and at once on connect). */
  receiveKeepalive(keepalive: Keepalive, clientNow: number = Date.now()): void {
    this.#noteServerTime(keepalive.at, clientNow);
    // In sync and nothing changed since: what we hold is the current state.
    if (keepalive.ok && this.#inSync && this.#sync.resyncRequestedAt === null) this.lastDataAt = clientNow;
    this.#heard(keepalive.ok, clientNow);
  }

  markConnected(clientNow: number = Date.now()): void {
    this.#connected = true;
    // A reconnect subscribes afresh and gets a snapshot; stay "reconnecting" until it lands.
    // Nothing heard on this connection yet: the last one's words do not count for it.
    this.#inSync = false;
    this.#heardAt = null;
    this.#pipelineOk = null;
    this.#sync = clearResync(this.#sync);
    this.checkLiveness(clientNow);
  }

  markDisconnected(clientNow: number = Date.now()): void {
    this.#connected = false;
    this.#inSync = false;
    this.checkLiveness(clientNow);
  }

  /** Called once a second (and after every message): a server that fell silent makes the screen stale. */
  checkLiveness(clientNow: number = Date.now()): void {
    const status = judgeLiveness(
      { connected: this.#connected, hasData: this.#sync.state !== null, inSync: this.#inSync, heardAt: this.#heardAt, pipelineOk: this.#pipelineOk },
      clientNow,
    );
    if (status !== this.status) this.status = status;
  }

  #heard(pipelineOk: boolean, clientNow: number): void {
    if (!this.#connected) return;
    this.#heardAt = clientNow;
    this.#pipelineOk = pipelineOk;
    this.checkLiveness(clientNow);
  }

  /**
   * Called once a second. True when a requested snapshot is overdue: the caller asks again, and
   * the retry timer restarts here so the next retry is RESYNC_RETRY_MS later.
   */
  takeOverdueResync(clientNow: number = Date.now()): boolean {
    if (!resyncOverdue(this.#sync, clientNow)) return false;
    this.#sync = markResyncRequested(this.#sync, clientNow);
    return true;
  }

  /** The plain state, for code that does not need reactivity (tests, debugging). */
  get state(): LiveState | null {
    return this.#sync.state;
  }

  #publish(changed: LivePart[]): void {
    const state = this.#sync.state as LiveState;
    this.seq = this.#sync.seq;
    this.epoch = this.#sync.epoch;
    for (const part of changed) {
      switch (part) {
        case 'kpi':
          this.kpi = state.kpi;
          break;
        case 'complaints':
          this.complaints = state.complaints;
          break;
        case 'monitors':
          this.monitors = state.monitors;
          break;
        case 'kecamatan':
          this.kecamatan = state.kecamatan;
          break;
        case 'opd':
          this.opd = state.opd;
          break;
        case 'minutes':
          this.minutes = state.minutes;
          break;
      }
    }
  }

  #noteServerTime(at: string, clientNow: number): void {
    const server = Date.parse(at);
    if (Number.isFinite(server)) this.serverOffsetMs = server - clientNow;
  }
}
