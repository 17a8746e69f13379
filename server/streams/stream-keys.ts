import type { EventKind } from '../../shared/events.ts';

/** Names of the Redis streams and their consumer groups. One stream per event kind. */
export function streamKeys(prefix: string) {
  return {
    stream: (kind: EventKind) => `${prefix}stream:${kind}`,
    group: 'processors',
    deadLetters: `${prefix}stream:dead-letters`,
    /** Hash entryId -> count of non-transient failures, for dead-lettering. */
    failures: (kind: EventKind) => `${prefix}stream:${kind}:failures`,
    /** Hash consumer name -> "host pid" of the process reading under it (server/processors/consumer-name.ts). */
    consumerNames: `${prefix}stream:consumer-names`,
    /** Short-lived marker of a process taking over a name from one dead holder ("host pid"). */
    consumerTakeover: (name: string, holder: string) => `${prefix}stream:consumer-names:takeover:${name}:${holder.replace(' ', ':')}`,
  };
}
export type StreamKeys = ReturnType<typeof streamKeys>;
