import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { LogWatch } from "./log.js";
import { nextProbeDelayMs, readinessText, runProbe } from "./probe.js";

describe("runProbe dispatches on the check's kind", () => {
  it("tcp, against a real listener", async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      assert.deepEqual(await runProbe({ kind: "tcp", host: "127.0.0.1", port }, { timeoutMs: 2000 }), { ok: true });
    } finally {
      server.close();
    }
  });

  it("exec and file", async () => {
    assert.deepEqual(await runProbe({ kind: "exec", command: "true" }, { timeoutMs: 2000 }), { ok: true });
    assert.equal((await runProbe({ kind: "file", path: "/nonexistent/ready" }, { timeoutMs: 2000 })).ok, false);
  });

  it("log waits on the watch it is given, and needs one", async () => {
    const log = new LogWatch("ok");
    log.feed("ok\n");
    assert.deepEqual(await runProbe({ kind: "log", pattern: "ok" }, { timeoutMs: 100, log }), { ok: true });
    assert.deepEqual(await runProbe({ kind: "log", pattern: "ok" }, { timeoutMs: 100 }), {
      ok: false,
      reason: "a log: check needs the program's output",
    });
  });
});

describe("nextProbeDelayMs", () => {
  const cases: [number, number, number][] = [
    [0, 500, 0],
    [1, 500, 50],
    [2, 500, 100],
    [3, 500, 200],
    [4, 500, 400],
    [5, 500, 500],
    [60, 500, 500],
    [2000, 10_000, 10_000],
    [3, 20, 20],
  ];
  for (const [attempt, interval, expected] of cases) {
    it(`attempt ${attempt}, interval ${interval} ms → ${expected} ms`, () => assert.equal(nextProbeDelayMs(attempt, interval), expected));
  }
});

describe("readinessText", () => {
  it("says ready or why not", () => {
    assert.deepEqual(
      [readinessText(true, null), readinessText(false, "127.0.0.1:5432: connection refused"), readinessText(false, null)],
      ["ready", "not ready: 127.0.0.1:5432: connection refused", "not ready"],
    );
  });
});
