// Valid, realistic events at high rates without generating each one live: the simulator's load
// filler (server/simulator/load-filler.ts: complaint lifecycles, checks of the real services,
// ad-hoc uploads in the simulator's 38/60/2 mix) fills a pool once; events are then taken
// round-robin and re-stamped: a round suffix on the external id keeps every event new (and a
// lifecycle's events share their complaint's id within a round), and times are shifted so the
// event happened "now" just as it did when the pool was made.
import type { ComplaintEventInput, EventKind, HeartbeatEventInput, UploadEventInput } from '../../shared/events.ts';
import { CitySimulation } from '../../server/simulator/city-simulation.ts';
import { FILLER_MIX, LoadFiller } from '../../server/simulator/load-filler.ts';
import { loadCityReference } from '../../server/simulator/reference-data.ts';
import { servicesFor } from '../../server/simulator/service-health.ts';

export type AnyEventInput = ComplaintEventInput | UploadEventInput | HeartbeatEventInput;

/**
 * `city`: the filler's mix as is (complaints arrive as lifecycles of several status events).
 * `unique`: every complaint event is a new complaint in status `received` (one event, one row),
 * so a drill can check "each acknowledged event exactly once" by external id.
 */
export type PoolMode = 'city' | 'unique';

interface PooledEvent {
  event: AnyEventInput;
  /** occurredAt (and submittedAt, for complaints) minus the pool's creation time. */
  occurredOffsetMs: number;
  submittedOffsetMs: number | null;
}

export interface EventPoolOptions {
  source: string;
  /** Distinguishes this run's ids from every other run's. */
  runTag: string;
  seed?: number;
  /** Events generated up front (the filler makes about 60,000 a second on one core). */
  size?: number;
  mode?: PoolMode;
}

export const POOL_MIX: Record<EventKind, number> = { ...FILLER_MIX };

export class EventPool {
  private readonly byKind: Record<EventKind, PooledEvent[]> = { complaints: [], uploads: [], heartbeats: [] };
  private readonly cursor: Record<EventKind, number> = { complaints: 0, uploads: 0, heartbeats: 0 };
  private readonly round: Record<EventKind, number> = { complaints: 0, uploads: 0, heartbeats: 0 };
  private readonly createdAt: number;
  private markerSerial = 0;
  readonly runTag: string;
  readonly source: string;

  constructor(options: EventPoolOptions) {
    const seed = options.seed ?? 1;
    this.runTag = options.runTag;
    this.source = options.source;
    const ref = loadCityReference();
    this.createdAt = Date.now();
    // Only the models are used: carry-over 0 keeps the constructor from replaying 43 days.
    const sim = new CitySimulation({ ref, seed, source: options.source, windowStart: this.createdAt, carryOverDays: 0 });
    const filler = new LoadFiller({
      complaints: sim.complaints,
      health: sim.health,
      uploads: sim.uploads,
      services: servicesFor(sim.health, 'all'),
      source: options.source,
      runTag: options.runTag,
      seed,
    });
    const mode = options.mode ?? 'city';
    for (const e of filler.generate(options.size ?? 20_000, this.createdAt)) {
      if (mode === 'unique' && e.kind === 'complaints' && (e.event as ComplaintEventInput).status !== 'received') continue;
      const occurred = Date.parse(e.event.occurredAt);
      const submitted = e.kind === 'complaints' && (e.event as ComplaintEventInput).submittedAt ? Date.parse((e.event as ComplaintEventInput).submittedAt!) : null;
      this.byKind[e.kind].push({
        event: e.event,
        occurredOffsetMs: occurred - this.createdAt,
        submittedOffsetMs: submitted === null ? null : submitted - this.createdAt,
      });
    }
  }

  size(kind: EventKind): number {
    return this.byKind[kind].length;
  }

  /** `n` events of `kind`, new ids, times as if they happened around `nowMs`. */
  take(kind: EventKind, n: number, nowMs: number): AnyEventInput[] {
    const list = this.byKind[kind];
    if (list.length === 0) throw new Error(`the event pool holds no ${kind}`);
    const out: AnyEventInput[] = [];
    for (let i = 0; i < n; i++) {
      if (this.cursor[kind] >= list.length) {
        this.cursor[kind] = 0;
        this.round[kind] += 1;
      }
      const p = list[this.cursor[kind]++];
      const event = {
        ...p.event,
        externalId: `${p.event.externalId}~${this.round[kind]}`,
        occurredAt: new Date(nowMs + p.occurredOffsetMs).toISOString(),
      } as AnyEventInput;
      if (p.submittedOffsetMs !== null) (event as ComplaintEventInput).submittedAt = new Date(nowMs + p.submittedOffsetMs).toISOString();
      out.push(event);
    }
    return out;
  }

  /**
   * A new public complaint submitted exactly at `atMs` whose title starts with `titlePrefix`:
   * clients recognise it in a delta and time its trip (arrival - submittedAt).
   */
  marker(atMs: number, titlePrefix: string): ComplaintEventInput {
    const base = this.byKind.complaints.find((p) => (p.event as ComplaintEventInput).status === 'received') ?? this.byKind.complaints[0];
    const n = ++this.markerSerial;
    const iso = new Date(atMs).toISOString();
    const { reporter: _reporter, opd: _opd, duplicateOf: _dup, actor: _actor, note: _note, ...rest } = base.event as ComplaintEventInput;
    return {
      ...rest,
      externalId: `MARK-${this.runTag}-${n}`,
      occurredAt: iso,
      submittedAt: iso,
      status: 'received',
      privacy: 'public',
      title: `${titlePrefix}${n}`,
    };
  }
}
