// `npm run bench -- [scenario ...] [flags]`. Pure: argv in, options out (or an error message).

export const SCENARIOS = ['ingest', 'fanout', 'prober', 'wall', 'mobile', 'embedded', 'soak', 'reports'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
/** What runs without a scenario name: the soak takes hours and reports builds a 1,000,000-complaint history first; they run only when named. */
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = ['ingest', 'fanout', 'prober', 'wall', 'mobile', 'embedded'];

/** What a 202 rests on: see bench/redis-persistence.ts. */
export const REDIS_PERSISTENCE = ['machine', 'none', 'everysec', 'always'] as const;
export type RedisPersistence = (typeof REDIS_PERSISTENCE)[number];

export interface IngestOptions {
  /** Offered rates of the ladder, events/s, in order. */
  rates: number[];
  warmupSeconds: number;
  stepSeconds: number;
  /** Longest wait for the backlog to drain between steps. */
  drainSeconds: number;
  batchSize: number;
  /** Load processes sharing the offered rate. */
  loadProcesses: number;
  /** The ladder runs once per entry, on a Redis with that persistence (bench/redis-persistence.ts). */
  redisPersistence: RedisPersistence[];
}

export interface FanoutOptions {
  clients: number;
  rate: number;
  warmupSeconds: number;
  seconds: number;
  clientProcesses: number;
  /** After the latency phase, grow to this many clients (0: skip) and measure again. */
  capacityClients: number;
  capacitySeconds: number;
  batchSize: number;
  /** Marker complaints per second whose arrival each client times. */
  markersPerSecond: number;
  /** New connections per second while connecting. */
  connectPerSecond: number;
}

export interface ProberOptions {
  monitors: number;
  intervalSeconds: number;
  warmupSeconds: number;
  seconds: number;
  targetPorts: number;
}

export interface WallOptions {
  coldLoads: number;
  rate: number;
  seconds: number;
  heapSampleSeconds: number;
  batchSize: number;
}

export interface MobileOptions {
  /** Rounds of (cold, warm) visits to each page. */
  visits: number;
  timeoutSeconds: number;
}

export interface EmbeddedOptions {
  /** Days of history the simulator posts first (npm start's default on a fresh database: 31). */
  backfillDays: number;
  /** Give up after ... */
  maxSeconds: number;
  /** Keep watching the live city this long after the backfill. */
  afterSeconds: number;
}

export interface SoakOptions {
  /** Events/s posted while the wall stays open. */
  rate: number;
  seconds: number;
  /** One sample (heap after GC, DOM, listeners, WebGL, badge, server memory) every ... */
  sampleSeconds: number;
  /** Samples before this are left out of the slopes (caches and compiled code settle first). */
  warmupSeconds: number;
  /** A heap snapshot every ... (0: none) splits the heap into JS objects, strings and compiled code. */
  snapshotSeconds: number;
  batchSize: number;
}

export interface ReportsOptions {
  /** Size of the generated history (the template database is built once per size). */
  complaints: number;
  days: number;
  /** Days of raw check results kept before now. */
  checkDays: number;
  rebuildHistory: boolean;
  /** Open-loop requests/s of the 30-day ranking, one OPD's drill-down (cycling through every OPD), the 1-year range. */
  rankingRate: number;
  opdRate: number;
  yearRate: number;
  warmupSeconds: number;
  /** Measured window of the ranking and the drill-down; yearSeconds for the 1-year range. */
  seconds: number;
  yearSeconds: number;
  /** A request unanswered this long after its intended time counts as a timeout. */
  timeoutMs: number;
  /** Cold loads of /pimpinan. */
  pageLoads: number;
}

export interface BenchOptions {
  scenarios: ScenarioName[];
  quick: boolean;
  help: boolean;
  /** Keep the database and Redis keys of each run (for digging into a result). */
  keep: boolean;
  /**
   * Server processes: 1 = one process with the default roles (the product's default); n > 1 adds
   * n - 1 processes with PANTAU_ROLES=processors sharing the streams through the consumer group
   * (one Node process runs JavaScript on one core; this is how the design scales).
   */
  serverProcesses: number;
  ingest: IngestOptions;
  fanout: FanoutOptions;
  prober: ProberOptions;
  wall: WallOptions;
  mobile: MobileOptions;
  embedded: EmbeddedOptions;
  soak: SoakOptions;
  reports: ReportsOptions;
}

export function defaultOptions(quick: boolean): Omit<BenchOptions, 'scenarios' | 'help' | 'keep' | 'serverProcesses'> {
  if (quick) {
    return {
      quick,
      ingest: { rates: [1000, 2000, 4000], warmupSeconds: 3, stepSeconds: 8, drainSeconds: 8, batchSize: 500, loadProcesses: 1, redisPersistence: ['machine'] },
      fanout: {
        clients: 200,
        rate: 1000,
        warmupSeconds: 4,
        seconds: 12,
        clientProcesses: 2,
        capacityClients: 0,
        capacitySeconds: 10,
        batchSize: 200,
        markersPerSecond: 20,
        connectPerSecond: 200,
      },
      prober: { monitors: 10_000, intervalSeconds: 30, warmupSeconds: 3, seconds: 30, targetPorts: 4 },
      wall: { coldLoads: 2, rate: 1000, seconds: 25, heapSampleSeconds: 8, batchSize: 200 },
      mobile: { visits: 1, timeoutSeconds: 60 },
      embedded: { backfillDays: 3, maxSeconds: 300, afterSeconds: 15 },
      soak: { rate: 200, seconds: 150, sampleSeconds: 10, warmupSeconds: 30, snapshotSeconds: 60, batchSize: 200 },
      reports: { ...REPORTS_DEFAULTS, seconds: 20, yearSeconds: 30, pageLoads: 2 },
    };
  }
  return {
    quick,
    ingest: { rates: [2000, 4000, 6000, 8000, 10_000, 12_000], warmupSeconds: 5, stepSeconds: 20, drainSeconds: 15, batchSize: 500, loadProcesses: 1, redisPersistence: ['machine'] },
    fanout: {
      clients: 1000,
      rate: 2000,
      warmupSeconds: 10,
      seconds: 40,
      clientProcesses: 4,
      capacityClients: 5000,
      capacitySeconds: 20,
      batchSize: 200,
      markersPerSecond: 20,
      connectPerSecond: 250,
    },
    prober: { monitors: 10_000, intervalSeconds: 30, warmupSeconds: 5, seconds: 75, targetPorts: 4 },
    wall: { coldLoads: 5, rate: 2000, seconds: 180, heapSampleSeconds: 15, batchSize: 200 },
    mobile: { visits: 3, timeoutSeconds: 60 },
    embedded: { backfillDays: 31, maxSeconds: 900, afterSeconds: 60 },
    // A videotron at the demo's pace, for 90 minutes: 10 of warm-up, then the last hour judged.
    soak: { rate: 200, seconds: 5400, sampleSeconds: 60, warmupSeconds: 600, snapshotSeconds: 600, batchSize: 200 },
    reports: REPORTS_DEFAULTS,
  };
}

const REPORTS_DEFAULTS: ReportsOptions = {
  complaints: 1_000_000,
  days: 730,
  checkDays: 7,
  rebuildHistory: false,
  rankingRate: 1,
  opdRate: 2,
  yearRate: 0.2,
  warmupSeconds: 5,
  seconds: 60,
  yearSeconds: 100,
  timeoutMs: 60_000,
  pageLoads: 5,
};

export const USAGE = `npm run bench -- [ingest|fanout|prober|wall|mobile|embedded|soak|reports ...] [flags]

Without a scenario name every scenario but soak and reports runs, in that order (about 10
minutes; --quick about 2-3). soak keeps a wall open for hours (default 90 minutes at 200
events/s) and runs only when named. reports generates two years of history (1,000,000
complaints) into a template database the first time (about 10-15 minutes on 2 cores), then
clones it per run (about 6 minutes a run); it runs only when named.

  --quick                 smoke run: short windows, fewer clients, lower rates (bars shown n/a
                          where the run does not meet their conditions)
  --duration <s>          measurement window of every selected scenario (ingest: per step)
  --rate <ev/s>           event rate of fanout and wall; for ingest a single step at this rate
  --rates <a,b,...>       ingest ladder (default 2000,4000,6000,8000,10000,12000)
  --clients <n>           fanout: connected Socket.IO clients (default 1000; the bar is 5000)
  --capacity-clients <n>  fanout: then grow to n clients and measure again (default 5000, 0 = skip)
  --client-procs <n>      fanout: client processes (default 4)
  --batch <n>             events per ingest request (ingest 500, fanout/wall 200)
  --load-procs <n>        ingest: load processes sharing the rate (default 1)
  --redis-persistence <a,b,...>
                          ingest: run the ladder once per Redis setting: machine (BENCH_REDIS_URL
                          as configured, the default), none, everysec, always (a private
                          redis-server with no persistence / appendfsync everysec / always)
  --monitors <n>          prober: monitors (default 10000)
  --interval <s>          prober: check interval (default 30)
  --cold-loads <n>        wall: cold loads to time (default 5); mobile: rounds of a cold and a
                          warm visit to each page (default 3)
  --backfill-days <n>     embedded: days of history npm start's simulator posts first (default 31)
  --warmup <s>            soak: seconds left out of the slopes (default 600)
  --sample-every <s>      soak: seconds between samples (default 60)
  --snapshot-every <s>    soak: seconds between heap snapshots (default 600, 0 = none)
  --history-complaints <n>
                          reports: complaints in the generated history (default 1000000; each
                          size has its own template database)
  --rebuild-history       reports: generate the history again (e.g. to end it today)
  --server-procs <n>      server processes: 1 (default roles, the default) + n-1 processors-only
                          processes sharing the work through the consumer group
  --keep                  keep each run's database and Redis keys
  --help

Needs PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres), Redis
(BENCH_REDIS_URL, default redis://127.0.0.1:6379) and, for wall and mobile, Chromium (BENCH_CHROMIUM, else PANTAU_CHROMIUM,
default /usr/bin/chromium). Results: a table here and bench-results/<timestamp>.json.`;

function positiveNumber(flag: string, raw: string | undefined, integer = true): number {
  const n = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${flag} needs a ${integer ? 'whole ' : ''}number >= 0, got "${raw ?? ''}"`);
  }
  return n;
}

const VALUE_FLAGS = new Set([
  'duration',
  'rate',
  'rates',
  'clients',
  'capacity-clients',
  'client-procs',
  'batch',
  'load-procs',
  'redis-persistence',
  'monitors',
  'interval',
  'cold-loads',
  'server-procs',
  'warmup',
  'backfill-days',
  'sample-every',
  'snapshot-every',
  'history-complaints',
]);

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const base = defaultOptions(quick);
  const options: BenchOptions = { ...structuredClone(base), scenarios: [], help: false, keep: false, serverProcesses: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      if (!(SCENARIOS as readonly string[]).includes(arg)) throw new Error(`unknown scenario "${arg}" (one of ${SCENARIOS.join(', ')})`);
      if (!options.scenarios.includes(arg as ScenarioName)) options.scenarios.push(arg as ScenarioName);
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === 'quick') continue;
    if (flag === 'help' || flag === 'h') {
      options.help = true;
      continue;
    }
    if (flag === 'keep') {
      options.keep = true;
      continue;
    }
    if (flag === 'rebuild-history') {
      options.reports.rebuildHistory = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new Error(`unknown flag --${flag}`);
    const value = inline ?? argv[++i];
    switch (flag) {
      case 'duration': {
        const s = positiveNumber('--duration', value, false);
        options.ingest.stepSeconds = s;
        options.fanout.seconds = s;
        options.prober.seconds = s;
        options.wall.seconds = s;
        options.soak.seconds = s;
        options.reports.seconds = s;
        options.reports.yearSeconds = s;
        break;
      }
      case 'rate': {
        const r = positiveNumber('--rate', value);
        options.fanout.rate = r;
        options.wall.rate = r;
        options.soak.rate = r;
        options.ingest.rates = [r];
        break;
      }
      case 'rates': {
        const list = (value ?? '').split(',').filter(Boolean);
        if (!list.length) throw new Error('--rates needs a comma-separated list, e.g. 2000,4000');
        options.ingest.rates = list.map((r) => positiveNumber('--rates', r));
        break;
      }
      case 'clients':
        options.fanout.clients = positiveNumber('--clients', value);
        break;
      case 'capacity-clients':
        options.fanout.capacityClients = positiveNumber('--capacity-clients', value);
        break;
      case 'client-procs':
        options.fanout.clientProcesses = Math.max(1, positiveNumber('--client-procs', value));
        break;
      case 'batch': {
        const b = positiveNumber('--batch', value);
        if (b < 1 || b > 1000) throw new Error('--batch must be 1..1000 (the ingest limit)');
        options.ingest.batchSize = b;
        options.fanout.batchSize = b;
        options.wall.batchSize = b;
        options.soak.batchSize = b;
        break;
      }
      case 'redis-persistence': {
        const list = (value ?? '').split(',').filter(Boolean);
        const bad = list.filter((v) => !(REDIS_PERSISTENCE as readonly string[]).includes(v));
        if (!list.length || bad.length) throw new Error(`--redis-persistence: "${bad.join(',') || value || ''}" is not one of ${REDIS_PERSISTENCE.join(', ')}`);
        options.ingest.redisPersistence = list as RedisPersistence[];
        break;
      }
      case 'load-procs':
        options.ingest.loadProcesses = Math.max(1, positiveNumber('--load-procs', value));
        break;
      case 'monitors':
        options.prober.monitors = positiveNumber('--monitors', value);
        break;
      case 'interval':
        options.prober.intervalSeconds = Math.max(1, positiveNumber('--interval', value));
        break;
      case 'cold-loads':
        options.wall.coldLoads = Math.max(1, positiveNumber('--cold-loads', value));
        options.mobile.visits = options.wall.coldLoads;
        options.reports.pageLoads = options.wall.coldLoads;
        break;
      case 'backfill-days':
        options.embedded.backfillDays = positiveNumber('--backfill-days', value);
        break;
      case 'warmup':
        options.soak.warmupSeconds = positiveNumber('--warmup', value);
        break;
      case 'sample-every':
        options.soak.sampleSeconds = Math.max(1, positiveNumber('--sample-every', value));
        break;
      case 'snapshot-every':
        options.soak.snapshotSeconds = positiveNumber('--snapshot-every', value);
        break;
      case 'history-complaints':
        options.reports.complaints = Math.max(1, positiveNumber('--history-complaints', value));
        break;
      case 'server-procs':
        options.serverProcesses = Math.max(1, positiveNumber('--server-procs', value));
        break;
    }
  }
  if (options.scenarios.length === 0) options.scenarios = [...DEFAULT_SCENARIOS];
  // A capacity phase below the latency phase's count means nothing to add.
  if (options.fanout.capacityClients <= options.fanout.clients) options.fanout.capacityClients = 0;
  return options;
}
