// Worker process: many wall clients (socket.io-client, WebSocket transport), each following the
// wall's rules: subscribe, take the snapshot, apply consecutive deltas, resync on a gap. Each
// client times every marker complaint it receives in a delta: arrival - submittedAt, where the
// load stamped submittedAt with the intended send time of its request (same machine, same clock).
// Commands: init, connect (more clients), measure-start, measure-stop, close.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import {
  judgeDelta,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type Delta,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol.ts';
import { LatencyRecorder, type LatencyExport } from '../stats/latency.ts';
import { serveCommands } from './worker-process.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketClientsConfig {
  url: string;
  auth: Record<string, string>;
  markerPrefix: string;
}

export interface ConnectResult {
  requested: number;
  /** Clients holding a snapshot now (this process, all batches). */
  live: number;
  failed: number;
  errors: string[];
  connectMs: number;
}

export interface MeasureResult {
  latency: LatencyExport;
  /** Marker id -> [number of this process's clients that received it, its send time (ms)]. */
  receipts: Record<string, [number, number]>;
  clients: number;
  live: number;
  deltas: number;
  snapshots: number;
  gaps: number;
  disconnects: number;
  disconnectReasons: Record<string, number>;
  /** This process's own share of the latency: event-loop delay p99 and CPU over the window. */
  loopDelayP99Ms: number;
  cpuPercent: number;
  /** Average JSON size of a delta (one delta in 50 is measured). */
  deltaBytes: number;
}

interface Client {
  socket: ClientSocket;
  seq: number;
  epoch: string;
  hasSnapshot: boolean;
}

let config: SocketClientsConfig | null = null;
const clients: Client[] = [];
const latency = new LatencyRecorder();
let receipts = new Map<string, [number, number]>();
let measuring = false;
const counters = { deltas: 0, snapshots: 0, gaps: 0, disconnects: 0, disconnectReasons: {} as Record<string, number> };
const errors: string[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let cpuAtStart = process.cpuUsage();
let measureStartedAt = 0;
const deltaSize = { sampled: 0, bytes: 0 };

function openClient(cfg: SocketClientsConfig): Promise<boolean> {
  const socket: ClientSocket = io(cfg.url, { transports: ['websocket'], forceNew: true, auth: cfg.auth, reconnectionDelayMax: 5000 });
  const client: Client = { socket, seq: 0, epoch: '', hasSnapshot: false };
  clients.push(client);
  const prefix = cfg.markerPrefix;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => {
      if (errors.length < 10) errors.push('no snapshot within 60 s');
      settle(false);
    }, 60_000);
    socket.on('connect', () => socket.emit('subscribe', { room: 'wall', protocol: PROTOCOL_VERSION }, () => {}));
    socket.on('connect_error', (err: Error) => {
      if (errors.length < 10) errors.push(err.message);
    });
    socket.on('disconnect', (reason) => {
      counters.disconnects += 1;
      counters.disconnectReasons[reason] = (counters.disconnectReasons[reason] ?? 0) + 1;
      // As the wall does (client/src/live/live-connection.ts): socket.io-client does not retry
      // by itself after the server closed the socket on purpose; a wall comes back anyway.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 2000 + Math.random() * 2000);
    });
    socket.on('snapshot', (s: Snapshot) => {
      client.seq = s.seq;
      client.epoch = s.epoch;
      client.hasSnapshot = true;
      counters.snapshots += 1;
      settle(true);
    });
    socket.on('delta', (d: Delta) => {
      const now = Date.now();
      counters.deltas += 1;
      if (measuring && counters.deltas % 50 === 0) {
        deltaSize.sampled += 1;
        deltaSize.bytes += JSON.stringify(d).length;
      }
      if (measuring && d.complaints) {
        for (const c of d.complaints) {
          if (c.title === null || !c.title.startsWith(prefix)) continue;
          const sentAt = Date.parse(c.submittedAt);
          latency.recordMs(now - sentAt);
          receipts.set(c.title, [(receipts.get(c.title)?.[0] ?? 0) + 1, sentAt]);
        }
      }
      const verdict = judgeDelta(client.hasSnapshot ? { seq: client.seq, epoch: client.epoch } : null, d);
      if (verdict === 'gap') {
        counters.gaps += 1;
        socket.emit('resync', { room: 'wall' });
      } else if (verdict === 'apply') {
        client.seq = d.seq;
      }
    });
  });
}

async function connect(count: number, perSecond: number): Promise<ConnectResult> {
  if (!config) throw new Error('init first');
  const started = performance.now();
  const waits: Promise<boolean>[] = [];
  const gapMs = perSecond > 0 ? 1000 / perSecond : 0;
  for (let i = 0; i < count; i++) {
    waits.push(openClient(config));
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  const results = await Promise.all(waits);
  return {
    requested: count,
    live: clients.filter((c) => c.hasSnapshot && c.socket.connected).length,
    failed: results.filter((ok) => !ok).length,
    errors: [...errors],
    connectMs: performance.now() - started,
  };
}

if (process.send) {
  serveCommands(async (command) => {
    switch (command.type) {
      case 'init':
        config = command.config as SocketClientsConfig;
        return null;
      case 'connect':
        return connect(Number(command.count), Number(command.perSecond ?? 0));
      case 'measure-start':
        latency.reset();
        receipts = new Map();
        Object.assign(counters, { deltas: 0, snapshots: 0, gaps: 0, disconnects: 0, disconnectReasons: {} });
        loopDelay.reset();
        loopDelay.enable();
        cpuAtStart = process.cpuUsage();
        measureStartedAt = performance.now();
        deltaSize.sampled = 0;
        deltaSize.bytes = 0;
        measuring = true;
        return null;
      case 'measure-stop': {
        measuring = false;
        loopDelay.disable();
        const cpu = process.cpuUsage(cpuAtStart);
        const result: MeasureResult = {
          loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
          cpuPercent: ((cpu.user + cpu.system) / 1000 / Math.max(1, performance.now() - measureStartedAt)) * 100,
          deltaBytes: deltaSize.sampled ? deltaSize.bytes / deltaSize.sampled : 0,
          latency: latency.export(),
          receipts: Object.fromEntries(receipts),
          clients: clients.length,
          live: clients.filter((c) => c.hasSnapshot && c.socket.connected).length,
          ...counters,
          disconnectReasons: { ...counters.disconnectReasons },
        };
        return result;
      }
      case 'close':
        for (const c of clients) c.socket.disconnect();
        clients.length = 0;
        return null;
      default:
        throw new Error(`unknown command ${command.type}`);
    }
  });
}
