import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import { defaultProgram } from "../config/defaults.js";
import { fatalReason, isListed, watchExitOnFatal } from "./exit-on-fatal.js";
import type { ManagedProcess } from "./managed-process.js";
import { initialRecord } from "./record.js";

function proc(state: StateName, restartAt = 0, name = "web", group = name): ManagedProcess {
  const cfg = { ...defaultProgram(group, { file: "x", line: 1 }), name, group };
  return { cfg, fullName: `${group}:${name}`, state, record: { ...initialRecord(), state, restartAt } } as unknown as ManagedProcess;
}

describe("exit_on_fatal", () => {
  const rows: [string[], ManagedProcess, boolean][] = [
    [["*"], proc("FATAL"), true],
    [["web"], proc("FATAL"), true],
    [["web"], proc("FATAL", 0, "web_01", "web"), true],
    [["web:web_01"], proc("FATAL", 0, "web_01", "web"), true],
    [["db"], proc("FATAL"), false],
    [[], proc("FATAL"), false],
  ];
  for (const [list, p, want] of rows) {
    it(`${JSON.stringify(list)} ${want ? "lists" : "does not list"} ${p.fullName}`, () => assert.equal(isListed(list, p), want));
  }

  it("FATAL and a final EXITED end graced; a pending restart or RUNNING does not", () => {
    assert.equal(fatalReason(proc("FATAL")), "entered FATAL");
    assert.equal(fatalReason(proc("EXITED")), "exited and will not be restarted");
    assert.equal(fatalReason(proc("EXITED", 5000)), null);
    assert.equal(fatalReason(proc("RUNNING")), null);
    assert.equal(fatalReason(proc("STOPPED")), null);
  });

  it("fires once, for the first listed program", () => {
    const seen: string[] = [];
    const watch = watchExitOnFatal(["web", "db"], (p, why) => seen.push(`${p.fullName} ${why}`));
    watch(proc("RUNNING"), "STARTING");
    watch(proc("FATAL", 0, "other"), "BACKOFF");
    watch(proc("FATAL"), "BACKOFF");
    watch(proc("FATAL", 0, "db"), "BACKOFF");
    assert.deepEqual(seen, ["web:web entered FATAL"]);
  });
});
