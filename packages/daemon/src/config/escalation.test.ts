import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_ESCALATION_STEPS, parseEscalation } from "./escalation.js";
import { ValueError } from "./values.js";

describe("parseEscalation", () => {
  const cases: [string, string[]][] = [
    ["INT@60%, QUIT@90%", ["INT@60", "QUIT@90"]],
    ["SIGINT @ 50 %", ["INT@50"]],
    ["2@12.5%", ["INT@12.5"]],
    ["", []],
    [" , ", []],
    ["HUP@1%,INT@2%,QUIT@99.5%", ["HUP@1", "INT@2", "QUIT@99.5"]],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected.join(", ") || "no steps"}`, () => {
      assert.deepEqual(
        parseEscalation(input).map((s) => `${s.signal}@${s.percent}`),
        expected,
      );
    });
  }

  const tooMany = Array.from({ length: MAX_ESCALATION_STEPS + 1 }, (_, i) => `INT@${i + 1}%`).join(",");
  const bad: [string, RegExp][] = [
    ["INT", /expected SIGNAL@PERCENT% such as INT@60%, got "INT"/],
    ["INT@60", /expected SIGNAL@PERCENT%/],
    ["INT@-5%", /expected SIGNAL@PERCENT%/],
    ["NOPE@50%", /expected a signal name/],
    ["KILL@50%", /SIGKILL ends every grace period anyway/],
    ["INT@0%", /strictly between 0% and 100%/],
    ["INT@100%", /strictly between 0% and 100%/],
    ["QUIT@90%, INT@60%", /ascending order, got QUIT@90% before INT@60%/],
    ["INT@60%, QUIT@60%", /ascending order/],
    [tooMany, new RegExp(`at most ${MAX_ESCALATION_STEPS} steps, got ${MAX_ESCALATION_STEPS + 1}`)],
  ];
  for (const [input, message] of bad) {
    it(`${JSON.stringify(input).slice(0, 40)} is an error`, () => {
      assert.throws(
        () => parseEscalation(input),
        (e: unknown) => e instanceof ValueError && message.test(e.message),
      );
    });
  }
});
