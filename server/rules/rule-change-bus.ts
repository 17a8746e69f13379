// A rule that judges timeliness (SLA target, routing rule, calendar day, upload schedule, OPD)
// changed in PostgreSQL: every node must judge with the new rule within seconds. The node that
// saved the change publishes on a Redis channel; every node (itself included) reloads its
// reference snapshot, and the processors' node recomputes the live timeliness at once instead
// of at its next tick. A missed message (Redis reconnect) is caught up by a `resync` reload and,
// at worst, by the reference cache's own periodic refresh.
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.ts';

export const RULE_KINDS = ['sla', 'routing', 'calendar', 'schedule', 'opd', 'category'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface RuleChange {
  kind: RuleKind;
  /** rule_versions.id of the change, when it made one. */
  version: number | null;
}

export type RuleChangeListener = (change: RuleChange | { kind: 'resync'; version: null }) => Promise<void> | void;

export class RuleChangeBus {
  private readonly listeners = new Set<RuleChangeListener>();
  readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis | null,
    prefix: string,
    private readonly log: Logger,
  ) {
    this.channel = `${prefix}rules:changed`;
  }

  async start(): Promise<void> {
    if (!this.subscriber) return;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const parsed = parseRuleChange(message);
      if (parsed) void this.emit(parsed);
    });
    let first = true;
    this.subscriber.on('ready', () => {
      if (first) {
        first = false;
        return;
      }
      void this.emit({ kind: 'resync', version: null });
    });
    await this.subscriber.subscribe(this.channel);
  }

  stop(): void {
    this.subscriber?.disconnect();
  }

  on(listener: RuleChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Acts on this node before answering (so the admin who saved sees the new rule on the next
   * read), then tells the others. Reloading twice is harmless.
   */
  async publish(change: RuleChange): Promise<void> {
    await this.emit(change);
    try {
      await this.publisher.publish(this.channel, JSON.stringify(change));
    } catch (error) {
      // The other nodes still pick the change up through the reference cache's periodic refresh.
      this.log.warn({ err: (error as Error).message, change }, 'could not publish a rule change');
    }
  }

  private async emit(change: RuleChange | { kind: 'resync'; version: null }): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(change);
      } catch (error) {
        this.log.warn({ err: (error as Error).message, kind: change.kind }, 'rule change listener failed');
      }
    }
  }
}

export function parseRuleChange(message: string): RuleChange | null {
  try {
    const v = JSON.parse(message) as Partial<RuleChange>;
    if (typeof v.kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(v.kind)) return null;
    return { kind: v.kind as RuleKind, version: typeof v.version === 'number' ? v.version : null };
  } catch {
    return null;
  }
}
