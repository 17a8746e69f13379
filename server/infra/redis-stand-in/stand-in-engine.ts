// The command processor behind the stand-in's socket: dispatch, MULTI/EXEC, blocked stream
// readers, pub/sub fan-out, expiry sweeps. Single-threaded JS makes each command (and each
// EXEC or script as a whole) atomic, as Redis' single thread does.
import {
  isBlockRequest,
  NO_REPLY,
  type BlockRequest,
  type ClientState,
  type CommandContext,
  type CommandResult,
  type CommandSpec,
  type CommandTable,
  type EngineApi,
} from './command-types.ts';
import { connectionCommands, DATABASE_COUNT } from './connection-commands.ts';
import { globMatch } from './glob-pattern.ts';
import { Keyspace } from './keyspace.ts';
import { keyspaceCommands } from './keyspace-commands.ts';
import { errors, OK, QUEUED, ReplyError, type Reply } from './reply.ts';
import { scriptCommands } from './script-commands.ts';
import { sortedSetCommands } from './sorted-set-commands.ts';
import { streamCommands } from './stream-commands.ts';

interface Waiter {
  client: ClientState;
  db: number;
  request: BlockRequest;
  timer: NodeJS.Timeout | null;
  onUnblock: () => void;
  done: boolean;
}

interface Transaction {
  queue: string[][];
  failed: boolean;
}

export interface EngineOptions {
  clock?: () => number;
  /** The TCP port, for INFO. */
  port?: () => number | null;
  sweepEveryMs?: number;
}

export class StandInEngine implements EngineApi {
  readonly databases: Keyspace[];
  readonly loadedScripts = new Set<string>();
  readonly clock: () => number;
  private readonly table: CommandTable;
  private readonly connected = new Set<ClientState>();
  private readonly channelSubs = new Map<string, Set<ClientState>>();
  private readonly patternSubs = new Map<string, Set<ClientState>>();
  private readonly waitersByKey = new Map<string, Waiter[]>();
  private readonly waiterOf = new Map<ClientState, Waiter>();
  private readonly transactions = new Map<ClientState, Transaction>();
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(options: EngineOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.databases = Array.from({ length: DATABASE_COUNT }, () => new Keyspace(this.clock));
    this.table = {
      ...keyspaceCommands,
      ...sortedSetCommands,
      ...streamCommands,
      ...scriptCommands,
      ...connectionCommands(options.port ?? (() => null)),
    };
    this.sweepTimer = setInterval(() => this.sweep(), options.sweepEveryMs ?? 1000);
    this.sweepTimer.unref();
  }

  /** Names of the commands the stand-in answers (besides MULTI, EXEC, DISCARD). */
  commandNames(): string[] {
    return Object.keys(this.table).sort();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    for (const w of this.waiterOf.values()) if (w.timer) clearTimeout(w.timer);
    this.waiterOf.clear();
    this.waitersByKey.clear();
  }

  // --- clients ---

  clients(): Iterable<ClientState> {
    return this.connected;
  }

  addClient(client: ClientState): void {
    this.connected.add(client);
  }

  removeClient(client: ClientState): void {
    this.connected.delete(client);
    for (const ch of [...client.channels]) this.unsubscribe(client, ch);
    for (const p of [...client.patterns]) this.punsubscribe(client, p);
    this.transactions.delete(client);
    const w = this.waiterOf.get(client);
    if (w) this.finishWaiter(w);
  }

  // --- commands ---

