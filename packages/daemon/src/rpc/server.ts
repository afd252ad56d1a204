import { chmodSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { encodeFrame, type Methods, type Notifications, RpcError } from "@grace/protocol";
import { JSONRPCErrorException, type JSONRPCRequest, JSONRPCServer, type TypedJSONRPCServer } from "json-rpc-2.0";
import type { HttpContext } from "../http/exchange.js";
import { sniffProtocol } from "../http/sniff.js";
import { settle } from "./admission.js";
import { runBatch, runOne } from "./answer.js";
import { Connection, type InputBudget } from "./connection.js";
import type { Session } from "./handlers.js";
import { type Client, HttpClient } from "./http-client.js";
import { DEFAULT_LIMITS, type Limits } from "./limits.js";
import { screen } from "./screen.js";
import type { Topic } from "./topics.js";

export type RpcServerOptions = Partial<Limits> & {
  /** Credentials are configured: the handshake ends only with a successful `authenticate`. */
  needsAuth?: boolean;
  /** Hand what departed clients held back to the system (a full collection: not after every client). */
  releaseMemory?: () => void;
};

/** Clients that held this much between them have left: release the memory … */
const RELEASE_AFTER_BYTES = 1024 * 1024;
/** … once no other has left for this long: during an attack, nothing is spent on it (the limits bound memory meanwhile). */
const RELEASE_QUIET_MS = 2000;

export class SocketInUseError extends Error {
  constructor(readonly path: string) {
    super(`another graced is already listening on ${path}`);
    this.name = "SocketInUseError";
  }
}

/** supervisord's HTTP side, once graced serves it: what answers, and where a bug is reported. */
export type HttpService = { ctx: HttpContext; log: (error: unknown) => void };

/**
 * The control socket: NDJSON framing, frame limits, per-connection sessions and
 * server-to-client notifications; and, told apart by a connection's first byte, supervisord's
 * HTTP side (XML-RPC, `tail -f`), also on `[inet_http_server]`. HTTP and NDJSON connections
 * share one set of limits. Knows nothing of processes; handlers and the XML-RPC backend do.
 */
export class RpcServer {
  readonly rpc: TypedJSONRPCServer<Methods, Session> = new JSONRPCServer<Session>({
    // a fault the handlers raised on purpose (bad config on reread, shutting down) is the
    // client's answer; only a real bug deserves a stack trace on graced's stderr
    errorListener: (message, error) => {
      if (!(error instanceof JSONRPCErrorException)) console.warn(message, error);
    },
  }) as TypedJSONRPCServer<Methods, Session>;
  private server: Server | undefined;
  /** `[inet_http_server]`: HTTP only. */
  private tcpServer: Server | undefined;
  /** What the control socket answers to HTTP (set once the daemon has its XML-RPC backend). */
  private http: HttpService | undefined;
  /** Live clients, oldest first; one that failed or was cut off leaves at once. */
  private readonly connections = new Set<Client>();
  /** Sockets told why they are closed, given a second to read it; a few at most. */
  private readonly lingering = new Set<Socket>();
  private readonly limits: Limits;
  private readonly input: InputBudget;
  /** Counts the settle passes: a connection that came in before the last one has had its turn. */
  private turn = 0;
  private settling = false;
  private readonly releaseMemory: (() => void) | undefined;
  private releaseTimer: NodeJS.Timeout | undefined;
  /** Bytes the clients that left since the last release held. */
  private departed = 0;
  private readonly needsAuth: boolean;

  constructor(
    readonly path: string,
    opts: RpcServerOptions = {},
  ) {
    const { needsAuth, releaseMemory, ...limits } = opts;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.releaseMemory = releaseMemory;
    this.needsAuth = needsAuth ?? false;
    this.input = { used: 0, limit: this.limits.maxBufferedInput };
  }

  /**
   * Bind and listen; socket-file.ts has prepared the path (directory, lock, stale socket). A
   * second call listens anew after the socket file was removed: the old listener can no longer
   * be reached. It is closed first, because libuv unlinks a listener's path when it closes it,
   * which would remove the new file. Its connections stay open.
   */
  async listen(mode: number): Promise<void> {
    this.server?.close();
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.path, () => {
        server.off("error", reject);
        resolve();
      });
    });
    chmodSync(this.path, mode);
  }

  /** Serve supervisord's HTTP side on the control socket too (connections whose first byte is HTTP). */
  serveHttpWith(service: HttpService): void {
    this.http = service;
  }

  /**
   * `[inet_http_server]`: HTTP only, with its own credentials, under the same limits as the
   * control socket. `host` "" listens on every address. Rejects with the system's error
   * (EADDRINUSE, EADDRNOTAVAIL …) for the caller to report.
   */
  async listenTcp(host: string, port: number, service: HttpService): Promise<{ address: string; port: number }> {
    const server = createServer((socket) => this.accept(socket, service, true));
    this.tcpServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      const ready = () => {
        server.off("error", reject);
        resolve();
      };
      if (host === "") server.listen(port, ready);
      else server.listen(port, host, ready);
    });
    const bound = server.address();
    return typeof bound === "object" && bound !== null ? { address: bound.address, port: bound.port } : { address: host, port };
  }

  /** Does any connection listen to `event`? Lets callers skip building a notification nobody reads. */
  hasSubscribers(event: Topic): boolean {
    for (const c of this.connections) if (c.session.subscribed.has(event)) return true;
    return false;
  }

  /** Encoded once, the same bytes shared by every subscriber's queue. */
  notify<K extends keyof Notifications>(event: Topic, method: K, params: Notifications[K]): void {
    let data: Buffer | undefined;
    for (const c of this.connections) {
      if (!(c instanceof Connection) || !c.session.subscribed.has(event)) continue;
      data ??= Buffer.from(encodeFrame({ jsonrpc: "2.0", method, params }));
      c.send(data);
    }
  }

  /**
   * Resolves once every connection subscribed to `event` has closed, or after `ms`: a client
   * that was told graced is about to exit gets to print and leave first.
   */
  departure(event: Topic, ms: number): Promise<void> {
    const open = [...this.connections].filter((c) => c.session.subscribed.has(event) && !c.socket.destroyed);
    return new Promise((resolve) => {
      if (open.length === 0) return resolve();
      const timer = setTimeout(resolve, ms);
      let left = open.length;
      for (const c of open) {
        c.socket.once("close", () => {
          if (--left > 0) return;
          clearTimeout(timer);
          resolve();
        });
      }
    });
  }

  /** Bytes of unfinished frames held across connections (for tests and figures). */
  get bufferedInput(): number {
    return this.input.used;
  }

  async close(): Promise<void> {
    // end, not destroy: the last notifications (and answers) still reach the clients
    for (const c of this.connections) c.end(200);
    this.connections.clear();
    for (const socket of this.lingering) socket.destroy();
    this.lingering.clear();
    clearTimeout(this.releaseTimer);
    const server = this.server;
    const tcp = this.tcpServer;
    this.server = undefined;
    this.tcpServer = undefined;
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  /**
   * A new client counts at once (a silent one holds a place too). Its first bytes say which
   * protocol it speaks: HTTP goes to an HttpClient in its place; `httpOnly` (inet) sends
   * everything there, and the HTTP reader refuses what is not HTTP.
   */
  private accept(socket: Socket, http = this.http, httpOnly = false): void {
    const conn = new Connection(socket, this.limits, this.input, (c, held) => this.release(c, held), this.handshakeMessage());
    conn.turn = this.turn;
    this.connections.add(conn);
    let decided = false;
    const receive = (chunk: Buffer) => {
      if (!decided && chunk.length > 0) {
        decided = true;
        if (http && (httpOnly || sniffProtocol(chunk) === "http")) {
          socket.off("data", receive);
          this.handOver(conn, chunk, http);
          return;
        }
      }
      for (const frame of conn.receive(chunk)) this.handle(conn, frame);
    };
    socket.on("data", receive);
    this.settleSoon();
  }

  /** The connection speaks HTTP: an HttpClient takes its place (and its turn) in the limits. */
  private handOver(conn: Connection, first: Buffer, http: HttpService): void {
    this.connections.delete(conn);
    conn.handOver();
    const opts = { maxQueuedBytes: this.limits.maxQueuedBytes, input: this.input, log: http.log };
    const client = new HttpClient(conn.socket, first, http.ctx, opts, (c, held) => this.release(c, held));
    client.turn = conn.turn;
    if (!client.socket.destroyed) this.connections.add(client);
    this.settleSoon();
  }

  /**
   * The connection limits are applied after the reads of this turn of the loop, not as each
   * connection comes in: a burst of new connections then cannot displace one whose first
   * request was waiting to be read.
   */
  private settleSoon(): void {
    if (this.settling) return;
    this.settling = true;
    setImmediate(() => {
      this.settling = false;
      this.turn++;
      const { close, again } = settle([...this.connections], this.limits, (c) => c.turn < this.turn - 1);
      for (const [c, why] of close) c.fail(RpcError.OVER_CAPACITY, why);
      if (again) this.settleSoon();
    });
  }

  /** It failed, was cut off or closed: it stops counting now; a closing socket lingers a second at most. */
  private release(conn: Client, held: number): void {
    this.connections.delete(conn);
    this.departed += held;
    if (this.releaseMemory && this.departed >= RELEASE_AFTER_BYTES) {
      this.releaseTimer ??= setTimeout(() => {
        this.releaseTimer = undefined;
        this.departed = 0;
        this.releaseMemory?.();
      }, RELEASE_QUIET_MS).unref();
      this.releaseTimer.refresh();
    }
    const { socket } = conn;
    if (socket.destroyed) return;
    this.lingering.add(socket);
    socket.once("close", () => this.lingering.delete(socket));
    // a flood of refused connections must not pile up sockets waiting out their second
    if (this.lingering.size > this.limits.maxConnections) {
      const [oldest] = this.lingering;
      oldest?.destroy();
      if (oldest) this.lingering.delete(oldest);
    }
  }

  private handle(conn: Connection, frame: string): void {
    let message: unknown;
    try {
      message = JSON.parse(frame);
    } catch {
      conn.fail(RpcError.PARSE_ERROR, "parse error: the frame is not valid JSON");
      return;
    }
    // Without auth, any well-formed frame ends the handshake (a long `stop` must not be cut off).
    if (!this.needsAuth) conn.endHandshake();
    const screened = screen(message, this.limits.maxBatch);
    const run = (request: JSONRPCRequest) => this.rpc.receive(request as never, conn.session) as never;
    const { maxAnswerBytes } = this.limits;
    let answer: Promise<string | null>;
    if ("whole" in screened) answer = Promise.resolve(JSON.stringify(screened.whole));
    else if ("single" in screened) answer = runOne(screened.single, run, maxAnswerBytes);
    else answer = runBatch(screened.batch, run, maxAnswerBytes, () => new Promise((r) => setImmediate(r)));
    conn.inFlight++;
    void answer.then((text) => {
      conn.inFlight--;
      if (conn.session.authenticated) conn.endHandshake();
      if (text !== null) this.answer(conn, Buffer.from(`${text}\n`));
    });
  }

  /**
   * An answer is written whatever its size (it is within the answer limit), but first, while
   * the output waiting for all clients would pass its limit, the client furthest behind in
   * reading is cut off: a few clients that ask and never read cannot pile up answers.
   */
  private answer(conn: Connection, data: Buffer): void {
    let total = data.length;
    for (const c of this.connections) total += c.backlog;
    while (total > this.limits.maxQueuedTotal) {
      let worst: Client | undefined;
      for (const c of this.connections) if (c.backlog > (worst?.backlog ?? 0)) worst = c;
      if (worst === undefined) break;
      total -= worst.backlog;
      worst.cutOff();
    }
    conn.send(data);
  }

  private handshakeMessage(): string {
    const what = this.needsAuth ? "authenticate" : "send a request";
    return `closing the connection: it did not ${what} within ${this.limits.handshakeMs / 1000}s`;
  }
}
