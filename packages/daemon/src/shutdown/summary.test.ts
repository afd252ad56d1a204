import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitStatus, finalLine, type ShutdownTotals, summaryLine } from "./summary.js";

const base = { name: "web", ms: 1020, killed: false, exitCode: 0, exitSignal: null, graceMs: 8300 };
const totals: ShutdownTotals = { ms: 1100, stopped: 3, killed: 0, swept: 0, sweptKilled: 0, escalated: false, fatal: false };

describe("summaryLine", () => {
  it("tells an exit by itself", () =>
    assert.equal(summaryLine(base), "shutdown: web exited with code 0 after 1.02s, by itself within its grace period"));
  it("tells death by the stop signal", () =>
    assert.match(summaryLine({ ...base, exitCode: null, exitSignal: "SIGTERM" }), /web ended by SIGTERM after 1\.02s/));
  it("tells an exit before the program's level got its signal", () =>
    assert.equal(
      summaryLine({ ...base, exitCode: 3, ms: 400, beforeSignal: true }),
      "shutdown: web exited with code 3 by itself 0.40s into the shutdown, before its stop signal",
    ));
  it("tells a kill and the grace it had", () => {
    assert.equal(
      summaryLine({ ...base, killed: true, ms: 8310 }),
      "shutdown: web killed with SIGKILL after 8.31s (its grace period was 8.30s)",
    );
  });
});

describe("exitStatus", () => {
  const cases: [string, Partial<ShutdownTotals>, number][] = [
    ["everything stopped by itself", {}, 0],
    ["sweeping without a kill", { swept: 2 }, 0],
    ["a program killed", { killed: 1 }, 1],
    ["a leftover killed", { swept: 2, sweptKilled: 1 }, 1],
    ["a second signal", { escalated: true }, 1],
    ["an exit_on_fatal program", { fatal: true }, 1],
  ];
  for (const [name, patch, code] of cases) it(`is ${code} for ${name}`, () => assert.equal(exitStatus({ ...totals, ...patch }), code));
});

describe("finalLine", () => {
  it("counts and gives the status", () => {
    assert.equal(finalLine(totals), "shutdown complete in 1.10s: 3 program(s) stopped, 0 killed; exit status 0");
  });
  it("counts the programs whose spawn the shutdown cancelled", () => {
    assert.equal(
      finalLine({ ...totals, notStarted: 120 }),
      "shutdown complete in 1.10s: 3 program(s) stopped, 0 killed, 120 never started; exit status 0",
    );
  });
  it("mentions the sweep and the escalation", () => {
    const line = finalLine({ ...totals, swept: 2, sweptKilled: 1, escalated: true });
    assert.match(line, /2 leftover process\(es\) swept \(1 killed\), escalated to SIGKILL by a second signal; exit status 1$/);
  });
});
