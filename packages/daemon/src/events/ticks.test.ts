import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { msToNextTick, type TickState, ticksDue } from "./ticks.js";

describe("ticks", () => {
  it("the first look only notes the periods", () => {
    assert.deepEqual(ticksDue({}, 1000003), { next: { 5: 1000000, 60: 999960, 3600: 997200 }, due: [] });
  });

  const table: [string, TickState, number, string[]][] = [
    ["within the same 5 s: nothing", { 5: 1000000, 60: 999960, 3600: 997200 }, 1000004.9, []],
    ["a new 5 s period", { 5: 1000000, 60: 999960, 3600: 997200 }, 1000005, ["TICK_5 1000005"]],
    ["a new minute too", { 5: 1000015, 60: 999960, 3600: 997200 }, 1000020.5, ["TICK_5 1000020", "TICK_60 1000020"]],
    [
      "a new hour: all three",
      { 5: 1000795, 60: 1000740, 3600: 997200 },
      1000800,
      ["TICK_5 1000800", "TICK_60 1000800", "TICK_3600 1000800"],
    ],
    [
      "a late look sends each once, for the period it is in",
      { 5: 1000000, 60: 999960, 3600: 997200 },
      1000031,
      ["TICK_5 1000030", "TICK_60 1000020"],
    ],
  ];
  for (const [what, last, now, due] of table) {
    it(what, () =>
      assert.deepEqual(
        ticksDue(last, now).due.map((d) => `TICK_${d.period} ${d.when}`),
        due,
      ),
    );
  }

  it("the timer aims just past the next 5 s boundary", () => {
    assert.equal(msToNextTick(1_000_000_000), 5005);
    assert.equal(msToNextTick(1_000_004_999), 6);
  });
});
