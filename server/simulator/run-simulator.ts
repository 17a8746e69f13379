// Runs the simulated city against a Pantau server: optional backfill, then the live loop,
// with progress reports. Usable in-process (e.g. by `npm start` when it wants a live demo
// feed) as well as from the CLI in main.ts; it installs no signal handlers and never exits
// the process.
import { randomBytes } from 'node:crypto';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';
import type { EventKind } from '../../shared/events.ts';
import { CitySimulation, type SimEvent } from './city-simulation.ts';
import type { SimulatorOptions } from './cli-options.ts';
import { IngestClient } from './ingest-client.ts';
import { LoadFiller } from './load-filler.ts';
import { formatNotice, formatProgressLine, formatSummary, type RunSummary } from './progress-report.ts';
import { loadCityReference, type CityReference } from './reference-data.ts';
import { heartbeatsBetween, servicesFor } from './service-health.ts';
import { startLocalTargets } from './local-targets.ts';
import { DAY, HOUR, SECOND } from './wib-time.ts';

export interface SimulatorHooks {
  /** Progress lines and the summary. */
  log: (line: string) => void;
  /** Problems (server unreachable, key refused, ...). */
  warn: (line: string) => void;
  /** Dry run: one NDJSON line per event. */
  output?: (line: string) => void;
  /** Defaults to the seed files in db/seed-data. */
  reference?: CityReference;
  progressEveryMs?: number;
}

export interface SimulatorHandle {
  /** Stops generating, sends what is queued (up to `flushTimeoutMs`), resolves with the summary. */
  stop(flushTimeoutMs?: number): Promise<RunSummary>;
  readonly done: Promise<RunSummary>;
}

/** During a backfill, generation waits while this many events are not yet accepted. */
const BACKFILL_BACKLOG = 20_000;
/** Above this backlog the live loop stops adding filler (the server is slower than --rate). */
const LIVE_FILLER_BACKLOG = 100_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The natural pace in events/s: service checks plus complaints and their ~5 status steps. */
export function naturalRate(services: number, intervalSeconds: number, complaintsPerDay: number): number {
  return services / intervalSeconds + (complaintsPerDay * 5.8) / 86_400;
}

