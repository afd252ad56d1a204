import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type ProcessInfo } from "@grace/protocol";
import { bashCompletion, completionNames } from "./completion.js";
import { renderDaemonPid, renderPids } from "./pid.js";
import type { ProgressEntry } from "./progress.js";
import { renderShutdown, shutdownLine, stoppedByShutdown } from "./shutdown.js";

const p = (name: string, pid: number, group = name) =>
  ({ name, group, fullName: `${group}:${name}`, pid, statename: pid ? "RUNNING" : "STOPPED" }) as ProcessInfo;

describe("pid", () => {
  it("prints graced's pid", () => assert.deepEqual(renderDaemonPid(12, false), { text: "12", exitCode: 0 }));
  it("prints one pid per process; one that is not running makes it exit 7", () => {
    assert.deepEqual(renderPids({ processes: [p("a", 5), p("b", 6)], unknown: [] }, false), { text: "5\n6", exitCode: 0 });
    assert.deepEqual(renderPids({ processes: [p("a", 5), p("b", 0)], unknown: [] }, false), { text: "5\n0", exitCode: 7 });
  });
  it("an unknown name exits 1", () => {
    const unknown = [{ name: "x", group: "x", fullName: "x", status: Fault.BAD_NAME, description: "no such process" } as const];
    assert.deepEqual(renderPids({ processes: [], unknown }, false), { text: "x: ERROR (no such process)", exitCode: 1 });
  });
  it("--json keeps name, pid and state", () => {
    const out = JSON.parse(renderPids({ processes: [p("a", 5)], unknown: [] }, true).text);
    assert.deepEqual(out.processes, [{ fullName: "a:a", name: "a", group: "a", pid: 5, statename: "RUNNING" }]);
  });
});

describe("shutdown", () => {
  const e = (label: string, patch: Partial<ProgressEntry>): ProgressEntry => ({
    label,
    state: "STOPPED",
    stopstart: 0,
    grace: 10,
    stoppedAt: 0,
    killed: false,
    signalBy: 0,
    ...patch,
  });
  const entries = [
    e("web", { stopstart: 100, stoppedAt: 101.5 }),
    e("slow", { stopstart: 100, stoppedAt: 110, killed: true }),
    e("idle", {}),
  ];
  it("one line per program it stopped, then Shut down", () => {
    assert.deepEqual(renderShutdown({ pid: 9, waited: true, entries }, false), {
      text: "web: stopped\nslow: stopped (killed at the end of its grace period)\nShut down",
      exitCode: 0,
    });
  });
  it("after streaming each program's line, only Shut down is left", () => {
    assert.equal(renderShutdown({ pid: 9, waited: true, entries, streamed: true }, false).text, "Shut down");
    assert.deepEqual(entries.filter(stoppedByShutdown).map(shutdownLine), [
      "web: stopped",
      "slow: stopped (killed at the end of its grace period)",
    ]);
  });
  it("--no-wait says it was requested", () => {
    assert.equal(renderShutdown({ pid: 9, waited: false, entries: [] }, false).text, "Shutdown requested (graced pid 9)");
  });
  it("--json lists seconds taken and kills", () => {
    assert.deepEqual(JSON.parse(renderShutdown({ pid: 9, waited: true, entries, exitStatus: 1 }, true).text), {
      pid: 9,
      waited: true,
      exitStatus: 1,
      processes: [
        { name: "web", seconds: 1.5, grace: 10, killed: false },
        { name: "slow", seconds: 10, grace: 10, killed: true },
      ],
    });
  });
});

describe("completion", () => {
  it("offers all, names, group:name and group:*", () => {
    assert.deepEqual(completionNames([p("web", 1), p("w1", 1, "workers"), p("w2", 1, "workers")]), [
      "all",
      "web",
      "workers:w1",
      "workers:*",
      "workers:w2",
    ]);
  });
  it("the bash script lists the verbs and completes names only for name verbs", () => {
    const script = bashCompletion({
      verbs: ["status", "stop", "version"],
      nameVerbs: ["status", "stop"],
      valueOptions: ["-s", "--timeout"],
    });
    assert.match(script, /compgen -W "status stop version"/);
    assert.match(script, /^ {4}status\|stop\)$/m);
    assert.match(script, /-s\|--timeout\)/);
    assert.match(script, /complete -F _gracectl gracectl/);
  });
});
