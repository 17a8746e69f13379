// Scenario `fanout`: N wall clients (socket.io-client over WebSocket, in a few client
// processes) subscribed to the `wall` room while the load posts R events/s. Among the load's
// complaints are markers: new public complaints whose submittedAt is the intended send time of
// their request; every client times each marker's arrival in a delta (ingest, stream,
// processor, Postgres, live state, push tick, Socket.IO). Server memory per client is the
// server's RSS growth from connecting the clients, divided by their number, measured before
// the events flow. Optionally a second phase grows to --capacity-clients (the 5,000 bar).
import { BAR_NUMBERS, BARS } from '../bars.ts';
import { socketAuth } from '../access.ts';
import { LatencyRecorder, formatMs, type LatencySummary } from '../stats/latency.ts';
import { metricSum } from '../stats/prometheus.ts';
import { formatUsage, ResourceProbe, usageBetween, type ResourceUsage } from '../stats/resources.ts';
import { readProc } from '../stats/proc.ts';
import { formatBytes, formatRate, type BarRow } from '../report.ts';
import type { ConnectResult, MeasureResult, SocketClientsConfig } from '../load/socket-clients.ts';
import { WorkerProcess } from '../load/worker-process.ts';
import { histogramWindow, runTag, sleep, startIngestLoad, startSystem, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';

interface PhaseResult {
  clients: number;
  live: number;
  connectFailures: number;
  connectSeconds: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  memoryPerClientBytes: number;
  /** The same from the server's own V8 heap + external memory (prom-client default metrics). */
  heapPerClientBytes: number;
  rate: number;
  latency: LatencySummary;
  /** Share of (marker, client) pairs delivered, over markers at least one client saw. */
  deliveredShare: number | null;
  markersSeen: number;
  deltasPerClientPerSecond: number;
  gaps: number;
  disconnects: number;
  disconnectReasons: Record<string, number>;
  resources: ResourceUsage;
  /** Where the time goes: the server's own histograms over the window (bucket upper bounds). */
  serverSide: Record<ServerStage, ReturnType<typeof histogramWindow>>;
  loadOutcomes: Record<string, number>;
  /** The client processes' own load: their CPU (sum) and worst event-loop delay p99. */
  clientProcesses: { cpuPercent: number; loopDelayP99Ms: number; deltaBytes: number };
  /** The server's event-loop delay p99 over the window (prom-client resets it at each scrape). */
  serverLoopDelayP99Ms: number;
}

/** Median RSS over a few readings a moment apart (one reading can land mid-GC). */
async function steadyRss(pid: number, readings = 5, gapMs = 400): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < readings; i++) {
    values.push(readProc(pid)?.rssBytes ?? 0);
    await sleep(gapMs);
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

async function connectClients(workers: WorkerProcess[], total: number, perSecond: number): Promise<ConnectResult[]> {
  const share = (i: number) => Math.floor(total / workers.length) + (i < total % workers.length ? 1 : 0);
  return Promise.all(workers.map((w, i) => w.request<ConnectResult>('connect', { count: share(i), perSecond: perSecond / workers.length })));
}

export async function runFanout(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.fanout;
  const { sut, access } = await startSystem(ctx, 'fanout');
  const redis = sut.deployment.redis();
  ctx.defer(() => redis.disconnect());
  const probeSql = sut.deployment.sql(1);
  ctx.defer(() => probeSql.end());
  const resources = new ResourceProbe(sut, probeSql, redis);
  const tag = runTag();
  const markerPrefix = `bench-marker-${tag}-`;

  const clientConfig: SocketClientsConfig = { url: sut.url, auth: socketAuth(access), markerPrefix };
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < o.clientProcesses; i++) {
    const w = new WorkerProcess(`clients-${i}`, 'bench/load/socket-clients.ts');
    ctx.defer(() => w.close());
    await w.request('init', { config: clientConfig });
    workers.push(w);
  }
  const load = await startIngestLoad(ctx, 'fanout-load', {
    url: sut.url,
    apiKey: access.apiKey,
    source: access.source,
    runTag: tag,
    mode: 'city',
    batchSize: o.batchSize,
    maxInflight: 128,
    retry: false,
    markers: { perSecond: o.markersPerSecond, titlePrefix: markerPrefix },
  });

  // Some history first, so snapshots are the size they would be on a working day.
  await load.request('run', { request: { rate: Math.min(o.rate, 1000), durationMs: 3000, warmupMs: 0 } });

  const phases: PhaseResult[] = [];
  let connected = 0;
  const heapOf = async () => {
    const m = await sut.server.metrics();
    return metricSum(m, 'nodejs_heap_size_used_bytes') + metricSum(m, 'nodejs_external_memory_bytes');
  };
  const runPhase = async (clients: number, seconds: number): Promise<PhaseResult> => {
    // Memory is read with no events flowing, after a pause: garbage from the last load must not
    // be mistaken for (or hide) what the clients cost.
    await sleep(5000);
    const rssBefore = await steadyRss(sut.server.pid);
    const heapBefore = await heapOf();
    ctx.log(`  connecting ${clients - connected} clients (total ${clients}) ...`);
    const started = performance.now();
    const connects = await connectClients(workers, clients - connected, o.connectPerSecond);
    const connectSeconds = (performance.now() - started) / 1000;
    connected = clients;
    await sleep(2000);
    const rssAfter = await steadyRss(sut.server.pid);
    const heapAfter = await heapOf();
    const failures = connects.reduce((a, c) => a + c.failed, 0);
    const added = connects.reduce((a, c) => a + c.requested, 0);
    const memoryPerClient = (rssAfter - rssBefore) / Math.max(1, added - failures);
    const heapPerClient = (heapAfter - heapBefore) / Math.max(1, added - failures);
    ctx.log(
      `    ${added - failures}/${added} connected in ${connectSeconds.toFixed(1)} s; server RSS ${formatBytes(rssBefore)} -> ${formatBytes(rssAfter)} = ${formatBytes(memoryPerClient)} per client (V8 heap + external: ${formatBytes(heapPerClient)} per client)${
        failures ? `; errors: ${[...new Set(connects.flatMap((c) => c.errors))].slice(0, 3).join(' | ')}` : ''
      }`,
    );

    ctx.log(`  ${formatRate(o.rate)} with ${o.markersPerSecond} markers/s: ${o.warmupSeconds} s warm-up + ${seconds} s measured`);
    const running = load.request<{ outcomes: Record<string, number> }>('run', {
      request: { rate: o.rate, durationMs: (o.warmupSeconds + seconds) * 1000 + 500, warmupMs: o.warmupSeconds * 1000 },
    });
    await sleep(o.warmupSeconds * 1000);
    await Promise.all(workers.map((w) => w.request('measure-start')));
    const measureStartedAt = Date.now();
    const r0 = await resources.read();
    const m0 = await sut.server.metrics();
    await sleep(seconds * 1000);
    const r1 = await resources.read();
    const m1 = await sut.server.metrics();
    // Markers sent just before the end are still on their way: let them land.
    await sleep(1500);
    const measures = await Promise.all(workers.map((w) => w.request<MeasureResult>('measure-stop')));
    const loadResult = await running;

    const latency = LatencyRecorder.merge(measures.map((m) => m.latency)).summary();
    // Delivery is judged on markers sent a second after every client process started measuring:
    // one sent at the very start reaches some clients before they measure and some after.
    const receipts = new Map<string, number>();
    for (const m of measures) {
      for (const [id, [n, sentAt]] of Object.entries(m.receipts)) if (sentAt >= measureStartedAt + 1000) receipts.set(id, (receipts.get(id) ?? 0) + n);
    }
    const live = measures.reduce((a, m) => a + m.live, 0);
    const totalReceipts = [...receipts.values()].reduce((a, b) => a + b, 0);
    const deltas = measures.reduce((a, m) => a + m.deltas, 0);
    const result: PhaseResult = {
      clients,
      live,
      connectFailures: failures,
      connectSeconds,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      memoryPerClientBytes: memoryPerClient,
      heapPerClientBytes: heapPerClient,
      rate: o.rate,
      latency,
      deliveredShare: receipts.size ? totalReceipts / (receipts.size * Math.max(1, live)) : null,
      markersSeen: receipts.size,
      deltasPerClientPerSecond: deltas / Math.max(1, live) / (seconds + 1.5),
      gaps: measures.reduce((a, m) => a + m.gaps, 0),
      disconnects: measures.reduce((a, m) => a + m.disconnects, 0),
      disconnectReasons: measures.reduce<Record<string, number>>((acc, m) => {
        for (const [k, v] of Object.entries(m.disconnectReasons)) acc[k] = (acc[k] ?? 0) + v;
        return acc;
      }, {}),
      resources: usageBetween(r0, r1),
      serverSide: serverStages(m0, m1),
      loadOutcomes: loadResult.outcomes,
      serverLoopDelayP99Ms: metricSum(m1, 'nodejs_eventloop_lag_p99_seconds') * 1000,
      clientProcesses: {
        cpuPercent: measures.reduce((a, m) => a + m.cpuPercent, 0),
        loopDelayP99Ms: Math.max(...measures.map((m) => m.loopDelayP99Ms)),
        deltaBytes: measures.reduce((a, m) => a + m.deltaBytes, 0) / Math.max(1, measures.length),
      },
    };
    ctx.log(
      `    marker latency p50 ${formatMs(latency.p50)}, p99 ${formatMs(latency.p99)}, p99.9 ${formatMs(latency.p999)}, max ${formatMs(latency.max)} (n=${latency.count}, ${result.markersSeen} markers, delivered ${
        result.deliveredShare === null ? '-' : `${(result.deliveredShare * 100).toFixed(2)}%`
      }); server side (p50 / p99, bucket upper bounds): ${formatStages(result.serverSide)}; ${result.deltasPerClientPerSecond.toFixed(1)} deltas/s per client, ${result.gaps} gaps, ${result.disconnects} disconnects${result.disconnects ? ` ${JSON.stringify(result.disconnectReasons)}` : ''}; ${formatUsage(result.resources)}; server event-loop delay p99 ${result.serverLoopDelayP99Ms.toFixed(0)} ms; client processes CPU ${result.clientProcesses.cpuPercent.toFixed(0)}%, event-loop delay p99 ${result.clientProcesses.loopDelayP99Ms.toFixed(0)} ms, delta ${formatBytes(result.clientProcesses.deltaBytes)}`,
    );
    return result;
  };

  phases.push(await runPhase(o.clients, o.seconds));
  if (o.capacityClients > o.clients) phases.push(await runPhase(o.capacityClients, o.capacitySeconds));
  await Promise.all(workers.map((w) => w.request('close')));

  return { bars: barsFor(phases), settings: { ...o }, details: { phases } };
}

