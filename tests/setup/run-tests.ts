// `npm test` and `npm run test:reliability`: the tests with their own set-up, as `npm start`
// runs Pantau with its own. Finds or starts Redis, PostgreSQL, Chromium and promtool
// (tests/setup/test-services.ts), says in one line what the tests use, runs the steps one after
// the other with those addresses, and stops what it started at the end: after a failure and on
// Ctrl-C (SIGINT), SIGTERM or SIGHUP too.
//
//   tsx tests/setup/run-tests.ts [check] [unit] [integration] [e2e] [reliability] [vitest args...]
//
// Without steps: check, unit, integration, e2e. Other arguments (a file, -t name) go to vitest.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';
import { prepareTestServices, SetupError, type ServiceNeeds, type TestServices } from './test-services.ts';

type Step = 'check' | 'unit' | 'integration' | 'e2e' | 'reliability';

const NEEDS: Record<Step, Partial<ServiceNeeds>> = {
  check: {},
  unit: {},
  integration: { services: true, promtool: true },
  e2e: { services: true, chromium: true },
  // The drills start a private redis-server for each drill and open /wall in Chromium.
  reliability: { services: true, chromium: true, redisServer: true },
};
const isStep = (a: string): a is Step => a in NEEDS;

const args = process.argv.slice(2).filter((a) => a !== '--');
const steps: Step[] = args.filter(isStep);
if (steps.length === 0) steps.push('check', 'unit', 'integration', 'e2e');
const vitestArgs = args.filter((a) => !isStep(a));

const needs: ServiceNeeds = { services: false, chromium: false, promtool: false, redisServer: false };
for (const step of steps) for (const [k, v] of Object.entries(NEEDS[step])) needs[k as keyof ServiceNeeds] ||= Boolean(v);

const startedAt = Date.now();
const script = process.env.npm_lifecycle_event ?? '';
const tag = script === 'test' ? 'npm test' : script.startsWith('test:') ? `npm run ${script}` : 'tests';
const say = (line: string) => process.stdout.write(`[${tag}] ${line}\n`);
const elapsed = () => {
  const s = Math.round((Date.now() - startedAt) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} m ${s % 60} s` : `${s} s`;
};

let services: TestServices | null = null;
let child: ChildProcess | null = null;
let signalled: NodeJS.Signals | null = null;
const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (signalled) {
      // A second Ctrl-C: do not wait for the running step any longer.
      child?.kill('SIGKILL');
      return;
    }
    signalled = sig;
    say(`${sig}: menghentikan / stopping ...`);
    child?.kill(sig);
  });
}

function commandFor(step: Step): [string, string[]] {
  if (step === 'check') return ['npm', ['run', '--silent', 'check']];
  // With a file or name filter, a layer without a match is not a failure (the filter is for another layer).
  const filtered = vitestArgs.length ? ['--passWithNoTests', ...vitestArgs] : [];
  return [process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--project', step, ...filtered]];
}

function runStep(step: Step, env: Record<string, string>): Promise<number> {
  const [cmd, argv] = commandFor(step);
  say(`${step}: ${step === 'check' ? 'npm run check' : `vitest run --project ${step}${vitestArgs.length ? ` ${vitestArgs.join(' ')}` : ''}`}`);
  return new Promise((resolve) => {
    child = spawn(cmd, argv, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', (err) => {
      say(`${step}: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      child = null;
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

async function main(): Promise<number> {
  try {
    services = await prepareTestServices(needs, { log: say });
  } catch (err) {
    if (err instanceof SetupError) {
      process.stderr.write(`\n${err.message}\n\n`);
      return 1;
    }
    throw err;
  }
  say(services.summary);
  if (signalled) return SIGNAL_CODES[signalled] ?? 1;

  for (const step of steps) {
    const code = await runStep(step, services.env);
    if (signalled) return SIGNAL_CODES[signalled] ?? 1;
    if (code !== 0) {
      say(`GAGAL di langkah / FAILED at step: ${step} (${elapsed()})`);
      return code;
    }
  }
  say(`lulus / passed: ${steps.join(', ')} (${elapsed()})`);
  return 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  // Ctrl-C during the set-up also reaches initdb or apt-get, which then fail: not worth a stack.
  if (signalled) exitCode = SIGNAL_CODES[signalled as NodeJS.Signals] ?? 1;
  else process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
} finally {
  // Assigned in main(), which TypeScript does not follow.
  const running = services as TestServices | null;
  if (running) {
    const what = running.started;
    await running.stop().then(
      () => what.length && say(`dihentikan / stopped: ${what.join(', ')}`),
      (err: Error) => process.stderr.write(`stopping the test services: ${err.message}\n`),
    );
  }
}
process.exit(exitCode);
