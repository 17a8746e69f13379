// `npm run bench -- [scenario ...] [flags]`: measures the bars of DESIGN.md section 5 against a
// real Pantau server started here as a child process (fresh database, private Redis prefix,
// the product's default settings), with load from separate processes. Prints the machine, the
// settings, a table (bar, goal, measured, result) and writes the same to
// bench-results/<timestamp>.json. See bench/README.md.
import path from 'node:path';
import fs from 'node:fs';
import { repoRoot } from '../server/config.ts';
import { BARS } from './bars.ts';
import { formatMachine, machineInfo } from './machine.ts';
import { parseBenchArgs, USAGE, type BenchOptions, type ScenarioName } from './options.ts';
import { renderTable, timestampForFile, writeReport, type BarRow, type BenchReport } from './report.ts';
import { errorRow, SERVER_ENV, type ScenarioContext, type ScenarioOutcome } from './scenarios/scenario-kit.ts';
import { PG_ADMIN_URL, REDIS_URL } from './system-under-test.ts';
import { runIngest } from './scenarios/ingest.ts';
import { runFanout } from './scenarios/fanout.ts';
import { runProber } from './scenarios/prober.ts';
import { runWall } from './scenarios/wall.ts';
import { runMobile } from './scenarios/mobile.ts';
import { runSoak } from './scenarios/soak.ts';
import { runEmbedded } from './scenarios/embedded.ts';
import { runReports } from './scenarios/reports.ts';

const RUNNERS: Record<ScenarioName, { run: (ctx: ScenarioContext) => Promise<ScenarioOutcome>; bars: { bar: string; goal: string }[] }> = {
  ingest: { run: runIngest, bars: [BARS.ingest] },
  fanout: { run: runFanout, bars: [BARS.delivery, BARS.clients] },
  prober: { run: runProber, bars: [BARS.prober] },
  wall: { run: runWall, bars: [BARS.coldLoad, BARS.longRun] },
  mobile: { run: runMobile, bars: [BARS.mobile] },
  embedded: { run: runEmbedded, bars: [BARS.embedded] },
  soak: { run: runSoak, bars: [BARS.soak] },
  reports: { run: runReports, bars: [BARS.reportsRanking, BARS.reportsYear, BARS.reportsOpd, BARS.reportsPage] },
};

const CAVEATS = [
  'Server, Redis, PostgreSQL, load and clients share this machine: client-side CPU is part of what the server competes with.',
  'Other work on the machine (see the load average) makes absolute numbers noisy; compare runs on a quiet machine.',
];

let pendingCleanups: (() => Promise<void> | void)[] = [];

async function runCleanups(): Promise<void> {
  const list = pendingCleanups.reverse();
  pendingCleanups = [];
  for (const fn of list) {
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup: ${(error as Error).message}`);
    }
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const runStamp = timestampForFile(startedAt);
  const resultsDir = path.join(repoRoot, 'bench-results');
  const logDir = path.join(resultsDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });

  const machine = await machineInfo(PG_ADMIN_URL, REDIS_URL);
  console.log(`Pantau bench ${options.quick ? '(--quick smoke run) ' : ''}- ${options.scenarios.join(', ')}\n`);
  console.log(formatMachine(machine));
  const settings = {
    quick: options.quick,
    scenarios: options.scenarios,
    serverProcesses: options.serverProcesses,
    serverEnv: SERVER_ENV,
    ...Object.fromEntries(options.scenarios.map((s) => [s, options[s]])),
  };
  console.log(`settings  ${JSON.stringify(settings)}\n`);

  const bars: BarRow[] = [];
  let errors = 0;
  const scenarios: Record<string, unknown> = {};
  for (const name of options.scenarios) {
    const runner = RUNNERS[name];
    console.log(`== ${name}`);
    const started = performance.now();
    const ctx: ScenarioContext = {
      options,
      logDir,
      runStamp,
      log: (line) => console.log(line),
      defer: (fn) => pendingCleanups.push(fn),
      cleanupNow: runCleanups,
    };
    try {
      const outcome = await runner.run(ctx);
      bars.push(...outcome.bars);
      scenarios[name] = { seconds: Math.round((performance.now() - started) / 100) / 10, settings: outcome.settings, ...outcome.details };
    } catch (error) {
      console.error(`  ${name} failed: ${(error as Error).stack ?? error}`);
      errors += 1;
      bars.push(...runner.bars.map((b) => errorRow(b.bar, b.goal, error)));
      scenarios[name] = { error: String((error as Error).stack ?? error) };
    } finally {
      await runCleanups();
    }
    console.log(`  (${name}: ${Math.round((performance.now() - started) / 1000)} s)\n`);
  }

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { ...machine },
    settings,
    caveats: [...CAVEATS, ...(options.quick ? ['--quick: short windows and smaller loads; rows whose conditions were not met say n/a.'] : [])],
    bars,
    scenarios,
  };
  console.log(renderTable(bars));
  for (const c of report.caveats) console.log(`* ${c}`);
  const file = writeReport(resultsDir, report);
  console.log(`\nresults: ${path.relative(process.cwd(), file)} (server logs in ${path.relative(process.cwd(), logDir)})`);
  // A bar not met is a measurement; only a scenario that could not run is a failure of the bench.
  return errors ? 1 : 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the server and load processes, removing the run's database and Redis keys ...`);
    void runCleanups().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(error);
    await runCleanups();
    process.exit(1);
  },
);
