import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectLive, loginUrlFor, REFUSED_RETRY_MS, SERVER_DISCONNECT_RETRY_MS, type LiveSocket } from '../../../client/src/live/live-connection.ts';
import { LiveStore } from '../../../client/src/live/live-store.svelte.ts';
import { LIVE_WITHIN_MS, PROTOCOL_VERSION, type Keepalive } from '../../../shared/protocol.ts';
import { delta, snapshot } from './fixtures.ts';

/** Just enough of a Socket.IO client socket to drive connectLive. */
function fakeSocket() {
  const handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  const managerHandlers = new Map<string, (() => void)[]>();
  const emitted: { event: string; args: unknown[] }[] = [];
  const socket = {
    connected: false,
    active: false,
    on(event: string, fn: (...args: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
      return socket;
    },
    emit(event: string, ...args: unknown[]) {
      emitted.push({ event, args });
      return socket;
    },
    removeAllListeners() {
      handlers.clear();
      return socket;
    },
    connects: 0,
    connect() {
      socket.connects++;
      return socket;
    },
    disconnect() {
      socket.connected = false;
      return socket;
    },
    io: {
      on(event: string, fn: () => void) {
        managerHandlers.set(event, [...(managerHandlers.get(event) ?? []), fn]);
      },
      off() {
        managerHandlers.clear();
      },
    },
  };
  return {
    socket: socket as unknown as LiveSocket,
    emitted,
    fire(event: string, ...args: unknown[]) {
      if (event === 'connect') socket.connected = true;
      if (event === 'disconnect') socket.connected = false;
      for (const fn of handlers.get(event) ?? []) fn(...args);
    },
    connects: () => socket.connects,
    ping() {
      for (const fn of managerHandlers.get('ping') ?? []) fn();
    },
  };
}

afterEach(() => vi.useRealTimers());

const keepalive = (ok: boolean): Keepalive => ({ at: new Date().toISOString(), ok, problem: ok ? null : 'redis', dataAt: null });

describe('connectLive', () => {
  it('sends a refused screen to the login page and retries when the server was only unavailable', () => {
    vi.useFakeTimers();
    const fake = fakeSocket();
    const store = new LiveStore('wall');
    let unauthorized = 0;
    connectLive(store, { room: 'wall', token: 'pdt_x', connect: () => fake.socket, onUnauthorized: () => (unauthorized += 1) });
    fake.fire('connect_error', Object.assign(new Error('busy'), { data: { code: 'unavailable' } }));
    expect(fake.connects()).toBe(0);
    vi.advanceTimersByTime(REFUSED_RETRY_MS * 2 + 1);
    expect(fake.connects()).toBe(1);
    expect(unauthorized).toBe(0);
    fake.fire('connect_error', Object.assign(new Error('no'), { data: { code: 'unauthorized' } }));
    expect(unauthorized).toBe(1);
    expect(loginUrlFor('/wall', '?lang=en', true)).toBe('/login?next=%2Fwall%3Flang%3Den&lang=en&pairing=invalid');
  });

  it('subscribes on every connect, applies data, and asks for a resync on a gap', () => {
    vi.useFakeTimers();
    const fake = fakeSocket();
    const store = new LiveStore('wall');
    const stop = connectLive(store, { room: 'wall', token: null, connect: () => fake.socket });

    fake.fire('connect');
    expect(fake.emitted[0].event).toBe('subscribe');
    expect(fake.emitted[0].args[0]).toEqual({ room: 'wall', protocol: PROTOCOL_VERSION });
    fake.fire('snapshot', snapshot(5));
    expect(store.status).toBe('live');
    fake.fire('delta', delta(6, { kpi: { complaintsToday: 11 } }));
    expect(store.kpi?.complaintsToday).toBe(11);

    fake.fire('delta', delta(9));
    expect(fake.emitted.filter((e) => e.event === 'resync')).toHaveLength(1);
    fake.fire('delta', delta(10));
    expect(fake.emitted.filter((e) => e.event === 'resync')).toHaveLength(1);
    // The snapshot never comes: the watchdog asks again.
    vi.advanceTimersByTime(6_000);
    expect(fake.emitted.filter((e) => e.event === 'resync')).toHaveLength(2);
    fake.fire('snapshot', snapshot(10));
    expect(store.seq).toBe(10);

    fake.fire('disconnect');
    expect(store.status).toBe('reconnecting');
    fake.fire('connect');
    expect(fake.emitted.filter((e) => e.event === 'subscribe')).toHaveLength(2);
    fake.fire('snapshot', snapshot(3, 'e2'));
    expect(store.status).toBe('live');
    expect(store.epoch).toBe('e2');
    stop();
  });

  it('ignores stale deltas without asking for anything', () => {
    const fake = fakeSocket();
    const store = new LiveStore('wall');
    const stop = connectLive(store, { room: 'wall', token: 't', connect: () => fake.socket });
    fake.fire('connect');
    fake.fire('snapshot', snapshot(5));
    fake.fire('delta', delta(4, { kpi: { complaintsToday: 0 } }));
    expect(store.kpi?.complaintsToday).toBe(10);
    expect(fake.emitted.some((e) => e.event === 'resync')).toBe(false);
    stop();
  });

  it('goes stale when the server says its pipeline is degraded or says nothing in time, and live again when it works', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    const fake = fakeSocket();
    const store = new LiveStore('wall');
    const stop = connectLive(store, { room: 'wall', token: null, connect: () => fake.socket });
    fake.fire('connect');
    fake.fire('keepalive', keepalive(true));
    fake.fire('snapshot', snapshot(5));
    expect(store.status).toBe('live');
    // The server falls silent (paused; or its Redis died and the deltas stopped): the transport's
    // ping is no proof, the screen goes stale on its own, keeping the time the data was current.
    vi.advanceTimersByTime(LIVE_WITHIN_MS - 1_000);
    fake.ping();
    expect(store.status).toBe('live');
    vi.advanceTimersByTime(2_000);
    fake.ping();
    expect(store.status).toBe('stale');
    expect(store.lastDataAt).toBe(1_000_000);
    fake.fire('keepalive', keepalive(true));
    expect(store.status).toBe('live');
    expect(store.lastDataAt).toBe(Date.now());
    // Degraded, said at once: stale at once, data time kept.
    const current = Date.now();
    vi.advanceTimersByTime(500);
    fake.fire('keepalive', keepalive(false));
    expect(store.status).toBe('stale');
    expect(store.lastDataAt).toBe(current);
    fake.fire('delta', delta(6, { kpi: { complaintsToday: 11 } }));
    expect(store.status).toBe('live');
    stop();
  });

  it('reconnects by itself after the server closed the socket on purpose', () => {
    vi.useFakeTimers();
    const fake = fakeSocket();
    const store = new LiveStore('wall');
    const stop = connectLive(store, { room: 'wall', token: null, connect: () => fake.socket });
    fake.fire('connect');
    fake.fire('snapshot', snapshot(5));
    fake.fire('disconnect', 'transport close');
    vi.advanceTimersByTime(10_000);
    expect(fake.connects()).toBe(0); // Socket.IO's own reconnection handles this one
    fake.fire('disconnect', 'io server disconnect');
    expect(store.status).toBe('reconnecting');
    vi.advanceTimersByTime(SERVER_DISCONNECT_RETRY_MS * 2);
    expect(fake.connects()).toBe(1);
    stop();
  });
});
