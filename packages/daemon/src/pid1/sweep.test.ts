import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProcEntry } from "./proc.js";
import { KILL_SETTLE_MS, SWEEP_POLL_MS, Sweep } from "./sweep.js";

const p = (pid: number, ppid: number, comm = "daemon"): ProcEntry => ({ pid, comm, state: "S", ppid, pgrp: pid });

/** A process table with a fake clock: `dies` says which signal ends which pid. */
function world(initial: ProcEntry[], dies: Record<number, "SIGTERM" | "SIGKILL" | "never">) {
  let table = [...initial];
  let clock = 0;
  const sent: string[] = [];
  return {
    sent,
    deps: {
      self: 1,
      readTable: () => table,
      kill: (pid: number, sig: "SIGTERM" | "SIGKILL") => {
        sent.push(`${sig} ${pid} @${clock}`);
        if (dies[pid] === sig || (sig === "SIGKILL" && dies[pid] !== "never")) table = table.filter((e) => e.pid !== pid);
      },
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
    },
    spawn: (e: ProcEntry) => table.push(e),
  };
}

describe("Sweep", () => {
  it("returns at once when nothing is left", async () => {
    const w = world([], {});
    assert.deepEqual(await new Sweep(w.deps, 1000).run(), { swept: [], killed: [] });
    assert.deepEqual(w.sent, []);
  });

  it("sends SIGTERM to every leftover and is done when they go", async () => {
    const w = world([p(10, 1), p(11, 10, "worker")], { 10: "SIGTERM", 11: "SIGTERM" });
    const r = await new Sweep(w.deps, 1000).run();
    assert.deepEqual(w.sent, ["SIGTERM 10 @0", "SIGTERM 11 @0"]);
    assert.deepEqual(
      r.swept.map((e) => e.pid),
      [10, 11],
    );
    assert.deepEqual(r.killed, []);
  });

  it("SIGKILLs whoever ignores SIGTERM at the deadline, not before", async () => {
    const w = world([p(10, 1), p(12, 1)], { 10: "SIGTERM", 12: "SIGKILL" });
    const r = await new Sweep(w.deps, 100).run();
    const kill = w.sent.find((s) => s.startsWith("SIGKILL"));
    assert.equal(kill, `SIGKILL 12 @${Math.ceil(100 / SWEEP_POLL_MS) * SWEEP_POLL_MS}`);
    assert.deepEqual(
      r.killed.map((e) => e.pid),
      [12],
    );
  });

  it("killNow() cuts the wait short", async () => {
    const w = world([p(12, 1)], { 12: "SIGKILL" });
    const sweep = new Sweep(w.deps, 60_000);
    sweep.killNow();
    await sweep.run();
    assert.deepEqual(w.sent, ["SIGTERM 12 @0", "SIGKILL 12 @0"]);
  });

  it("gives up on an unkillable process instead of hanging graced's exit", async () => {
    const w = world([p(13, 1)], { 13: "never" });
    const r = await new Sweep(w.deps, 0).run();
    assert.deepEqual(
      r.killed.map((e) => e.pid),
      [13],
    );
    assert.ok(w.deps.now() >= KILL_SETTLE_MS);
  });
});
