// Worker process: the services the prober checks in the `prober` scenario. A few plain HTTP
// servers on 127.0.0.1 answering 200 with a short body, counting requests.
// Commands: init ({ ports: n }) -> { ports: number[] }, count -> requests so far.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveCommands } from './worker-process.ts';

let requests = 0;
const servers: http.Server[] = [];

async function listen(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const server = http.createServer((req, res) => {
      requests += 1;
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
      res.end('ok pantau-bench target\n');
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(server);
    ports.push((server.address() as AddressInfo).port);
  }
  return ports;
}

if (process.send) {
  serveCommands(async (command) => {
    switch (command.type) {
      case 'init':
        return { ports: await listen(Number(command.ports ?? 4)) };
      case 'count':
        return requests;
      default:
        throw new Error(`unknown command ${command.type}`);
    }
  });
}
