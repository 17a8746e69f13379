// The simulated city as a clock you can move forward. Backfill and live mode are the same
// thing: `advance(to)` returns every event that happens before `to`, whether `to` is an hour
// ahead of the cursor (catching up on history) or 50 ms ahead (live). No I/O, no wall clock.
import type { ComplaintEventInput, HeartbeatEventInput, UploadEventInput } from '../../shared/events.ts';
import { complaintEvent, complaintsInMinute, createComplaintModel, type ComplaintModel, type SimComplaint } from './complaint-generator.ts';
import { MAX_PLAN_DAYS } from './complaint-lifecycle-plan.ts';
import { MinHeap } from '../infra/min-heap.ts';
import type { CityReference, ServiceRef } from './reference-data.ts';
import { createHealthModel, heartbeatsBetween, servicesFor, type HealthModel, type HeartbeatMode } from './service-health.ts';
import { createUploadModel, uploadEvent, uploadsBetween, type UploadModel } from './upload-plan.ts';
import { DAY, MINUTE } from './wib-time.ts';

export type SimEvent =
  | { kind: 'complaints'; at: number; event: ComplaintEventInput }
  | { kind: 'uploads'; at: number; event: UploadEventInput }
  | { kind: 'heartbeats'; at: number; event: HeartbeatEventInput };

export const DEFAULT_SEED = 1;
/** About 146,000 a year across five channels for ~2.4 million people: a busy but plausible city inbox. */
export const DEFAULT_COMPLAINTS_PER_DAY = 400;
/** Longer than any lifecycle plan: complaints older than this have nothing left to say. */
export const DEFAULT_CARRY_OVER_DAYS = MAX_PLAN_DAYS + 1;

/** Ids carry the seed unless it is the default, so two different cities never collide. */
export function idTagFor(seed: number): string {
  return seed === DEFAULT_SEED ? '' : `s${seed}-`;
}

export interface CitySimulationOptions {
  ref: CityReference;
  seed?: number;
  source: string;
  complaintsPerDay?: number;
  /** Start of the emitted history (now − backfill); nothing before it is sent, except uploads for periods due after it. */
  windowStart: number;
  /** Heartbeats are only sent from here on (a full month of 30-second checks is rarely wanted). */
  heartbeatsFrom?: number;
  heartbeatMode?: HeartbeatMode;
  /** Services the simulator must not report (Pantau probes them for real). */
  excludeServices?: readonly string[];
  /**
   * Complaints submitted up to this many days before the window still have steps to play
   * inside it; they are replayed silently so those steps come (a city has a backlog).
   */
  carryOverDays?: number;
}

export interface SimulationCounters {
  complaintsCreated: number;
  complaintEvents: number;
  uploadEvents: number;
  heartbeatEvents: number;
}

interface PendingStep {
  complaint: SimComplaint;
  step: number;
}

export class CitySimulation {
  readonly complaints: ComplaintModel;
  readonly uploads: UploadModel;
  readonly health: HealthModel;
  readonly source: string;
  readonly windowStart: number;
  readonly heartbeatsFrom: number;
  readonly counters: SimulationCounters = { complaintsCreated: 0, complaintEvents: 0, uploadEvents: 0, heartbeatEvents: 0 };
  private readonly services: ServiceRef[];
  private readonly pending = new MinHeap<PendingStep>();
  private nextMinute: number;
  private cursorAt: number;
  private firstUploads = true;

  constructor(options: CitySimulationOptions) {
    const seed = options.seed ?? DEFAULT_SEED;
    const idTag = idTagFor(seed);
    this.source = options.source;
    this.complaints = createComplaintModel({
      ref: options.ref,
      seed,
      source: options.source,
      complaintsPerDay: options.complaintsPerDay ?? DEFAULT_COMPLAINTS_PER_DAY,
      idTag,
    });
    this.uploads = createUploadModel(options.ref, seed, idTag);
    this.health = createHealthModel(options.ref, seed, idTag);
    this.services = servicesFor(this.health, options.heartbeatMode ?? 'all', options.excludeServices);
    this.windowStart = options.windowStart;
    this.heartbeatsFrom = options.heartbeatsFrom ?? options.windowStart;
    this.cursorAt = options.windowStart;
    const carryDays = options.carryOverDays ?? DEFAULT_CARRY_OVER_DAYS;
    this.nextMinute = Math.floor((options.windowStart - carryDays * DAY) / MINUTE);
    // Replay the backlog: complaints from before the window, keeping only their later steps.
    const firstWindowMinute = Math.ceil(options.windowStart / MINUTE);
    for (; this.nextMinute < firstWindowMinute; this.nextMinute++) this.schedule(this.nextMinute, options.windowStart);
  }

  /** Everything before this instant has been returned. */
  get cursor(): number {
    return this.cursorAt;
  }

  /** Planned complaint steps still to come (open complaints, roughly five steps each). */
  get pendingSteps(): number {
    return this.pending.size;
  }

  private schedule(minute: number, notBefore: number): void {
    for (const complaint of complaintsInMinute(this.complaints, minute)) {
      let any = false;
      complaint.plan.steps.forEach((s, step) => {
        if (s.at >= notBefore) {
          this.pending.push(s.at, { complaint, step });
          any = true;
        }
      });
      if (any && complaint.core.submittedAt >= notBefore) this.counters.complaintsCreated++;
    }
  }

  /** Every event in [cursor, to), in time order; moves the cursor to `to`. */
  advance(to: number): SimEvent[] {
    if (to <= this.cursorAt) return [];
    const from = this.cursorAt;
    const out: SimEvent[] = [];
    for (; this.nextMinute * MINUTE < to; this.nextMinute++) this.schedule(this.nextMinute, from);
    while (this.pending.size > 0 && (this.pending.peekKey() as number) < to) {
      const { complaint, step } = this.pending.pop() as PendingStep;
      const planned = complaint.plan.steps[step];
      out.push({ kind: 'complaints', at: planned.at, event: complaintEvent(this.complaints, complaint, planned) });
      this.counters.complaintEvents++;
    }
    const uploads = uploadsBetween(this.uploads, from, to, this.firstUploads ? { deadlineFrom: this.windowStart } : {});
    this.firstUploads = false;
    for (const u of uploads) out.push({ kind: 'uploads', at: u.at, event: uploadEvent(u, this.source) });
    this.counters.uploadEvents += uploads.length;
    const hbFrom = Math.max(from, this.heartbeatsFrom);
    if (hbFrom < to && this.services.length > 0) {
      const beats = heartbeatsBetween(this.health, this.services, hbFrom, to, this.source);
      for (const b of beats) out.push({ kind: 'heartbeats', at: b.at, event: b.event });
      this.counters.heartbeatEvents += beats.length;
    }
    out.sort((a, b) => a.at - b.at);
    this.cursorAt = to;
    return out;
  }
}
