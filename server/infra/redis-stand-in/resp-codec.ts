// RESP2 on the wire: splitting the client's byte stream into commands (multi-bulk as clients
// send them, and inline commands as typed into telnet), and writing replies.
import { NULL_ARRAY, ReplyError, StatusReply, type Reply } from './reply.ts';

const CR = 13;
const LF = 10;
/** Same limits as Redis, so a broken client cannot make the process allocate without bound. */
const MAX_BULK_BYTES = 512 * 1024 * 1024;
const MAX_INLINE_BYTES = 64 * 1024;

export class ProtocolError extends Error {}

export class RespParser {
  private buffer: Buffer = Buffer.alloc(0);
  private offset = 0;

  /** Adds received bytes; returns the complete commands (arguments as byte strings). */
  feed(chunk: Buffer): string[][] {
    this.buffer = this.offset < this.buffer.length ? Buffer.concat([this.buffer.subarray(this.offset), chunk]) : chunk;
    this.offset = 0;
    const commands: string[][] = [];
    for (;;) {
      const start = this.offset;
      const command = this.buffer[start] === 0x2a /* '*' */ ? this.multiBulk() : this.inline();
      if (command === undefined) {
        this.offset = start;
        break;
      }
      if (command.length) commands.push(command);
    }
    return commands;
  }

  private line(): string | undefined {
    const end = this.buffer.indexOf(LF, this.offset);
    if (end < 0) {
      if (this.buffer.length - this.offset > MAX_INLINE_BYTES) throw new ProtocolError('too big inline request');
      return undefined;
    }
    const stop = end > this.offset && this.buffer[end - 1] === CR ? end - 1 : end;
    const text = this.buffer.toString('latin1', this.offset, stop);
    this.offset = end + 1;
    return text;
  }

  private inline(): string[] | undefined {
    if (this.offset >= this.buffer.length) return undefined;
    const text = this.line();
    if (text === undefined) return undefined;
    return text.split(/[ \t]+/).filter((s) => s.length > 0);
  }

  private multiBulk(): string[] | undefined {
    this.offset += 1;
    const header = this.line();
    if (header === undefined) return undefined;
    const count = Number(header);
    if (!Number.isInteger(count) || count > 1024 * 1024) throw new ProtocolError('invalid multibulk length');
    const args: string[] = [];
    for (let i = 0; i < count; i++) {
      if (this.offset >= this.buffer.length) return undefined;
      if (this.buffer[this.offset] !== 0x24 /* '$' */) {
        throw new ProtocolError(`expected '$', got '${String.fromCharCode(this.buffer[this.offset])}'`);
      }
      this.offset += 1;
      const lenText = this.line();
      if (lenText === undefined) return undefined;
      const len = Number(lenText);
      if (!Number.isInteger(len) || len < 0 || len > MAX_BULK_BYTES) throw new ProtocolError('invalid bulk length');
      if (this.buffer.length < this.offset + len + 2) return undefined;
      args.push(this.buffer.toString('latin1', this.offset, this.offset + len));
      this.offset += len + 2;
    }
    return args;
  }
}

/** Appends the RESP2 encoding of `reply` to `out` (latin1 text, one char per byte). */
export function encodeReply(reply: Reply, out: string[]): void {
  if (typeof reply === 'string') {
    out.push(`$${reply.length}\r\n`, reply, '\r\n');
  } else if (typeof reply === 'number') {
    out.push(`:${Math.trunc(reply)}\r\n`);
  } else if (reply === null) {
    out.push('$-1\r\n');
  } else if (reply === NULL_ARRAY) {
    out.push('*-1\r\n');
  } else if (Array.isArray(reply)) {
    out.push(`*${reply.length}\r\n`);
    for (const r of reply) encodeReply(r, out);
  } else if (reply instanceof StatusReply) {
    out.push(`+${reply.value.replace(/[\r\n]/g, ' ')}\r\n`);
  } else if (reply instanceof ReplyError) {
    out.push(`-${reply.message.replace(/[\r\n]/g, ' ')}\r\n`);
  } else {
    throw new Error(`cannot encode reply ${String(reply)}`);
  }
}
