// Prometheus metrics (GET /metrics). One registry per Pantau instance, so tests can run several.
import client from 'prom-client';

// Latency budgets here are a few hundred milliseconds end to end: buckets fine enough to see
// which stage spends them.
const FINE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * prom-client's default process and Node.js metrics, minus the gauges it names like counters
 * (`nodejs_active_handles_total`, `..._requests_total`, `..._resources_total`): Prometheus
 * reserves `_total` for counters and `promtool check metrics` refuses them (prometheus/client_js
 * #283). Each only repeats the sum of the per-type gauge kept beside it, so
 * `sum(nodejs_active_handles)` is the same number.
 */
function registerDefaultMetrics(registry: client.Registry): void {
  client.collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) {
    if (!(metric instanceof client.Counter) && metric.name.endsWith('_total')) registry.removeSingleMetric(metric.name);
  }
}

export function createMetrics() {
  const registry = new client.Registry();
  registerDefaultMetrics(registry);
  return {
    registry,
    ingestEvents: new client.Counter({
      name: 'pantau_ingest_events_total',
      help: 'Events accepted (202) or refused by ingest',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    ingestRequests: new client.Histogram({
      name: 'pantau_ingest_request_seconds',
      help: 'Ingest request duration until the answer',
      labelNames: ['kind', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    processedEvents: new client.Counter({
      name: 'pantau_processed_events_total',
      help: 'Events written to Postgres and the live state by processors',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    processingLag: new client.Histogram({
      name: 'pantau_processing_lag_seconds',
      help: 'Time from ingest acceptance to the live state update',
      labelNames: ['kind'] as const,
      buckets: FINE_BUCKETS,
      registers: [registry],
    }),
    processorStage: new client.Histogram({
      name: 'pantau_processor_stage_seconds',
      help: 'Where a batch spends its time: queued (accepted -> a consumer starts it), postgres (the transaction), live (live state + XACK)',
      labelNames: ['kind', 'stage'] as const,
      buckets: FINE_BUCKETS,
      registers: [registry],
    }),
    processorFailures: new client.Counter({
      name: 'pantau_processor_failures_total',
      help: 'Batch processing failures',
      labelNames: ['kind', 'transient'] as const,
      registers: [registry],
    }),
    deadLetters: new client.Counter({
      name: 'pantau_dead_letters_total',
      help: 'Batches moved to the dead-letter stream',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    streamBacklog: new client.Gauge({
      name: 'pantau_stream_backlog_entries',
      help: 'Entries waiting in a stream (undelivered + pending)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    socketClients: new client.Gauge({
      name: 'pantau_socket_clients',
      help: 'Connected Socket.IO clients on this node',
      registers: [registry],
    }),
    pushTicks: new client.Counter({
      name: 'pantau_push_ticks_total',
      help: 'Deltas pushed to rooms',
      labelNames: ['room'] as const,
      registers: [registry],
    }),
    pushDelay: new client.Histogram({
      name: 'pantau_push_delay_seconds',
      help: 'From the first change announcement a delta carries to its emit (tick wait + reading the live state)',
      labelNames: ['room'] as const,
      buckets: FINE_BUCKETS,
      registers: [registry],
    }),
    pushRead: new client.Histogram({
      name: 'pantau_push_read_seconds',
      help: 'Reading the changed parts of the live state for one tick, until the delta is emitted',
      labelNames: ['room'] as const,
      buckets: FINE_BUCKETS,
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
