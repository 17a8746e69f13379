// Ctrl-C, SIGTERM and SIGHUP (the terminal closed: an SSH session dropped) stop the process in
// order (PantauHandle.close), once. Without a handler SIGHUP would kill it on the spot, leaving
// the private Redis and PGlite without their orderly stop. A terminal sends
// Ctrl-C to the whole foreground process group and npm forwards it as well, so one Ctrl-C can
// arrive twice: later signals only say that the stop is under way. A stop that has not finished
// by the deadline ends the process anyway: a stuck step must never keep the port for minutes.
import type { Logger } from './logger.ts';

export class StopRequested extends Error {
  constructor(readonly signal: string) {
    super(`stop requested (${signal}) during start-up`);
  }
}

export interface SignalStop {
  /** Aborted at the first signal; start-up checks it between its steps and gives up. */
  signal: AbortSignal;
  /** What the signal runs (the process exits when it is done); runs at once if the signal already came. */
  onStop(stop: (signal: string) => Promise<void>): void;
}

export function stopOnSignals(log: Logger, options: { deadlineMs?: number } = {}): SignalStop {
  const deadlineMs = options.deadlineMs ?? 9_000;
  const controller = new AbortController();
  let stop: ((signal: string) => Promise<void>) | null = null;
  let received: string | null = null;
  let running = false;
  const run = () => {
    if (running || !stop || !received) return;
    running = true;
    stop(received).then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(name, () => {
      if (received) {
        log.info({ signal: name }, 'already stopping; this takes a few seconds at most');
        return;
      }
      received = name;
      log.info({ signal: name }, 'stopping: no new requests, finishing the ones in flight and the batches being processed');
      setTimeout(() => {
        log.error({ deadlineMs }, 'stopping did not finish in time; exiting now (unprocessed events stay in the Redis streams)');
        process.exit(1);
      }, deadlineMs).unref();
      controller.abort(new StopRequested(name));
      run();
    });
  }
  return {
    signal: controller.signal,
    onStop(fn) {
      stop = fn;
      run();
    },
  };
}
