import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProcessInfo } from "@grace/protocol";
import { advanceEntry, entryFromInfo, type ProgressEntry, progressLines } from "./progress.js";

const info = (patch: Partial<ProcessInfo>): ProcessInfo =>
  ({ name: "web", group: "web", statename: "RUNNING", stopstart: 0, stopwaitsecs: 10, exitsignal: null, ...patch }) as ProcessInfo;

describe("progress lines", () => {
  const base: ProgressEntry = { label: "web", state: "RUNNING", stopstart: 0, grace: 10, stoppedAt: 0, killed: false, signalBy: 0 };
  const cases: { name: string; entry: ProgressEntry; now: number; line: string }[] = [
    { name: "not signalled yet", entry: base, now: 100, line: "web   RUNNING   waiting for its turn" },
    {
      name: "not signalled yet, with graced's plan",
      entry: { ...base, signalBy: 106.2 },
      now: 100,
      line: "web   RUNNING   waiting for its turn, signal in 6.2s at the latest",
    },
    {
      name: "its latest moment has passed: the signal is going out now",
      entry: { ...base, signalBy: 99 },
      now: 100,
      line: "web   RUNNING   waiting for its turn, signal in 0.0s at the latest",
    },
    {
      name: "stopping shows elapsed against grace",
      entry: { ...base, state: "STOPPING", stopstart: 100 },
      now: 103.25,
      line: "web   STOPPING  3.3s of 10s grace",
    },
    {
      name: "stopped shows how long it took",
      entry: { ...base, state: "STOPPED", stopstart: 100, stoppedAt: 101.2 },
      now: 105,
      line: "web   STOPPED   after 1.2s",
    },
    {
      name: "killed says so",
      entry: { ...base, state: "STOPPED", stopstart: 100, stoppedAt: 110, killed: true },
      now: 111,
      line: "web   STOPPED   after 10.0s, killed at the end of its grace period",
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(progressLines([c.entry], c.now), [c.line]));

  it("aligns labels and cuts lines to the terminal width", () => {
    const lines = progressLines([base, { ...base, label: "worker:worker_00" }], 0, 20);
    assert.deepEqual(lines, ["web               R", "worker:worker_00  R"]);
  });
});

describe("advanceEntry", () => {
  it("RUNNING -> STOPPING -> STOPPED records the stop start, the clamped grace and the end", () => {
    let e = entryFromInfo(info({}));
    e = advanceEntry(e, info({ statename: "STOPPING", stopstart: 50, stopwaitsecs: 4 }), 50.1);
    assert.deepEqual([e.state, e.stopstart, e.grace, e.stoppedAt], ["STOPPING", 50, 4, 0]);
    e = advanceEntry(e, info({ statename: "STOPPED", exitsignal: "SIGKILL" }), 54);
    assert.deepEqual([e.state, e.stoppedAt, e.killed], ["STOPPED", 54, true]);
  });

  it("a restart goes on to STARTING and RUNNING keeping its stop timing", () => {
    let e = advanceEntry(entryFromInfo(info({})), info({ statename: "STOPPING", stopstart: 10 }), 10);
    e = advanceEntry(e, info({ statename: "STOPPED" }), 11);
    e = advanceEntry(e, info({ statename: "STARTING" }), 11.1);
    assert.deepEqual([e.state, e.stopstart, e.stoppedAt], ["STARTING", 10, 11]);
  });
});
