import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEscalation } from "../config/escalation.js";
import { escalationTimeline } from "./escalation.js";

describe("escalationTimeline", () => {
  const cases: [string, string, number, string][] = [
    ["postgres: smart, fast, immediate", "INT@60%, QUIT@90%", 10_000, "INT@6000 QUIT@9000 KILL@10000"],
    ["a clamped grace period scales the steps", "INT@60%, QUIT@90%", 2_500, "INT@1500 QUIT@2250 KILL@2500"],
    ["no steps: SIGKILL at the end", "", 10_000, "KILL@10000"],
    ["a grace period of 0: only SIGKILL", "INT@60%", 0, "KILL@0"],
    ["a step never lands on the end: it rounds down", "INT@99.99%", 10, "INT@9 KILL@10"],
    ["in a 1 ms grace period every step comes at once", "INT@50%, QUIT@90%", 1, "INT@0 QUIT@0 KILL@1"],
    ["fractions of a millisecond round down", "HUP@50%", 3, "HUP@1 KILL@3"],
    ["a negative grace period counts as 0", "INT@10%", -5, "KILL@0"],
  ];
  for (const [name, spec, grace, expected] of cases) {
    it(name, () =>
      assert.equal(
        escalationTimeline(parseEscalation(spec), grace)
          .map((s) => `${s.signal}@${s.atMs}`)
          .join(" "),
        expected,
      ),
    );
  }
});
