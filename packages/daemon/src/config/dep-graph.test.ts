import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { graphOf } from "../testing/dep-configs.js";

describe("DepGraph resolves names", () => {
  const g = graphOf(["web>db", "db", "back/api>db:ready", "back/worker>back:started", "w*3>back:api", "lone"]);
  const cases: [string, string[]][] = [
    ["db", ["db:db"]],
    ["back", ["back:api", "back:worker"]],
    ["api", ["back:api"]],
    ["back:api", ["back:api"]],
    ["w", ["w:w0", "w:w1", "w:w2"]],
    ["w:w1", ["w:w1"]],
    ["nope", []],
    ["db:nope", []],
  ];
  for (const [name, expected] of cases)
    it(`${name} → ${expected.join(" ") || "nothing"}`, () => assert.deepEqual(g.resolve(name), expected));

  it("dependencies and dependents, each once", () => {
    assert.deepEqual(g.dependencies("web:web"), ["db:db"]);
    assert.deepEqual(g.dependents("db:db"), ["web:web", "back:api"]);
    assert.deepEqual(g.dependents("back:api"), ["back:worker", "w:w0", "w:w1", "w:w2"]);
    assert.deepEqual(g.dependents("lone:lone"), []);
    assert.deepEqual(g.dependencies("back:worker"), ["back:api", "back:worker"]);
  });

  it("unresolved entries are kept for --check", () => {
    assert.deepEqual(
      graphOf(["web>nope,db", "db"]).unresolved.map((u) => `${u.id}→${u.dep.name}`),
      ["web:web→nope"],
    );
  });

  it("shows a program that is its own group by its name, a member as group:name", () => {
    assert.deepEqual([g.display("db:db"), g.display("back:api"), g.display("w:w0")], ["db", "back:api", "w:w0"]);
  });

  it("is empty without depends_on", () => {
    assert.equal(graphOf(["a", "b"]).empty, true);
    assert.equal(g.empty, false);
  });
});
