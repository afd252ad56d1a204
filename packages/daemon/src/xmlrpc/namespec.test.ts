import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { supervised } from "../testing/fake-xmlrpc-backend.js";
import { XmlRpcFault } from "./faults.js";
import { findNamespec, lexicalOrder, priorityOrder, splitNamespec } from "./namespec.js";

describe("splitNamespec (supervisord's split_namespec)", () => {
  const cases: { spec: string; group: string; process: string | null }[] = [
    { spec: "web", group: "web", process: "web" },
    { spec: "pool:w1", group: "pool", process: "w1" },
    { spec: "pool:*", group: "pool", process: null },
    { spec: "pool:", group: "pool", process: null },
    { spec: "a:b:c", group: "a", process: "b:c" },
  ];
  for (const c of cases) it(c.spec, () => assert.deepEqual(splitNamespec(c.spec), { group: c.group, process: c.process }));
});

describe("ordering", () => {
  const all = [
    supervised("z", "RUNNING", { groupPriority: 5, priority: 5 }),
    supervised("b2", "RUNNING", { group: "b", priority: 2 }),
    supervised("b1", "RUNNING", { group: "b", priority: 1 }),
    supervised("a", "RUNNING"),
    supervised("b0", "RUNNING", { group: "b", priority: 2 }),
  ];
  it("priorityOrder: group priority, then group name, then process priority, ties in daemon order", () => {
    assert.deepEqual(
      priorityOrder(all).map((p) => p.fullName),
      ["z:z", "a:a", "b:b1", "b:b2", "b:b0"],
    );
  });
  it("lexicalOrder: group name, then process name", () => {
    assert.deepEqual(
      lexicalOrder(all).map((p) => p.fullName),
      ["a:a", "b:b0", "b:b1", "b:b2", "z:z"],
    );
  });
  it("findNamespec: a whole group, one process, or BAD_NAME with the spec", () => {
    assert.deepEqual(
      findNamespec(all, "b:*").members.map((p) => p.name),
      ["b1", "b2", "b0"],
    );
    assert.equal(findNamespec(all, "b:b0").process?.name, "b0");
    assert.throws(
      () => findNamespec(all, "b"),
      (e: unknown) => e instanceof XmlRpcFault && e.text === "BAD_NAME: b",
    );
    assert.throws(
      () => findNamespec(all, "nope:*"),
      (e: unknown) => e instanceof XmlRpcFault && e.text === "BAD_NAME: nope:*",
    );
  });
});
