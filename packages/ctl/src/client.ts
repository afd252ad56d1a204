import { connect, type Socket } from "node:net";
import { encodeFrame, Fault, FrameDecoder, type Methods, type Notifications } from "@grace/protocol";
import { DeadlineError, REASONS, RemoteError, UnreachableError } from "./errors.js";

export { RemoteError, UnreachableError } from "./errors.js";

export type NotificationHandler = <K extends keyof Notifications>(method: K, params: Notifications[K]) => void;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout | undefined };

/** How often a long call checks that graced still answers, and how long an answer may take. */
const HEARTBEAT_MS = 1000;

/**
 * One connection to graced. `call` is typed by the shared method map. Every failure to reach or
 * hear from graced becomes an UnreachableError naming the socket, so no command can hang a trap.
 */
export class Client {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly notificationHandlers: NotificationHandler[] = [];
  private closedReason: string | undefined;
  /** Resolves when graced (or we) closed the connection; `tail -f` and `status --watch` run until then. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
    /** Default ms a single request may take. */
    readonly requestTimeoutMs: number,
  ) {
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    socket.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) this.receive(frame);
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.closedReason ??= "graced closed the connection";
        for (const [id, p] of this.pending) this.settle(id, p, new UnreachableError(path, this.closedReason));
        resolve();
      }),
    );
  }

  static connect(path: string, requestTimeoutMs: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      const timer = setTimeout(
        () => {
          socket.destroy();
          reject(new UnreachableError(path, "connect timed out"));
        },
        Math.min(requestTimeoutMs, 1000),
      );
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(new Client(socket, path, requestTimeoutMs));
      });
      socket.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new UnreachableError(path, REASONS[e.code ?? ""] ?? e.message));
      });
    });
  }

  /** Every handler gets every notification, in the order they were added. */
  onNotification(handler: NotificationHandler): void {
    this.notificationHandlers.push(handler);
  }

  /** One request that graced should answer promptly (`timeoutMs`, default the client's). */
  call<M extends keyof Methods & string>(
    method: M,
    params: Parameters<Methods[M]>[0],
    timeoutMs = this.requestTimeoutMs,
  ): Promise<ReturnType<Methods[M]>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed) {
        reject(new UnreachableError(this.path, this.closedReason ?? "graced closed the connection"));
        return;
      }
      const timer =
        timeoutMs > 0
          ? setTimeout(
              () =>
                this.settle(id, entry, new UnreachableError(this.path, `no answer within ${timeoutMs / 1000}s (graced is not responding)`)),
              timeoutMs,
            )
          : undefined;
      const entry: Pending = { resolve: resolve as (v: unknown) => void, reject, timer };
      this.pending.set(id, entry);
      this.socket.write(encodeFrame({ jsonrpc: "2.0", id, method, params }));
    });
  }

  /**
   * A request that may legitimately take long (stop all, wait …): no timeout of its own, but
   * graced must keep answering a heartbeat, and `deadlineMs` (0 = none) bounds the whole wait.
   */
  async callLong<M extends keyof Methods & string>(
    method: M,
    params: Parameters<Methods[M]>[0],
    deadlineMs: number,
  ): Promise<ReturnType<Methods[M]>> {
    let timer: NodeJS.Timeout | undefined;
    let beat: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_resolve, reject) => {
      if (deadlineMs > 0) timer = setTimeout(() => reject(new DeadlineError(deadlineMs / 1000)), deadlineMs);
      beat = setInterval(() => this.call("version", {}).catch(reject), HEARTBEAT_MS);
    });
    try {
      return await Promise.race([this.call(method, params, 0), guard]);
    } finally {
      clearTimeout(timer);
      clearInterval(beat);
    }
  }

  close(): void {
    this.closedReason = "closed by gracectl";
    this.socket.destroy();
  }

  private settle(id: number, p: Pending, error: Error | null, value?: unknown): void {
    if (!this.pending.delete(id)) return;
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(value);
  }

  private receive(frame: string): void {
    let message: { id?: unknown; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (message.method !== undefined && message.id === undefined) {
      for (const handler of this.notificationHandlers) handler(message.method as keyof Notifications, message.params as never);
      return;
    }
    if (message.id === null && message.error) {
      // A transport error for the whole connection (bad frame, handshake timeout): graced closes.
      this.closedReason = `graced closed the connection: ${message.error.message}`;
      return;
    }
    const entry = typeof message.id === "number" ? this.pending.get(message.id) : undefined;
    if (!entry) return;
    const id = message.id as number;
    if (!message.error) {
      this.settle(id, entry, null, message.result);
      return;
    }
    const { code, message: text } = message.error;
    // An auth failure is a failure to reach graced (exit 7, status 4), with the reason.
    const error =
      code === Fault.UNAUTHORIZED
        ? new UnreachableError(this.path, `unauthorized (${text.replace(/^unauthorized: /, "")})`)
        : new RemoteError(code, text);
    this.settle(id, entry, error);
  }
}