export function startSimulator(options: SimulatorOptions, hooks: SimulatorHooks): SimulatorHandle {
  const startedAt = Date.now();
  const ref = hooks.reference ?? loadCityReference();
  const windowStart = startedAt - options.backfillDays * DAY;
  const hbHours = options.backfillHeartbeatHours ?? Math.min(6, options.backfillDays * 24);
  // Push agents report in real time from the first second, on a lane of their own, also while
  // the history is being posted (minutes): a real agent does not wait for Pantau's backfill, and
  // Pantau calls a push monitor that stays silent past its interval + grace DOWN. Their own
  // history goes first on that lane, so their state machines still see it in order.
  const agentCodes =
    options.heartbeats === 'none' ? [] : ref.services.filter((s) => s.kind === 'push' && !options.localTargets.includes(s.code)).map((s) => s.code);
  const sim = new CitySimulation({
    ref,
    seed: options.seed,
    source: options.source,
    complaintsPerDay: options.complaintsPerDay,
    windowStart,
    heartbeatsFrom: startedAt - hbHours * HOUR,
    heartbeatMode: options.heartbeats,
    excludeServices: [...options.localTargets, ...agentCodes],
  });
  const services = servicesFor(sim.health, options.heartbeats, options.localTargets);
  const agents = services.filter((s) => agentCodes.includes(s.code));
  const targets = options.localTargets.length ? startLocalTargets(sim.health, options.localTargets, options.targetsPort) : null;
  targets?.then(
    (t) => hooks.log(`Layanan lokal untuk diperiksa / local services for the prober: http://127.0.0.1:${t.port}/<kode> (${options.localTargets.join(', ')})`),
    (err: Error) => hooks.warn(`local targets could not start: ${err.message}`),
  );
  const runTag = randomBytes(3).toString('hex');
  const filler =
    options.rate !== null
      ? new LoadFiller({ complaints: sim.complaints, health: sim.health, uploads: sim.uploads, services, source: options.source, runTag, seed: options.seed })
      : null;
  const client = options.dryRun
    ? null
    : new IngestClient({
        url: options.url,
        apiKey: options.apiKey ?? '',
        concurrency: options.concurrency,
        batchSize: options.batchSize,
        flushMs: options.flushMs,
        onNotice: (n) => hooks.warn(formatNotice(n, options.url)),
      });
  // The agents' lane: never behind the backfill's queue. Its notices would repeat the main client's.
  const agentClient =
    client && agents.length
      ? new IngestClient({ url: options.url, apiKey: options.apiKey ?? '', concurrency: 2, batchSize: INGEST_LIMITS.maxEventsPerBatch, flushMs: 200, onNotice: () => {} })
      : null;

  const generated: Record<EventKind, number> = { complaints: 0, uploads: 0, heartbeats: 0 };
  const emit = (e: SimEvent) => {
    generated[e.kind]++;
    if (client) client.enqueue(e.kind, e.event);
    else hooks.output?.(JSON.stringify({ kind: e.kind, event: e.event }));
  };

  let agentsUntil = startedAt - hbHours * HOUR;
  const pushAgents = (to: number) => {
    if (!agents.length || to <= agentsUntil) return;
    for (const b of heartbeatsBetween(sim.health, agents, agentsUntil, to, options.source)) {
      generated.heartbeats++;
      if (agentClient) agentClient.enqueue('heartbeats', b.event);
      else hooks.output?.(JSON.stringify({ kind: 'heartbeats', event: b.event }));
    }
    agentsUntil = to;
  };

  let stopRequested = false;
  let wakeUp: (() => void) | null = null;
  let phase: 'backfill' | 'live' = options.backfillDays > 0 ? 'backfill' : 'live';
  let liveStartedAt = 0;
  let skipped = 0;
  let lastReportAt = Date.now();
  let lastGenerated = 0;
  const natural = naturalRate(services.length, services[0]?.intervalSeconds ?? 30, options.complaintsPerDay);

  hooks.log(
    `Pantau simulator -> ${options.dryRun ? 'dry run (NDJSON)' : options.url} | sumber/source ${options.source} | seed ${options.seed} | ` +
      `riwayat/backfill ${options.backfillDays} hari/days (heartbeats ${hbHours} jam/h) | laju/rate ${
        options.rate === null ? `alami/natural ~${natural.toFixed(1)} ev/s` : `${options.rate} ev/s (alami/natural ~${natural.toFixed(1)})`
      }`,
  );

  const report = () => {
    const now = Date.now();
    const windowMs = now - lastReportAt;
    lastReportAt = now;
    if (options.quiet) {
      client?.takeWindow();
      return;
    }
    if (client) {
      hooks.log(
        formatProgressLine({
          now,
          windowMs,
          window: client.takeWindow(),
          totals: client.total.accepted,
          errorsTotal: Object.values(client.total.errors).reduce((a, b) => a + b, 0),
          backlog: client.backlog(),
          phase,
          simulatedAt: phase === 'backfill' ? sim.cursor : undefined,
          paused: client.paused,
          skipped,
        }),
      );
    } else {
      const total = generated.complaints + generated.uploads + generated.heartbeats;
      hooks.log(`[dry run] ${((total - lastGenerated) / Math.max(0.001, windowMs / 1000)).toFixed(1)} ev/s dibuat/generated, total ${total}`);
      lastGenerated = total;
    }
  };
  const progressTimer = setInterval(report, hooks.progressEveryMs ?? 5000);

  const summary = (): RunSummary => {
    const now = Date.now();
    return {
      runMs: now - startedAt,
      liveMs: liveStartedAt ? now - liveStartedAt : 0,
      accepted: client
        ? { ...client.total.accepted, heartbeats: client.total.accepted.heartbeats + (agentClient?.total.accepted.heartbeats ?? 0) }
        : { complaints: 0, uploads: 0, heartbeats: 0 },
      generated: { ...generated },
      requests: (client?.total.requests ?? 0) + (agentClient?.total.requests ?? 0),
      errors: client ? { ...client.total.errors } : {},
      dropped: (client?.total.dropped ?? 0) + (agentClient?.total.dropped ?? 0),
      unsent: (client?.backlog() ?? 0) + (agentClient?.backlog() ?? 0),
      skipped,
      latencyP50: client?.total.latency.percentile(0.5) ?? null,
      latencyP99: client?.total.latency.percentile(0.99) ?? null,
      latencyMax: client && client.total.latency.count > 0 ? client.total.latency.max : null,
      dryRun: options.dryRun,
    };
  };

  // A natural end (--duration) waits longer for a slow server than a Ctrl-C does.
  let flushTimeoutMs = 30_000;

  // The agents' history at once, then their beats as they fall due.
  pushAgents(startedAt);
  const agentTimer = setInterval(() => {
    if (!stopRequested) pushAgents(Date.now());
  }, SECOND);

  const done = (async (): Promise<RunSummary> => {
    try {
      // History first, an hour of simulated time per step, paced by what the server accepts.
      while (phase === 'backfill' && !stopRequested && sim.cursor < startedAt) {
        for (const e of sim.advance(Math.min(startedAt, sim.cursor + HOUR))) emit(e);
        if (client) await client.waitForRoom(BACKFILL_BACKLOG, () => stopRequested);
        else await new Promise((r) => setImmediate(r));
      }
      phase = 'live';
      liveStartedAt = Date.now();
      const highRate = options.rate !== null && options.rate >= 200;
      const tickMs = highRate ? 20 : 200;
      let tokens = 0;
      let last = Date.now();
      while (!stopRequested) {
        if (options.durationS !== null && Date.now() - liveStartedAt >= options.durationS * SECOND) break;
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
          setTimeout(resolve, tickMs);
        });
        wakeUp = null;
        if (stopRequested) break;
        const now = Date.now();
        const dt = (now - last) / 1000;
        last = now;
        const events = sim.advance(now);
        for (const e of events) emit(e);
        if (filler && options.rate !== null) {
          // Open loop: the city's own events count toward the rate, filler makes up the rest.
          tokens = Math.min(tokens + options.rate * dt - events.length, options.rate);
          if (tokens >= 1) {
            if (client && client.backlog() > LIVE_FILLER_BACKLOG) {
              skipped += Math.floor(tokens);
              tokens = 0;
            } else {
              const extra = filler.generate(Math.floor(tokens), now);
              for (const e of extra) emit(e);
              tokens -= extra.length;
            }
          }
        }
      }
      clearInterval(agentTimer);
      if (client) await Promise.all([client.flush(flushTimeoutMs), agentClient?.flush(flushTimeoutMs)]);
      const s = summary();
      clearInterval(progressTimer);
      if (Date.now() - lastReportAt >= 1000) report();
      hooks.log(formatSummary(s));
      return s;
    } finally {
      clearInterval(progressTimer);
      clearInterval(agentTimer);
      client?.close();
      agentClient?.close();
      await (await targets?.catch(() => null))?.close();
    }
  })();

  return {
    done,
    stop(timeoutMs = 10_000) {
      flushTimeoutMs = timeoutMs;
      stopRequested = true;
      wakeUp?.();
      client?.interruptWaits();
      return done;
    },
  };
}
