// The shapes shared by the engine and the command implementations.
import type { Keyspace } from './keyspace.ts';
import type { Reply } from './reply.ts';

/** A connected client as commands see it (also the pseudo-client a script runs as). */
export interface ClientState {
  readonly id: number;
  name: string | null;
  db: number;
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  /** Sends a reply or a pub/sub message to this client, in order. */
  push(reply: Reply): void;
  /** Closes the connection once the replies so far are written (QUIT). */
  closeAfterReplies(): void;
}

export interface EngineApi {
  readonly databases: Keyspace[];
  clock(): number;
  clients(): Iterable<ClientState>;
  publish(channel: string, message: string): number;
  subscribe(client: ClientState, channel: string): void;
  unsubscribe(client: ClientState, channel: string): void;
  psubscribe(client: ClientState, pattern: string): void;
  punsubscribe(client: ClientState, pattern: string): void;
  channelSubscribers(channel: string): number;
  activeChannels(): string[];
  patternCount(): number;
  /** Runs one command as part of a script (no blocking); errors come back as ReplyError values. */
  runInScript(client: ClientState, args: string[]): Reply;
  /** Script SHA1s EVALSHA accepts (loaded by EVAL or SCRIPT LOAD). */
  readonly loadedScripts: Set<string>;
}

export interface CommandContext {
  engine: EngineApi;
  client: ClientState;
  db: Keyspace;
  now: number;
  /** False inside MULTI/EXEC and scripts: blocking commands answer at once there, as in Redis. */
  mayBlock: boolean;
  inScript: boolean;
}

/** Returned by a command that must wait (XREADGROUP ... BLOCK). */
export interface BlockRequest {
  kind: 'block';
  keys: string[];
  /** 0 = forever. */
  timeoutMs: number;
  /** Tries again after one of the keys changed: a reply, or null to keep waiting. May throw ReplyError. */
  retry(ctx: CommandContext): Reply | null;
  timeoutReply: Reply;
}

/** The command wrote its replies itself (SUBSCRIBE answers once per channel). */
export const NO_REPLY: unique symbol = Symbol('no-reply');

export type CommandResult = Reply | BlockRequest | typeof NO_REPLY;

export interface CommandSpec {
  /** Redis convention: counts the command name; negative means "at least". */
  arity: number;
  run(ctx: CommandContext, args: string[]): CommandResult;
  /** Allowed while the connection is in RESP2 subscribed mode. */
  allowedWhileSubscribed?: boolean;
  /** Not allowed inside scripts (pub/sub subscriptions, transactions, scripts themselves). */
  noScript?: boolean;
  /** Rejected when queued in MULTI. */
  noMulti?: boolean;
}

export type CommandTable = Record<string, CommandSpec>;

export function isBlockRequest(r: CommandResult): r is BlockRequest {
  return typeof r === 'object' && r !== null && !Array.isArray(r) && (r as BlockRequest).kind === 'block';
}
