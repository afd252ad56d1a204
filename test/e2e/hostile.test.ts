import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import {
  encodeFrame,
  MAX_BATCH_LENGTH,
  MAX_BUFFERED_INPUT_BYTES,
  MAX_CONNECTIONS,
  MAX_FRAME_BYTES,
  MAX_HANDSHAKING,
  MAX_TAIL_BYTES,
  MAX_WAIT_SECONDS,
  RpcError,
} from "@grace/protocol";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { type Frame, RawConn } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

// Issue 10: what a hostile local client can send, before or after auth. After every probe
// graced must still be alive and answer `status`.

const TIMEOUT_MS = 400; // GRACE_TEST_RPC_TIMEOUT_MS: handshake and partial-frame timeouts
const AUTH = "username = u\npassword = p\n";
const request = (id: unknown, method: string, params: unknown = {}) => ({ jsonrpc: "2.0", id, method, params });
const nestedArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const isError = (code: number) => (f: Frame) => f.error?.code === code;

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

async function open(d: TestDaemon, auth: boolean): Promise<RawConn> {
  const c = await RawConn.open(d.socket);
  if (auth) assert.ok((await c.request("authenticate", { username: "u", password: "p" })).result);
  return c;
}

/** `n` connections that each made `first` request, opened in waves the handshake limit lets in. */
async function openMany(d: TestDaemon, n: number, method: string, params: unknown = {}): Promise<RawConn[]> {
  const conns: RawConn[] = [];
  while (conns.length < n) {
    const wave = await Promise.all(Array.from({ length: Math.min(MAX_HANDSHAKING / 2, n - conns.length) }, () => RawConn.open(d.socket)));
    await Promise.all(wave.map((c) => c.request(method, params)));
    conns.push(...wave);
  }
  return conns;
}

async function assertServes(d: TestDaemon, auth: boolean): Promise<void> {
  assert.equal(d.child.exitCode, null, `graced exited: ${d.log}`);
  const c = await open(d, auth);
  const answer = await c.request("status", {}, 2000);
  assert.ok(answer.result, `status failed: ${JSON.stringify(answer)}`);
  c.destroy();
}

describe("hostile clients, with auth", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n", {
      server: AUTH,
      env: { GRACE_TEST_RPC_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
  });
  after(() => d.stop());

  for (const authFirst of [false, true]) {
    it(`an id nested 5,000 arrays deep gets -32600 with id null ${authFirst ? "after" : "before"} authenticating`, async () => {
      const c = await open(d, authFirst);
      c.write(`{"jsonrpc":"2.0","id":${nestedArray(5000)},"method":"version","params":{}}\n`);
      const answer = await c.frame(isError(RpcError.INVALID_REQUEST));
      assert.equal(answer.id, null);
      assert.match(answer.error?.message ?? "", /id must be a string, a number or null/);
      c.destroy();
      await assertServes(d, true);
    });
  }

  it("an object id gets -32600 with id null, inside a batch too", async () => {
    const c = await open(d, true);
    c.write(encodeFrame([request({ a: 1 }, "version"), request(7, "version")]));
    const batch = (await c.frame(Array.isArray)) as unknown as Frame[];
    assert.deepEqual(
      batch?.map((a) => [a.id, a.error?.code ?? "ok"]),
      [
        [null, RpcError.INVALID_REQUEST],
        [7, "ok"],
      ],
    );
    c.destroy();
  });

  it("a message null gets -32600, alone or in a batch", async () => {
    const c = await open(d, false);
    c.write("null\n");
    const answer = await c.frame(() => true);
    assert.equal(answer.error?.code, RpcError.INVALID_REQUEST);
    assert.equal(answer.id, null);
    c.write("[null]\n");
    const batch = (await c.frame(Array.isArray)) as unknown as Frame[];
    assert.equal(batch?.[0]?.error?.code, RpcError.INVALID_REQUEST);
    c.destroy();
    await assertServes(d, true);
  });

  it("silent connections give way to new ones, so gracectl still gets in", async () => {
    const silent = await Promise.all(Array.from({ length: MAX_HANDSHAKING * 4 }, () => RawConn.open(d.socket)));
    await assertServes(d, true); // authenticates and asks while the silent ones hold connections
    const [first] = (await silent[0]?.closedWithin(5000)) ?? [];
    assert.equal(first?.error?.code, RpcError.OVER_CAPACITY);
    assert.match(first?.error?.message ?? "", new RegExp(`at most ${MAX_HANDSHAKING} clients may wait`));
    for (const c of silent) c.destroy();
  });

  it("a frame left unfinished is cut off after the timeout, while an idle subscriber stays", async () => {
    const watcher = await open(d, true);
    assert.ok((await watcher.request("subscribe", { events: ["state"] })).result);
    const c = await open(d, true);
    c.write('{"jsonrpc":"2.0","id":9,"method":"vers');
    const answer = (await c.closedWithin(5000)).find((f) => f.id === null);
    assert.equal(answer?.error?.code, RpcError.FRAME_TIMEOUT);
    assert.match(answer?.error?.message ?? "", /a frame stayed unfinished for 0.4s/);
    // the watcher has sent nothing for longer than that timeout, and is still served
    assert.ok(!watcher.socket.destroyed);
    assert.ok((await watcher.request("version")).result);
    watcher.destroy();
    await assertServes(d, true);
  });

  it("wait with a timeout beyond what a timer holds gets -32602 instead of timing out at once", async () => {
    const c = await open(d, true);
    const answer = await c.request("wait", { names: ["one"], for: "stopped", timeout: 3_000_000 });
    assert.equal(answer.error?.code, RpcError.INVALID_PARAMS);
    assert.match(answer.error?.message ?? "", new RegExp(`timeout must be at most ${MAX_WAIT_SECONDS} seconds.*got 3000000`));
    c.destroy();
    assert.doesNotMatch(d.log, /TimeoutOverflowWarning/);
  });
});

