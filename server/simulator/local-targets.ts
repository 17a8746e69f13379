// Real HTTP services for Pantau's prober to check, so `npm start` shows real probing. Each path
// (/<service code>) answers as the simulated city says that service is doing right now: up with
// its usual latency, a 5xx during an outage, a refused connection, or no answer at all (a hang).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkOutcome, type HealthModel } from './service-health.ts';

const MAX_DELAY_MS = 3_000;
const HANG_MS = 30_000;

export interface LocalTargets {
  port: number;
  urlOf(code: string): string;
  close(): Promise<void>;
}

export function startLocalTargets(model: HealthModel, codes: readonly string[], port = 0): Promise<LocalTargets> {
  const served = new Set(codes.filter((c) => model.byCode.has(c)));
  const server = http.createServer((req, res) => {
    const code = (req.url ?? '/').split('?')[0].replace(/^\/+|\/+$/g, '');
    const service = model.byCode.get(code);
    if (!service || !served.has(code)) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('tidak ada layanan ini');
    const outcome = checkOutcome(model, service, Date.now());
    if (!outcome || outcome.status === 'up') {
      const delay = Math.min(MAX_DELAY_MS, outcome?.latencyMs ?? 50);
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${service.name}: normal`), delay);
      return;
    }
    if (outcome.statusCode) return void res.writeHead(outcome.statusCode, { 'content-type': 'text/plain' }).end(outcome.message ?? 'gangguan');
    if (outcome.message?.includes('ECONNREFUSED')) return void req.socket.destroy();
    // A hang: the prober's timeout decides.
    setTimeout(() => req.socket.destroy(), HANG_MS);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        urlOf: (code) => `http://127.0.0.1:${actual}/${code}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
