import type { Socket } from "node:net";
import { answerRequest, type HttpContext, refusalResponse, type StreamSink } from "./exchange.js";
import { HttpRequestReader } from "./request-reader.js";
import { errorResponse } from "./response.js";

/** Bytes of unfinished input held by every connection together, against one limit (rpc/connection.ts). */
export type SharedInput = { used: number; readonly limit: number };

export type ServeOptions = {
  /** A client with this much output unread is cut off (a `tail -f` nobody reads). */
  maxQueuedBytes: number;
  /** Where a bug's error goes (the client got a 500). */
  log?: (error: unknown) => void;
  now?: () => number;
  /** The control socket's budget for unfinished input: a request being read counts against it. */
  input?: SharedInput;
};

/** One HTTP connection as the connection limits see it (rpc/admission.ts). */
export type ServedHttp = {
  /** Part of a request has arrived and not the rest. */
  readonly partial: boolean;
  /** A request is being answered. */
  readonly busy: boolean;
  /** It follows a log (`tail -f`): a subscriber, never displaced. */
  readonly streaming: boolean;
  /** Bytes it holds: unread input and unsent output. */
  readonly held: number;
  /** Refuse it (503 with the reason) and close; nothing more is read. */
  refuse(reason: string): void;
};

/**
 * Serve HTTP on one connection whose first bytes (`first`, already read) were sniffed as HTTP:
 * requests one at a time (keep-alive), each answered by answerRequest; a `tail -f` stream
 * holds the connection until the log ends or the client leaves. A request not complete within
 * `requestMs` of its first byte gets 408; a refusal of the reader ends the connection.
 */
export function serveHttp(socket: Socket, first: Buffer, ctx: HttpContext, opts: ServeOptions): ServedHttp {
  const now = opts.now ?? Date.now;
  const reader = new HttpRequestReader(ctx.limits, now);
  let busy = false;
  let answering = false;
  let finished = false;
  let streaming: (() => void) | null = null;
  let timer: NodeJS.Timeout | undefined;
  /** What this connection has counted against the shared input budget. */
  let counted = 0;

  const account = () => {
    if (!opts.input) return;
    const held = finished ? 0 : reader.buffered;
    opts.input.used += held - counted;
    counted = held;
  };

  const finish = (bytes: Buffer) => {
    clearTimeout(timer);
    busy = true; // nothing more is read from it
    finished = true;
    account();
    socket.end(bytes);
  };

  /** Refused: told why, then closed; a peer that never reads cannot keep the socket half-open. */
  const refuse = (bytes: Buffer) => {
    finish(bytes);
    setTimeout(() => socket.destroy(), 1000).unref();
  };

  const watch = () => {
    clearTimeout(timer);
    const since = reader.pendingSince;
    if (since === null) return;
    timer = setTimeout(
      () => {
        const refused = reader.overdue(now(), ctx.limits.requestMs);
        if (refused) refuse(refusalResponse(refused));
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
      account();
      if (o === null) break;
      if ("refusal" in o) return refuse(refusalResponse(o.refusal));
      clearTimeout(timer);
      answering = true;
      const reply = await answerRequest(o.request, ctx, sink);
      answering = false;
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
    if (finished || streaming !== null) return; // a streaming client has nothing more to ask
    const refused = reader.push(chunk);
    account();
    if (refused) return refuse(refusalResponse(refused));
    if (opts.input && counted > 0 && opts.input.used > opts.input.limit)
      return refuse(errorResponse(503, `unfinished requests and frames of all clients exceed ${opts.input.limit} bytes`, true));
    if (!busy) void pump();
  };

  socket.on("data", receive);
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    clearTimeout(timer);
    finished = true;
    account();
    const stop = streaming;
    streaming = null;
    stop?.();
  });
  receive(first);
  return {
    get partial() {
      return !finished && reader.pendingSince !== null;
    },
    get busy() {
      return answering;
    },
    get streaming() {
      return streaming !== null;
    },
    get held() {
      return reader.buffered + socket.writableLength;
    },
    refuse(reason) {
      if (finished || socket.destroyed) return;
      refuse(errorResponse(503, reason, true));
    },
  };
}