// Where a marker's time goes on the server, stage by stage (complaint batches, the wall room).
const SERVER_STAGES = {
  ingestRequest: ['ingest request', 'pantau_ingest_request_seconds', { kind: 'complaints', status: '202' }],
  queued: ['queued', 'pantau_processor_stage_seconds', { kind: 'complaints', stage: 'queued' }],
  postgres: ['postgres', 'pantau_processor_stage_seconds', { kind: 'complaints', stage: 'postgres' }],
  live: ['live state', 'pantau_processor_stage_seconds', { kind: 'complaints', stage: 'live' }],
  processingLag: ['accepted -> live state', 'pantau_processing_lag_seconds', { kind: 'complaints' }],
  pushDelay: ['change -> emit', 'pantau_push_delay_seconds', { room: 'wall' }],
  pushRead: ['tick read + emit', 'pantau_push_read_seconds', { room: 'wall' }],
} as const satisfies Record<string, readonly [string, string, Record<string, string>]>;
type ServerStage = keyof typeof SERVER_STAGES;

function serverStages(m0: Parameters<typeof histogramWindow>[0], m1: Parameters<typeof histogramWindow>[0]) {
  const out = {} as Record<ServerStage, ReturnType<typeof histogramWindow>>;
  for (const [key, [, name, labels]] of Object.entries(SERVER_STAGES)) out[key as ServerStage] = histogramWindow(m0, m1, name, labels);
  return out;
}

