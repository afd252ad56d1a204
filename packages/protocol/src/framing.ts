/**
 * NDJSON framing: one JSON-RPC message per line, UTF-8. Pure: no sockets here.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

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
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true });

  constructor(private readonly limit = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): string[] {
    const frames: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      this.append(chunk.subarray(start, nl));
      const line = this.take();
      if (line.trim() !== "") frames.push(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
    return frames;
  }

  /** Bytes held for an unterminated frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.pendingBytes += part.length;
    if (this.pendingBytes > this.limit) {
      this.pending = [];
      this.pendingBytes = 0;
      throw new FrameTooLargeError(this.limit);
    }
    this.pending.push(part);
  }

  private take(): string {
    const bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (bytes === undefined) return "";
    try {
      return this.utf8.decode(bytes).replace(/\r$/, "");
    } catch {
      throw new InvalidUtf8Error();
    }
  }
}
