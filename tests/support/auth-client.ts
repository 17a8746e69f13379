// Socket.IO connections as each kind of principal: a session or device cookie (with our Origin,
// as a browser on our page sends it) or `auth.token`.
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type SubscribeResult } from '../../shared/protocol.ts';
import type { ClientSocket } from './live-client.ts';

export interface SocketOutcome {
  socket: ClientSocket;
  connected: boolean;
  error: { message: string; data?: { code?: string } } | null;
}

export function openSocket(url: string, credentials: { cookie?: string; token?: string; origin?: string } = {}): Promise<SocketOutcome> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin ?? credentials.cookie) headers.origin = credentials.origin ?? url;
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
    auth: credentials.token ? { token: credentials.token } : {},
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, connected: true, error: null }));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve({ socket, connected: false, error: { message: error.message, data: error.data } }));
  });
}

export function subscribe(socket: ClientSocket, room: string): Promise<SubscribeResult> {
  return new Promise((resolve) => socket.emit('subscribe', { room: room as 'wall', protocol: PROTOCOL_VERSION }, resolve));
}

/** Emits any event name with an ack; resolves with the ack's answer or 'no-answer' after `ms`. */
export function emitWithAck(socket: ClientSocket, event: string, payload: unknown, ms = 500): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no-answer'), ms);
    (socket as unknown as { emit: (e: string, p: unknown, ack: (r: unknown) => void) => void }).emit(event, payload, (r: unknown) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}

export function waitForDisconnect(socket: ClientSocket, ms: number): Promise<string | null> {
  if (!socket.connected) return Promise.resolve('already');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
