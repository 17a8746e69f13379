import type { EventKind } from '../../shared/events.ts';

/** Names of the Redis streams and their consumer groups. One stream per event kind. */
export function streamKeys(prefix: string) {
  return {
    stream: (kind: EventKind) => `${prefix}stream:${kind}`,
    group: 'processors',
    deadLetters: `${prefix}stream:dead-letters`,
    /** Hash entryId -> count of non-transient failures, for dead-lettering. */
    failures: (kind: EventKind) => `${prefix}stream:${kind}:failures`,
  };
}
export type StreamKeys = ReturnType<typeof streamKeys>;
