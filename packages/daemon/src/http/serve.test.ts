import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { recordedState } from "../testing/recorded-state.js";
import { methodTable } from "../xmlrpc/methods.js";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "./limits.js";
import { serveHttp } from "./serve.js";

/** Hostile clients against serveHttp on a Unix socket, with small limits so each is quick to reach. */
describe("serveHttp survives hostile clients", () => {
  const dir = mkdtempSync(join(tmpdir(), "grace-serve-"));
  const sock = join(dir, "s.sock");
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, requestMs: 200, maxBodyBytes: 4096 };
  let server: Server;
  const errors: unknown[] = [];

  before(async () => {
    const ctx = { backend: recordedState().backend, credentials: { username: null, password: null }, table: methodTable(), limits };
    server = createServer((socket) =>
      socket.once("data", (first: Buffer) => serveHttp(socket, first, ctx, { maxQueuedBytes: 65536, log: (e) => errors.push(e) })),
    );
    await new Promise<void>((resolve) => server.listen(sock, resolve));
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(errors, [], "no bug reached a 500");
  });

  /** Send `parts` (a number is a pause in ms), and collect everything until the server closes. */
  function exchange(parts: (string | Buffer | number)[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(sock);
      let got = "";
      socket.on("data", (b) => {
        got += b.toString("latin1");
      });
      // a server that never closes fails the test instead of hanging it
      const deadline = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server did not close the connection within 10s; got ${JSON.stringify(got)}`));
      }, 10_000);
      socket.on("error", reject);
      socket.on("close", () => {
        clearTimeout(deadline);
        resolve(got);
      });
      void (async () => {
        for (const part of parts) {
          if (typeof part === "number") await new Promise((r) => setTimeout(r, part));
          else if (!socket.destroyed) socket.write(part);
        }
      })();
    });
  }

  const call = "<?xml version='1.0'?><methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>";
  const post = (body: string, extra = "") => `POST /RPC2 HTTP/1.1\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  it("answers two keep-alive requests on one connection, then closes on Connection: close", async () => {
    const got = await exchange([post(call), post(call, "Connection: close\r\n")]);
    assert.equal(got.match(/HTTP\/1\.1 200 OK/g)?.length, 2, got);
    assert.match(got, /Connection: close\r\n\r\n<\?xml/);
  });

  it("a 100 MB Content-Length is refused at once, before any of it is read", async () => {
    const got = await exchange([`POST /RPC2 HTTP/1.1\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`, "x".repeat(1000)]);
    assert.match(got, /^HTTP\/1\.1 413 Content Too Large\r\n[\s\S]*a body of 104857600 bytes exceeds the limit of 4096\n$/);
  });

  it("headers that never finish get 408 after requestMs", async () => {
    const got = await exchange(["POST /RPC2 HTTP/1.1\r\nX-Slow: "]);
    assert.match(got, /^HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*not complete within 0\.2s/);
  });

  it("a body that stops half-way gets 408 too", async () => {
    const got = await exchange([`POST /RPC2 HTTP/1.1\r\nContent-Length: ${call.length}\r\n\r\n${call.slice(0, 10)}`]);
    assert.match(got, /^HTTP\/1\.1 408 /);
  });

  it("an idle keep-alive connection between requests is not timed out", async () => {
    const got = await exchange([post(call), 400, post(call, "Connection: close\r\n")]);
    assert.equal(got.match(/HTTP\/1\.1 200 OK/g)?.length, 2, got);
  });

  it("entity expansion and malformed XML are 400 with the reason; the connection stays usable", async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "${"A".repeat(100)}"><!ENTITY b "&a;&a;&a;&a;">]><methodCall><methodName>&b;</methodName></methodCall>`;
    const got = await exchange([post(laughs), post("<methodCall><methodName>x</methodName>", "Connection: close\r\n")]);
    assert.match(got, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*DOCTYPE and ENTITY declarations are refused/);
    assert.match(got, /HTTP\/1\.1 400 Bad Request\r\n[\s\S]*<methodCall> is never closed/);
  });

  it("garbage that is not HTTP gets 400 and the connection is closed", async () => {
    const got = await exchange(["GARBAGE\r\n\r\n"]);
    assert.match(got, /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*malformed request line "GARBAGE"/);
  });
});
