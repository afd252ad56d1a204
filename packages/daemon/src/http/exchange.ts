import { answerCall } from "../xmlrpc/answer.js";
import type { LogTarget, XmlRpcBackend } from "../xmlrpc/backend.js";
import { splitNamespec } from "../xmlrpc/namespec.js";
import type { MethodTable } from "../xmlrpc/table.js";
import { quote } from "../xmlrpc/xml-reader.js";
import { basicAuthorized, CHALLENGE } from "./basic-auth.js";
import type { Credentials } from "./credentials.js";
import { authRequired } from "./credentials.js";
import { type HttpLimits, LOGTAIL_INITIAL_BYTES } from "./limits.js";
import type { HttpRefusal, HttpRequest } from "./request-reader.js";
import { errorResponse, streamChunk, streamEnd, streamHead, xmlResponse } from "./response.js";
import { route } from "./route.js";

export type HttpContext = {
  backend: XmlRpcBackend;
  /** `[unix_http_server]` / `[inet_http_server]` username and password (both null: no auth). */
  credentials: Credentials;
  table: MethodTable;
  limits: HttpLimits;
};

/** Where a stream's bytes go after its first ones: `end` gets the last bytes, then the connection closes. */
export type StreamSink = { write(bytes: Buffer): void; end(bytes: Buffer): void };

/**
 * What to send back. `whole`: these bytes, then close the connection or read the next request.
 * `stream` (`tail -f`): these bytes first; the sink then gets the rest until the log ends or
 * `stop()` is called (the client left); the connection serves nothing else. `error` is a bug
 * the caller should log (the client got a 500).
 */
export type Reply = { kind: "whole"; bytes: Buffer; close: boolean; error?: unknown } | { kind: "stream"; bytes: Buffer; stop(): void };

const whole = (bytes: Buffer, close: boolean): Reply => ({ kind: "whole", bytes, close });

/** The log a logtail path names; null when no such process (404, as supervisord answers). */
function logTarget(backend: XmlRpcBackend, namespec: string, stream: "stdout" | "stderr"): LogTarget | null {
  const { group, process } = splitNamespec(namespec);
  const found = backend.processes().find((p) => p.group === group && p.name === process);
  return found ? { process: found.fullName, stream } : null;
}

/**
 * `tail -f` over HTTP: the last bytes of the log, then each new chunk, chunked for HTTP/1.1.
 * Chunks that arrive before this function has returned its first bytes are sent with them,
 * so that nothing goes out ahead of the head.
 */
async function follow(req: HttpRequest, ctx: HttpContext, target: LogTarget, sink: StreamSink): Promise<Reply> {
  const chunked = req.version === "1.1";
  const early: Buffer[] = [];
  let returned = false;
  let ended = false;
  const onData = (chunk: Buffer) => {
    if (returned) sink.write(streamChunk(chunk, chunked));
    else early.push(chunk);
  };
  const onEnd = () => {
    if (returned) sink.end(streamEnd(chunked));
    else ended = true;
  };
  const followed = await ctx.backend.followLog(target, LOGTAIL_INITIAL_BYTES, onData, onEnd);
  if (followed === null) return whole(errorResponse(404, "no log file (yet)", !req.keepAlive), !req.keepAlive);
  const first = [streamHead(chunked), streamChunk(Buffer.concat([followed.initial, ...early]), chunked)];
  returned = true;
  if (ended) return whole(Buffer.concat([...first, streamEnd(chunked)]), true);
  return { kind: "stream", bytes: Buffer.concat(first), stop: () => followed.stop() };
}

/** What a request the reader refused gets; the connection is closed after it. */
export function refusalResponse(refusal: HttpRefusal): Buffer {
  return errorResponse(refusal.status, refusal.reason, true);
}

/**
 * Answer one request: HTTP Basic auth when credentials are configured (401 otherwise, as
 * supervisord answers), then XML-RPC or a log stream. Never throws: a bug is a 500.
 */
export async function answerRequest(req: HttpRequest, ctx: HttpContext, sink: StreamSink): Promise<Reply> {
  const close = !req.keepAlive;
  try {
    if (authRequired(ctx.credentials) && !basicAuthorized(req.headers.get("authorization"), ctx.credentials)) {
      return whole(errorResponse(401, "unauthorized: send the username and password with HTTP Basic auth", true, [CHALLENGE]), true);
    }
    const to = route(req);
    switch (to.kind) {
      case "refuse":
        return whole(errorResponse(to.status, to.reason, close), close);
      case "rpc": {
        if (!req.hasLength) return whole(errorResponse(411, "send the XML-RPC call with a Content-Length", true), true);
        const mctx = { backend: ctx.backend, limits: ctx.limits };
        const limits = {
          maxDepth: ctx.limits.maxXmlDepth,
          maxElements: ctx.limits.maxXmlElements,
          maxAnswerBytes: ctx.limits.maxAnswerBytes,
        };
        const answer = await answerCall(req.body, ctx.table, mctx, limits);
        if (answer.status === 400) return whole(errorResponse(400, answer.reason, close), close);
        return whole(xmlResponse(answer.xml, close), close);
      }
      case "logtail": {
        const target = logTarget(ctx.backend, to.namespec, to.stream);
        if (target === null) return whole(errorResponse(404, `no such process ${quote(to.namespec)}`, close), close);
        return await follow(req, ctx, target, sink);
      }
      case "mainlogtail":
        return await follow(req, ctx, { main: true }, sink);
    }
  } catch (error) {
    return { kind: "whole", bytes: errorResponse(500, "internal error (graced's log has the details)", true), close: true, error };
  }
}
