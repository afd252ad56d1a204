import assert from "node:assert/strict";
import { test } from "node:test";
import { fewerRunsNotes, runsFor, select } from "./plan.mjs";

const scenario = (id, extra = {}) => ({ id, daemons: ["supervisord", "grace"], ...extra });
const all = [
  scenario("shutdown-10"),
  scenario("shutdown-200", { fewerRuns: { supervisord: 1, why: "slow" } }),
  scenario("stop-all"),
  scenario("ctl-status"),
];
const ids = (xs) => xs.map((s) => s.id);

test("--only takes ids and id prefixes, comma-separated", () => {
  const cases = [
    [undefined, ["shutdown-10", "shutdown-200", "stop-all", "ctl-status"]],
    ["shutdown", ["shutdown-10", "shutdown-200"]],
    ["shutdown-200", ["shutdown-200"]],
    ["stop-all, ctl-status", ["stop-all", "ctl-status"]],
    ["ctl", ["ctl-status"]],
  ];
  for (const [only, want] of cases) assert.deepEqual(ids(select(all, only)), want, `--only ${only}`);
});

test("--only with a word that names no scenario quotes it and lists the ids", () => {
  assert.throws(() => select(all, "shut"), /no scenario "shut"; there are: shutdown-10, shutdown-200, stop-all, ctl-status/);
  assert.throws(() => select(all, "stop-all,nosuch"), /no scenario "nosuch"/);
  assert.throws(() => select(all, " , "), /expected scenario ids, got " , "/);
});

test("a scenario's cap lowers one daemon's runs unless --all-runs", () => {
  const big = all[1];
  const cases = [
    ["supervisord", 3, false, 1],
    ["grace", 3, false, 3],
    ["supervisord", 3, true, 3],
    ["supervisord", 1, false, 1],
  ];
  for (const [daemon, runs, allRuns, want] of cases)
    assert.equal(runsFor(big, daemon, runs, allRuns), want, `${daemon} ${runs} ${allRuns}`);
  assert.equal(runsFor(all[0], "supervisord", 5, false), 5);
});

test("the fewer-runs notes name only the scenarios that were really cut", () => {
  assert.deepEqual(fewerRunsNotes(all, 3, false), ["`shutdown-200`: slow"]);
  assert.deepEqual(fewerRunsNotes(all, 3, true), []);
  assert.deepEqual(fewerRunsNotes(all, 1, false), []);
});
