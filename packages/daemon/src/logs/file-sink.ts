import { EventEmitter } from "node:events";
import { close, fstat, open, read, rename, rm, write, writev } from "node:fs";
import { promisify } from "node:util";
import { backupNames, backupRenames, bytesThatFit } from "./rotation.js";
import { FailureReporter, HIGH_WATER, LOW_WATER, type Sink } from "./sink.js";

const openP = promisify(open);
const closeP = promisify(close);
const fstatP = promisify(fstat);
const readP = promisify(read);
const writeP = promisify(write);
const writevP = promisify(writev);
const renameP = promisify(rename);
const rmP = promisify(rm);

/**
 * Bytes copied into one buffer and handed to the thread pool as one write(2). Under a flood a
 * write takes whatever arrived while the one before it ran, up to this; a quiet program's line
 * goes out at once, alone.
 */
export const BATCH = 256 * 1024;
/**
 * The longest line kept whole across a rotation. Within this many bytes of maxbytes a partial
 * last line is held back until its newline arrives (or a flush, or its pipe ends), so a write
 * that happens to end mid-line never leaves the rest of that line for the next file.
 */
export const LINE_HOLD = 64 * 1024;
/** How long a partial line is held back at most when no more output comes (a prompt, a program that hangs mid-line). */
export const HOLD_MS = 1000;
/** Batch buffers kept for reuse, shared by every file: a flood, or lines, reuse them instead of allocating. */
const SPARE_BATCHES = 6;
const spare: Buffer[] = [];

const takeBuffer = () => spare.pop() ?? Buffer.allocUnsafeSlow(BATCH);
const giveBack = (buf: Buffer) => {
  if (spare.length < SPARE_BATCHES) spare.push(buf);
};

/** Bytes waiting in one buffer; sealed once its write has started (later bytes go to the next). */
type Batch = { buf: Buffer; len: number; sealed: boolean };
type Op = () => Promise<void>;
type Item = Batch | Op;

export type FileSinkOptions = { path: string; maxbytes: number; backups: number; what: string; onError: (message: string) => void };

/**
 * A log file written off the event loop: chunks are copied into batch buffers that the thread
 * pool writes one at a time, rotation cuts a batch where the file is full, and reopen/clear/tail
 * run in the same queue, so each sees exactly the bytes accepted before it. Non-regular files
 * (FIFOs, character devices such as /dev/null or /dev/full) are written without rotation.
 */
export class FileSink extends EventEmitter implements Sink {
  readonly path: string;
  private fd: number | null = null;
  private size = 0;
  /** A regular file: readable for tail, and rotated when maxbytes > 0. */
  private regular = false;
  private rotates = false;
  private closed = false;
  private readonly items: Item[] = [];
  private queued = 0;
  private pumping = false;
  /** A partial last line held back near maxbytes (LINE_HOLD): the start of the next write. */
  private held: Buffer | null = null;
  private holdTimer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private wantsDrain = false;
  private readonly reporter: FailureReporter;

  constructor(private readonly opts: FileSinkOptions) {
    super();
    this.setMaxListeners(0);
    this.path = opts.path;
    this.reporter = new FailureReporter(opts.what, opts.onError);
  }

  write(chunk: Buffer): boolean {
    if (this.closed || chunk.length === 0) return true;
    for (let at = 0; at < chunk.length; ) {
      const batch = this.openBatch();
      const n = chunk.copy(batch.buf, batch.len, at);
      batch.len += n;
      at += n;
    }
    this.queued += chunk.length;
    this.schedulePump();
    if (this.queued < HIGH_WATER) return true;
    this.wantsDrain = true;
    return false;
  }

  flush(): Promise<void> {
    return this.enqueue(() => this.writeHeld());
  }

  reopen(): void {
    void this.enqueue(async () => {
      await this.closeFile();
      await this.openFile();
    });
  }

