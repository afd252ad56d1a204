import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type HttpRequest, HttpRequestReader, type ReadOutcome } from "./request-reader.js";

const limits = { maxHeadBytes: 256, maxHeaders: 8, maxBodyBytes: 64 };

/** Every outcome of feeding `chunks`, reading after each. */
function feed(chunks: (string | Buffer)[], reader = new HttpRequestReader(limits)): ReadOutcome[] {
  const out: ReadOutcome[] = [];
  for (const chunk of chunks) {
    const refused = reader.push(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk);
    if (refused) {
      out.push(reader.next());
      continue;
    }
    for (let o = reader.next(); o !== null; o = reader.next()) out.push(o);
  }
  return out;
}

const bytewise = (s: string) => [...s];
const summary = (o: ReadOutcome) => {
  if (o === null) return null;
  if ("refusal" in o) return o.refusal;
  const r: HttpRequest = o.request;
  return { line: `${r.method} ${r.target} ${r.version}`, body: r.body.toString(), keepAlive: r.keepAlive, hasLength: r.hasLength };
};

describe("HttpRequestReader reads the requests supervisorctl and xmlrpc.client send", () => {
  const xmlrpc =
    "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nUser-Agent: Python-xmlrpc/3.11\r\nContent-Type: text/xml\r\nContent-Length: 5\r\n\r\n<a/>\n";
  // supervisorctl's tail -f client ends its request with one blank line too many
  const tailf =
    "GET /logtail/web/stdout HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n";
  const cases: { name: string; input: string; requests: object[] }[] = [
    { name: "an XML-RPC POST", input: xmlrpc, requests: [{ line: "POST /RPC2 1.1", body: "<a/>\n", keepAlive: true, hasLength: true }] },
    {
      name: "tail -f's GET, its extra blank line ignored",
      input: tailf,
      requests: [{ line: "GET /logtail/web/stdout 1.1", body: "", keepAlive: true, hasLength: false }],
    },
    {
      name: "two requests on one connection, sent together",
      input: xmlrpc + xmlrpc,
      requests: [
        { line: "POST /RPC2 1.1", body: "<a/>\n", keepAlive: true, hasLength: true },
        { line: "POST /RPC2 1.1", body: "<a/>\n", keepAlive: true, hasLength: true },
      ],
    },
    {
      name: "HTTP/1.0 closes unless keep-alive",
      input: "GET /mainlogtail HTTP/1.0\r\n\r\nPOST /RPC2 HTTP/1.0\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n",
      requests: [
        { line: "GET /mainlogtail 1.0", body: "", keepAlive: false, hasLength: false },
        { line: "POST /RPC2 1.0", body: "", keepAlive: true, hasLength: true },
      ],
    },
    {
      name: "HTTP/1.1 with Connection: close",
      input: "GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n",
      requests: [{ line: "GET / 1.1", body: "", keepAlive: false, hasLength: false }],
    },
    {
      name: "the same Content-Length twice is one length",
      input: "POST /RPC2 HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
      requests: [{ line: "POST /RPC2 1.1", body: "ok", keepAlive: true, hasLength: true }],
    },
  ];
  for (const c of cases) {
    it(`${c.name}, in one chunk`, () => assert.deepEqual(feed([c.input]).map(summary), c.requests));
    it(`${c.name}, one byte at a time`, () => assert.deepEqual(feed(bytewise(c.input)).map(summary), c.requests));
  }

  it("keeps header names in lower case and joins repeated ones", () => {
    const [o] = feed(["GET / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nAuthorization:  Basic abc  \r\n\r\n"]);
    assert.ok(o && "request" in o);
    assert.deepEqual(
      [...o.request.headers],
      [
        ["x-a", "1, 2"],
        ["authorization", "Basic abc"],
      ],
    );
  });
});

