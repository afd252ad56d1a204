import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { limitsFromEnv, TEST_TIMEOUT_ENV } from "./limits.js";

describe("limitsFromEnv (test seam)", () => {
  const cases: { value: string | undefined; expected: object }[] = [
    { value: undefined, expected: {} },
    { value: "250", expected: { handshakeMs: 250, partialFrameMs: 250 } },
    { value: "0", expected: {} },
    { value: "-5", expected: {} },
    { value: "1e3", expected: {} },
    { value: "", expected: {} },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.value)} → ${JSON.stringify(c.expected)}`, () => {
      assert.deepEqual(limitsFromEnv({ [TEST_TIMEOUT_ENV]: c.value }), c.expected);
    });
  }
});
