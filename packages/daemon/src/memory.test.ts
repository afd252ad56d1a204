import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { afterCheck } from "./memory.js";

describe("afterCheck", () => {
  const cases: [string, boolean, number, { busy: boolean; release: boolean }][] = [
    ["a quiet check after a busy spell releases", true, 0.01, { busy: false, release: true }],
    ["quiet after quiet: nothing more", false, 0.01, { busy: false, release: false }],
    ["a busy check starts a spell, releases nothing yet", false, 0.3, { busy: true, release: false }],
    ["still busy: still waiting", true, 0.05, { busy: true, release: false }],
  ];
  for (const [name, busy, utilization, want] of cases) it(name, () => assert.deepEqual(afterCheck(busy, utilization), want));
});
