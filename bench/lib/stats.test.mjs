import assert from "node:assert/strict";
import { test } from "node:test";
import { median, ratio, summarize } from "./stats.mjs";

test("median takes the middle value, or the mean of the two middle ones", () => {
  const cases = [
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1], 10],
  ];
  for (const [xs, want] of cases) assert.equal(median(xs), want, `median(${xs})`);
  assert.throws(() => median([]), /no values/);
});

test("summarize keeps the range and picks the median or the worst run", () => {
  assert.deepEqual(summarize([1.2, 1.0, 1.1]), { value: 1.1, min: 1.0, max: 1.2, n: 3, how: "median" });
  assert.equal(summarize([0, 3, 1], "max").value, 3);
  assert.equal(summarize([200, 10, 200], "min").value, 10);
  assert.equal(summarize([]), undefined);
});

test("ratio is grace ÷ supervisord, and undefined where it means nothing", () => {
  const cases = [
    [1, 10, 0.1],
    [60, 30, 2],
    [undefined, 10, undefined],
    [1, undefined, undefined],
    [1, 0, undefined],
  ];
  for (const [g, s, want] of cases) assert.equal(ratio(g, s), want, `ratio(${g}, ${s})`);
});