function formatStages(stages: Record<ServerStage, ReturnType<typeof histogramWindow>>): string {
  const ms = (s: number | null) => (s === null ? '-' : `${Math.round(s * 1000)}`);
  return (Object.keys(SERVER_STAGES) as ServerStage[])
    .map((k) => `${SERVER_STAGES[k][0]} ${ms(stages[k].p50AtMostSeconds)}/${ms(stages[k].p99AtMostSeconds)} ms`)
    .join(', ');
}

/** RSS growth per client, or the heap figure when GC noise swamped the RSS one. */
function perClient(p: PhaseResult): string {
  const rss = p.memoryPerClientBytes > 0 ? `${formatBytes(p.memoryPerClientBytes)} RSS` : 'RSS n/a (GC noise)';
  const heap = p.heapPerClientBytes > 0 ? `${formatBytes(p.heapPerClientBytes)} V8 heap+external` : 'heap n/a (GC noise)';
  return `${rss}, ${heap}`;
}

function barsFor(phases: PhaseResult[]): BarRow[] {
  const first = phases[0];
  const meetsDelivery = first.rate >= BAR_NUMBERS.deliveryRate && first.clients >= BAR_NUMBERS.deliveryClients;
  const p99 = first.latency.p99;
  const delivered = first.deliveredShare === null ? 'no markers seen' : `${(first.deliveredShare * 100).toFixed(1)}% delivered`;
  const deliveryRow: BarRow = {
    ...BARS.delivery,
    measured: `p50 ${formatMs(first.latency.p50)}, p99 ${formatMs(p99)}, max ${formatMs(first.latency.max)} at ${formatRate(first.rate)}, ${first.live}/${first.clients} clients live, ${delivered}`,
    verdict: !meetsDelivery ? 'n/a' : p99 !== null && p99 <= BAR_NUMBERS.deliveryP99Ms && (first.deliveredShare ?? 0) >= 0.999 ? 'pass' : 'fail',
    ...(meetsDelivery ? {} : { note: `run had ${first.clients} clients at ${formatRate(first.rate)}` }),
  };
  const biggest = phases.reduce((a, b) => (b.clients > a.clients ? b : a));
  const meetsClients = biggest.clients >= BAR_NUMBERS.clients;
  const clientsRow: BarRow = {
    ...BARS.clients,
    measured: `${biggest.live.toLocaleString('en-US')}/${biggest.clients.toLocaleString('en-US')} live; per client: ${perClient(biggest)}; p99 ${formatMs(
      biggest.latency.p99,
    )} at ${formatRate(biggest.rate)}`,
    verdict: !meetsClients ? 'n/a' : biggest.live >= BAR_NUMBERS.clients && biggest.connectFailures === 0 ? 'pass' : 'fail',
    ...(meetsClients ? {} : { note: `largest phase had ${biggest.clients} clients; run with --clients 5000 or --capacity-clients 5000` }),
  };
  return [deliveryRow, clientsRow];
}
