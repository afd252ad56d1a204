import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { encodeFrame, FrameDecoder, type ProcessInfo, RpcError } from "@grace/protocol";
import { RpcServer } from "./server.js";

const dir = mkdtempSync(join(tmpdir(), "grace-rpc-"));
let n = 0;

async function serve(opts: ConstructorParameters<typeof RpcServer>[1]): Promise<RpcServer> {
  const server = new RpcServer(join(dir, `s${n++}.sock`), opts);
  server.rpc.addMethod("version", () => ({ version: "t", protocol: 1, identifier: "t", pid: 1 }));
  server.rpc.addMethod("subscribe", (_p, session) => {
    session.subscribed.add("state");
    return { subscribed: ["state"] };
  });
  await server.listen(0o700);
  return server;
}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path, () => resolve(s));
    s.once("error", reject);
  });
}

/** Resolves with every frame the server sent once it closes the connection. */
function closed(s: Socket): Promise<unknown[]> {
  const decoder = new FrameDecoder(64 * 1024 * 1024);
  const frames: unknown[] = [];
  s.on("data", (c: Buffer) => frames.push(...decoder.push(c).map((f) => JSON.parse(f))));
  return new Promise((resolve) => s.once("close", () => resolve(frames)));
}

function ask(s: Socket, id: number): Promise<unknown> {
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    s.on("data", (c: Buffer) => {
      for (const f of decoder.push(c)) {
        const m = JSON.parse(f);
        if (m.id === id) resolve(m);
      }
    });
    s.write(encodeFrame({ jsonrpc: "2.0", id, method: "version", params: {} }));
  });
}

describe("RpcServer limits", () => {
  const servers: RpcServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  it("closes a connection that sends nothing, while serving others meanwhile", async () => {
    const server = await serve({ handshakeMs: 200 });
    servers.push(server);
    const silent = await open(server.path);
    const gone = closed(silent);
    const other = await open(server.path);
    assert.deepEqual(((await ask(other, 1)) as { result: { version: string } }).result.version, "t");
    const frames = (await gone) as { error: { code: number; message: string } }[];
    assert.equal(frames[0]?.error.code, RpcError.HANDSHAKE_TIMEOUT);
    assert.match(frames[0]?.error.message ?? "", /did not send a request within 0.2s/);
    // the one that spoke is still served after the silent one was closed
    assert.ok(!other.destroyed);
    assert.ok(((await ask(other, 2)) as { result: unknown }).result);
    other.destroy();
  });

  it("with auth, a connection that only sends other requests is closed at the deadline", async () => {
    const server = await serve({ handshakeMs: 200, needsAuth: true });
    servers.push(server);
    const s = await open(server.path);
    const gone = closed(s);
    s.write(encodeFrame({ jsonrpc: "2.0", id: 1, method: "version", params: {} }));
    const frames = (await gone) as { error?: { code: number; message: string } }[];
    assert.equal(frames.at(-1)?.error?.code, RpcError.HANDSHAKE_TIMEOUT);
    assert.match(frames.at(-1)?.error?.message ?? "", /did not authenticate/);
  });

  it("keeps a slow subscriber's backlog out of its socket, so cutting it off does not walk it", async () => {
    const server = await serve({ handshakeMs: 5000 });
    servers.push(server);
    const subscribers = await Promise.all(Array.from({ length: 20 }, () => open(server.path)));
    for (const s of subscribers) {
      await new Promise<void>((resolve) => {
        s.once("data", () => resolve());
        s.write(encodeFrame({ jsonrpc: "2.0", id: 1, method: "subscribe", params: { events: ["state"] } }));
      });
      s.pause(); // reads nothing from now on
    }
    const small = { info: { description: "x".repeat(200) } as unknown as ProcessInfo, from: "RUNNING" as const };
    // 2,000 notifications of ~300 bytes: far below the 8 MiB cap, far above what the kernel takes
    for (let i = 0; i < 2000; i++) {
      server.notify("state", "stateChange", small);
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    const sockets = [...(server as unknown as { connections: Set<{ socket: Socket }> }).connections].map((c) => c.socket);
    assert.equal(sockets.length, 20);
    // Node's stream would destroy each buffered write one by one (an error object each): with
    // every notification a write of its own, 100 subscribers 8 MiB behind stalled graced for seconds
    for (const socket of sockets) {
      // not in @types/node, but a public getter of Writable since Node 12
      const buffered = (socket as unknown as { writableBuffer: unknown[] }).writableBuffer.length;
      assert.ok(buffered <= 2, `${buffered} writes buffered in the socket`);
    }
    for (const s of subscribers) s.destroy();
  });

  it("cuts off a subscriber that stops reading instead of queueing without bound", async () => {
    const server = await serve({ handshakeMs: 5000 });
    servers.push(server);
    const s = await open(server.path);
    await new Promise<void>((resolve) => {
      s.once("data", () => resolve());
      s.write(encodeFrame({ jsonrpc: "2.0", id: 1, method: "subscribe", params: { events: ["state"] } }));
    });
    s.pause(); // reads nothing from now on
    const gone = new Promise<void>((resolve) => s.once("close", () => resolve()));
    const big = { info: { description: "x".repeat(512 * 1024) } as unknown as ProcessInfo, from: "RUNNING" as const };
    let sent = 0;
    // 64 MiB at most: far past the 8 MiB cap, so only a missing cap lets this finish unclosed
    while (!s.destroyed && sent < 128) {
      server.notify("state", "stateChange", big);
      sent++;
      await new Promise((r) => setImmediate(r));
      if ((server as unknown as { connections: Set<unknown> }).connections.size === 0) break;
    }
    assert.ok(sent < 128, "the server kept queueing for a client that reads nothing");
    s.resume();
    await gone;
  });
});
