import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { MAX_BUFFERED_INPUT_BYTES, MAX_CONNECTIONS } from "@grace/protocol";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * Hostile HTTP on graced's real control socket (issue 15): whatever arrives, graced answers or
 * closes, keeps serving gracectl, and does not grow without bound. HTTP connections count
 * toward the socket's connection limit and their unfinished requests toward its input budget.
 * The slow, big ones over many seconds are in test/stress/hostile.mjs (http-slow, http-big).
 */
const TIMEOUT_MS = 400; // GRACE_TEST_RPC_TIMEOUT_MS: also the HTTP request timeout

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** A raw client: what it sends, and everything graced sent back until it closed. */
class Raw {
  readonly socket: Socket;
  got = "";
  readonly closed: Promise<string>;
  constructor(path: string) {
    this.socket = connect(path);
    this.socket.on("error", () => {});
    this.socket.on("data", (b: Buffer) => {
      this.got += b.toString("latin1");
    });
    this.closed = new Promise((resolve) => this.socket.once("close", () => resolve(this.got)));
  }
  /** The answer, once graced has closed the connection (fails after `ms`). */
  async answer(ms = 5000): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`graced did not close within ${ms} ms; got ${JSON.stringify(this.got.slice(0, 300))}`)),
        ms,
      );
    });
    try {
      return await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * `n` HTTP clients, each past its first request (answered, on a kept connection), opened in
 * waves that the handshake limit lets in; then each sends `then`.
 */
async function httpClients(path: string, n: number, then: string | Buffer): Promise<Raw[]> {
  const ask = "<?xml version='1.0'?><methodCall><methodName>supervisor.getPID</methodName></methodCall>";
  const clients: Raw[] = [];
  while (clients.length < n) {
    const wave = Array.from({ length: Math.min(16, n - clients.length) }, () => new Raw(path));
    for (const c of wave) c.socket.write(`POST /RPC2 HTTP/1.1\r\nContent-Length: ${ask.length}\r\n\r\n${ask}`);
    await Promise.all(wave.map((c) => new Promise((resolve) => c.socket.once("data", resolve))));
    for (const c of wave) {
      c.got = "";
      c.socket.write(then);
    }
    clients.push(...wave);
  }
  return clients;
}

const post = (body: string) => `POST /RPC2 HTTP/1.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
const statusLine = (answer: string) => answer.split("\r\n", 1)[0];

describe("hostile HTTP on the control socket", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n", {
      env: { GRACE_TEST_RPC_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  });
  after(() => d.stop());

  async function assertServes(): Promise<void> {
    assert.equal(d.child.exitCode, null, `graced exited: ${d.log}`);
    const r = await d.ctl("status");
    assert.equal(r.code, 0, r.stderr);
    const c = new Raw(d.socket);
    c.socket.write(post("<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName></methodCall>"));
    assert.match(await c.answer(), /<name>statename<\/name>\n<value><string>RUNNING<\/string>/);
  }

  it("malformed XML gets 400 with the reason", async () => {
    const c = new Raw(d.socket);
    c.socket.write(post("<methodCall><methodName>supervisor.getState</methodName><params><param>"));
    const answer = await c.answer();
    assert.equal(statusLine(answer), "HTTP/1.1 400 Bad Request");
    assert.match(answer, /not well-formed XML/);
    await assertServes();
  });

  it("entity expansion (a billion laughs) is refused: no DOCTYPE is read, nothing expanded", async () => {
    const laughs = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)];
    const xml = `<?xml version="1.0"?><!DOCTYPE m [${laughs.join("")}]><methodCall><methodName>&a9;</methodName></methodCall>`;
    const before = rssMiB(d.child.pid as number);
    const c = new Raw(d.socket);
    c.socket.write(post(xml));
    const answer = await c.answer();
    assert.equal(statusLine(answer), "HTTP/1.1 400 Bad Request");
    assert.match(answer, /DOCTYPE and ENTITY declarations are refused/);
    assert.ok(rssMiB(d.child.pid as number) - before < 20, "no expansion was built");
    await assertServes();
  });

  it("a 100 MB body is refused at its head, and sending it anyway costs graced nothing", async () => {
    const pid = d.child.pid as number;
    const before = rssMiB(pid);
    const c = new Raw(d.socket);
    const size = 100 * 1024 * 1024;
    c.socket.write(`POST /RPC2 HTTP/1.1\r\nContent-Length: ${size}\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    let peak = before;
    while (sent < size && !c.socket.destroyed && !c.socket.writableEnded) {
      const flushed = c.socket.write(chunk);
      sent += chunk.length;
      if (!flushed) await new Promise((r) => c.socket.once("drain", r).once("close", r));
      peak = Math.max(peak, rssMiB(pid));
    }
    const answer = await c.answer();
    assert.equal(statusLine(answer), "HTTP/1.1 413 Content Too Large");
    assert.match(answer, /a body of 104857600 bytes exceeds the limit of 1048576/);
    assert.ok(peak - before < 40, `RSS grew by ${(peak - before).toFixed(1)} MiB while the body was sent`);
    await assertServes();
  });

  it("slow headers are cut off with 408 once the request time is up", async () => {
    const c = new Raw(d.socket);
    c.socket.write("POST /RPC2 HTTP/1.1\r\n");
    const drip = setInterval(() => c.socket.writable && c.socket.write("X"), 50);
    try {
      const answer = await c.answer(5000);
      assert.equal(statusLine(answer), "HTTP/1.1 408 Request Timeout");
      assert.match(answer, /not complete within 0.4s/);
    } finally {
      clearInterval(drip);
    }
    await assertServes();
  });
});

