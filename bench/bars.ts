// The bars of DESIGN.md section 5 that `npm run bench` measures, worded as there. (The kill -9,
// Redis and Postgres bars are drills: tests/reliability, `npm run test:reliability`.)
export const BARS = {
  ingest: { bar: 'sustained ingest, end to end into Postgres and the live state', goal: '10,000 events/s on 2 cores, backlog flat' },
  delivery: { bar: 'event -> browser delivery at 2,000 events/s with 1,000 connected clients', goal: 'p99 <= 250 ms' },
  clients: { bar: 'connected clients on one node', goal: '5,000, memory per client reported' },
  prober: { bar: 'monitors probed by one node at a 30 s interval', goal: '10,000, CPU reported' },
  coldLoad: { bar: 'wall cold load to complete first picture', goal: '<= 2 s' },
  longRun: { bar: 'wall over a long run at 2,000 events/s', goal: 'main-thread busy < 50%, heap flat' },
  mobile: { bar: '/teknisi on a phone on Fast 3G, cold and warm', goal: 'reported' },
  embedded: { bar: 'npm start on a fresh machine: backfill of a month while screens are open (issue 12)', goal: 'no answer over 1 s; peak memory reported' },
  soak: { bar: 'wall left open for hours at the demo pace (issue 12)', goal: 'LIVE, 1 WebGL context, heap/DOM/listeners: last hour slope holds 0' },
  reportsRanking: { bar: 'OPD ranking over 30 days, 2 years of history (1M complaints) (issue 13)', goal: 'p95 <= 300 ms' },
  reportsYear: { bar: 'OPD ranking over a 1-year range (issue 13)', goal: 'p95 <= 1.5 s' },
  reportsOpd: { bar: "one OPD's drill-down over 30 days (issue 13)", goal: 'p95 <= 300 ms' },
  reportsPage: { bar: '/pimpinan complete first render at 1280x800 (issue 13)', goal: '<= 1.5 s' },
} as const;

export const BAR_NUMBERS = {
  ingestRate: 10_000,
  deliveryRate: 2_000,
  deliveryClients: 1_000,
  deliveryP99Ms: 250,
  clients: 5_000,
  monitors: 10_000,
  monitorIntervalSeconds: 30,
  coldLoadMs: 2_000,
  longRunRate: 2_000,
  /** Shorter than this is a smoke run, not "a long run". */
  longRunMinSeconds: 120,
  mainThreadBusy: 0.5,
  reportsRankingP95Ms: 300,
  reportsYearP95Ms: 1500,
  reportsOpdP95Ms: 300,
  reportsPageMs: 1500,
} as const;