  readTail(bytes: number): Promise<{ data: Buffer; size: number }> {
    let result = { data: Buffer.alloc(0), size: 0 };
    return this.enqueue(async () => {
      if (this.fd === null) await this.openFile();
      if (this.fd === null || !this.regular) return;
      const start = Math.max(0, this.size - bytes);
      const data = Buffer.alloc(this.size - start);
      const fd = await openP(this.path, "r");
      try {
        const { bytesRead } = await readP(fd, data, 0, data.length, start);
        // a partial line held back (LINE_HOLD) is part of the log already, though not of the file yet
        const held = this.held ?? Buffer.alloc(0);
        const all = Buffer.concat([data.subarray(0, bytesRead), held]);
        result = { data: all.subarray(Math.max(0, all.length - bytes)), size: this.size + held.length };
      } finally {
        await closeP(fd);
      }
    }).then(() => result);
  }

  clear(): Promise<void> {
    return this.enqueue(async () => {
      await this.closeFile();
      for (const f of [this.path, ...backupNames(this.path, this.opts.backups)]) await rmP(f, { force: true }).catch(() => {});
      await this.openFile();
    });
  }

  async close(): Promise<void> {
    await this.enqueue(async () => {
      await this.writeHeld();
      await this.closeFile();
    });
    this.closed = true;
  }

  /** The batch that takes the next bytes: the last one queued while it is unsealed and has room, else a new one. */
  private openBatch(): Batch {
    const last = this.items[this.items.length - 1];
    if (last !== undefined && typeof last !== "function" && !last.sealed && last.len < last.buf.length) return last;
    const batch = { buf: takeBuffer(), len: 0, sealed: false };
    this.items.push(batch);
    return batch;
  }

  private enqueue(op: Op): Promise<void> {
    return new Promise((resolve, reject) => {
      this.items.push(() => op().then(resolve, reject));
      this.pump();
    });
  }

