// Revocations reach every node within moments: the node that revokes publishes on a Redis
// channel; every web node (itself included) drops its cached credentials and disconnects its
// own sockets that used them. If a message is missed (Redis reconnect), caches expire within
// seconds anyway and the periodic socket sweep (socket-auth.ts) catches open sockets.
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.ts';

export const REVOCATION_KINDS = ['session', 'user', 'display_token', 'display_device', 'api_key'] as const;
export type RevocationKind = (typeof REVOCATION_KINDS)[number];

export interface Revocation {
  kind: RevocationKind;
  id: string;
}

/** `resync`: messages may have been missed; re-check everything. */
export type RevocationListener = (event: Revocation | { kind: 'resync' }) => void;

export class RevocationBus {
  private readonly listeners = new Set<RevocationListener>();
  readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis | null,
    prefix: string,
    private readonly log: Logger,
  ) {
    this.channel = `${prefix}auth:revocations`;
  }

  async start(): Promise<void> {
    if (!this.subscriber) return;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const parsed = parseRevocation(message);
      if (parsed) this.emit(parsed);
    });
    let first = true;
    this.subscriber.on('ready', () => {
      if (first) {
        first = false;
        return;
      }
      this.emit({ kind: 'resync' });
    });
    await this.subscriber.subscribe(this.channel);
  }

  on(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Acts on this node at once, then tells the others (and this one again: acting twice is harmless). */
  async publish(revocation: Revocation): Promise<void> {
    this.emit(revocation);
    try {
      await this.publisher.publish(this.channel, JSON.stringify(revocation));
    } catch (error) {
      // Other nodes still catch up through their caches' expiry and the socket sweep.
      this.log.warn({ err: (error as Error).message, revocation }, 'could not publish a revocation');
    }
  }

  private emit(event: Revocation | { kind: 'resync' }): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'revocation listener failed');
      }
    }
  }
}

export function parseRevocation(message: string): Revocation | null {
  try {
    const v = JSON.parse(message) as { kind?: unknown; id?: unknown };
    if (typeof v.id === 'string' && v.id.length <= 200 && (REVOCATION_KINDS as readonly unknown[]).includes(v.kind)) {
      return { kind: v.kind as RevocationKind, id: v.id };
    }
  } catch {
    // not ours
  }
  return null;
}

/** The Socket.IO room every socket authenticated with this credential joins. */
export const revocationRoom = (kind: RevocationKind, id: string) => `auth:${kind}:${id}`;
