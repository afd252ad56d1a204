import type { Socket } from "node:net";
import { encodeFrame, type FaultData, FrameDecoder, type Methods, type NotificationMethods } from "@grace/protocol";
import {
  createJSONRPCErrorResponse,
  JSONRPCClient,
  JSONRPCErrorException,
  type JSONRPCRequester,
  JSONRPCServer,
  JSONRPCServerAndClient,
  type TypedJSONRPCServerAndClient,
} from "json-rpc-2.0";
import { MAX_ANSWER_BYTES, noAnswerWithin, openSocket } from "./connect.js";
import { DeadlineError, RemoteError, UnreachableError } from "./errors.js";

export { RemoteError, UnreachableError } from "./errors.js";

/** How often a long call checks that graced still answers, and how long an answer may take. */
const HEARTBEAT_MS = 1000;

/**
 * The code json-rpc-2.0 gives the failures it makes up itself: a timeout, a connection closed
 * with requests pending, a write that failed. graced never sends it (its codes are ≥ 1 or < 0).
 */
const LOCAL_FAILURE = 0;

/** Our end of the connection: graced's notifications arrive as calls to these; our requests go out typed by `Methods`. */
type Rpc = TypedJSONRPCServerAndClient<NotificationMethods, Methods>;

type Params<M extends keyof Methods> = Parameters<Methods[M]>[0];

/**
 * One connection to graced over NDJSON, through json-rpc-2.0 (ids, pending requests, timeouts,
 * matching answers). Every failure to reach or hear from graced becomes an UnreachableError
 * naming the socket, so no command can hang a trap; every error graced answers becomes a
 * RemoteError carrying its fault, for render/faults.ts to word.
 */
export class Client {
  private readonly rpc: Rpc;
  private closedReason: string | undefined;
  /** Resolves when graced (or we) closed the connection; `tail -f` and `status --watch` run until then. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
    /** Default ms a single request may take. */
    readonly requestTimeoutMs: number,
  ) {
    const send = (payload: object) => {
      socket.write(encodeFrame(payload));
    };
    this.rpc = new JSONRPCServerAndClient(new JSONRPCServer(), new JSONRPCClient(send), {
      // a frame that is neither request nor answer is ignored, as graced ignores nothing else we
      // could act on; a notification handler that throws is a bug and must not pass unseen
      errorListener: (_message, data) => {
        if (data instanceof Error)
          queueMicrotask(() => {
            throw data;
          });
      },
    }) as Rpc;
    const decoder = new FrameDecoder(MAX_ANSWER_BYTES);
    socket.on("data", (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) this.receive(frame);
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      socket.once("close", () => {
        this.closedReason ??= "graced closed the connection";
        this.rpc.rejectAllPendingRequests(this.closedReason);
        resolve();
      }),
    );
  }

  static async connect(path: string, requestTimeoutMs: number): Promise<Client> {
    return new Client(await openSocket(path, requestTimeoutMs), path, requestTimeoutMs);
  }

  /** Receive one kind of notification on this connection; one handler per kind. */
  on<K extends keyof NotificationMethods>(
    method: K,
    handler: (params: Parameters<NotificationMethods[K]>[0]) => ReturnType<NotificationMethods[K]>,
  ): void {
    if (this.rpc.hasMethod(method)) throw new Error(`a ${method} handler is already set on this connection`);
    this.rpc.addMethod(method, handler);
  }

  /** One request that graced should answer promptly (`timeoutMs`, default the client's; 0 = no limit). */
  async call<M extends keyof Methods>(method: M, params: Params<M>, timeoutMs = this.requestTimeoutMs): Promise<ReturnType<Methods[M]>> {
    if (this.socket.destroyed) throw new UnreachableError(this.path, this.closedReason ?? "graced closed the connection");
    const requester: JSONRPCRequester<void> =
      timeoutMs > 0
        ? this.rpc.client.timeout(timeoutMs, (id) => createJSONRPCErrorResponse(id, LOCAL_FAILURE, noAnswerWithin(timeoutMs)))
        : this.rpc;
    try {
      return await requester.request(method, params);
    } catch (e) {
      throw this.failure(e);
    }
  }

  /**
   * A request that may legitimately take long (stop all, wait …): no timeout of its own, but
   * graced must keep answering a heartbeat, and `deadlineMs` (0 = none) bounds the whole wait.
   */
  async callLong<M extends keyof Methods>(method: M, params: Params<M>, deadlineMs: number): Promise<ReturnType<Methods[M]>> {
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

  private receive(frame: string): void {
    let message: { id?: unknown; error?: { message?: unknown } };
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (message.id === null && message.error) {
      // A transport error for the whole connection (bad frame, handshake timeout): graced closes.
      this.closedReason = `graced closed the connection: ${message.error.message}`;
      return;
    }
    this.rpc.receiveAndSend(message, undefined, undefined).catch(() => {});
  }

  /** A failed request as gracectl's errors: the library's own failures mean graced cannot be heard. */
  private failure(e: unknown): Error {
    if (!(e instanceof JSONRPCErrorException)) return e as Error;
    if (e.code === LOCAL_FAILURE) return new UnreachableError(this.path, e.message);
    const data = typeof e.data === "object" && e.data !== null ? (e.data as Partial<FaultData>) : undefined;
    return new RemoteError(e.code, e.message, data, this.path);
  }
}
