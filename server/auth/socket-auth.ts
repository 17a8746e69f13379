// Socket.IO access control. A connection authenticates like an HTTP request (session cookie,
// device cookie) or with `auth: { token }` = a display token; nobody else connects. Every packet
// a client emits passes an allow-list by role (roles.ts: a wall screen never emits a write
// event). Sockets join one private room per credential, so a revocation published on the bus
// disconnects them on every node; a periodic sweep re-checks every open socket as a fallback
// (missed messages, expired sessions).
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../infra/logger.ts';
import { credentialHash, type Authenticator, type Credential } from './authenticator.ts';
import { DEVICE_COOKIE, parseCookies, SESSION_COOKIE } from './cookies.ts';
import { isSameOrigin, principalOf, type TrustProxyFn } from './http-auth.ts';
import { mayEmit, mayJoinRoom, type Principal } from './roles.ts';
import { revocationRoom, type RevocationBus } from './revocation-bus.ts';

export interface SocketAuthDeps {
  authn: Authenticator;
  bus: RevocationBus;
  allowedOrigins: readonly string[];
  /** The HTTP app's `trust proxy fn`: whose X-Forwarded-Host names our public host. */
  trustProxy: TrustProxyFn;
  log: Logger;
  /** How often every open socket is re-checked. */
  sweepMs: number;
}

interface AuthData {
  principal: Principal;
  credential: Credential;
}

const authOf = (socket: Socket): AuthData | undefined => (socket.data as { auth?: AuthData }).auth;

export function socketPrincipal(socket: Socket): Principal | null {
  return authOf(socket)?.principal ?? null;
}

/** For LivePush's `authorizeRoom`. */
export function authorizeRoom(socket: Socket, room: string): boolean {
  return mayJoinRoom(socketPrincipal(socket), room);
}

function refusal(code: 'unauthorized' | 'unavailable', message: string): Error {
  return Object.assign(new Error(code), { data: { code, message } });
}

/** The credentials a handshake carries, strongest first. Cookies only from our own pages. */
export function handshakeCredentials(handshake: Socket['handshake'], allowedOrigins: readonly string[], trustProxy: TrustProxyFn): Credential[] {
  const out: Credential[] = [];
  const origin = handshake.headers.origin ?? null;
  // X-Forwarded-Host only from a proxy PANTAU_TRUST_PROXY names, as Express's req.host reads it.
  const forwardedHost = trustProxy(handshake.address, 0) ? String(handshake.headers['x-forwarded-host'] ?? '').split(',')[0].trim() : '';
  const host = forwardedHost || String(handshake.headers.host ?? '');
  // Cookies ride along with any cross-site WebSocket; trust them only from our own origin.
  const cookiesTrusted = !origin || isSameOrigin(origin, null, host, allowedOrigins);
  if (cookiesTrusted) {
    const cookies = parseCookies(handshake.headers.cookie);
    const session = cookies.get(SESSION_COOKIE);
    if (session) out.push({ type: 'session', hash: credentialHash(session) });
    const device = cookies.get(DEVICE_COOKIE);
    if (device) out.push({ type: 'device', hash: credentialHash(device) });
  }
  const token = (handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string' && token.length >= 8 && token.length <= 200) out.push({ type: 'display_token', hash: credentialHash(token) });
  return out;
}

function roomsFor(p: Principal): string[] {
  if (p.kind === 'user') return [revocationRoom('session', p.sessionId), revocationRoom('user', p.userId)];
  return [revocationRoom('display_token', p.tokenId), ...(p.deviceId ? [revocationRoom('display_device', p.deviceId)] : [])];
}

export function installSocketAuth(io: Server<any, any>, deps: SocketAuthDeps): () => void {
  io.use(async (socket, next) => {
    try {
      const found = await principalOf(deps.authn, handshakeCredentials(socket.handshake, deps.allowedOrigins, deps.trustProxy));
      if (!found) return next(refusal('unauthorized', 'Layar ini belum dipasangkan atau sesi berakhir. (Not paired or not logged in.)'));
      (socket.data as { auth?: AuthData }).auth = found;
      next();
    } catch {
      next(refusal('unavailable', 'Layanan sedang tidak tersedia. (Temporarily unavailable.)'));
    }
  });

  io.on('connection', (socket) => {
    const auth = authOf(socket);
    if (!auth) return void socket.disconnect(true);
    socket.join(roomsFor(auth.principal));
    socket.use(([event, ...args], next) => {
      if (mayEmit(auth.principal, String(event))) return next();
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error: 'forbidden', message: 'Tidak berhak. (Not allowed for this role.)' });
      deps.log.debug({ event: String(event).slice(0, 64), role: auth.principal.roles }, 'socket event refused');
    });
    // Errors from refused packets must not become unhandled 'error' events.
    socket.on('error', () => {});
  });

  const sweep = async () => {
    const sockets = [...io.of('/').sockets.values()];
    const verdicts = new Map<string, Promise<boolean>>();
    for (const socket of sockets) {
      const auth = authOf(socket);
      if (!auth) continue;
      const key = `${auth.credential.type}:${auth.credential.hash}`;
      if (!verdicts.has(key)) verdicts.set(key, deps.authn.resolve(auth.credential).then((p) => p !== null, () => true));
      if (!(await verdicts.get(key))) socket.disconnect(true);
    }
  };

  const off = deps.bus.on((event) => {
    if (event.kind === 'resync') return void sweep().catch(() => {});
    if (event.kind === 'api_key') return;
    io.local.in(revocationRoom(event.kind, event.id)).disconnectSockets(true);
  });
  const timer = setInterval(() => void sweep().catch((e) => deps.log.warn({ err: (e as Error).message }, 'socket sweep failed')), deps.sweepMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    off();
  };
}
