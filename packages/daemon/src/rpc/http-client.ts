import type { Socket } from "node:net";
import type { HttpContext } from "../http/exchange.js";
import { type ServedHttp, type SharedInput, serveHttp } from "../http/serve.js";
import type { Candidate } from "./admission.js";

/** What the control socket's limits need of any client, NDJSON (connection.ts) or HTTP (this file). */
export interface Client extends Candidate {
  readonly socket: Socket;
  /** The server's settle pass count when it came in. */
  turn: number;
  /** Output written for it and not yet read. */
  readonly backlog: number;
  /** Refuse it, saying why, and close; it no longer counts. */
  fail(code: number, message: string): void;
  /** It stopped reading: close it now, without a word. */
  cutOff(): void;
  /** graced is going away: what is queued goes out, then the connection closes. */
  end(graceMs: number): void;
}

const NOTHING: ReadonlySet<string> = new Set();
/** Not a topic anybody notifies: it only makes a `tail -f` over HTTP count as a subscriber. */
const STREAMING: ReadonlySet<string> = new Set(["http:logtail"]);

/**
 * A connection whose first bytes were HTTP (supervisord's XML-RPC and `tail -f`), counted
 * with the NDJSON connections against the same limits: one holding half a request can be
 * displaced, one following a log never is, and its unfinished request counts against the
 * shared input budget. Everything HTTP itself does is serveHttp's (http/serve.ts).
 */
export class HttpClient implements Client {
  readonly handshaken = true;
  turn = 0;
  private readonly served: ServedHttp;
  private released = false;

  constructor(
    readonly socket: Socket,
    first: Buffer,
    ctx: HttpContext,
    opts: { maxQueuedBytes: number; input: SharedInput; log: (error: unknown) => void },
    /** Called once, when it stops counting, with the bytes it held. */
    private readonly onRelease: (client: HttpClient, held: number) => void,
  ) {
    socket.on("close", () => this.release());
    this.served = serveHttp(socket, first, ctx, opts);
  }

  get partial(): boolean {
    return this.served.partial;
  }

  get inFlight(): number {
    return this.served.busy ? 1 : 0;
  }

  get session(): { subscribed: ReadonlySet<string> } {
    return { subscribed: this.served.streaming ? STREAMING : NOTHING };
  }

  get backlog(): number {
    return this.socket.writableLength;
  }

  fail(_code: number, message: string): void {
    this.served.refuse(message);
    this.release();
  }

  cutOff(): void {
    this.socket.destroy();
    this.release();
  }

  end(graceMs: number): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this, this.served.held);
  }
}
