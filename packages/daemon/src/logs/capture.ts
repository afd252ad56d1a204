import { EventEmitter } from "node:events";
import { type OnReadOpts, Socket, type SocketConstructorOpts } from "node:net";
import type { Readable } from "node:stream";
import type { LinePrefixer } from "./line-prefixer.js";
import { ReadPacer, type Resize } from "./read-pacer.js";
import type { Sink } from "./sink.js";

/**
 * The read end of a pipe graced made for a child: its fd, how to change what the pipe holds, and
 * a stream's two events for whoever watches it besides the logs: "data" with each chunk read
 * (lent for the call only, as to a sink: a `log:` readiness check), and "close" once it has been
 * read to its end (the events hub waits for it).
 */
export class PipeEnd extends EventEmitter<{ data: [chunk: Buffer]; close: [] }> {
  constructor(
    readonly fd: number,
    readonly resize: Resize,
  ) {
    super();
  }
}
/** One of a child's outputs: a pipe's read end, or a stream (Node's socketpair, a test's). */
export type OutputEnd = PipeEnd | Readable;

/** Where one pipe of a child goes: sinks that may push back, plus a listener that may not. */
export type CaptureTargets = {
  sinks: Sink[];
  /** Container echo: whole lines only, prefixed. */
  echo?: { prefixer: LinePrefixer; sink: Sink };
  /** Every chunk, for `tail -f` subscribers; lent for the call only, like a sink's. */
  onChunk?: (chunk: Buffer) => void;
};

/**
 * The size of one read. A pipe holds 64 KiB unless resized, so a read never gets more; a
 * program that writes faster than graced reads finds the pipe full and waits in write(2).
 */
export const READ_SIZE = 256 * 1024;

let shared: Buffer | undefined;
/**
 * Every pipe is read into this one buffer: a read's callback runs before the next read of any
 * pipe starts, and everything that keeps a chunk copies it (sink.ts), so no read allocates.
 */
const readBuffer = () => {
  shared ??= Buffer.allocUnsafeSlow(READ_SIZE);
  return shared;
};

/**
 * Read one of a child's outputs until it ends, into its targets. When a sink's queue is full
 * the reading stops — the child then blocks in write(2), and nothing is dropped or buffered
 * without bound — and starts again once every full sink has drained. A pipe that floods is
 * read in big gulps (read-pacer.ts). Resolves at end of pipe, after the held partial line (if
 * any) went to the echo.
 */
export function capturePipe(end: OutputEnd, targets: CaptureTargets): Promise<void> {
  return new PipeReader(end, targets).ended;
}

/** One output being read: a class, not closures, as there are two per program (idle RSS). */
class PipeReader {
  readonly ended: Promise<void>;
  private readonly source: Readable | Socket;
  private readonly pacer: ReadPacer | undefined;
  /** Sinks whose "drain" reading waits for, and the pacer's wait: either keeps reading stopped. */
  private draining = 0;
  private pause: NodeJS.Timeout | undefined;
  private finished: (() => void) | undefined;

  constructor(
    private readonly end: OutputEnd,
    private readonly targets: CaptureTargets,
  ) {
    this.ended = new Promise((resolve) => {
      this.finished = resolve;
    });
    if (end instanceof PipeEnd) {
      this.pacer = new ReadPacer(end.resize);
      // Node's Socket takes onread from its constructor too, though @types/node lists it for connect() only
      const opts: SocketConstructorOpts & { onread: OnReadOpts } = {
        fd: end.fd,
        readable: true,
        writable: false,
        onread: { buffer: readBuffer(), callback: (n, buf) => this.onRead(n, buf as Buffer) },
      };
      this.source = new Socket(opts);
    } else {
      this.source = end;
      end.on("data", (chunk: Buffer) => {
        if (!this.deliver(chunk)) end.pause();
      });
    }
    const finish = () => this.finish();
    this.source.once("end", finish).once("close", finish).once("error", finish);
  }

  /** A read into the shared buffer; false stops reading until readAgain. */
  private onRead(n: number, buf: Buffer): boolean {
    const more = this.deliver(buf.subarray(0, n));
    const wait = this.pacer?.afterRead(n, buf.length) ?? 0;
    if (wait === 0) return more;
    this.pause = setTimeout(PipeReader.waited, wait, this);
    return false;
  }

  private static waited(reader: PipeReader): void {
    reader.pause = undefined;
    reader.readAgain();
  }

  /** Hands one chunk to every target; false when reading must wait for "drain". */
  private deliver(chunk: Buffer): boolean {
    const { sinks, echo, onChunk } = this.targets;
    for (const s of sinks) if (!s.write(chunk)) this.waitFor(s);
    if (echo) {
      const lines = echo.prefixer.push(chunk);
      if (lines && !echo.sink.write(lines)) this.waitFor(echo.sink);
    }
    onChunk?.(chunk);
    if (this.end instanceof PipeEnd) this.end.emit("data", chunk);
    return this.draining === 0;
  }

  private waitFor(s: Sink): void {
    this.draining++;
    s.once("drain", () => {
      this.draining--;
      this.readAgain();
    });
  }

  private readAgain(): void {
    if (this.draining === 0 && this.pause === undefined && this.finished) this.source.resume();
  }

  private finish(): void {
    const resolve = this.finished;
    if (!resolve) return;
    this.finished = undefined;
    clearTimeout(this.pause);
    const { sinks, echo } = this.targets;
    const rest = echo?.prefixer.flush();
    if (echo && rest) echo.sink.write(rest);
    // a last line without its newline may be held back near maxbytes (file-sink.ts): out with it
    for (const s of sinks) void s.flush();
    this.source.destroy();
    if (this.end instanceof PipeEnd) this.end.emit("close");
    resolve();
  }
}
