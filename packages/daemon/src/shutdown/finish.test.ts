import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DRAIN_MARGIN_MS,
  drainMs,
  LEAVE_MARGIN_MS,
  LEAVE_MAX_MS,
  LEAVE_MIN_MS,
  leaveMs,
  MIN_DRAIN_MS,
  UNBUDGETED_DRAIN_MS,
} from "./finish.js";

describe("drainMs", () => {
  const cases: [string, number, number, number][] = [
    ["until the margin before the deadline", 10_000, 4_000, 6_000 - DRAIN_MARGIN_MS],
    ["at least the minimum when the deadline is near", 10_000, 9_950, MIN_DRAIN_MS],
    ["at least the minimum when the deadline has passed", 10_000, 12_000, MIN_DRAIN_MS],
    ["a fixed time without a budget", 0, 4_000, UNBUDGETED_DRAIN_MS],
  ];
  for (const [name, deadline, now, expected] of cases) it(name, () => assert.equal(drainMs(deadline, now), expected));
});

describe("leaveMs", () => {
  const cases: [string, number, number, number][] = [
    ["at most the maximum when time is plenty", 10_000, 1_000, LEAVE_MAX_MS],
    ["until the margin before the deadline", 10_000, 9_500, 500 - LEAVE_MARGIN_MS],
    ["at least the minimum when the deadline is near", 10_000, 9_990, LEAVE_MIN_MS],
    ["the maximum without a budget", 0, 1_000, LEAVE_MAX_MS],
  ];
  for (const [name, deadline, now, expected] of cases) it(name, () => assert.equal(leaveMs(deadline, now), expected));
});
