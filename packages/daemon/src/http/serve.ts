import type { Socket } from "node:net";
import { answerRequest, type HttpContext, refusalResponse, type StreamSink } from "./exchange.js";
import { HttpRequestReader } from "./request-reader.js";

export type ServeOptions = {
  /** A client with this much output unread is cut off (a `tail -f` nobody reads). */
  maxQueuedBytes: number;
  /** Where a bug's error goes (the client got a 500). */
  log?: (error: unknown) => void;
  now?: () => number;
};

/**
 * Serve HTTP on one connection whose first bytes (`first`, already read) were sniffed as HTTP:
 * requests one at a time (keep-alive), each answered by answerRequest; a `tail -f` stream
 * holds the connection until the log ends or the client leaves. A request not complete within
 * `requestMs` of its first byte gets 408; a refusal of the reader ends the connection.
 */
export function serveHttp(socket: Socket, first: Buffer, ctx: HttpContext, opts: ServeOptions): void {
  const now = opts.now ?? Date.now;
  const reader = new HttpRequestReader(ctx.limits, now);
  let busy = false;
  let streaming: (() => void) | null = null;
  let timer: NodeJS.Timeout | undefined;

  const finish = (bytes: Buffer) => {
    clearTimeout(timer);
    busy = true; // nothing more is read from it
    socket.end(bytes);
  };

  const watch = () => {
    clearTimeout(timer);
    const since = reader.pendingSince;
    if (since === null) return;
    timer = setTimeout(
      () => {
        const refused = reader.overdue(now(), ctx.limits.requestMs);
        if (refused) finish(refusalResponse(refused));
        else watch();
      },
      Math.max(0, since + ctx.limits.requestMs - now()),
    );
    timer.unref();
  };

  const sink: StreamSink = {
    write: (bytes) => {
      socket.write(bytes);
      if (socket.writableLength > opts.maxQueuedBytes) socket.destroy();
    },
    end: (bytes) => {
      streaming = null;
      socket.end(bytes);
    },
  };

  const pump = async () => {
    busy = true;
    for (;;) {
      const o = reader.next();
      if (o === null) break;
      if ("refusal" in o) return finish(refusalResponse(o.refusal));
      clearTimeout(timer);
      const reply = await answerRequest(o.request, ctx, sink);
      if (socket.destroyed) {
        if (reply.kind === "stream") reply.stop();
        return;
      }
      if (reply.kind === "stream") {
        streaming = reply.stop;
        socket.write(reply.bytes);
        return; // the stream is the rest of this connection
      }
      if (reply.error !== undefined) opts.log?.(reply.error);
      if (reply.close) return finish(reply.bytes);
      socket.write(reply.bytes);
    }
    busy = false;
    watch();
  };

  const receive = (chunk: Buffer) => {
    if (streaming !== null) return; // a streaming client has nothing more to ask
    const refused = reader.push(chunk);
    if (refused) return finish(refusalResponse(refused));
    if (!busy) void pump();
  };

  socket.on("data", receive);
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    clearTimeout(timer);
    const stop = streaming;
    streaming = null;
    stop?.();
  });
  receive(first);
}
