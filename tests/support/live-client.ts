// A minimal live client for tests, following the same rules as the wall: subscribe, take the
// snapshot, apply consecutive deltas, ask for a resync on a gap or a new epoch.
import { io, type Socket } from 'socket.io-client';
import {
  applyDelta,
  judgeDelta,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type Delta,
  type LiveState,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveClient {
  socket: ClientSocket;
  state: LiveState | null;
  seq: number;
  epoch: string;
  snapshots: number;
  deltas: { seq: number; receivedAt: number; delta: Delta }[];
  gaps: number;
  close(): void;
}

export function liveClient(url: string, auth?: Record<string, string>): LiveClient {
  const socket: ClientSocket = io(url, { transports: ['websocket'], forceNew: true, auth });
  const client: LiveClient = {
    socket,
    state: null,
    seq: 0,
    epoch: '',
    snapshots: 0,
    deltas: [],
    gaps: 0,
    close: () => socket.disconnect(),
  };
  socket.on('connect', () => socket.emit('subscribe', { room: 'wall', protocol: PROTOCOL_VERSION }, () => {}));
  socket.on('snapshot', (s: Snapshot) => {
    client.state = s.state;
    client.seq = s.seq;
    client.epoch = s.epoch;
    client.snapshots += 1;
  });
  socket.on('delta', (d: Delta) => {
    const verdict = judgeDelta(client.state ? { seq: client.seq, epoch: client.epoch } : null, d);
    if (verdict === 'gap') {
      client.gaps += 1;
      socket.emit('resync', { room: 'wall' });
      return;
    }
    if (verdict === 'stale') return;
    applyDelta(client.state!, d);
    client.seq = d.seq;
    client.deltas.push({ seq: d.seq, receivedAt: Date.now(), delta: d });
  });
  return client;
}