describe("hostile clients, without auth", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`[program:big]\ncommand = ${fixture("writes-then-sleeps.sh")} 2000000\nstartsecs = 0\n`);
    await waitUntil("2 MB of log", async () => ((await tail(d, 3_000_000)).size >= 2_000_000 ? true : undefined), 10_000);
  });
  after(() => d.stop());

  async function tail(daemon: TestDaemon, bytes: number): Promise<{ data: string; size: number }> {
    const c = await RawConn.open(daemon.socket);
    const answer = await c.request("tail", { name: "big", bytes });
    c.destroy();
    return answer.result as { data: string; size: number };
  }

  it("tail with bytes 100,000,000 gets the last 1 MiB", async () => {
    const { data, size } = await tail(d, 100_000_000);
    assert.ok(size >= 2_000_000);
    assert.equal(Buffer.byteLength(data), MAX_TAIL_BYTES);
    await assertServes(d, false);
  });

  it("a batch longer than the limit gets one -32600 and runs nothing", async () => {
    const c = await RawConn.open(d.socket);
    const batch = Array.from({ length: 20_000 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "status" }));
    const line = encodeFrame(batch);
    assert.ok(line.length <= MAX_FRAME_BYTES);
    c.write(line);
    const answer = await c.frame(() => true);
    assert.equal(answer.error?.code, RpcError.INVALID_REQUEST);
    assert.match(answer.error?.message ?? "", new RegExp(`at most ${MAX_BATCH_LENGTH} requests, this one 20000`));
    c.destroy();
    await assertServes(d, false);
  });

  it("a batch whose answers would pass the answer limit gets -32004 for the rest", async () => {
    const c = await RawConn.open(d.socket);
    c.write(encodeFrame(Array.from({ length: 20 }, (_, i) => request(i, "tail", { name: "big", bytes: MAX_TAIL_BYTES }))));
    const answers = (await c.frame(Array.isArray, 15_000)) as unknown as Frame[];
    const codes = answers?.map((a) => a.error?.code ?? "ok") ?? [];
    assert.equal(codes.length, 20);
    assert.ok(codes[0] === "ok", "the first answers fit");
    assert.equal(codes.at(-1), RpcError.ANSWER_TOO_LARGE);
    assert.match(answers?.at(-1)?.error?.message ?? "", /answer too large: .* exceed 16777216 bytes/);
    c.destroy();
    await assertServes(d, false);
  });

  it(`the ${MAX_CONNECTIONS + 1}th connection is refused when the others are all subscribed; an idle one gives way`, async () => {
    const held = await openMany(d, MAX_CONNECTIONS, "subscribe", { events: ["state"] });
    const refused = await RawConn.open(d.socket);
    const [answer] = await refused.closedWithin(5000);
    assert.equal(answer?.error?.code, RpcError.OVER_CAPACITY);
    assert.match(answer?.error?.message ?? "", new RegExp(`too many connections: graced takes at most ${MAX_CONNECTIONS}`));
    // one subscriber leaves, an idle client takes its place, and gives way to the next one
    held.pop()?.destroy();
    const idle = await waitUntil("a free place", async () => {
      const c = await RawConn.open(d.socket);
      if ((await c.request("version").catch(() => undefined))?.result) return c;
      c.destroy();
      return undefined;
    });
    const next = await RawConn.open(d.socket);
    assert.ok((await next.request("version")).result);
    assert.equal((await idle.closedWithin(5000))[1]?.error?.code, RpcError.OVER_CAPACITY);
    for (const c of [...held, next]) c.destroy();
    await assertServes(d, false);
  });

  it("unfinished frames over the total limit close the connection that passes it", async () => {
    const count = Math.ceil(MAX_BUFFERED_INPUT_BYTES / (MAX_FRAME_BYTES - 1024)) + 4;
    const conns = await openMany(d, count, "version");
    const pad = `{"jsonrpc":"2.0","id":2,"method":"version","params":{"pad":"${"x".repeat(MAX_FRAME_BYTES - 1024)}`;
    for (const c of conns) c.write(pad);
    const cut = await waitUntil("some to be closed", () => {
      const closed = conns.filter((c) => c.frames.some(isError(RpcError.OVER_CAPACITY)));
      return closed.length >= 4 ? closed : undefined;
    });
    assert.match(cut[0]?.frames.find(isError(RpcError.OVER_CAPACITY))?.error?.message ?? "", /unfinished frames of all clients/);
    for (const c of conns) c.destroy();
    await assertServes(d, false);
  });

  it("clients dribbling one byte per write do not cost memory per byte", async () => {
    const pid = d.child.pid as number;
    const conns = await openMany(d, 40, "version");
    for (const c of conns) c.write('{"jsonrpc":"2.0","id":2,"method":"version","params":{"pad":"');
    const before = rssMiB(pid);
    // one byte per connection every millisecond or so, so graced reads them one at a time
    let sent = 0;
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        for (const c of conns) c.write("x");
        sent += conns.length;
        if (sent >= 60_000) resolve(clearInterval(t));
      }, 1);
    });
    // every byte has arrived once the last one answers a finished frame
    for (const c of conns) c.write('"}}\n');
    await Promise.all(conns.map((c) => c.frame((f) => f.id === 2)));
    const grown = rssMiB(pid) - before;
    // before the decoder gathered small chunks: 7 to 21 MiB (some 300 bytes per byte read alone)
    assert.ok(grown < 5, `graced grew ${grown.toFixed(1)} MiB for 60,000 dribbled bytes`);
    for (const c of conns) c.destroy();
    await assertServes(d, false);
  });
});