  /**
   * Runs one command received from `client`. Replies go through `client.push`. Returns true when
   * the client is now blocked; `onUnblock` is called once it has been answered.
   */
  handle(client: ClientState, args: string[], onUnblock: () => void): boolean {
    const name = args[0].toLowerCase();
    const tx = this.transactions.get(client);
    if (tx) {
      this.handleInTransaction(client, tx, name, args);
      return false;
    }
    if (name === 'multi') {
      this.transactions.set(client, { queue: [], failed: false });
      client.push(OK);
      return false;
    }
    if (name === 'exec' || name === 'discard') {
      client.push(new ReplyError(`ERR ${name.toUpperCase()} without MULTI`));
      return false;
    }
    const spec = this.table[name];
    const problem = this.validate(name, spec, args);
    if (problem) {
      client.push(problem);
      return false;
    }
    if (client.channels.size + client.patterns.size > 0 && !spec.allowedWhileSubscribed) {
      client.push(
        new ReplyError(
          `ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
        ),
      );
      return false;
    }
    const result = this.execute(spec, this.context(client, true, false), args);
    if (isBlockRequest(result)) this.block(client, result, onUnblock);
    else if (result !== NO_REPLY) client.push(result);
    this.serveReadyKeys();
    return this.waiterOf.has(client);
  }

  private handleInTransaction(client: ClientState, tx: Transaction, name: string, args: string[]): void {
    if (name === 'exec') {
      this.transactions.delete(client);
      if (tx.failed) {
        client.push(new ReplyError('EXECABORT Transaction discarded because of previous errors.'));
        return;
      }
      const replies: Reply[] = [];
      for (const queued of tx.queue) {
        const spec = this.table[queued[0].toLowerCase()];
        const result = this.execute(spec, this.context(client, false, false), queued);
        replies.push(isBlockRequest(result) || result === NO_REPLY ? null : result);
      }
      client.push(replies);
      this.serveReadyKeys();
      return;
    }
    if (name === 'discard') {
      this.transactions.delete(client);
      client.push(OK);
      return;
    }
    if (name === 'multi') {
      client.push(new ReplyError('ERR MULTI calls can not be nested'));
      return;
    }
    if (name === 'quit') {
      this.transactions.delete(client);
      client.push(OK);
      client.closeAfterReplies();
      return;
    }
    const spec = this.table[name];
    const problem =
      this.validate(name, spec, args) ?? (spec.noMulti ? new ReplyError('ERR Command not allowed inside a transaction') : null);
    if (problem) {
      tx.failed = true;
      client.push(problem);
      return;
    }
    tx.queue.push(args);
    client.push(QUEUED);
  }

  runInScript(client: ClientState, args: string[]): Reply {
    const name = args[0]?.toLowerCase() ?? '';
    const spec = this.table[name];
    const problem = this.validate(name, spec, args);
    if (problem) return problem;
    if (spec.noScript) return new ReplyError('ERR This Redis command is not allowed from script');
    const result = this.execute(spec, this.context(client, false, true), args);
    return isBlockRequest(result) || result === NO_REPLY ? null : result;
  }

  private validate(name: string, spec: CommandSpec | undefined, args: string[]): ReplyError | null {
    const original = args[0] ?? name;
    if (!spec || !Object.hasOwn(this.table, name)) return errors.unknownCommand(original);
    const ok = spec.arity > 0 ? args.length === spec.arity : args.length >= -spec.arity;
    return ok ? null : errors.arity(name);
  }

  private context(client: ClientState, mayBlock: boolean, inScript: boolean): CommandContext {
    return { engine: this, client, db: this.databases[client.db], now: this.clock(), mayBlock, inScript };
  }

  private execute(spec: CommandSpec, ctx: CommandContext, args: string[]): CommandResult {
    try {
      return spec.run(ctx, args.slice(1));
    } catch (error) {
      if (error instanceof ReplyError) return error;
      return new ReplyError(`ERR stand-in internal error in '${args[0]}': ${(error as Error).message}`);
    }
  }

  // --- blocking ---

  private block(client: ClientState, request: BlockRequest, onUnblock: () => void): void {
    const w: Waiter = { client, db: client.db, request, timer: null, onUnblock, done: false };
    for (const key of request.keys) {
      const id = waiterKey(w.db, key);
      const list = this.waitersByKey.get(id) ?? [];
      list.push(w);
      this.waitersByKey.set(id, list);
    }
    this.waiterOf.set(client, w);
    if (request.timeoutMs > 0) w.timer = setTimeout(() => this.answer(w, request.timeoutReply), request.timeoutMs);
  }

  private answer(w: Waiter, reply: Reply): void {
    if (w.done) return;
    this.finishWaiter(w);
    w.client.push(reply);
    w.onUnblock();
  }

  private finishWaiter(w: Waiter): void {
    w.done = true;
    if (w.timer) clearTimeout(w.timer);
    this.waiterOf.delete(w.client);
    for (const key of w.request.keys) {
      const id = waiterKey(w.db, key);
      const list = this.waitersByKey.get(id);
      if (!list) continue;
      const rest = list.filter((x) => x !== w);
      if (rest.length) this.waitersByKey.set(id, rest);
      else this.waitersByKey.delete(id);
    }
  }

  /** After a command: blocked readers of streams that got entries (or vanished) try again, oldest first. */
  private serveReadyKeys(): void {
    for (let db = 0; db < this.databases.length; db++) {
      const ready = this.databases[db].readyKeys;
      while (ready.size) {
        const keys = [...ready];
        ready.clear();
        if (this.waitersByKey.size === 0) continue;
        for (const key of keys) {
          for (const w of [...(this.waitersByKey.get(waiterKey(db, key)) ?? [])]) {
            if (w.done) continue;
            let reply: Reply | null;
            try {
              reply = w.request.retry(this.context(w.client, false, false));
            } catch (error) {
              reply = error instanceof ReplyError ? error : new ReplyError(`ERR stand-in internal error: ${(error as Error).message}`);
            }
            if (reply !== null) this.answer(w, reply);
          }
        }
      }
    }
  }

  private sweep(): void {
    for (const db of this.databases) db.sweep();
    this.serveReadyKeys();
  }

  // --- pub/sub ---

  publish(channel: string, message: string): number {
    let receivers = 0;
    for (const c of this.channelSubs.get(channel) ?? []) {
      c.push(['message', channel, message]);
      receivers++;
    }
    for (const [pattern, clients] of this.patternSubs) {
      if (!globMatch(pattern, channel)) continue;
      for (const c of clients) {
        c.push(['pmessage', pattern, channel, message]);
        receivers++;
      }
    }
    return receivers;
  }

  subscribe(client: ClientState, channel: string): void {
    client.channels.add(channel);
    addTo(this.channelSubs, channel, client);
  }

  unsubscribe(client: ClientState, channel: string): void {
    client.channels.delete(channel);
    removeFrom(this.channelSubs, channel, client);
  }

  psubscribe(client: ClientState, pattern: string): void {
    client.patterns.add(pattern);
    addTo(this.patternSubs, pattern, client);
  }

  punsubscribe(client: ClientState, pattern: string): void {
    client.patterns.delete(pattern);
    removeFrom(this.patternSubs, pattern, client);
  }

  channelSubscribers(channel: string): number {
    return this.channelSubs.get(channel)?.size ?? 0;
  }

  activeChannels(): string[] {
    return [...this.channelSubs.keys()];
  }

  patternCount(): number {
    return this.patternSubs.size;
  }
}

function waiterKey(db: number, key: string): string {
  return `${db}\u0000${key}`;
}

function addTo(map: Map<string, Set<ClientState>>, name: string, client: ClientState): void {
  let set = map.get(name);
  if (!set) map.set(name, (set = new Set()));
  set.add(client);
}

function removeFrom(map: Map<string, Set<ClientState>>, name: string, client: ClientState): void {
  const set = map.get(name);
  if (!set) return;
  set.delete(client);
  if (set.size === 0) map.delete(name);
}