describe("HTTP connections share the control socket's limits", () => {
  let d: TestDaemon;
  before(async () => {
    // the default 10 s request time: only the limits can close these connections here
    d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n");
  });
  after(() => d.stop());

  it("more half-sent requests than the connection limit: the oldest give way (503), gracectl still gets in", async () => {
    const extra = 12;
    const clients = await httpClients(d.socket, MAX_CONNECTIONS + extra, "POST /RPC2 HTTP/1.1\r\nContent-Length: 100\r\n\r\n<method");
    try {
      const r = await d.ctl("status");
      assert.equal(r.code, 0, r.stderr);
      // which ones give way depends on what graced had read of each when the newcomer came: one
      // already read as HTTP gets a 503, one not yet read is closed as a handshaking frame would be;
      // either way graced closes one connection for each over the limit (the clients never do)
      const closed = new Set<Raw>();
      for (const c of clients) void c.closed.then(() => closed.add(c));
      await waitUntil("graced closes a connection for each one over the limit", () => closed.size >= extra, 10_000);
      const displaced = clients.filter((c) => statusLine(c.got) === "HTTP/1.1 503 Service Unavailable");
      assert.ok(displaced.length > 0, "at least one half-sent request gave way to a newer client with a 503");
      assert.match(displaced[0]?.got ?? "", /needed this one's place for a newer client/);
    } finally {
      for (const c of clients) c.socket.destroy();
    }
  });

  it("unfinished request bodies count against the shared input budget (503 past it)", async () => {
    const body = 1_000_000;
    const n = Math.ceil(MAX_BUFFERED_INPUT_BYTES / body) + 4;
    const head = Buffer.from(`POST /RPC2 HTTP/1.1\r\nContent-Length: ${body + 100}\r\n\r\n`);
    const clients = await httpClients(d.socket, n, Buffer.concat([head, Buffer.alloc(body, 0x20)]));
    try {
      const over = await Promise.race([
        Promise.any(clients.map((c) => c.closed.then((a) => (a === "" ? Promise.reject() : a)))),
        new Promise<string>((resolve) => setTimeout(() => resolve("none within 8 s"), 8000)),
      ]);
      assert.equal(statusLine(over), "HTTP/1.1 503 Service Unavailable");
      assert.match(over, new RegExp(`unfinished requests and frames of all clients exceed ${MAX_BUFFERED_INPUT_BYTES} bytes`));
    } finally {
      for (const c of clients) c.socket.destroy();
    }
    const r = await d.ctl("status");
    assert.equal(r.code, 0, r.stderr);
  });
});
