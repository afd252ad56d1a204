import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import type { ProbeResult } from "./deadline.js";
import { startReadiness } from "./runner.js";

/** Collects what a runner reports; `next(n)` resolves once n results are in. */
function recorder() {
  const results: ProbeResult[] = [];
  const waiters: (() => void)[] = [];
  return {
    results,
    report: (r: ProbeResult) => {
      results.push(r);
      for (const w of waiters.splice(0)) w();
    },
    async until(check: () => boolean, timeoutMs = 5000): Promise<void> {
      const end = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out; results so far: ${JSON.stringify(results)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
}

describe("startReadiness", () => {
  it("probes until a listener appears, reporting each refusal, then ready once", async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r)); // nobody listens yet
    const rec = recorder();
    const runner = startReadiness({ check: { kind: "tcp", host: "127.0.0.1", port }, intervalMs: 50, timeoutMs: 1000, report: rec.report });
    await rec.until(() => rec.results.length >= 2);
    assert.deepEqual(rec.results[0], { ok: false, reason: `127.0.0.1:${port}: connection refused` });
    const again = createServer((s) => s.destroy());
    await new Promise<void>((r) => again.listen(port, "127.0.0.1", r));
    try {
      await rec.until(() => rec.results.some((r) => r.ok));
      const n = rec.results.length;
      await new Promise((r) => setTimeout(r, 150)); // would be three more probes at 50 ms
      assert.equal(rec.results.length, n, "no probe after the one that passed");
      assert.equal(rec.results.filter((r) => r.ok).length, 1);
    } finally {
      runner.cancel();
      again.close();
    }
  });

  it("a cancelled runner reports nothing more, even for a probe already under way", async () => {
    const rec = recorder();
    const runner = startReadiness({ check: { kind: "exec", command: "sleep 5" }, intervalMs: 50, timeoutMs: 10_000, report: rec.report });
    await new Promise((r) => setTimeout(r, 100));
    runner.cancel();
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(rec.results, []);
  });

  it("log: says what it waits for, then ready on a matching line of either stream", async () => {
    const rec = recorder();
    const runner = startReadiness({
      check: { kind: "log", pattern: "^listening on \\d+$" },
      intervalMs: 500,
      timeoutMs: 1000,
      report: rec.report,
    });
    await rec.until(() => rec.results.length === 1);
    assert.deepEqual(rec.results[0], { ok: false, reason: "no line matched /^listening on \\d+$/ yet" });
    runner.feed("stdout", "listening on ");
    runner.feed("stderr", "8080\n"); // not the end of stdout's line: no match
    runner.feed("stdout", "starting\n");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.results.length, 1);
    runner.feed("stderr", Buffer.from("listening on 8080\n"));
    await rec.until(() => rec.results.length === 2);
    assert.deepEqual(rec.results[1], { ok: true });
    runner.feed("stdout", "listening on 9090\n");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(rec.results.length, 2, "ready is said once");
  });

  it("log: cancelled before its first report says nothing", async () => {
    const rec = recorder();
    const runner = startReadiness({ check: { kind: "log", pattern: "x" }, intervalMs: 500, timeoutMs: 1000, report: rec.report });
    runner.cancel();
    runner.feed("stdout", "x\n");
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(rec.results, []);
  });

  it("waits between failed probes as nextProbeDelayMs says", async () => {
    const rec = recorder();
    const slept: number[] = [];
    const runner = startReadiness({
      check: { kind: "file", path: "/nonexistent/grace-ready" },
      intervalMs: 300,
      timeoutMs: 1000,
      report: rec.report,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await rec.until(() => rec.results.length >= 6);
    runner.cancel();
    assert.deepEqual(slept.slice(0, 5), [50, 100, 200, 300, 300]);
  });
});
