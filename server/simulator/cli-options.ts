// Command-line flags of `npm run simulate`, with environment fallbacks. Pure: takes argv and
// env, returns options or a message for the user.
import { parseArgs } from 'node:util';
import { DEFAULT_COMPLAINTS_PER_DAY, DEFAULT_SEED } from './city-simulation.ts';
import type { HeartbeatMode } from './service-health.ts';

export interface SimulatorOptions {
  url: string;
  apiKey: string | null;
  source: string;
  /** Target events/s overall; null = the city's natural pace. */
  rate: number | null;
  backfillDays: number;
  /** Hours of heartbeat history to send with a backfill; null = min(6, backfill). */
  backfillHeartbeatHours: number | null;
  /** Seconds of live sending before stopping; null = until stopped. */
  durationS: number | null;
  seed: number;
  quiet: boolean;
  complaintsPerDay: number;
  heartbeats: HeartbeatMode;
  /** Services served as real HTTP targets for the prober (and so never reported by the simulator). */
  localTargets: string[];
  targetsPort: number;
  concurrency: number;
  batchSize: number;
  flushMs: number;
  dryRun: boolean;
}

export const HELP_TEXT = `Pantau simulator: a living Medan (complaints, OPD uploads, service checks) posted to the ingest API.

Usage: npm run simulate -- [options]

  --url <url>               Pantau base URL (env PANTAU_URL; default http://127.0.0.1:\${PORT:-8080})
  --key <key>               API key (env PANTAU_API_KEY, else PANTAU_DEMO_API_KEY)
  --source <code>           source the key belongs to (default simulator)
  --rate <events/s>         target events/s overall; above the natural pace (~2-3/s) the rest
                            is filled with extra complaints, status updates and checks
  --backfill-days <n>       first post the past n days of history (default 0)
  --backfill-heartbeat-hours <h>
                            hours of 30-second checks sent with the backfill (default min(6, backfill):
                            ~8,000 events an hour, sent before live checks)
  --duration <s>            stop after s seconds of live sending (default: run until Ctrl-C)
  --seed <n>                the city's story; same seed and times give the same events (default ${DEFAULT_SEED})
  --complaints-per-day <n>  mean complaints per day (default ${DEFAULT_COMPLAINTS_PER_DAY})
  --heartbeats <all|push|none>
                            which services to send checks for (default all; use push once the
                            built-in prober checks the http services itself)
  --local-targets <codes>   serve these services (comma-separated codes) as real HTTP endpoints
                            at http://127.0.0.1:<targets-port>/<code> for Pantau's prober, and
                            send no checks for them
  --targets-port <port>     port of those endpoints (default 0: any free port)
  --concurrency <n>         requests in flight (default 4, or 8 when --rate >= 500)
  --batch-size <n>          events per request, at most 1000 (default 500)
  --flush-ms <ms>           send a partial batch after this wait (default 100, or 50 when --rate >= 500)
  --dry-run                 print events as NDJSON on stdout instead of posting them
  --quiet                   no progress lines, only problems and the final summary
  -h, --help                this text
`;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type ParseResult = { ok: true; options: SimulatorOptions } | { ok: false; help: boolean; message: string };

function num(value: string | undefined, name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) throw new Error(`--${name} must be ${opts.integer ? 'an integer' : 'a number'} (got "${value}")`);
  if (opts.min !== undefined && n < opts.min) throw new Error(`--${name} must be >= ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) throw new Error(`--${name} must be <= ${opts.max}`);
  return n;
}

export function parseSimulatorArgs(argv: string[], env: Record<string, string | undefined>): ParseResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        source: { type: 'string' },
        rate: { type: 'string' },
        'backfill-days': { type: 'string' },
        'backfill-heartbeat-hours': { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        'complaints-per-day': { type: 'string' },
        heartbeats: { type: 'string' },
        'local-targets': { type: 'string' },
        'targets-port': { type: 'string' },
        concurrency: { type: 'string' },
        'batch-size': { type: 'string' },
        'flush-ms': { type: 'string' },
        'dry-run': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    return { ok: false, help: false, message: (err as Error).message };
  }
  if (values.help) return { ok: false, help: true, message: HELP_TEXT };
  try {
    const str = (k: string) => values[k] as string | undefined;
    const source = str('source') ?? 'simulator';
    if (!CODE.test(source) || source.length > 64) throw new Error(`--source must be a code (letters, digits, '.', '_', '-'), got "${source}"`);
    const heartbeats = (str('heartbeats') ?? 'all') as HeartbeatMode;
    if (!['all', 'push', 'none'].includes(heartbeats)) throw new Error(`--heartbeats must be all, push or none`);
    const rate = num(str('rate'), 'rate', { min: 0.001, max: 1_000_000 }) ?? null;
    const high = rate !== null && rate >= 500;
    const port = env.PORT && /^\d+$/.test(env.PORT) ? env.PORT : '8080';
    const url = str('url') ?? env.PANTAU_URL ?? `http://127.0.0.1:${port}`;
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new Error(`--url must be an http(s) URL, got "${url}"`);
    }
    const dryRun = Boolean(values['dry-run']);
    const apiKey = str('key') ?? env.PANTAU_API_KEY ?? env.PANTAU_DEMO_API_KEY ?? null;
    const options: SimulatorOptions = {
      url,
      apiKey: apiKey && apiKey.length > 0 ? apiKey : null,
      source,
      rate,
      backfillDays: num(str('backfill-days'), 'backfill-days', { min: 0, max: 366 }) ?? 0,
      backfillHeartbeatHours: num(str('backfill-heartbeat-hours'), 'backfill-heartbeat-hours', { min: 0, max: 24 * 366 }) ?? null,
      durationS: num(str('duration'), 'duration', { min: 0 }) ?? null,
      seed: num(str('seed'), 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? DEFAULT_SEED,
      quiet: Boolean(values.quiet),
      complaintsPerDay: num(str('complaints-per-day'), 'complaints-per-day', { min: 0, max: 10_000_000 }) ?? DEFAULT_COMPLAINTS_PER_DAY,
      heartbeats,
      localTargets: (str('local-targets') ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      targetsPort: num(str('targets-port'), 'targets-port', { min: 0, max: 65_535, integer: true }) ?? 0,
      concurrency: num(str('concurrency'), 'concurrency', { min: 1, max: 256, integer: true }) ?? (high ? 8 : 4),
      batchSize: num(str('batch-size'), 'batch-size', { min: 1, max: 1000, integer: true }) ?? 500,
      flushMs: num(str('flush-ms'), 'flush-ms', { min: 1, max: 60_000 }) ?? (high ? 50 : 100),
      dryRun,
    };
    if (!dryRun && !options.apiKey) {
      throw new Error(
        'Kunci API belum diberikan: pakai --key atau PANTAU_API_KEY (atau PANTAU_DEMO_API_KEY). | No API key: pass --key or set PANTAU_API_KEY (or PANTAU_DEMO_API_KEY).',
      );
    }
    return { ok: true, options };
  } catch (err) {
    return { ok: false, help: false, message: (err as Error).message };
  }
}
