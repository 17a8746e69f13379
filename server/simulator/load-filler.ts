// Extra events for --rate above the city's natural pace (load tests, the bench). They are
// still valid, realistic events in realistic proportions: whole complaint lifecycles squeezed
// into the last half hour (so they close and do not swell the open backlog forever), extra
// checks of real services showing their current health, and ad-hoc uploads (which are never
// late or missing, so they do not distort any OPD's timeliness). Ids carry a run tag, so
// filler never collides with the deterministic city events or with another run.
import type { CategoryRef } from './reference-data.ts';
import {
  complaintEvent,
  isRainySeason,
  type ComplaintCore,
  type ComplaintModel,
  type SimComplaint,
} from './complaint-generator.ts';
import { planLifecycle } from './complaint-lifecycle-plan.ts';
import type { SimEvent } from './city-simulation.ts';
import { Rng } from './rng.ts';
import { checkOutcome, heartbeatEvent, type HealthModel } from './service-health.ts';
import type { ServiceRef } from './reference-data.ts';
import { uploadEvent, type UploadModel } from './upload-plan.ts';
import { wibDate } from '../../shared/wib-time.ts';
import { DAY, MINUTE, SECOND, wibParts } from './wib-time.ts';

/** Target shares of filler events by kind. */
export const FILLER_MIX = { complaints: 0.38, heartbeats: 0.6, uploads: 0.02 } as const;

export interface LoadFillerOptions {
  complaints: ComplaintModel;
  health: HealthModel;
  uploads: UploadModel;
  services: ServiceRef[];
  source: string;
  /** Distinguishes this run's filler ids from any other run's. */
  runTag: string;
  seed: number;
}

export class LoadFiller {
  private readonly rng: Rng;
  private readonly produced = { complaints: 0, heartbeats: 0, uploads: 0 };
  private serial = 0;
  private readonly adhoc;

  constructor(private readonly options: LoadFillerOptions) {
    this.rng = Rng.of(options.seed, 'beban', options.runTag);
    this.adhoc = options.uploads.ref.datasets.filter((d) => d.schedule.kind === 'adhoc');
  }

  get counts(): Readonly<{ complaints: number; heartbeats: number; uploads: number }> {
    return this.produced;
  }

  /** About `n` events (a complaint lifecycle is never cut, so a few more is possible). */
  generate(n: number, now: number): SimEvent[] {
    const out: SimEvent[] = [];
    while (out.length < n) {
      const kind = this.nextKind();
      if (kind === 'complaints') this.complaintLifecycle(now, out);
      else if (kind === 'uploads') this.upload(now, out);
      else this.heartbeat(now, out);
    }
    return out;
  }

  /** The kind furthest below its target share; keeps the mix exact at any rate. */
  private nextKind(): keyof typeof FILLER_MIX {
    const total = this.produced.complaints + this.produced.heartbeats + this.produced.uploads + 1;
    let best: keyof typeof FILLER_MIX = 'heartbeats';
    let bestGap = -Infinity;
    for (const kind of ['complaints', 'heartbeats', 'uploads'] as const) {
      if (kind === 'uploads' && this.adhoc.length === 0) continue;
      if (kind === 'heartbeats' && this.options.services.length === 0) continue;
      const gap = FILLER_MIX[kind] - this.produced[kind] / total;
      if (gap > bestGap) {
        bestGap = gap;
        best = kind;
      }
    }
    return best;
  }

  private complaintLifecycle(now: number, out: SimEvent[]): void {
    const { complaints: model } = this.options;
    const rng = this.rng;
    const n = ++this.serial;
    const kecamatan = model.kecamatanTable.draw(rng);
    const category: CategoryRef = model.categoryTable(kecamatan, isRainySeason(wibParts(now).month)).draw(rng);
    const channel = model.channelTable(category).draw(rng);
    // Plan it in the past with the normal rules, then squeeze it into the last few minutes.
    const plannedFrom = now - 50 * DAY;
    const plan = planLifecycle(rng.fork('alur', n), { submittedAt: plannedFrom, category, opdName: model.opdName }, model.calendar, model.rates);
    const span = rng.float(2, 30) * MINUTE;
    const first = plan.steps[0].at;
    const total = Math.max(1, plan.steps[plan.steps.length - 1].at - first);
    let previous = -Infinity;
    const start = Math.floor((now - span) / SECOND) * SECOND;
    for (const step of plan.steps) {
      let at = Math.floor((start + ((step.at - first) / total) * (span - plan.steps.length * SECOND)) / SECOND) * SECOND;
      if (at <= previous) at = previous + SECOND;
      step.at = at;
      previous = at;
    }
    const core: ComplaintCore = {
      minute: 1e9 + n,
      index: 0,
      submittedAt: plan.steps[0].at,
      wantsDuplicate: false,
      kecamatan,
      category,
      channel,
      privacy: rng.chance(0.8) ? 'public' : rng.chance(0.75) ? 'anonymous' : 'secret',
    };
    const complaint: SimComplaint = { externalId: `LOAD-${this.options.runTag}-${wibDate(now).replace(/-/g, '')}-${n}`, core, original: null, plan };
    for (const step of plan.steps) {
      out.push({ kind: 'complaints', at: step.at, event: complaintEvent(model, complaint, step, this.options.source) });
      this.produced.complaints++;
    }
  }

  private heartbeat(now: number, out: SimEvent[]): void {
    const { services, health } = this.options;
    const at = Math.floor(now / SECOND) * SECOND;
    for (let tries = 0; tries < 5; tries++) {
      const service = this.rng.pick(services);
      const outcome = checkOutcome(health, service, at, this.rng);
      if (!outcome) continue; // a silent push service stays silent
      out.push({ kind: 'heartbeats', at, event: heartbeatEvent(health, service, at, outcome, this.options.source, `-L${this.options.runTag}-${++this.serial}`) });
      this.produced.heartbeats++;
      return;
    }
    this.produced.heartbeats++; // count the attempt so the mix moves on
  }

  private upload(now: number, out: SimEvent[]): void {
    const dataset = this.rng.pick(this.adhoc);
    const at = Math.floor(now / SECOND) * SECOND;
    const date = wibDate(at);
    const rows = this.rng.int(10, 5000);
    const n = ++this.serial;
    out.push({
      kind: 'uploads',
      at,
      event: uploadEvent(
        {
          at,
          opd: dataset.opd,
          dataset: dataset.code,
          period: { start: date, end: date },
          deadline: Infinity,
          outcome: 'adhoc',
          attempt: 1,
          rows,
          bytes: rows * this.rng.int(80, 250),
          title: `${dataset.name} ${date} (beban uji)`,
          externalId: `${dataset.opd}-${dataset.code}-LOAD-${this.options.runTag}-${n}`,
        },
        this.options.source,
      ),
    });
    this.produced.uploads++;
  }
}
