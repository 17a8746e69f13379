// Worker: GET requests at a fixed rate (open loop), cycling through a list of URLs. Request k is
// due at t0 + k / rate whatever the server does, and its latency counts from that intended time
// to the last byte of the body, so a server that falls behind shows it as latency (no
// coordinated omission). Requests still unanswered `timeoutMs` after their intended time are
// counted as timeouts and recorded at that bound.
import { LatencyRecorder, type LatencyExport } from '../stats/latency.ts';
import { serveCommands } from './worker-process.ts';

export interface HttpLoadRequest {
  urls: string[];
  headers: Record<string, string>;
  /** Requests per second. */
  rate: number;
  /** Requests before this are sent but not recorded. */
  warmupSeconds: number;
  seconds: number;
  timeoutMs: number;
}

export interface HttpLoadResult {
  latency: LatencyExport;
  sent: number;
  recorded: number;
  statuses: Record<string, number>;
  timeouts: number;
  errors: string[];
  bytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runHttpLoad(req: HttpLoadRequest): Promise<HttpLoadResult> {
  const recorder = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let timeouts = 0;
  let bytes = 0;
  const interval = 1000 / req.rate;
  const total = Math.max(1, Math.round((req.warmupSeconds + req.seconds) * req.rate));
  const warmup = Math.round(req.warmupSeconds * req.rate);
  const t0 = performance.now() + 50;
  const inflight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const intended = t0 + k * interval;
    const wait = intended - performance.now();
    if (wait > 0) await sleep(wait);
    const url = req.urls[k % req.urls.length];
    const recorded = k >= warmup;
    inflight.push(
      (async () => {
        const budget = Math.max(1, Math.round(intended + req.timeoutMs - performance.now()));
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        // An explicit timer rather than AbortSignal.timeout alone: a fetch whose signal fired was
        // seen to leave its promise pending, and one pending request held the whole run.
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
          }, budget);
        });
        try {
          const body = await Promise.race([
            fetch(url, { headers: req.headers, signal: controller.signal }).then(async (res) => {
              const b = await res.arrayBuffer();
              if (recorded) statuses[res.status] = (statuses[res.status] ?? 0) + 1;
              return b;
            }),
            deadline,
          ]);
          bytes += body.byteLength;
          if (recorded) recorder.recordMs(performance.now() - intended);
        } catch (error) {
          const e = error as Error;
          if (e.name === 'TimeoutError' || e.name === 'AbortError') {
            if (recorded) {
              timeouts++;
              recorder.recordMs(req.timeoutMs);
            }
          } else if (recorded) {
            if (errors.length < 10) errors.push(e.message);
            statuses.error = (statuses.error ?? 0) + 1;
          }
        } finally {
          clearTimeout(timer);
        }
      })(),
    );
  }
  await Promise.all(inflight);
  return { latency: recorder.export(), sent: total, recorded: recorder.count, statuses, timeouts, errors, bytes };
}

if (process.send) {
  serveCommands(async (command) => {
    if (command.type === 'run') return runHttpLoad(command.request as HttpLoadRequest);
    throw new Error(`unknown command ${command.type}`);
  });
}
