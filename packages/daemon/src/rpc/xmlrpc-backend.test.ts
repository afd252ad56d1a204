import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type StateName } from "@grace/protocol";
import { supervisordStartFault } from "./xmlrpc-backend.js";

describe("a failed start in supervisord's fault codes", () => {
  const cases: [string, number, string, StateName | undefined, number][] = [
    ["a command not found is NO_FILE", Fault.SPAWN_ERROR, "can't find command '/nope'", "BACKOFF", Fault.NO_FILE],
    ["a directory is NOT_EXECUTABLE", Fault.SPAWN_ERROR, "command at '/tmp' is a directory", "BACKOFF", Fault.NOT_EXECUTABLE],
    [
      "a file without x is NOT_EXECUTABLE",
      Fault.SPAWN_ERROR,
      "command at '/etc/passwd' is not executable",
      "BACKOFF",
      Fault.NOT_EXECUTABLE,
    ],
    ["another spawn failure stays SPAWN_ERROR", Fault.SPAWN_ERROR, "couldn't spawn '/x': EAGAIN: …", "BACKOFF", Fault.SPAWN_ERROR],
    ["exited too quickly, retrying, is SPAWN_ERROR", Fault.ABNORMAL_TERMINATION, "exit status 3", "BACKOFF", Fault.SPAWN_ERROR],
    ["exited too quickly, given up, is SPAWN_ERROR", Fault.ABNORMAL_TERMINATION, "Exited too quickly", "FATAL", Fault.SPAWN_ERROR],
    ["stopped while starting stays ABNORMAL_TERMINATION", Fault.ABNORMAL_TERMINATION, "stopped", "STOPPED", Fault.ABNORMAL_TERMINATION],
    ["success stays success", Fault.SUCCESS, "started", "RUNNING", Fault.SUCCESS],
    ["already started stays", Fault.ALREADY_STARTED, "already started", "RUNNING", Fault.ALREADY_STARTED],
  ];
  for (const [name, status, description, state, want] of cases) {
    it(name, () => assert.equal(supervisordStartFault(status, description, state), want));
  }
});
