import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { encodeFrame, MAX_FRAME_BYTES, RpcError } from "@grace/protocol";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { call, rawRequest } from "../helpers/rpc.js";

type Reply = { id?: unknown; result?: unknown; error?: { code: number; message: string; data?: { field?: string } } };

// SPEC §5 limits against the real daemon: each bad frame gets an error, the daemon stays up.
describe("control socket limits", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n");
  });
  after(() => d.stop());
  const ask = async (payload: string | Buffer) => (await rawRequest(d.socket, payload as string)) as Reply[];
  const stillServes = async () => assert.ok((await call(d.socket, "version", {})).pid > 0);

  it("a frame over 1 MiB gets the size error and the connection is closed", async () => {
    const [reply] = await ask(`{"jsonrpc":"2.0","id":1,"method":"status","params":{"pad":"${"x".repeat(MAX_FRAME_BYTES)}"}}\n`);
    assert.equal(reply?.error?.code, RpcError.FRAME_TOO_LARGE);
    assert.match(reply?.error?.message ?? "", /exceeds 1048576 bytes/);
    await stillServes();
  });

  it("invalid UTF-8 gets a parse error", async () => {
    const [reply] = await ask(
      Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]),
    );
    assert.equal(reply?.error?.code, RpcError.PARSE_ERROR);
    await stillServes();
  });

  it("invalid JSON gets -32700", async () => {
    const [reply] = await ask("{not json\n");
    assert.equal(reply?.error?.code, RpcError.PARSE_ERROR);
    assert.equal(reply?.id, null);
    await stillServes();
  });

  it("JSON that is not a JSON-RPC request gets -32600", async () => {
    const [reply] = await ask('{"hello":"there"}\n');
    assert.equal(reply?.error?.code, RpcError.INVALID_REQUEST);
    await stillServes();
  });

  it("an unknown method gets -32601", async () => {
    const [reply] = await ask(encodeFrame({ jsonrpc: "2.0", id: 7, method: "frobnicate", params: {} }));
    assert.equal(reply?.error?.code, RpcError.METHOD_NOT_FOUND);
    assert.equal(reply?.id, 7);
  });

  const badParams: { method: string; params: unknown; field: string }[] = [
    { method: "stop", params: {}, field: "names" },
    { method: "stop", params: { names: [1] }, field: "names" },
    { method: "start", params: { names: ["one"], wait: "yes" }, field: "wait" },
    { method: "signal", params: { names: ["one"] }, field: "signal" },
    { method: "wait", params: { names: ["one"], for: "dancing" }, field: "for" },
    { method: "wait", params: { names: ["one"], for: "running", timeout: -1 }, field: "timeout" },
    { method: "subscribe", params: { events: ["logs?"] }, field: "events" },
    { method: "authenticate", params: {}, field: "username" },
    { method: "authenticate", params: { username: "u", password: [[1]] }, field: "password" },
  ];
  for (const b of badParams) {
    it(`invalid params to ${b.method} get -32602 naming "${b.field}"`, async () => {
      const [reply] = await ask(encodeFrame({ jsonrpc: "2.0", id: 1, method: b.method, params: b.params }));
      assert.equal(reply?.error?.code, RpcError.INVALID_PARAMS);
      assert.equal(reply?.error?.data?.field, b.field);
      assert.match(reply?.error?.message ?? "", new RegExp(`invalid params: ${b.field} `));
    });
  }

  it("a batch gets one answer per request, in one array", async () => {
    const batch = [
      { jsonrpc: "2.0", id: 1, method: "version", params: {} },
      { jsonrpc: "2.0", id: 2, method: "status", params: { names: ["one", "nope"] } },
      { jsonrpc: "2.0", id: 3, method: "frobnicate" },
    ];
    const [replies] = (await rawRequest(d.socket, encodeFrame(batch))) as Reply[][];
    assert.ok(Array.isArray(replies));
    const byId = new Map(replies.map((r) => [r.id, r]));
    assert.ok(byId.get(1)?.result);
    assert.equal((byId.get(2)?.result as { unknown: unknown[] } | undefined)?.unknown.length, 1);
    assert.equal(byId.get(3)?.error?.code, RpcError.METHOD_NOT_FOUND);
  });

  it("status answers (showing STOPPING) while a program holds up a stop", async () => {
    const slow = await startDaemon(
      "[program:stubborn]\ncommand = sh -c 'trap \"\" TERM; while :; do sleep 0.2; done'\nstartsecs = 0\nstopwaitsecs = 3\n",
    );
    try {
      await slow.waitForState("stubborn", "RUNNING");
      const stopping = slow.ctl("stop", "stubborn");
      const info = await slow.waitForState("stubborn", "STOPPING");
      assert.match(info.description, /stopping \ds of 3s/);
      assert.ok(info.stopstart > 0);
      assert.equal((await stopping).code, 0);
    } finally {
      await slow.stop();
    }
  });
});
