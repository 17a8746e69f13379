// EVAL, EVALSHA and SCRIPT, answered by the JS twins in the script registry.
import type { ClientState, CommandContext, CommandTable } from './command-types.ts';
import { errors, fromBytes, NULL_ARRAY, parseInteger, ReplyError, StatusReply, toBytes, type Reply } from './reply.ts';
import { findScript, scriptSha, ScriptCallError, type ScriptStore, type ScriptValue } from './script-registry.ts';

function toScriptValue(reply: Reply): ScriptValue {
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'string') return fromBytes(reply);
  if (reply === null || reply === NULL_ARRAY) return null;
  if (Array.isArray(reply)) return reply.map(toScriptValue);
  if (reply instanceof StatusReply) return { ok: reply.value };
  return { err: (reply as ReplyError).message };
}

function fromScriptValue(value: ScriptValue): Reply {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string') return toBytes(value);
  if (value === true) return 1;
  if (value === false || value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const out: Reply[] = [];
    for (const v of value) {
      if (v === undefined) break;
      out.push(fromScriptValue(v));
    }
    return out;
  }
  if ('err' in value) return new ReplyError(value.err);
  return new StatusReply(value.ok);
}

function argument(a: string | number): string {
  if (typeof a === 'number') {
    if (!Number.isFinite(a)) return a > 0 ? 'inf' : a < 0 ? '-inf' : 'nan';
    return String(a);
  }
  if (typeof a === 'string') return toBytes(a);
  throw new ScriptCallError('ERR Lua redis lib command arguments must be strings or integers');
}

function run(ctx: CommandContext, sha: string, numKeysText: string, rest: string[]): Reply {
  const script = findScript(sha);
  if (!script) {
    return new ReplyError(
      `ERR Pantau's in-process Redis stand-in cannot run this Lua script (sha1 ${sha}): it runs scripts only through JS twins registered with registerScriptImplementation() in server/infra/redis-stand-in/`,
    );
  }
  let numKeys: number;
  try {
    numKeys = parseInteger(numKeysText);
  } catch {
    throw errors.notInteger();
  }
  if (numKeys < 0) throw new ReplyError("ERR Number of keys can't be negative");
  if (numKeys > rest.length) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  const keys = rest.slice(0, numKeys).map(fromBytes);
  const args = rest.slice(numKeys).map(fromBytes);
  // Scripts run as a pseudo-client: SELECT inside a script does not change the caller's database.
  const scriptClient: ClientState = {
    id: ctx.client.id,
    name: ctx.client.name,
    db: ctx.client.db,
    channels: new Set<string>(),
    patterns: new Set<string>(),
    push: () => {
      throw new Error('scripts cannot send out-of-band replies');
    },
    closeAfterReplies: () => {},
  };
  const invoke = (command: string, callArgs: (string | number)[]): Reply =>
    ctx.engine.runInScript(scriptClient, [toBytes(command), ...callArgs.map(argument)]);
  const store: ScriptStore = {
    call(command, ...callArgs) {
      const reply = invoke(command, callArgs);
      if (reply instanceof ReplyError) throw new ScriptCallError(reply.message);
      return toScriptValue(reply);
    },
    pcall(command, ...callArgs) {
      try {
        return toScriptValue(invoke(command, callArgs));
      } catch (error) {
        return { err: (error as Error).message };
      }
    },
  };
  try {
    return fromScriptValue(script.implementation(store, keys, args));
  } catch (error) {
    if (error instanceof ScriptCallError) return new ReplyError(`${error.message} script: ${script.sha}`);
    return new ReplyError(`ERR Error running script (call to f_${script.sha}): ${(error as Error).message}`);
  }
}

export const scriptCommands: CommandTable = {
  eval: {
    arity: -3,
    noScript: true,
    run: (ctx, [source, numKeys, ...rest]) => {
      const sha = scriptSha(Buffer.from(source, 'latin1'));
      const reply = run(ctx, sha, numKeys, rest);
      if (findScript(sha)) ctx.engine.loadedScripts.add(sha);
      return reply;
    },
  },
  evalsha: {
    arity: -3,
    noScript: true,
    run: (ctx, [sha, numKeys, ...rest]) => {
      const lower = sha.toLowerCase();
      if (!ctx.engine.loadedScripts.has(lower)) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
      return run(ctx, lower, numKeys, rest);
    },
  },
  script: {
    arity: -2,
    noScript: true,
    run: (ctx, [sub, ...rest]) => {
      const op = sub.toUpperCase();
      if (op === 'LOAD') {
        if (rest.length !== 1) throw errors.arity('script|load');
        const sha = scriptSha(Buffer.from(rest[0], 'latin1'));
        if (!findScript(sha)) {
          throw new ReplyError(
            `ERR Pantau's in-process Redis stand-in cannot load this Lua script (sha1 ${sha}): register a JS twin with registerScriptImplementation()`,
          );
        }
        ctx.engine.loadedScripts.add(sha);
        return sha;
      }
      if (op === 'EXISTS') return rest.map((sha) => (ctx.engine.loadedScripts.has(sha.toLowerCase()) ? 1 : 0));
      if (op === 'FLUSH') {
        ctx.engine.loadedScripts.clear();
        return new StatusReply('OK');
      }
      throw errors.unsupported(`SCRIPT ${op}`);
    },
  },
};
