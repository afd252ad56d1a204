import assert from "node:assert/strict";
import { it } from "node:test";
import { ProcessState, stateName } from "./states.js";

it("maps supervisord's state codes both ways", () => {
  const table: [number, string][] = [
    [0, "STOPPED"],
    [10, "STARTING"],
    [20, "RUNNING"],
    [30, "BACKOFF"],
    [40, "STOPPING"],
    [100, "EXITED"],
    [200, "FATAL"],
    [1000, "UNKNOWN"],
  ];
  for (const [code, name] of table) {
    assert.equal(stateName(code), name);
    assert.equal(ProcessState[name as keyof typeof ProcessState], code);
  }
  assert.equal(stateName(12345), "UNKNOWN");
});
