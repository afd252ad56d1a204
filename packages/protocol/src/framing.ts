/**
 * NDJSON framing: one JSON-RPC message per line, UTF-8. Pure: no sockets here.
 */
import { MAX_FRAME_BYTES } from "./limits.js";

const NEWLINE = 0x0a;
/** A chunk this long or longer is kept as it came; a shorter one is copied into a block. */
const COPY_BELOW = 4096;
/** Blocks small chunks are gathered in: 256 bytes at first, doubling up to 16 KiB. */
const MIN_BLOCK = 256;
const MAX_BLOCK = 16 * 1024;

export class FrameTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`frame exceeds ${limit} bytes`);
    this.name = "FrameTooLargeError";
  }
}

export class InvalidUtf8Error extends Error {
  constructor() {
    super("frame is not valid UTF-8");
    this.name = "InvalidUtf8Error";
  }
}

export function encodeFrame(message: unknown): string {
  // JSON.stringify never emits a raw newline, so a message is always one line.
  return `${JSON.stringify(message)}\n`;
}

/**
 * Incremental decoder: feed it chunks as they arrive, get back complete lines.
 * Throws FrameTooLargeError as soon as an unterminated frame passes the limit, so a client
 * that never sends a newline cannot make the daemon buffer without bound.
 *
 * An unfinished frame costs little more than its bytes, however it arrives. Chunks of 4 KiB or
 * more are kept as they came (an object of a few hundred bytes per 4 KiB at worst); shorter
 * ones are copied into blocks of their own (256 bytes, doubling up to 16 KiB): a client
 * writing one byte at a time would otherwise pin a chunk object and its backing store, some
 * 300 bytes, per byte. Nothing is copied twice.
 */
export class FrameDecoder {
  /** The unfinished frame: kept chunks and filled blocks, in order; `block` goes after them. */
  private parts: Buffer[] = [];
  private block: Buffer | undefined;
  private blockUsed = 0;
  private length = 0;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true });

  constructor(private readonly limit = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): string[] {
    const frames: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const text = this.length === 0 ? this.decode(this.check(chunk.subarray(start, nl))) : this.take(chunk.subarray(start, nl));
      if (text.trim() !== "") frames.push(text);
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
    return frames;
  }

  /** Bytes held for an unterminated frame. */
  get buffered(): number {
    return this.length;
  }

  /** Bytes of memory held for it: what backs the kept chunks and the blocks. */
  get capacity(): number {
    return this.parts.reduce((sum, p) => sum + p.buffer.byteLength, 0) + (this.block?.length ?? 0);
  }

  /** Drop whatever is held: the connection is gone. */
  clear(): void {
    this.parts = [];
    this.block = undefined;
    this.blockUsed = 0;
    this.length = 0;
  }

  private check(part: Buffer): Buffer {
    if (part.length > this.limit) this.tooLarge();
    return part;
  }

  private tooLarge(): never {
    this.clear();
    throw new FrameTooLargeError(this.limit);
  }

  private append(part: Buffer): void {
    if (this.length + part.length > this.limit) this.tooLarge();
    this.length += part.length;
    if (part.length >= COPY_BELOW) {
      this.sealBlock();
      this.parts.push(part);
      return;
    }
    for (let from = 0; from < part.length; ) {
      if (this.block === undefined || this.blockUsed === this.block.length) {
        const size = Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, (this.block?.length ?? 0) * 2));
        this.sealBlock();
        // allocUnsafeSlow: memory of its own, not a slice of the shared pool that a tiny
        // buffer would keep alive; every byte up to `blockUsed` is written before it is read
        this.block = Buffer.allocUnsafeSlow(size);
      }
      const copied = part.copy(this.block, this.blockUsed, from);
      this.blockUsed += copied;
      from += copied;
    }
  }

  /** The block being filled joins the parts: what follows goes after it. */
  private sealBlock(): void {
    if (this.block !== undefined && this.blockUsed > 0) this.parts.push(this.block.subarray(0, this.blockUsed));
    this.block = undefined;
    this.blockUsed = 0;
  }

  /** The held bytes followed by `tail`: one finished frame, decoded. */
  private take(tail: Buffer): string {
    if (this.length + tail.length > this.limit) this.tooLarge();
    this.sealBlock();
    const parts = this.parts;
    this.clear();
    try {
      // a character split between parts is completed by the next one (stream mode)
      const pieces = parts.map((p) => this.utf8.decode(p, { stream: true }));
      pieces.push(this.utf8.decode(tail));
      return pieces.join("").replace(/\r$/, "");
    } catch {
      this.utf8.decode(); // forget a partial character
      throw new InvalidUtf8Error();
    }
  }

  private decode(bytes: Buffer): string {
    try {
      return this.utf8.decode(bytes).replace(/\r$/, "");
    } catch {
      throw new InvalidUtf8Error();
    }
  }
}
