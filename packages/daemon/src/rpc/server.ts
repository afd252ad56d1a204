import { chmodSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { encodeFrame, FrameDecoder, FrameTooLargeError, type Methods, type Notifications, RpcError } from "@grace/protocol";
import { JSONRPCErrorException, JSONRPCServer, type TypedJSONRPCServer } from "json-rpc-2.0";
import type { Session } from "./handlers.js";

/** A client that stops reading is cut off once this much output is queued for it. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export type RpcServerOptions = {
  /**
   * A connection must send its first request (or, with auth, authenticate) within this many
   * ms, else it is closed: a client that connects and says nothing holds no fd for long.
   */
  handshakeMs?: number;
  /** Credentials are configured: the handshake ends only with a successful `authenticate`. */
  needsAuth?: boolean;
};

export class SocketInUseError extends Error {
  constructor(readonly path: string) {
    super(`another graced is already listening on ${path}`);
    this.name = "SocketInUseError";
  }
}

type Connection = { socket: Socket; session: Session; handshake: NodeJS.Timeout | undefined };

/**
 * The control socket: NDJSON framing, frame limits, per-connection sessions and
 * server-to-client notifications. Knows nothing of processes; handlers do.
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
  private readonly connections = new Set<Connection>();

  private readonly handshakeMs: number;
  private readonly needsAuth: boolean;

  constructor(
    readonly path: string,
    opts: RpcServerOptions = {},
  ) {
    this.handshakeMs = opts.handshakeMs ?? 10_000;
    this.needsAuth = opts.needsAuth ?? false;
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

  /** Does any connection listen to `event`? Lets callers skip building a notification nobody reads. */
  hasSubscribers(event: string): boolean {
    for (const c of this.connections) if (c.session.subscribed.has(event)) return true;
    return false;
  }

  notify<K extends keyof Notifications>(event: string, method: K, params: Notifications[K]): void {
    let line: string | undefined;
    for (const c of this.connections) {
      if (!c.session.subscribed.has(event)) continue;
      line ??= encodeFrame({ jsonrpc: "2.0", method, params });
      this.send(c, line);
    }
  }

  /**
   * Resolves once every connection subscribed to `event` has closed, or after `ms`: a client
   * that was told graced is about to exit gets to print and leave first.
   */
  departure(event: string, ms: number): Promise<void> {
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

  async close(): Promise<void> {
    // end(), not destroy(): the last notifications (and answers) still reach the clients,
    // which close on FIN; one that does not is destroyed shortly after.
    for (const c of this.connections) {
      c.socket.end();
      setTimeout(() => c.socket.destroy(), 200).unref();
    }
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  private accept(socket: Socket): void {
    const conn: Connection = { socket, session: { subscribed: new Set(), authenticated: false }, handshake: undefined };
    conn.handshake = setTimeout(() => this.fail(conn, RpcError.HANDSHAKE_TIMEOUT, this.handshakeMessage()), this.handshakeMs);
    conn.handshake.unref();
    this.connections.add(conn);
    const decoder = new FrameDecoder();
    socket.on("data", (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        const code = e instanceof FrameTooLargeError ? RpcError.FRAME_TOO_LARGE : RpcError.PARSE_ERROR;
        this.fail(conn, code, (e as Error).message);
        return;
      }
      for (const frame of frames) this.handle(conn, frame);
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(conn.handshake);
      this.connections.delete(conn);
    });
  }

  private handle(conn: Connection, frame: string): void {
    let message: unknown;
    try {
      message = JSON.parse(frame);
    } catch {
      this.fail(conn, RpcError.PARSE_ERROR, "parse error: the frame is not valid JSON");
      return;
    }
    // Without auth, any well-formed frame ends the handshake (a long `stop` must not be cut off).
    if (!this.needsAuth) clearTimeout(conn.handshake);
    Promise.resolve(this.rpc.receive(message as never, conn.session)).then(
      (response) => {
        if (conn.session.authenticated) clearTimeout(conn.handshake);
        if (response !== null && (!Array.isArray(response) || response.length > 0)) this.send(conn, encodeFrame(response));
      },
      () => this.fail(conn, RpcError.INTERNAL_ERROR, "internal error"),
    );
  }

  private handshakeMessage(): string {
    const what = this.needsAuth ? "authenticate" : "send a request";
    return `closing the connection: it did not ${what} within ${this.handshakeMs / 1000}s`;
  }

  private send(conn: Connection, line: string): void {
    if (conn.socket.destroyed) return;
    if (conn.socket.writableLength > MAX_QUEUED_BYTES) {
      conn.socket.destroy(); // it stopped reading; do not let it hold memory
      return;
    }
    conn.socket.write(line);
  }

  /** Answer a transport error and close: after a bad frame the stream cannot be trusted. */
  private fail(conn: Connection, code: number, message: string): void {
    if (conn.socket.destroyed) return;
    conn.socket.end(encodeFrame({ jsonrpc: "2.0", id: null, error: { code, message } }));
    // A peer that never reads could keep a half-closed socket open: destroy it shortly after.
    setTimeout(() => conn.socket.destroy(), 1000).unref();
  }
}
