// Wires a Socket.IO connection to a LiveStore: subscribe on every (re)connect, feed snapshots
// and deltas in, ask for a resync on a gap. Socket.IO reconnects by itself with backoff; the
// wall never reloads.
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type Room,
  type ServerToClientEvents,
} from '../../../shared/protocol.ts';
import type { OperatorQueueEvent } from '../../../shared/operator-api.ts';
import type { LiveStore } from './live-store.svelte.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnectionOptions {
  room: Room;
  /** Display token from `?token=`; access control checks it on the server. */
  token: string | null;
  onServerInfo?: (info: { city: string; protocol: number }) => void;
  /** The server refused who we are (no session, revoked token): default goes to the login page. */
  onUnauthorized?: () => void;
  /** Operators' screens: the queue's live changes (the server puts an operator's socket in its room). */
  onOperator?: (event: OperatorQueueEvent) => void;
  /** Injected in tests. */
  connect?: () => LiveSocket;
}

/** Where an unauthorized screen goes: the login page, coming back here afterwards. */
export function loginUrlFor(pathname: string, search: string, pairingInvalid: boolean): string {
  const params = new URLSearchParams({ next: `${pathname}${search}` });
  // The login page speaks the screen's language.
  if (new URLSearchParams(search).get('lang') === 'en') params.set('lang', 'en');
  if (pairingInvalid) params.set('pairing', 'invalid');
  return `/login?${params}`;
}

/** Pause before trying again when the server was not ready to take the connection. */
export const REFUSED_RETRY_MS = 5_000;

/** Base pause before reconnecting after the server closed the socket on purpose. */
export const SERVER_DISCONNECT_RETRY_MS = 2_000;

/** At most one automatic reload per this long, so a mismatch can never become a reload loop. */
export const RELOAD_GUARD_MS = 10 * 60_000;
const RELOAD_KEY = 'pantau.reloadedForVersionAt';

/**
 * The server speaks another protocol version: a new release was deployed while this wall was
 * running. Reloading fetches the matching client; nobody is there to press F5.
 */
export function reloadForNewVersion(reason: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.sessionStorage ?? null, reload: () => void = () => location.reload(), now = Date.now()): boolean {
  const last = Number(storage?.getItem(RELOAD_KEY) ?? 0);
  if (now - last < RELOAD_GUARD_MS) {
    console.warn(`protocol mismatch (${reason}); reloaded recently, not reloading again`);
    return false;
  }
  storage?.setItem(RELOAD_KEY, String(now));
  console.warn(`protocol mismatch (${reason}); reloading for the new version`);
  reload();
  return true;
}

export function connectLive(store: LiveStore, options: LiveConnectionOptions): () => void {
  const socket: LiveSocket =
    options.connect?.() ??
    io({
      auth: options.token ? { token: options.token } : {},
      // WebSocket first: one handshake instead of HTTP long-polling and an upgrade, each step of
      // which waits for a busy page on a slow wall PC. Where a proxy refuses WebSockets, long-polling.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
    });
  const room = options.room;

  const subscribe = () => {
    socket.emit('subscribe', { room, protocol: PROTOCOL_VERSION }, (result) => {
      if (result.ok) return;
      console.warn(`subscribe to ${room} refused: ${result.error}: ${result.message}`);
      if (result.error === 'protocol_mismatch') reloadForNewVersion(result.message);
    });
  };

  socket.on('connect', () => {
    store.markConnected();
    subscribe();
  });
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  socket.on('disconnect', (reason) => {
    store.markDisconnected();
    // Socket.IO retries by itself except when the server closed the socket on purpose (e.g. a
    // node draining for a restart). A wall has nobody to press reload: come back anyway, after
    // a jittered pause so a whole room of walls does not reconnect in the same instant.
    if (reason === 'io server disconnect') {
      reconnectTimer = setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS + Math.random() * SERVER_DISCONNECT_RETRY_MS);
    }
  });
  // A refusal by the server's auth middleware is not retried by Socket.IO on its own.
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    store.markDisconnected();
    if (socket.active) return;
    if (error.data?.code === 'unauthorized') {
      (options.onUnauthorized ?? (() => location.assign(loginUrlFor(location.pathname, location.search, options.token !== null))))();
      return;
    }
    reconnectTimer = setTimeout(() => socket.connect(), REFUSED_RETRY_MS + Math.random() * REFUSED_RETRY_MS);
  });
  socket.on('hello', (info) => {
    options.onServerInfo?.(info);
    if (info.protocol !== PROTOCOL_VERSION) reloadForNewVersion(`server protocol ${info.protocol}, page ${PROTOCOL_VERSION}`);
  });
  socket.on('snapshot', (snapshot) => store.receiveSnapshot(snapshot));
  socket.on('delta', (delta) => {
    if (store.receiveDelta(delta)) socket.emit('resync', { room });
  });
  // The server's word on its pipeline. (Not the transport's ping: a server whose Redis died, or
  // whose deltas stopped, still answers those.)
  socket.on('keepalive', (keepalive) => store.receiveKeepalive(keepalive));
  if (options.onOperator) socket.on('operator', options.onOperator);

  const watchdog = setInterval(() => {
    // A server that fell silent (paused, stalled) keeps the socket open: the screen goes stale.
    store.checkLiveness();
    // The snapshot we asked for never came: ask again.
    if (socket.connected && store.takeOverdueResync()) socket.emit('resync', { room });
  }, 1_000);

  return () => {
    clearInterval(watchdog);
    if (reconnectTimer) clearTimeout(reconnectTimer);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
