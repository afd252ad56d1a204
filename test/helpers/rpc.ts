import { connect } from "node:net";
import { encodeFrame, FrameDecoder, type Methods } from "@grace/protocol";

/** One request over a fresh connection: the raw JSON-RPC response object. */
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

let nextId = 1;

/** Call a method the way gracectl does, typed by the shared method map. */
export async function call<M extends keyof Methods>(
  socket: string,
  method: M,
  params: Parameters<Methods[M]>[0],
): Promise<ReturnType<Methods[M]>> {
  const [reply] = (await rawRequest(socket, encodeFrame({ jsonrpc: "2.0", id: nextId++, method, params }))) as {
    result?: ReturnType<Methods[M]>;
    error?: { code: number; message: string };
  }[];
  if (reply?.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply?.result as ReturnType<Methods[M]>;
}
