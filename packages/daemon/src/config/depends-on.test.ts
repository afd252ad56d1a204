import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDependsOn } from "./depends-on.js";
import { ValueError } from "./values.js";

const from = { section: "program:web", key: "depends_on" };
const short = (v: string) => parseDependsOn(v, from).map((d) => `${d.name}|${d.condition}`);

describe("parseDependsOn", () => {
  const cases: [string, string[]][] = [
    ["db", ["db|running"]],
    ["db, cache:ready, migrate:done", ["db|running", "cache|ready", "migrate|done"]],
    ["db cache:started", ["db|running", "cache|started"]],
    ["db,,cache", ["db|running", "cache|running"]],
    ["  ", []],
    ["", []],
    ["db:READY", ["db|ready"]],
    ["backend:api", ["backend:api|running"]],
    ["backend:api:done", ["backend:api|done"]],
    ["backend:ready", ["backend|ready"]],
    ["db:redy", ["db:redy|running"]], // a process name as far as syntax goes; --check spots the typo
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected.join(" ") || "nothing"}`, () => assert.deepEqual(short(input), expected));
  }

  const bad: [string, RegExp][] = [
    ["a:b:c", /unknown condition "c" in "a:b:c": expected started, running, ready, done/],
    ["a:b:c:done", /expected NAME, NAME:CONDITION or GROUP:PROCESS:CONDITION, got "a:b:c:done"/],
    [":ready", /expected a name, got "" in ":ready"/],
    ["web/x", /may not contain "\/", got "web\/x" in "web\/x"/],
  ];
  for (const [input, message] of bad) {
    it(`${JSON.stringify(input)} is an error quoting it`, () => {
      assert.throws(
        () => parseDependsOn(input, from),
        (e: unknown) => e instanceof ValueError && message.test(e.message),
      );
    });
  }

  it("each entry remembers where it was declared", () => {
    assert.deepEqual(parseDependsOn("db", from)[0]?.from, from);
  });
});
