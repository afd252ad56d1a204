import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clampGrace, EXIT_RESERVE_MS, startLevels, stopLevels } from "./levels.js";

const p = (name: string, priority: number) => ({ name, priority });
const names = (levels: { name: string }[][]) => levels.map((l) => l.map((x) => x.name));

describe("stopLevels", () => {
  it("puts equal priorities in one level", () => {
    assert.deepEqual(names(stopLevels([p("a", 999), p("b", 999), p("c", 999)])), [["a", "b", "c"]]);
  });
  it("stops the highest priority number first", () => {
    assert.deepEqual(names(stopLevels([p("db", 10), p("web", 30), p("cache", 20), p("api", 30)])), [["web", "api"], ["cache"], ["db"]]);
  });
  it("handles nothing", () => assert.deepEqual(stopLevels([]), []));
  it("orders by group priority first, then by the process's own priority", () => {
    const backendApi = { name: "backend:api", priority: 999, groupPriority: 100 };
    const backendDb = { name: "backend:db", priority: 10, groupPriority: 100 };
    const web = p("web", 50);
    const cron = { name: "jobs:cron", priority: 50, groupPriority: 500 };
    assert.deepEqual(names(stopLevels([web, backendDb, cron, backendApi])), [["jobs:cron"], ["backend:api"], ["backend:db"], ["web"]]);
  });
  it("keeps equal (group, own) priorities in one level", () => {
    const a = { name: "g:a", priority: 5, groupPriority: 7 };
    const b = { name: "g:b", priority: 5, groupPriority: 7 };
    assert.deepEqual(names(stopLevels([a, b, p("solo", 5)])), [["g:a", "g:b"], ["solo"]]);
  });
  it("starts in the opposite order", () => {
    assert.deepEqual(names(startLevels([p("web", 30), p("db", 10)])), [["db"], ["web"]]);
  });
});

describe("clampGrace", () => {
  const cases: [string, number, number, number, number][] = [
    ["no budget keeps stopwaitsecs", 10_000, 0, 0, 10_000],
    ["plenty of budget keeps stopwaitsecs", 2_000, 0, 9_000, 2_000],
    ["a long stopwaitsecs is cut to the budget minus the reserve", 30_000, 0, 9_000, 9_000 - EXIT_RESERVE_MS],
    ["later in the shutdown less is left", 10_000, 5_000, 9_000, 4_000 - EXIT_RESERVE_MS],
    ["past the deadline nothing is left", 10_000, 9_500, 9_000, 0],
  ];
  for (const [name, stopwait, now, deadline, expected] of cases) {
    it(name, () => assert.equal(clampGrace(stopwait, now, deadline), expected));
  }
});
