import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type GroupChangeResult } from "@grace/protocol";
import { renderAvail, renderGroupResults, renderReread, renderUpdate } from "./changes.js";

describe("renderReread", () => {
  it("prints one sorted line per group in supervisorctl's words", () => {
    assert.deepEqual(renderReread({ added: ["web"], changed: ["api"], removed: ["old"] }, false), {
      text: "api: changed\nold: disappeared\nweb: available",
      exitCode: 0,
    });
  });
  it("says so when nothing changed", () => {
    assert.equal(renderReread({ added: [], changed: [], removed: [] }, false).text, "No config updates to processes");
  });
  it("gives JSON with --json", () => {
    assert.deepEqual(JSON.parse(renderReread({ added: ["a"], changed: [], removed: [] }, true).text), {
      added: ["a"],
      changed: [],
      removed: [],
    });
  });
});

const change = (group: string, c: GroupChangeResult["change"], status: number = Fault.SUCCESS, description = ""): GroupChangeResult => ({
  group,
  change: c,
  status: status as GroupChangeResult["status"],
  description: description || { added: "added process group", changed: "updated process group", removed: "removed process group" }[c],
});

describe("renderUpdate", () => {
  const rows: [string, GroupChangeResult[], string, number][] = [
    ["nothing to do", [], "No config updates to processes", 0],
    [
      "removed, changed and added",
      [change("old", "removed"), change("web", "changed"), change("new", "added")],
      "old: stopped\nold: removed process group\nweb: stopped\nweb: updated process group\nnew: added process group",
      0,
    ],
    ["an unknown group is exit 2", [change("nope", "changed", Fault.BAD_NAME, "no such group")], "ERROR: no such group: nope", 2],
    ["any other failure is exit 1", [change("web", "added", Fault.SHUTDOWN_STATE, "shutting down")], "web: ERROR (shutting down)", 1],
  ];
  for (const [name, results, text, exitCode] of rows) {
    it(name, () => assert.deepEqual(renderUpdate(results, false), { text, exitCode }));
  }
});

describe("renderGroupResults", () => {
  const rows: [string, number, string, number][] = [
    ["added", Fault.SUCCESS, "web: added process group", 0],
    ["already active is harmless", Fault.ALREADY_ADDED, "ERROR: process group already active", 0],
    ["unknown", Fault.BAD_NAME, "ERROR: no such process/group: web", 1],
    ["still running", Fault.STILL_RUNNING, "ERROR: process/group still running: web", 1],
  ];
  for (const [name, status, text, exitCode] of rows) {
    it(name, () => {
      const description = status === Fault.SUCCESS ? "added process group" : "x";
      assert.deepEqual(renderGroupResults([{ group: "web", status: status as typeof Fault.SUCCESS, description }], false), {
        text,
        exitCode,
      });
    });
  }
});

describe("renderAvail", () => {
  it("prints supervisorctl's columns, group:name for group members", () => {
    const text = renderAvail(
      [
        { name: "web", group: "web", fullName: "web:web", inUse: true, autostart: true, priority: 999, groupPriority: 999 },
        { name: "w_0", group: "w", fullName: "w:w_0", inUse: false, autostart: false, priority: 10, groupPriority: 5 },
      ],
      false,
    ).text;
    assert.equal(text, `${"web".padEnd(32)} in use    auto      999:999\n${"w:w_0".padEnd(32)} avail     manual    5:10`);
  });
});
