import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { encodeFrame, Fault, FrameDecoder, type LogChunk } from "@grace/protocol";
import { Client, RemoteError, UnreachableError } from "./client.js";

/**
 * The client against a scripted peer on a Unix socket: what graced's answers and notifications
 * become. The real graced is the e2e tests' (test/e2e/ctl-*.test.ts).
 */
describe("Client", () => {
  let dir: string;
  let server: Server;
  /** How the peer answers each request it reads; it gets the request and its connection. */
  let answer: (request: { id: number; method: string; params: unknown }, conn: Socket) => void;
  const path = () => join(dir, "peer.sock");

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "grace-client-"));
    server = createServer((conn) => {
      const decoder = new FrameDecoder();
      conn.on("data", (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) answer(JSON.parse(frame), conn);
      });
      conn.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(path(), resolve));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const chunk: LogChunk = { name: "web:web", stream: "stdout", data: "hello\n" };

  it("hands a notification sent before the answer to its handler before the call returns", async () => {
    answer = (req, conn) =>
      conn.write(
        encodeFrame({ jsonrpc: "2.0", method: "log", params: chunk }) +
          encodeFrame({ jsonrpc: "2.0", id: req.id, result: { data: "", size: 0, path: "", following: true } }),
      );
    const client = await Client.connect(path(), 2000);
    const seen: string[] = [];
    client.on("log", (c) => seen.push(`log ${c.data.trim()}`));
    await client.call("tail", { name: "web", follow: true });
    seen.push("answered");
    client.close();
    assert.deepEqual(seen, ["log hello", "answered"]);
  });

  it("a domain error becomes a RemoteError with its fault and data", async () => {
    answer = (req, conn) =>
      conn.write(
        encodeFrame({
          jsonrpc: "2.0",
          id: req.id,
          error: { code: Fault.BAD_NAME, message: "no such process: nope", data: { fault: "BAD_NAME", kind: "process" } },
        }),
      );
    const client = await Client.connect(path(), 2000);
    const error = await client.call("tail", { name: "nope" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    client.close();
    assert.ok(error instanceof RemoteError);
    assert.deepEqual(
      [error.code, error.fault, error.data?.kind, error.message],
      [Fault.BAD_NAME, "BAD_NAME", "process", "no such process: nope"],
    );
  });

  it("no answer in time: unreachable, saying how long it waited", async () => {
    answer = () => {};
    const client = await Client.connect(path(), 200);
    await assert.rejects(
      client.call("version", {}),
      (e: unknown) => e instanceof UnreachableError && e.reason === "no answer within 0.2s (graced is not responding)",
    );
    client.close();
  });

  it("a transport error, then the close: pending calls fail with graced's reason", async () => {
    answer = (_req, conn) => conn.end(encodeFrame({ jsonrpc: "2.0", id: null, error: { code: -32002, message: "too slow" } }));
    const client = await Client.connect(path(), 2000);
    await assert.rejects(
      client.call("version", {}),
      (e: unknown) => e instanceof UnreachableError && e.reason === "graced closed the connection: too slow",
    );
    await assert.rejects(client.call("version", {}), UnreachableError);
  });

  it("one handler per notification on a connection", async () => {
    answer = () => {};
    const client = await Client.connect(path(), 2000);
    client.on("stateChange", () => {});
    assert.throws(() => client.on("stateChange", () => {}), /already set/);
    client.close();
  });
});
