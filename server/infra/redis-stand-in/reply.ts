// What a command answers, before it is written as RESP2. Strings are "byte strings": every
// character is one byte (latin1), so binary values (the Socket.IO adapter publishes msgpack)
// pass through unchanged.
export class StatusReply {
  constructor(readonly value: string) {}
}

export class ReplyError extends Error {
  /** `message` is the whole error line, starting with its code (ERR, WRONGTYPE, NOGROUP, ...). */
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

/** A null array (`*-1`), which RESP2 distinguishes from a null bulk string (`$-1`). */
export const NULL_ARRAY: unique symbol = Symbol('null-array');

export type Reply = string | number | null | typeof NULL_ARRAY | StatusReply | ReplyError | Reply[];

export const OK = new StatusReply('OK');
export const QUEUED = new StatusReply('QUEUED');

export const errors = {
  wrongType: () => new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'),
  notInteger: () => new ReplyError('ERR value is not an integer or out of range'),
  notFloat: () => new ReplyError('ERR value is not a valid float'),
  syntax: () => new ReplyError('ERR syntax error'),
  arity: (name: string) => new ReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`),
  unknownCommand: (name: string) =>
    new ReplyError(`ERR unknown command '${name}' (Pantau's in-process Redis stand-in supports only what Pantau uses)`),
  unsupported: (what: string) =>
    new ReplyError(`ERR ${what} is not supported (Pantau's in-process Redis stand-in supports only what Pantau uses)`),
  invalidStreamId: () => new ReplyError('ERR Invalid stream ID specified as stream command argument'),
};

/** Strict integer parsing as Redis does it (no spaces, no '+', no leading zeros). */
export function parseInteger(s: string): number {
  if (!/^-?(0|[1-9][0-9]*)$/.test(s) || s === '-0') throw errors.notInteger();
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw errors.notInteger();
  return n;
}

export function parseFloatArg(s: string, error: () => ReplyError = errors.notFloat): number {
  const t = s.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/.test(t)) throw error();
  const n = Number(t);
  if (Number.isNaN(n)) throw error();
  return n;
}

/** Formats a double the way Redis 7 replies with one (shortest round-trip form, inf/-inf). */
export function formatDouble(n: number): string {
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** JS (UTF-16) string to byte string. */
export function toBytes(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/** Byte string to JS string, reading the bytes as UTF-8. */
export function fromBytes(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'latin1').toString('utf8');
}
