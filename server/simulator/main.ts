// `npm run simulate`: the CLI around run-simulator.ts. Ctrl-C stops cleanly (sends what is
// queued, prints a summary); a second Ctrl-C quits at once.
import { parseSimulatorArgs } from './cli-options.ts';
import { startSimulator } from './run-simulator.ts';

const parsed = parseSimulatorArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  (parsed.help ? console.log : console.error)(parsed.message);
  process.exit(parsed.help ? 0 : 2);
}
const { options } = parsed;

// `npm run simulate -- --dry-run | head` closes the pipe early: that is a normal end, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// In a dry run stdout carries the NDJSON events, so everything else goes to stderr.
const log = options.dryRun ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => process.stdout.write(`${line}\n`);
if (!options.quiet) log('Menyiapkan kota Medan... | Preparing the city of Medan...');
const handle = startSimulator(options, {
  log,
  warn: (line) => process.stderr.write(`${line}\n`),
  output: (line) => process.stdout.write(`${line}\n`),
});

let signals = 0;
const onSignal = () => {
  signals++;
  if (signals > 1) process.exit(130);
  log('Berhenti: mengirim sisa antrean... (Ctrl-C lagi untuk keluar segera) | Stopping: sending what is queued... (Ctrl-C again to quit now)');
  void handle.stop(5000);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Started by `npm start` (in a process group of its own, with an IPC channel): if that process
// goes away without stopping us (kill -9), the channel closes and we stop too.
if (process.send) process.on('disconnect', onSignal);

handle.done.then(
  (summary) => process.exit(summary.unsent > 0 && !options.dryRun ? 1 : 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
