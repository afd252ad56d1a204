import { EventEmitter } from "node:events";
import { close, fstat, open, read, rename, rm, writev } from "node:fs";
import { promisify } from "node:util";
import { backupNames, backupRenames, bytesThatFit } from "./rotation.js";
import { FailureReporter, HIGH_WATER, LOW_WATER, type Sink } from "./sink.js";

const openP = promisify(open);
const closeP = promisify(close);
const fstatP = promisify(fstat);
const readP = promisify(read);
const writevP = promisify(writev);
const renameP = promisify(rename);
const rmP = promisify(rm);

/** Biggest batch handed to one writev: big enough to keep up, small enough to keep rotation exact. */
const MAX_BATCH = 8 * 1024 * 1024;

type Op = () => Promise<void>;
type Item = Buffer | Op;

export type FileSinkOptions = { path: string; maxbytes: number; backups: number; what: string; onError: (message: string) => void };

/**
 * A log file written off the event loop: writes are queued and handed to the thread pool in
 * batches (writev), rotation happens between batches, and reopen/clear/tail run in the same
 * queue, so each sees exactly the bytes accepted before it. Non-regular files (FIFOs,
 * character devices such as /dev/null or /dev/full) are written without rotation.
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
    this.items.push(chunk);
    this.queued += chunk.length;
    this.pump();
    if (this.queued < HIGH_WATER) return true;
    this.wantsDrain = true;
    return false;
  }

  flush(): Promise<void> {
    return this.enqueue(async () => {});
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
        result = { data: data.subarray(0, bytesRead), size: this.size };
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
    await this.enqueue(() => this.closeFile());
    this.closed = true;
  }

  private enqueue(op: Op): Promise<void> {
    return new Promise((resolve, reject) => {
      this.items.push(() => op().then(resolve, reject));
      this.pump();
    });
  }

  /** The one writer: takes runs of chunks as batches, and operations one at a time. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      while (this.items.length > 0) {
        const first = this.items[0];
        if (typeof first === "function") {
          this.items.shift();
          await first().catch(() => {});
          continue;
        }
        const batch: Buffer[] = [];
        let bytes = 0;
        while (this.items.length > 0 && Buffer.isBuffer(this.items[0]) && bytes < MAX_BATCH) {
          const b = this.items.shift() as Buffer;
          batch.push(b);
          bytes += b.length;
        }
        await this.writeBatch(batch);
        this.queued -= bytes;
        if (this.wantsDrain && this.queued < LOW_WATER) {
          this.wantsDrain = false;
          this.emit("drain");
        }
      }
      this.pumping = false;
    })();
  }

  /** Write a batch, cutting it where the file is full and rotating there. */
  private async writeBatch(chunks: Buffer[]): Promise<void> {
    if (this.fd === null) await this.openFile();
    if (this.fd === null) return; // reported; the bytes are dropped
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (let chunk of chunks) {
      while (chunk.length > 0) {
        const n = this.rotates ? bytesThatFit(this.size + pendingBytes, this.opts.maxbytes, chunk) : chunk.length;
        if (n > 0) {
          pending.push(chunk.subarray(0, n));
          pendingBytes += n;
          chunk = chunk.subarray(n);
        }
        // rotate only when a byte does not fit, so a file that is exactly full stays live
        if (chunk.length > 0) {
          await this.writeOut(pending);
          pending = [];
          pendingBytes = 0;
          await this.rotate();
          if (this.fd === null) return; // the new file cannot be opened (reported): drop the rest
        }
      }
    }
    await this.writeOut(pending);
  }

  private async writeOut(chunks: Buffer[]): Promise<void> {
    if (chunks.length === 0 || this.fd === null) return;
    try {
      const { bytesWritten } = await writevP(this.fd, chunks);
      this.size += bytesWritten;
      this.reporter.succeeded();
    } catch (e) {
      this.reporter.failed(e);
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
