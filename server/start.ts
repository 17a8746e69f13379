// `npm start`: the whole product on a fresh machine, with nothing to configure. Builds the wall
// if needed, starts the server (embedded database and a private Redis unless DATABASE_URL /
// REDIS_URL are set), starts the Medan simulator, and prints where to look. One Ctrl-C stops it
// all in order: the simulator, then the server (server/main.ts closeInOrder), the private Redis last.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { and, eq, isNull, like, max, or } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { configFromEnv, repoRoot } from './config.ts';
import { startPantau } from './main.ts';
import { createLogger } from './infra/logger.ts';
import { stopOnSignals } from './infra/graceful-stop.ts';
import { generateApiKey } from './repositories/api-key-repository.ts';
import { buildClientIfNeeded } from './infra/client-build.ts';
import { demoWallToken, ensureDemoAdmin } from './auth/demo-access.ts';
import { countUsers } from './repositories/user-repository.ts';

const config = configFromEnv();
const log = createLogger(config.logLevel);
const stopper = stopOnSignals(log);

/**
 * How much history the simulator posts first: on a fresh database a month, so the 30-day
 * timeliness figures mean something at once; after a pause, only the gap (re-sent events are
 * no-ops, but a month of them on every start would be wasted work).
 */
async function backfillDays(db: typeof handle.database.db): Promise<number> {
  const full = Number(process.env.PANTAU_BACKFILL_DAYS ?? 31);
  const [{ last }] = await db.select({ last: max(t.complaints.statusAt) }).from(t.complaints).where(eq(t.complaints.source, 'simulator'));
  if (!last) return full;
  const gapMs = Date.now() - last.getTime();
  return gapMs < 10 * 60_000 ? 0 : Math.min(full, Math.ceil(gapMs / 86_400_000));
}

/** Services the demo serves as real HTTP endpoints for the built-in prober. */
const DEMO_PROBED_SERVICES = ['mrk-web', 'dataku', 'sipandu', 'sibisa'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Points the demo services at this run's local endpoints; a target an administrator set to
 * something else is left alone. The prober picks them up at its next reload (within 30 s).
 */
async function pointDemoTargets(db: typeof handle.database.db, port: number): Promise<void> {
  for (const code of DEMO_PROBED_SERVICES) {
    await db
      .update(t.monitors)
      .set({ target: `http://127.0.0.1:${port}/${code}`, timeoutMs: 5_000 })
      .where(and(eq(t.monitors.code, code), eq(t.monitors.kind, 'http'), or(isNull(t.monitors.target), like(t.monitors.target, `http://127.0.0.1:%/${code}`))));
  }
}

function simulatorKey(): string {
  const file = path.join(config.dataDir, 'simulator-api-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = generateApiKey();
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}

await buildClientIfNeeded(config.clientDir, () => log.info('building the wall (client) once; this takes a few seconds'));
if (stopper.signal.aborted) process.exit(0);
const simulate = process.env.PANTAU_SIMULATE !== '0';
const simKey = simulate ? simulatorKey() : null;
// The demo wall token and admin exist only with the embedded database (or when asked for).
const embedded = !config.databaseUrl;
const wallToken = config.demoWallToken ?? (embedded ? demoWallToken(config.dataDir) : null);
const handle = await startPantau(
  { ...config, demoWallToken: wallToken },
  { log, signal: stopper.signal, sources: simKey ? [{ code: 'simulator', name: 'Simulator Kota Medan', key: simKey }] : [] },
).catch((error) => {
  if (stopper.signal.aborted) process.exit(0);
  throw error;
});

let shuttingDown = false;
let simulator: ChildProcess | null = null;
/** Stops the simulator first (it sends what it has queued while the server still accepts), briefly. */
async function stopSimulator(): Promise<void> {
  const child = simulator;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  // A second signal makes it quit at once.
  const timer = setTimeout(() => child.kill('SIGINT'), 1_500);
  await exited;
  clearTimeout(timer);
}
// Should this process end any other way, the simulator goes too (it also watches its IPC channel).
process.on('exit', () => simulator?.kill('SIGKILL'));
if (simKey) {
  const targetsPort = await freePort();
  await pointDemoTargets(handle.database.db, targetsPort);
  const args = [
    'server/simulator/main.ts',
    ...['--url', handle.url, '--key', simKey, '--source', 'simulator', '--quiet'],
    // A few of the city's services are real local HTTP endpoints that Pantau's prober checks.
    ...['--local-targets', DEMO_PROBED_SERVICES.join(','), '--targets-port', String(targetsPort)],
  ];
  const backfill = await backfillDays(handle.database.db);
  if (backfill > 0) {
    args.push('--backfill-days', String(backfill));
    log.info({ days: backfill }, 'the simulator first posts the city\'s recent history; the wall fills up over a few minutes');
  }
  // Its own process group: Ctrl-C reaches this process only, which stops the simulator first.
  simulator = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
  simulator.on('exit', (code, signal) => {
    if (!shuttingDown) log.warn({ code, signal }, 'the simulator stopped; the server keeps running');
  });
}

const demo = embedded ? await ensureDemoAdmin(handle.database.db, config.dataDir) : null;
const noUsers = !demo && (await countUsers(handle.database.db)) === 0;

const shown = handle.url.replace('127.0.0.1', 'localhost');
const wallUrl = wallToken ? `${shown}/wall?token=${encodeURIComponent(wallToken)}` : `${shown}/wall`;
const lines = [
  '',
  '  Pantau berjalan / Pantau is running',
  '',
  `  Layar dinding (wall):   ${wallUrl}`,
  `  English:                ${wallUrl}${wallToken ? '&' : '?'}lang=en`,
  ...(wallToken ? ['                          (membuka alamat ini sekali memasangkan layar / opening it once pairs the screen)'] : []),
  `  Masuk (login):          ${shown}/login`,
  ...(demo
    ? [
        `  Admin demo:             ${demo.credentials.adminUsername} / ${demo.credentials.adminPassword}${demo.createdNow ? '' : '  (seperti saat dibuat / as first created)'}`,
        `                          (tersimpan di ${path.join(config.dataDir, 'demo-admin.json')}, mode 600)`,
      ]
    : []),
  ...(noUsers ? ['  Belum ada pengguna: buat admin pertama dengan `npm run admin:create` (no users yet).'] : []),
  `  API untuk kanal (docs): ${shown}/api/v1/openapi.json`,
  `  Kesehatan (health):     ${shown}/readyz`,
  '',
  `  Basis data: ${config.databaseUrl ? 'DATABASE_URL' : `tertanam (embedded PGlite) di ${path.join(config.dataDir, 'pgdata')}`}`,
  `  Simulator:  ${simKey ? 'aktif (PANTAU_SIMULATE=0 untuk mematikan)' : 'mati (PANTAU_SIMULATE=0)'}`,
  '',
  '  Ctrl-C untuk berhenti / to stop.',
  '',
];
process.stdout.write(lines.join('\n') + '\n');

stopper.onStop(async () => {
  shuttingDown = true;
  await stopSimulator();
  await handle.close();
  log.info('Pantau berhenti / stopped');
});