describe("slow subscribers", () => {
  // The cut-off itself is O(1) (server.test.ts checks that a slow subscriber's backlog stays out
  // of its socket); test/stress/hostile.mjs measures version's latency under small notifications.
  it("100 tail -f clients that never read are cut off while version keeps answering", async () => {
    const d = await startDaemon(`[program:flood]\ncommand = yes ${"y".repeat(200)}\nautostart = false\n`);
    try {
      const pid = d.child.pid as number;
      const followers = await openMany(d, 100, "tail", { name: "flood", bytes: 0, follow: true });
      for (const c of followers) c.socket.pause(); // never read again
      const before = rssMiB(pid);
      const probe = await RawConn.open(d.socket);
      assert.ok((await probe.request("start", { names: ["flood"] })).result);
      let peak = 0;
      await waitUntil(
        "32 MiB of flood, four times what a follower may have waiting",
        async () => {
          assert.ok((await probe.request("version", {}, 2000)).result, "version answers meanwhile");
          peak = Math.max(peak, rssMiB(pid));
          const tail = await probe.request("tail", { name: "flood", bytes: 0 }, 2000);
          return (tail.result as { size: number }).size > 32 * 1024 * 1024 ? true : undefined;
        },
        20_000,
      );
      await probe.request("stop", { names: ["flood"] });
      // one copy of what they missed is held for all of them, not one each
      assert.ok(peak - before < 100, `graced grew ${(peak - before).toFixed(0)} MiB`);
      // each was cut off: reading on, it finds the end of what graced sent, then the close
      for (const c of followers) c.socket.resume();
      await waitUntil("every follower to be closed", () => (followers.every((c) => c.socket.destroyed) ? true : undefined), 10_000);
      probe.destroy();
      await assertServes(d, false);
    } finally {
      await d.stop();
    }
  });
});
