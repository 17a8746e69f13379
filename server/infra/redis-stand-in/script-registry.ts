// The stand-in runs no Lua. Each Lua script Pantau sends has a JS twin registered here under the
// script's SHA1; EVAL / EVALSHA run the twin. A new Lua script needs a twin next to it (see
// live-state-scripts.ts) or the stand-in answers EVAL with an error naming the script.
import { createHash } from 'node:crypto';

/** What a twin returns, mirroring Lua's conversions: number -> integer (truncated),
 * string -> bulk, null/false -> nil, true -> 1, array -> array (stops at `undefined`, like a Lua
 * nil), {ok} -> status reply, {err} -> error reply. */
export type ScriptValue = number | string | boolean | null | undefined | ScriptValue[] | { ok: string } | { err: string };

/** Raised by `store.call` when the command failed, like `redis.call` raising a Lua error. */
export class ScriptCallError extends Error {}

/**
 * What a twin gets instead of `redis`: `call` is `redis.call` (throws on an error reply),
 * `pcall` is `redis.pcall` (returns `{ err }`). Replies arrive as Lua would see them: integers as
 * numbers, bulk strings as strings (UTF-8), nil as null (Lua false), status as `{ ok }`.
 * Arguments may be strings or numbers (numbers are formatted as Redis formats Lua numbers).
 */
export interface ScriptStore {
  call(command: string, ...args: (string | number)[]): ScriptValue;
  pcall(command: string, ...args: (string | number)[]): ScriptValue;
}

/** KEYS and ARGV as strings (UTF-8). */
export type ScriptImplementation = (store: ScriptStore, keys: string[], args: string[]) => ScriptValue;

interface RegisteredScript {
  sha: string;
  firstLine: string;
  implementation: ScriptImplementation;
}

const scripts = new Map<string, RegisteredScript>();

/** SHA1 of a script's bytes, as Redis and ioredis compute it. */
export function scriptSha(source: string | Buffer): string {
  return createHash('sha1')
    .update(typeof source === 'string' ? Buffer.from(source, 'utf8') : source)
    .digest('hex');
}

/**
 * Registers the JS twin of a Lua script. Pass the exact Lua source the code sends (import the
 * constant), so the SHA1 matches; registering the same source again replaces the twin.
 */
export function registerScriptImplementation(lua: string, implementation: ScriptImplementation): string {
  const sha = scriptSha(lua);
  const firstLine = lua.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
  scripts.set(sha, { sha, firstLine, implementation });
  return sha;
}

export function findScript(sha: string): RegisteredScript | undefined {
  return scripts.get(sha.toLowerCase());
}
