import { connect, type Socket } from "node:net";
import { encodeFrame, FrameDecoder, type Methods, type Notifications } from "@grace/protocol";
import { JSONRPCClient, type JSONRPCParams, type JSONRPCResponse, type TypedJSONRPCClient } from "json-rpc-2.0";

/** graced could not be reached; the message names the socket and the reason. */
export class UnreachableError extends Error {
  constructor(
    readonly socket: string,
    readonly reason: string,
  ) {
    super(`cannot reach graced at ${socket}: ${reason}`);
    this.name = "UnreachableError";
  }
}

/** graced answered with a JSON-RPC error. */
export class RemoteError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "RemoteError";
  }
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file (is graced running?)",
  ECONNREFUSED: "connection refused (stale socket: graced is not running)",
  EACCES: "permission denied",
  ENOTSOCK: "not a socket",
  ETIMEDOUT: "timed out",
};

export type NotificationHandler = <K extends keyof Notifications>(method: K, params: Notifications[K]) => void;

/** One connection to graced. `call` is typed by the shared method map. */
export class Client {
  private readonly rpc: TypedJSONRPCClient<Methods>;
  private notificationHandler: NotificationHandler | undefined;
  /** Resolves when graced (or we) closed the connection; `tail -f` runs until then. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
  ) {
    this.rpc = new JSONRPCClient((request) => {
      socket.write(encodeFrame(request));
    }) as TypedJSONRPCClient<Methods>;
    const decoder = new FrameDecoder();
    socket.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) this.receive(frame);
    });
    socket.on("close", () => this.rpc.rejectAllPendingRequests(`graced closed the connection (${path})`));
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  static connect(path: string, timeoutMs = 1000): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new UnreachableError(path, REASONS.ETIMEDOUT as string));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.on("error", () => {});
        resolve(new Client(socket, path));
      });
      socket.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new UnreachableError(path, REASONS[e.code ?? ""] ?? e.message));
      });
    });
  }

  onNotification(handler: NotificationHandler): void {
    this.notificationHandler = handler;
  }

  /** Call a method; `timeoutMs` 0 waits as long as graced takes. */
  async call<M extends keyof Methods & string>(
    method: M,
    params: Parameters<Methods[M]>[0],
    timeoutMs = 0,
  ): Promise<ReturnType<Methods[M]>> {
    const requester: Pick<JSONRPCClient, "request"> = timeoutMs > 0 ? this.rpc.timeout(timeoutMs) : this.rpc;
    try {
      return (await requester.request(method, params as JSONRPCParams, undefined)) as ReturnType<Methods[M]>;
    } catch (e) {
      const err = e as { code?: number; message?: string };
      if (typeof err.code === "number") throw new RemoteError(err.code, err.message ?? "error");
      throw new RemoteError(-1, err.message ?? String(e));
    }
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private receive(frame: string): void {
    let message: { id?: unknown; method?: string; params?: unknown };
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (message.method !== undefined && message.id === undefined) {
      this.notificationHandler?.(message.method as keyof Notifications, message.params as never);
      return;
    }
    this.rpc.receive(message as JSONRPCResponse);
  }
}
