import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "@grace/protocol";
import { JSONRPCErrorException } from "json-rpc-2.0";
import { NoLogFileError } from "../logs/output.js";
import { EngineError, type OutcomeCode } from "../process/outcome.js";
import { faultOf, groupResults, nameResults, statusOf, toWire } from "./faults.js";

describe("engine outcomes → wire faults", () => {
  const table: [OutcomeCode, keyof typeof Fault][] = [
    ["ok", "SUCCESS"],
    ["unknown-name", "BAD_NAME"],
    ["bad-signal", "BAD_SIGNAL"],
    ["not-running", "NOT_RUNNING"],
    ["already-started", "ALREADY_STARTED"],
    ["still-running", "STILL_RUNNING"],
    ["spawn-error", "SPAWN_ERROR"],
    ["start-failed", "ABNORMAL_TERMINATION"],
    ["timed-out", "FAILED"],
    ["wrong-state", "FAILED"],
    ["shutting-down", "SHUTDOWN_STATE"],
    ["already-added", "ALREADY_ADDED"],
    ["config-unreadable", "CANT_REREAD"],
  ];
  for (const [code, fault] of table) {
    it(`${code} is ${fault} (${Fault[fault]}), supervisord's number`, () => {
      assert.equal(faultOf(code), fault);
      assert.equal(statusOf(code), Fault[fault]);
    });
  }
});

describe("a refused call on the wire", () => {
  const wire = (e: unknown) => {
    const out = toWire(e);
    assert.ok(out instanceof JSONRPCErrorException);
    return { code: out.code, message: out.message, data: out.data };
  };

  it("carries the fault by name, and the kind of an unknown name", () => {
    assert.deepEqual(wire(new EngineError("unknown-name", "no such process: web:nope", "process")), {
      code: Fault.BAD_NAME,
      message: "no such process: web:nope",
      data: { fault: "BAD_NAME", kind: "process" },
    });
    assert.deepEqual(wire(new EngineError("shutting-down", "graced is shutting down")), {
      code: Fault.SHUTDOWN_STATE,
      message: "graced is shutting down",
      data: { fault: "SHUTDOWN_STATE" },
    });
  });

  it("a log with no file is NO_FILE", () => {
    assert.deepEqual(wire(new NoLogFileError("web: no stderr log file to read")).data, { fault: "NO_FILE" });
  });

  it("anything else passes as it is (a bug keeps its stack trace on graced's stderr)", () => {
    const bug = new TypeError("x is undefined");
    assert.equal(toWire(bug), bug);
  });
});

describe("per-name results", () => {
  it("an unknown name is split as given, with its kind, the one way for every verb", () => {
    assert.deepEqual(
      nameResults([
        { spec: "web:*", kind: "group" },
        { spec: "web:nope", kind: "process" },
        { spec: "nope", kind: "process" },
      ]),
      [
        { name: "*", group: "web", fullName: "web:*", status: Fault.BAD_NAME, description: "no such group", kind: "group" },
        { name: "nope", group: "web", fullName: "web:nope", status: Fault.BAD_NAME, description: "no such process", kind: "process" },
        { name: "nope", group: "nope", fullName: "nope", status: Fault.BAD_NAME, description: "no such process", kind: "process" },
      ],
    );
  });

  it("a process outcome keeps its words; one removed meanwhile is an unknown process", () => {
    assert.deepEqual(
      nameResults([
        { name: "web", group: "web", code: "ok", description: "started" },
        { name: "w_1", group: "w", code: "unknown-name", description: "no such process (removed by a config change)" },
      ]),
      [
        { name: "web", group: "web", fullName: "web:web", status: Fault.SUCCESS, description: "started" },
        {
          name: "w_1",
          group: "w",
          fullName: "w:w_1",
          status: Fault.BAD_NAME,
          description: "no such process (removed by a config change)",
          kind: "process",
        },
      ],
    );
  });

  it("group outcomes get supervisord's numbers", () => {
    assert.deepEqual(groupResults([{ group: "web", code: "still-running", description: "still running" }]), [
      { group: "web", status: Fault.STILL_RUNNING, description: "still running" },
    ]);
  });
});
