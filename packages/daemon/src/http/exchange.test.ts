import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { recordedState } from "../testing/recorded-state.js";
import type { XmlRpcBackend } from "../xmlrpc/backend.js";
import { methodTable } from "../xmlrpc/methods.js";
import { RECORDED_STATUSES } from "../xmlrpc/reference/supervisord-4.2.5.js";
import type { Credentials } from "./credentials.js";
import { answerRequest, type HttpContext, type Reply, refusalResponse, type StreamSink } from "./exchange.js";
import { DEFAULT_HTTP_LIMITS } from "./limits.js";
import { HttpRequestReader } from "./request-reader.js";

const noAuth = { username: null, password: null };

function context(backend: XmlRpcBackend, credentials: Credentials = noAuth, limits = DEFAULT_HTTP_LIMITS): HttpContext {
  return { backend, credentials, table: methodTable(), limits };
}

/** A sink that keeps what a stream sends after its first bytes. */
function sink() {
  const written: string[] = [];
  let ended: string | null = null;
  const s: StreamSink = {
    write: (b) => written.push(b.toString()),
    end: (b) => {
      ended = b.toString();
    },
  };
  return { s, written, ended: () => ended };
}

/** Read one request from raw bytes and answer it (a refusal of the reader is answered as graced answers it). */
async function exchange(raw: string, ctx: HttpContext, out = sink().s): Promise<{ text: string; reply: Reply | null }> {
  const reader = new HttpRequestReader(ctx.limits);
  reader.push(Buffer.from(raw, "latin1"));
  const o = reader.next();
  assert.ok(o, "a whole request or a refusal");
  if ("refusal" in o) return { text: refusalResponse(o.refusal).toString(), reply: null };
  const reply = await answerRequest(o.request, ctx, out);
  return { text: reply.bytes.toString(), reply };
}

const statusLine = (text: string) => text.split("\r\n", 1)[0];
const post = (body: string, headers = "") => `POST /RPC2 HTTP/1.1\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const call = (method: string, params = "") =>
  `<?xml version='1.0'?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;

/** Where graced answers differently from supervisord on purpose, and why. */
const INTENDED: Record<string, string> = {
  "DOCTYPE with an entity": "HTTP/1.1 400", // supervisord expands the entity and answers; graced refuses every DOCTYPE
};

describe("HTTP answers match the status lines recorded from supervisord 4.2.5", () => {
  for (const recorded of RECORDED_STATUSES) {
    it(`${recorded.label} → ${INTENDED[recorded.label] ?? recorded.statusLine}`, async () => {
      const { text } = await exchange(recorded.request, context(recordedState().backend));
      const expected = INTENDED[recorded.label] ?? recorded.statusLine;
      assert.equal(statusLine(text).slice(0, expected.length), expected, text);
    });
  }
});

