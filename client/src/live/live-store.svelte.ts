// The reactive live state of one room. Each top-level part is `$state.raw`: components that read
// `store.kpi` re-render only when a message changed the kpi, and big arrays are never deeply
// proxied. The rules live in live-sync.ts; this class only exposes their results to Svelte.
import type { Delta, Kpi, LiveState, MinuteBucket, MonitorLive, OpdLive, KecamatanLive, PublicComplaint, Room, Snapshot } from '../../../shared/protocol.ts';
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
   * Client time (ms) of the last evidence that the state was current: a snapshot, a delta, or
   * a transport heartbeat while in sync. "Data as of" on the badge shows this, so a quiet but
   * healthy period does not make the data look older than it is.
   */
  lastDataAt = $state<number | null>(null);
  /** Server clock minus client clock (ms), from the last message's `at`; for durations and the clock. */
  serverOffsetMs = $state(0);

  #sync: SyncState;
  #connected = false;

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
    if (this.#connected) this.status = 'live';
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
    }
    return outcome.kind === 'resync';
  }

  markConnected(): void {
    this.#connected = true;
    // A reconnect subscribes afresh and gets a snapshot; stay "reconnecting" until it lands.
    this.#sync = clearResync(this.#sync);
  }

  markDisconnected(clientNow: number = Date.now()): void {
    if (this.#connected && this.status === 'live') this.lastDataAt = clientNow;
    this.#connected = false;
    if (this.#sync.state) this.status = 'reconnecting';
    else this.status = this.status === 'connecting' ? 'connecting' : 'reconnecting';
  }

  /** A transport heartbeat: the connection is alive, so the data we hold is still current. */
  markAlive(clientNow: number = Date.now()): void {
    if (this.#connected && this.status === 'live' && this.#sync.resyncRequestedAt === null) this.lastDataAt = clientNow;
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
