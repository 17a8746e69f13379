// When a screen may say LIVE. LIVE means "data from a working pipeline within the last few
// seconds" (shared/protocol.ts): a connected socket alone proves nothing, since a server whose
// Redis died, or whose process is paused, keeps its sockets open. Pure: the store passes the
// facts and the time, and every rule is unit-tested.
import { LIVE_WITHIN_MS } from '../../../shared/protocol.ts';

/**
 * - connecting: no data yet, waiting for the server;
 * - live: in sync, and the server said its pipeline works within LIVE_WITHIN_MS;
 * - stale: connected, but the server says its pipeline does not work, or has said nothing for
 *   too long: the data on screen is as of the last word;
 * - reconnecting: the connection is gone (or back but not in sync yet); the data stays on screen.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'stale' | 'reconnecting';

export interface LivenessFacts {
  /** The socket is connected. */
  connected: boolean;
  /** The screen holds a state (from this connection or an earlier one). */
  hasData: boolean;
  /** A snapshot arrived on this connection: what the screen holds is the server's state. */
  inSync: boolean;
  /** Client time (ms) of the last word from the server on this connection (snapshot, delta, keepalive); null before the first. */
  heardAt: number | null;
  /** What that word said about the server's pipeline (a snapshot or delta says it works); null before the first. */
  pipelineOk: boolean | null;
}

export function judgeLiveness(facts: LivenessFacts, now: number): ConnectionStatus {
  if (!facts.connected) return facts.hasData ? 'reconnecting' : 'connecting';
  if (facts.heardAt !== null && (facts.pipelineOk === false || now - facts.heardAt > LIVE_WITHIN_MS)) return 'stale';
  if (!facts.inSync) return facts.hasData ? 'reconnecting' : 'connecting';
  return 'live';
}
