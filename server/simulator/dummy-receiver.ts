// A stand-in for the ingest API, to measure the simulator on its own and to try it before the
// real server exists: checks the bearer key, parses the JSON and answers 202 {accepted, batchId}.
// Usage: npx tsx server/simulator/dummy-receiver.ts [--port 8099] [--key demo-key] [--validate]
// --validate also runs every batch through the shared zod schemas (slower; shows what a
// strict server would refuse).
import http from 'node:http';
import { parseArgs } from 'node:util';
import { batchSchemas, type EventKind } from '../../shared/events.ts';

const { values } = parseArgs({
  options: { port: { type: 'string' }, key: { type: 'string' }, validate: { type: 'boolean' } },
});
const port = Number(values.port ?? 8099);
const key = values.key ?? 'demo-key';
const kinds = new Set<EventKind>(['complaints', 'uploads', 'heartbeats']);
const counts: Record<string, number> = { complaints: 0, uploads: 0, heartbeats: 0, refused: 0 };
let batch = 0;
let windowEvents = 0;

const server = http.createServer((req, res) => {
  const kind = req.url?.match(/^\/api\/v1\/(\w+)$/)?.[1] as EventKind | undefined;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !kind || !kinds.has(kind)) return reply(404, { error: 'not_found', message: 'no such endpoint' });
    if (req.headers.authorization !== `Bearer ${key}`) return reply(401, { error: 'unauthorized', message: 'bad key' });
    let body: { events?: unknown[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(400, { error: 'invalid_json', message: 'body is not JSON' });
    }
    if (values.validate) {
      const parsed = batchSchemas[kind].safeParse(body);
      if (!parsed.success) {
        counts.refused += Array.isArray(body.events) ? body.events.length : 0;
        return reply(400, {
          error: 'validation_failed',
          message: 'invalid events',
          errors: parsed.error.issues.slice(0, 20).map((i) => ({
            index: typeof i.path[1] === 'number' ? i.path[1] : null,
            field: i.path.slice(2).join('.'),
            message: i.message,
          })),
        });
      }
    }
    const n = Array.isArray(body.events) ? body.events.length : 0;
    counts[kind] += n;
    windowEvents += n;
    reply(202, { accepted: n, batchId: `dummy-${++batch}` });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(port, '127.0.0.1', () => console.log(`dummy ingest on http://127.0.0.1:${port} (key ${key})`));
setInterval(() => {
  console.log(`${(windowEvents / 5).toFixed(0)} ev/s received; totals ${JSON.stringify(counts)}`);
  windowEvents = 0;
}, 5000).unref();
process.on('SIGINT', () => {
  console.log(`totals ${JSON.stringify(counts)}`);
  process.exit(0);
});
