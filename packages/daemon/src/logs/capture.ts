import { EventEmitter } from "node:events";
import { type OnReadOpts, Socket, type SocketConstructorOpts } from "node:net";
import type { Readable } from "node:stream";
import type { LinePrefixer } from "./line-prefixer.js";
import { ReadPacer, type Resize } from "./read-pacer.js";
import type { Sink } from "./sink.js";

/**
 * The read end of a pipe graced made for a child: its fd, how to change what the pipe holds, and
 * "close" once it has been read to its end (as a stream's "close": the events hub waits for it).
 */
export class PipeEnd extends EventEmitter<{ close: [] }> {
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
  const { sinks, echo, onChunk } = targets;
  return new Promise((resolve) => {
    let source: Readable | Socket;
    /** Sinks whose "drain" reading waits for, and the pacer's wait: either keeps reading stopped. */
    let draining = 0;
    let pause: NodeJS.Timeout | undefined;
    const readAgain = () => {
      if (draining === 0 && pause === undefined) source.resume();
    };
    /** Hands one chunk to every target; false when reading must wait for "drain". */
    const deliver = (chunk: Buffer): boolean => {
      for (const s of sinks) if (!s.write(chunk)) waitFor(s);
      if (echo) {
        const lines = echo.prefixer.push(chunk);
        if (lines && !echo.sink.write(lines)) waitFor(echo.sink);
      }
      onChunk?.(chunk);
      return draining === 0;
    };
    const waitFor = (s: Sink) => {
      draining++;
      s.once("drain", () => {
        draining--;
        readAgain();
      });
    };
    if (end instanceof PipeEnd) {
      const pacer = new ReadPacer(end.resize);
      // returning false from the callback stops reading until resume()
      const callback = (n: number, buf: Uint8Array) => {
        const more = deliver((buf as Buffer).subarray(0, n));
        const wait = pacer.afterRead(n, buf.length);
        if (wait === 0) return more;
        pause = setTimeout(() => {
          pause = undefined;
          readAgain();
        }, wait);
        return false;
      };
      // Node's Socket takes onread from its constructor too, though @types/node lists it for connect() only
      const opts: SocketConstructorOpts & { onread: OnReadOpts } = {
        fd: end.fd,
        readable: true,
        writable: false,
        onread: { buffer: readBuffer(), callback },
      };
      source = new Socket(opts);
    } else {
      source = end;
      end.on("data", (chunk: Buffer) => {
        if (!deliver(chunk)) end.pause();
      });
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(pause);
      const rest = echo?.prefixer.flush();
      if (echo && rest) echo.sink.write(rest);
      // a last line without its newline may be held back near maxbytes (file-sink.ts): out with it
      for (const s of sinks) void s.flush();
      source.destroy();
      if (end instanceof PipeEnd) end.emit("close");
      resolve();
    };
    source.once("end", finish);
    source.once("close", finish);
    source.once("error", finish);
  });
}
