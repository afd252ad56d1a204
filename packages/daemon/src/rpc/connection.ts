import type { Socket } from "node:net";
import { encodeFrame, FrameDecoder, FrameTooLargeError, RpcError } from "@grace/protocol";
import type { Session } from "./handlers.js";
import type { Limits } from "./limits.js";

/** Bytes of unfinished frames held by every connection together, against one limit. */
export type InputBudget = { used: number; readonly limit: number };

/**
 * One client of the control socket: its framing, its timers and its output. Everything it
 * holds is bounded (one unfinished frame, a queue of unread output) and let go when it closes.
 */
export class Connection {
  readonly session: Session = { subscribed: new Set(), authenticated: false };
  /** It sent its first request (with auth: it authenticated). */
  handshaken = false;
  /** Requests received and not yet answered. */
  inFlight = 0;
  /** The server's settle pass count when it came in. */
  turn = 0;
  /** An error was sent and the socket is closing; it no longer counts as a client. */
  closing = false;
  private readonly decoder = new FrameDecoder();
  private handshakeTimer: NodeJS.Timeout | undefined;
  private partialTimer: NodeJS.Timeout | undefined;
  /** Output held back while the socket's own buffer is full: references, shared between clients. */
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private corked = false;
  private released = false;

  constructor(
    readonly socket: Socket,
    private readonly limits: Limits,
    private readonly budget: InputBudget,
    /** Called once, when the connection stops counting (failed, cut off or closed), with the bytes it held. */
    private readonly onRelease: (conn: Connection, held: number) => void,
    handshakeMessage: string,
  ) {
    this.handshakeTimer = setTimeout(() => this.fail(RpcError.HANDSHAKE_TIMEOUT, handshakeMessage), limits.handshakeMs);
    this.handshakeTimer.unref();
    socket.on("drain", () => this.flush());
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.release());
  }

  /** Holding an unfinished frame. */
  get partial(): boolean {
    return this.decoder.buffered > 0;
  }

  /** Output written or queued for it and not yet read. */
  get backlog(): number {
    return this.socket.writableLength + this.queuedBytes;
  }

  endHandshake(): void {
    this.handshaken = true;
    clearTimeout(this.handshakeTimer);
  }

  /** Complete frames in `chunk`; a transport error is answered here and gives none. */
  receive(chunk: Buffer): string[] {
    if (this.closing) return [];
    const before = this.decoder.buffered;
    let frames: string[];
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      this.budget.used -= before; // the decoder let go of it
      const code = e instanceof FrameTooLargeError ? RpcError.FRAME_TOO_LARGE : RpcError.PARSE_ERROR;
      this.fail(code, (e as Error).message);
      return [];
    }
    this.budget.used += this.decoder.buffered - before;
    if (this.partial && this.budget.used > this.budget.limit) {
      this.fail(RpcError.OVER_CAPACITY, `closing the connection: unfinished frames of all clients exceed ${this.budget.limit} bytes`);
      return [];
    }
    this.watchPartial();
    return frames;
  }

  /** A frame begun must be finished in time; being idle between frames is fine (tail -f). */
  private watchPartial(): void {
    if (!this.partial) {
      clearTimeout(this.partialTimer);
      this.partialTimer = undefined;
      return;
    }
    if (this.partialTimer) return; // measured from the frame's first byte, not its latest
    const seconds = this.limits.partialFrameMs / 1000;
    this.partialTimer = setTimeout(
      () => this.fail(RpcError.FRAME_TIMEOUT, `closing the connection: a frame stayed unfinished for ${seconds}s`),
      this.limits.partialFrameMs,
    );
    this.partialTimer.unref();
  }

  /** Queue output. A client with more than the limit unread is cut off, in O(1). */
  send(data: Buffer): void {
    if (this.closing || this.socket.destroyed) return;
    if (this.backlog > this.limits.maxQueuedBytes) {
      this.cutOff();
      return;
    }
    if (this.queuedBytes > 0 || this.socket.writableNeedDrain) {
      this.queue.push(data);
      this.queuedBytes += data.length;
      return;
    }
    // what is sent in one turn of the loop goes out in one write (a restart of 100 programs
    // sends 400 notifications in a row; 400 system calls per subscriber stall the loop)
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(data);
  }

  /** The socket took what it had: hand it the queue as one write, not one write per message. */
  private flush(): void {
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (queue.length === 0 || this.socket.destroyed) return;
    this.socket.cork();
    for (const data of queue) this.socket.write(data);
    this.socket.uncork();
  }

  /**
   * It stopped reading: close it now. The socket holds at most a write or two (the rest is our
   * queue, dropped whole), so this costs the same for a client 8 MiB behind as for one 8 KiB behind.
   */
  cutOff(): void {
    const held = this.held();
    this.queue = [];
    this.queuedBytes = 0;
    this.socket.destroy();
    this.release(held);
  }

  /**
   * graced is shutting down: what is queued still goes out, then FIN (clients close on it);
   * one that does not read is destroyed shortly after.
   */
  end(graceMs: number): void {
    if (this.socket.destroyed) return;
    this.closing = true;
    this.flush();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  /**
   * Its first bytes were HTTP: another object serves the socket from now on (rpc/http-client.ts).
   * Nothing was buffered here yet; this one only stops its timers and counting.
   */
  handOver(): void {
    this.released = true;
    this.closing = true;
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.partialTimer);
  }

  /** Answer a transport error and close: after a bad frame the stream cannot be trusted. */
  fail(code: number, message: string): void {
    if (this.closing || this.socket.destroyed) return;
    this.closing = true;
    const held = this.held();
    this.queue = [];
    this.queuedBytes = 0;
    this.socket.pause(); // what it sends from now on is not read, nor buffered
    this.socket.end(encodeFrame({ jsonrpc: "2.0", id: null, error: { code, message } }));
    // A peer that never reads could keep a half-closed socket open: destroy it shortly after.
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.release(held);
  }

  /** Memory it holds: its unfinished frame and its unread output. */
  private held(): number {
    return this.decoder.capacity + this.backlog;
  }

  /** Stop counting it, its timers and its buffered input; once. */
  private release(held = this.held()): void {
    this.closing = true;
    if (this.released) return;
    this.released = true;
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.partialTimer);
    this.budget.used -= this.decoder.buffered;
    this.decoder.clear();
    this.onRelease(this, held);
  }
}