describe("HttpRequestReader refuses, quoting the reason", () => {
  const cases: { name: string; input: string; status: number; reason: RegExp }[] = [
    {
      name: "a chunked body (supervisord's clients always send a length)",
      input: "POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      status: 411,
      reason: /Content-Length \(Transfer-Encoding "chunked" is not accepted\)/,
    },
    {
      name: "both Transfer-Encoding and Content-Length",
      input: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
      status: 400,
      reason: /both Transfer-Encoding and Content-Length/,
    },
    {
      name: "a body over the limit, before it is sent",
      input: "POST /RPC2 HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n",
      status: 413,
      reason: /a body of 100000000 bytes exceeds the limit of 64/,
    },
    {
      name: "a bad Content-Length",
      input: "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      status: 400,
      reason: /bad Content-Length "-1"/,
    },
    {
      name: "two different Content-Lengths",
      input: "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      status: 400,
      reason: /bad Content-Length "1, 2"/,
    },
    { name: "headers over the limit", input: `GET / HTTP/1.1\r\nX: ${"a".repeat(300)}\r\n\r\n`, status: 431, reason: /exceed 256 bytes/ },
    {
      name: "too many header lines",
      input: `GET / HTTP/1.1\r\n${"X: 1\r\n".repeat(9)}\r\n`,
      status: 431,
      reason: /more than 8 header lines/,
    },
    { name: "HTTP/2", input: "GET / HTTP/2.0\r\n\r\n", status: 505, reason: /HTTP\/2\.0 is not supported/ },
    { name: "a request line without a version", input: "GET /\r\n\r\n", status: 400, reason: /malformed request line "GET \/"/ },
    {
      name: "a header folded onto two lines",
      input: "GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n",
      status: 400,
      reason: /malformed header line " {2}b"/,
    },
    { name: "a bare LF inside the head", input: "GET / HTTP/1.1\nX: a\r\n\r\n", status: 400, reason: /malformed request line/ },
    { name: "a space before the colon", input: "GET / HTTP/1.1\r\nX : a\r\n\r\n", status: 400, reason: /malformed header line "X : a"/ },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.status}`, () => {
      const [o] = feed([c.input]);
      assert.ok(o && "refusal" in o, "refused");
      assert.equal(o.refusal.status, c.status);
      assert.match(o.refusal.reason, c.reason);
    });
  }

  it("a refusal is given once; after it the reader takes nothing more", () => {
    const reader = new HttpRequestReader(limits);
    assert.deepEqual(feed(["GET /\r\n\r\n"], reader).length, 1);
    assert.equal(reader.push(Buffer.from("GET / HTTP/1.1\r\n\r\n")), null);
    assert.equal(reader.next(), null);
    assert.equal(reader.buffered, 0);
  });

  it("a client that sends more than a whole request ahead of an answer is refused at push", () => {
    const reader = new HttpRequestReader(limits);
    const request = "GET / HTTP/1.1\r\n\r\n";
    assert.equal(reader.push(Buffer.from(request + "a".repeat(256 + 64 - request.length))), null);
    const refused = reader.push(Buffer.from("a"));
    assert.equal(refused?.status, 413);
    assert.match(refused?.reason ?? "", /more than 320 bytes sent ahead of an answer/);
    assert.equal(reader.buffered, 0, "what it held is let go");
  });

  it("a head that never ends, sent in one piece, is refused at push as a head too large", () => {
    const reader = new HttpRequestReader(limits);
    assert.equal(reader.push(Buffer.alloc(1000, "a"))?.status, 431);
  });
});

describe("HttpRequestReader holds only what was sent", () => {
  it("a large Content-Length with a few bytes of body buffers those bytes, not the length", () => {
    const reader = new HttpRequestReader({ ...limits, maxBodyBytes: 1024 * 1024 });
    reader.push(Buffer.from("POST /RPC2 HTTP/1.1\r\nContent-Length: 1000000\r\n\r\nabc"));
    assert.equal(reader.next(), null);
    assert.equal(reader.buffered, 3);
  });

  it("pendingSince: when a request began arriving, until it is complete", () => {
    let now = 1000;
    const reader = new HttpRequestReader(limits, () => now);
    assert.equal(reader.pendingSince, null);
    reader.push(Buffer.from("POST /RPC2 HTTP/1.1\r\nContent-"));
    reader.next();
    assert.equal(reader.pendingSince, 1000);
    now = 2000;
    reader.push(Buffer.from("Length: 2\r\n\r\nx"));
    reader.next();
    assert.equal(reader.pendingSince, 1000, "the body is still the same request");
    reader.push(Buffer.from("y"));
    assert.ok(reader.next());
    assert.equal(reader.pendingSince, null);
    reader.push(Buffer.from("\r\n"));
    reader.next();
    assert.equal(reader.pendingSince, null, "a blank line between requests is not a request begun");
  });

  it("overdue: 408 once a request has been partly here for the limit, never between requests", () => {
    const now = 0;
    const reader = new HttpRequestReader(limits, () => now);
    assert.equal(reader.overdue(50_000, 10_000), null, "nothing begun");
    reader.push(Buffer.from("GET / HTTP/1.1\r\n"));
    reader.next();
    assert.equal(reader.overdue(9_999, 10_000), null);
    const refused = reader.overdue(10_000, 10_000);
    assert.equal(refused?.status, 408);
    assert.match(refused?.reason ?? "", /not complete within 10s/);
    assert.deepEqual(reader.next(), { refusal: refused });
  });
});