  /**
   * Start the writer after the reads of this turn of the event loop: the chunks of one
   * burst go out in one write, not one write each.
   */
  private schedulePump(): void {
    if (this.pumping || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** The one writer: batches and operations in order, one at a time. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      for (let first = this.items[0]; first !== undefined; first = this.items[0]) {
        if (typeof first === "function") {
          this.items.shift();
          await first().catch(() => {});
          continue;
        }
        const batches = this.leadingBatches();
        if (batches.length > 1 && this.fitsWhole(batches)) await this.writeAll(batches.map((b) => b.buf.subarray(0, b.len)));
        else {
          batches.length = 1;
          await this.writeBatch(first.buf.subarray(0, first.len));
        }
        for (const b of batches) {
          this.items.shift();
          giveBack(b.buf);
          this.queued -= b.len;
        }
        if (this.wantsDrain && this.queued < LOW_WATER) {
          this.wantsDrain = false;
          this.emit("drain");
        }
      }
      this.pumping = false;
      this.limitHold();
    })();
  }

  /**
   * The batches at the head of the queue, up to the first operation, sealed: under a flood
   * several wait while one is written, and they go out together in one writev(2), one trip to
   * the thread pool instead of one each.
   */
  private leadingBatches(): Batch[] {
    const batches: Batch[] = [];
    for (const item of this.items) {
      if (typeof item === "function") break;
      item.sealed = true;
      batches.push(item);
    }
    return batches;
  }

  /** Batches that can go out as they are: nothing held back, and no rotation or line hold near. */
  private fitsWhole(batches: readonly Batch[]): boolean {
    if (this.fd === null || this.held !== null) return false;
    if (!this.rotates) return true;
    const bytes = batches.reduce((sum, b) => sum + b.len, 0);
    return this.size + bytes <= this.opts.maxbytes - LINE_HOLD;
  }

  /** A line held back for HOLD_MS with nothing after it goes out as it is. */
  private limitHold(): void {
    if (this.held === null || this.holdTimer !== undefined) return;
    const held = this.held;
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      if (this.held === held) void this.flush();
      else this.limitHold();
    }, HOLD_MS);
    this.holdTimer.unref();
  }

  /**
   * Write a batch after the line held back from the one before, cutting it where the file is
   * full and rotating there. `hold`: near maxbytes, keep a partial last line for the next write.
   */
  private async writeBatch(batch: Buffer, hold = true): Promise<void> {
    let data = this.held ? Buffer.concat([this.held, batch]) : batch;
    this.held = null;
    while (data.length > 0) {
      if (this.fd === null) await this.openFile();
      if (this.fd === null) return; // reported; the bytes are dropped
      if (hold && this.rotates && this.held === null) data = this.holdPartialLine(data);
      const n = this.rotates ? bytesThatFit(this.size, this.opts.maxbytes, data) : data.length;
      if (n > 0 && !(await this.writeAll(data.subarray(0, n)))) return;
      data = data.subarray(n);
      // rotate only when a byte does not fit, so a file that is exactly full stays live
      if (data.length > 0) await this.rotate();
    }
  }

  /** Out with the partial line held back, if any (flush, close). */
  private async writeHeld(): Promise<void> {
    if (this.held) await this.writeBatch(Buffer.alloc(0), false);
  }

  /** `data` without the partial line it ends with, now held, when that line could meet maxbytes. */
  private holdPartialLine(data: Buffer): Buffer {
    if (this.size + data.length <= this.opts.maxbytes - LINE_HOLD || data[data.length - 1] === 0x0a) return data;
    const start = data.lastIndexOf(0x0a) + 1;
    if (data.length - start > LINE_HOLD) return data; // longer than what is held: written as it comes
    this.held = Buffer.from(data.subarray(start));
    return data.subarray(0, start);
  }

  /** False when writing failed (reported): the rest of the bytes are dropped. */
  private async writeAll(data: Buffer | Buffer[]): Promise<boolean> {
    try {
      for (let parts = Array.isArray(data) ? data : [data]; parts.length > 0; ) {
        const bytesWritten =
          parts.length === 1
            ? (await writeP(this.fd as number, parts[0] as Buffer, 0, (parts[0] as Buffer).length, null)).bytesWritten
            : (await writevP(this.fd as number, parts)).bytesWritten;
        this.size += bytesWritten;
        parts = after(parts, bytesWritten);
      }
      this.reporter.succeeded();
      return true;
    } catch (e) {
      this.reporter.failed(e);
      return false;
    }
  }

  /** name.log.(N-1) → .N … name.log → .1, then a fresh name.log (supervisord's order). */
  private async rotate(): Promise<void> {
    await this.closeFile();
    this.size = 0;
    try {
      if (this.opts.backups > 0) {
        for (const [from, to] of backupRenames(this.path, this.opts.backups)) {
          await renameP(from, to).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== "ENOENT") throw e;
          });
        }
      } else {
        await rmP(this.path, { force: true });
      }
    } catch (e) {
      this.reporter.failed(e);
    }
    await this.openFile();
    // the renames failed and the old file is back: keep appending to it rather than spin
    if (this.size >= this.opts.maxbytes) this.rotates = false;
  }

  private async openFile(): Promise<void> {
    try {
      const fd = await openP(this.path, "a");
      const st = await fstatP(fd);
      this.fd = fd;
      this.regular = st.isFile();
      this.rotates = this.regular && this.opts.maxbytes > 0;
      this.size = st.isFile() ? st.size : 0;
    } catch (e) {
      this.fd = null;
      this.reporter.failed(e);
    }
  }

  private async closeFile(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) await closeP(fd).catch(() => {});
  }
}

/** What is left of `parts` once their first `n` bytes went out (a short write). */
export function after(parts: readonly Buffer[], n: number): Buffer[] {
  let skip = n;
  const rest: Buffer[] = [];
  for (const part of parts) {
    if (skip >= part.length) skip -= part.length;
    else {
      rest.push(skip > 0 ? part.subarray(skip) : part);
      skip = 0;
    }
  }
  return rest;
}
