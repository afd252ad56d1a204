import { connect, type Socket } from "node:net";
import { Client } from "@grace/ctl/client";
import { encodeFrame, FrameDecoder, type Methods } from "@grace/protocol";

/** Raw bytes over a fresh connection, as no client would send them: the JSON-RPC frames that come back. */
export function rawRequest(socket: string, payload: string, timeoutMs = 5000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    const replies: unknown[] = [];
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`no answer from ${socket} within ${timeoutMs} ms`));
    }, timeoutMs);
    conn.on("connect", () => conn.write(payload));
    conn.on("data", (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) replies.push(JSON.parse(f));
      if (replies.length > 0) {
        clearTimeout(timer);
        conn.destroy();
        resolve(replies);
      }
    });
    conn.on("close", () => {
      clearTimeout(timer);
      resolve(replies);
    });
    conn.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Call a method as gracectl does, through gracectl's own client, over a fresh connection. */
export async function call<M extends keyof Methods>(
  socket: string,
  method: M,
  params: Parameters<Methods[M]>[0],
): Promise<ReturnType<Methods[M]>> {
  const client = await Client.connect(socket, 5000);
  try {
    return await client.call(method, params);
  } finally {
    client.close();
  }
}

export type Frame = { id?: unknown; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };

/**
 * A raw connection a test drives by hand, as a hostile client would: write anything, read
 * the frames that come back, see when graced closes it.
 */
export class RawConn {
  readonly frames: Frame[] = [];
  readonly closed: Promise<Frame[]>;
  private waiters: (() => void)[] = [];
  private nextId = 1;

  private constructor(readonly socket: Socket) {
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    socket.on("data", (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) this.frames.push(JSON.parse(f));
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) => socket.once("close", () => resolve(this.frames)));
  }

  static open(path: string): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const socket = connect(path, () => resolve(new RawConn(socket)));
      socket.once("error", reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The first frame (from the start of the connection) that `match` accepts, within `timeoutMs`. */
  async frame(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (this.socket.destroyed) throw new Error("the connection closed before the frame came");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        const done = () => {
          clearTimeout(t);
          resolve();
        };
        this.waiters.push(done);
        void this.closed.then(done);
      });
    }
  }

  /** Every frame graced sent, once it has closed the connection; fails after `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`graced did not close the connection within ${timeoutMs} ms`)), timeoutMs);
      void this.closed.then((frames) => {
        clearTimeout(t);
        resolve(frames);
      });
    });
  }

  /** Send one request and wait for its answer. */
  async request(method: string, params: unknown = {}, timeoutMs = 5000): Promise<Frame> {
    const id = this.nextId++;
    this.write(encodeFrame({ jsonrpc: "2.0", id, method, params }));
    return this.frame((f) => f.id === id, timeoutMs);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
