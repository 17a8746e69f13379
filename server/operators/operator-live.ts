// Several operators at once: who has which complaint open ("taken", an advisory mark in Redis
// that lapses unless refreshed), and the live `operator` events that tell the other screens.
// Operators' sockets are the wall's Socket.IO connections: on connect each one joins its room, the
// command center's or its OPD's; events reach every node's sockets through the Redis adapter.
import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { TAKE_TTL_SECONDS, type OperatorQueueEvent, type TakenBy } from '../../shared/operator-api.ts';
import { can, opdScope, type Principal } from '../auth/roles.ts';

export const COMMAND_CENTER_ROOM = 'operator:cc';
/** Every operator's socket, whatever its scope: for events that name no complaint. */
export const ALL_OPERATORS_ROOM = 'operator:all';
/** Channel changes are told to the operators at most this often. */
const STALE_EVERY_MS = 1_000;
export const opdRoom = (opd: string) => `operator:opd:${opd}`;

/** The room an operator's socket joins, or null for anyone else. */
export function operatorRoomOf(principal: Principal | null): string | null {
  if (!principal || principal.kind !== 'user' || !can(principal, 'complaint:act')) return null;
  const scope = opdScope(principal);
  return scope === null ? COMMAND_CENTER_ROOM : opdRoom(scope);
}

export type TakeResult = { ok: true; takenBy: TakenBy } | { ok: false; takenBy: TakenBy };

interface MinimalIo {
  to(rooms: string[]): { emit(event: 'operator', payload: OperatorQueueEvent): unknown };
  /** This node's sockets only. */
  local: { to(rooms: string[]): { emit(event: 'operator', payload: OperatorQueueEvent): unknown } };
  on(event: 'connection', listener: (socket: Socket) => void): unknown;
}

export class OperatorLive {
  private io: MinimalIo | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = TAKE_TTL_SECONDS,
  ) {}

  /** Called once the Socket.IO server exists (after the HTTP app). */
  attach(io: Server, principalOf: (socket: Socket) => Principal | null): void {
    this.io = io as unknown as MinimalIo;
    io.on('connection', (socket) => {
      const room = operatorRoomOf(principalOf(socket));
      if (room) void socket.join([room, ALL_OPERATORS_ROOM]);
    });
  }

  private staleCount = 0;
  private staleTimer: NodeJS.Timeout | null = null;
  private lastStaleAt = 0;

  /**
   * Follows the live state's change announcements (the processors publish one per batch) and
   * tells the operators, at most once a second, that complaints changed: new arrivals reach the
   * queue without anyone polling. Needs its own subscriber connection.
   */
  async listen(subscriber: Redis, channel: string): Promise<void> {
    subscriber.on('message', (ch: string, message: string) => {
      if (ch !== channel) return;
      try {
        const n = (JSON.parse(message) as { complaints?: unknown[] }).complaints?.length ?? 0;
        if (n > 0) this.noteStale(n);
      } catch {
        // not ours to judge
      }
    });
    await subscriber.subscribe(channel);
  }

  private noteStale(n: number): void {
    this.staleCount += n;
    if (this.staleTimer) return;
    const wait = Math.max(0, this.lastStaleAt + STALE_EVERY_MS - Date.now());
    this.staleTimer = setTimeout(() => {
      this.staleTimer = null;
      this.lastStaleAt = Date.now();
      const complaints = this.staleCount;
      this.staleCount = 0;
      // Every web node hears the announcement: each tells its own sockets.
      this.io?.local.to([ALL_OPERATORS_ROOM]).emit('operator', { kind: 'stale', complaints, at: new Date().toISOString() });
    }, wait);
    this.staleTimer.unref();
  }

  stop(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    this.staleTimer = null;
  }

  /** To the command center and to the OPDs concerned (those a complaint left and went to). */
  emit(opds: readonly (string | null)[], event: OperatorQueueEvent): void {
    const rooms = [COMMAND_CENTER_ROOM, ...new Set(opds.filter((o): o is string => !!o).map(opdRoom))];
    this.io?.to(rooms).emit('operator', event);
  }

  private key(complaintId: string): string {
    return `${this.prefix}operator:take:${complaintId}`;
  }

  /** Marks the complaint as opened by `who`; refused when someone else holds it, unless `force`. */
  async take(complaintId: string, who: { username: string; displayName: string | null }, force: boolean, now = new Date()): Promise<TakeResult> {
    const key = this.key(complaintId);
    const mark = (since: string): TakenBy => ({
      username: who.username,
      displayName: who.displayName,
      since,
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000).toISOString(),
    });
    const fresh = mark(now.toISOString());
    if (await this.redis.set(key, JSON.stringify(fresh), 'EX', this.ttlSeconds, 'NX')) return { ok: true, takenBy: fresh };
    const held = parseMark(await this.redis.get(key));
    if (held && held.username !== who.username && !force) return { ok: false, takenBy: held };
    // Mine already (a refresh keeps when it was first taken), lapsed meanwhile, or taken over.
    const next = held && held.username === who.username ? mark(held.since) : fresh;
    await this.redis.set(key, JSON.stringify(next), 'EX', this.ttlSeconds);
    return { ok: true, takenBy: next };
  }

  /** Drops the mark if `username` holds it; true when it did. */
  async release(complaintId: string, username: string): Promise<boolean> {
    const key = this.key(complaintId);
    const held = parseMark(await this.redis.get(key));
    if (!held || held.username !== username) return false;
    await this.redis.del(key);
    return true;
  }

  async takenBy(complaintIds: readonly string[]): Promise<Map<string, TakenBy>> {
    const out = new Map<string, TakenBy>();
    if (!complaintIds.length) return out;
    const values = await this.redis.mget(...complaintIds.map((id) => this.key(id)));
    complaintIds.forEach((id, i) => {
      const mark = parseMark(values[i]);
      if (mark) out.set(id, mark);
    });
    return out;
  }
}

function parseMark(value: string | null | undefined): TakenBy | null {
  if (!value) return null;
  try {
    return JSON.parse(value) as TakenBy;
  } catch {
    return null;
  }
}