describe("answerRequest", () => {
  it("runs an XML-RPC call and keeps the connection", async () => {
    const { text, reply } = await exchange(post(call("supervisor.getAPIVersion")), context(recordedState().backend));
    assert.match(text, /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/xml\r\nContent-Length: \d+\r\n\r\n<\?xml/);
    assert.match(text, /<string>3\.0<\/string>/);
    assert.equal(reply?.kind === "whole" && reply.close, false);
  });

  it("quotes what is wrong with a body that is not an XML-RPC call", async () => {
    const { text } = await exchange(
      post("<methodCall><methodName>x</methodName><params><param><value><int>ten</int>"),
      context(recordedState().backend),
    );
    assert.match(text, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(text, /not an XML-RPC call: .*never closed/);
  });

  it("asks for credentials when they are configured, and closes", async () => {
    const ctx = context(recordedState().backend, { username: "ops", password: "pw" });
    const { text, reply } = await exchange(post(call("supervisor.getPID")), ctx);
    assert.match(text, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.match(text, /\r\nWWW-Authenticate: Basic realm="default"\r\n/);
    assert.equal(reply?.kind === "whole" && reply.close, true);
    const authorized = await exchange(
      post(call("supervisor.getPID"), `Authorization: Basic ${Buffer.from("ops:pw").toString("base64")}\r\n`),
      ctx,
    );
    assert.match(authorized.text, /^HTTP\/1\.1 200 OK/);
  });

  it("asks for credentials on every path, as supervisord does", async () => {
    const ctx = context(recordedState().backend, { username: "ops", password: "pw" });
    for (const raw of ["GET /logtail/web HTTP/1.1\r\n\r\n", "GET /mainlogtail HTTP/1.1\r\n\r\n", "GET /nope HTTP/1.1\r\n\r\n"]) {
      assert.match((await exchange(raw, ctx)).text, /^HTTP\/1\.1 401 /, raw);
    }
  });

  it("turns an answer over the limit into a FAILED fault", async () => {
    const ctx = context(recordedState().backend, noAuth, { ...DEFAULT_HTTP_LIMITS, maxAnswerBytes: 300 });
    const { text } = await exchange(post(call("supervisor.getAllProcessInfo")), ctx);
    assert.match(text, /<int>30<\/int>.*FAILED: answer too large: \d+ bytes would exceed 300/s);
  });

  it("answers a bug with 500 and hands the error over for the log", async () => {
    const backend: XmlRpcBackend = {
      ...recordedState().backend,
      processes: () => {
        throw new TypeError("boom");
      },
    };
    const { text, reply } = await exchange(post(call("supervisor.getAllProcessInfo")), context(backend));
    assert.match(text, /^HTTP\/1\.1 500 Internal Server Error\r\n/);
    assert.ok(reply?.kind === "whole" && reply.error instanceof TypeError);
  });
});

describe("tail -f over HTTP", () => {
  it("sends the end of the log, then each new chunk, chunked; the end of the log ends the stream", async () => {
    const fake = recordedState();
    const out = sink();
    const { text, reply } = await exchange("GET /logtail/web HTTP/1.1\r\n\r\n", context(fake.backend), out.s);
    assert.equal(reply?.kind, "stream");
    assert.match(
      text,
      /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain;charset=utf-8\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello\n\r\n$/,
    );
    fake.emit("web:web:stdout", "more\n");
    assert.deepEqual(out.written, ["5\r\nmore\n\r\n"]);
    fake.end("web:web:stdout");
    assert.equal(out.ended(), "0\r\n\r\n");
  });

  it("stop() lets go of the log when the client leaves", async () => {
    const fake = recordedState();
    const { reply } = await exchange("GET /logtail/web/stderr HTTP/1.1\r\n\r\n", context(fake.backend));
    assert.ok(fake.followers.has("web:web:stderr"));
    if (reply?.kind === "stream") reply.stop();
    assert.equal(fake.followers.has("web:web:stderr"), false);
  });

  it("streams raw bytes to an HTTP/1.0 client, ended by closing", async () => {
    const fake = recordedState();
    const out = sink();
    const { text } = await exchange("GET /mainlogtail HTTP/1.0\r\n\r\n", context(fake.backend), out.s);
    assert.match(text, /\r\nConnection: close\r\n\r\ngraced started\n$/);
    fake.emit("main", "next\n");
    assert.deepEqual(out.written, ["next\n"]);
  });

  it("output that arrives while the end of the log is being read goes out after it, never before the head", async () => {
    const fake = recordedState();
    const backend: XmlRpcBackend = {
      ...fake.backend,
      followLog: async (target, fromEnd, onData, onEnd) => {
        const followed = await fake.backend.followLog(target, fromEnd, onData, onEnd);
        onData(Buffer.from("raced\n"));
        return followed;
      },
    };
    const out = sink();
    const { text } = await exchange("GET /logtail/web HTTP/1.1\r\n\r\n", context(backend), out.s);
    assert.match(text, /\r\n\r\nc\r\nhello\nraced\n\r\n$/);
    assert.deepEqual(out.written, []);
  });

  it("a process that is not there, or has no log file, is 404", async () => {
    const ctx = context(recordedState().backend);
    assert.match(
      (await exchange("GET /logtail/nope HTTP/1.1\r\n\r\n", ctx)).text,
      /^HTTP\/1\.1 404 Not Found\r\n[\s\S]*no such process "nope"/,
    );
    assert.match((await exchange("GET /logtail/idle HTTP/1.1\r\n\r\n", ctx)).text, /^HTTP\/1\.1 404 Not Found\r\n[\s\S]*no log file/);
    assert.match((await exchange("GET /logtail/worker HTTP/1.1\r\n\r\n", ctx)).text, /^HTTP\/1\.1 404 /);
  });
});
