import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveNames } from "./names.js";

const procs = [
  { name: "web", group: "web" },
  { name: "worker_00", group: "worker" },
  { name: "worker_01", group: "worker" },
  { name: "api", group: "backend" },
  { name: "db", group: "backend" },
];
const names = (specs: string[]) => {
  const r = resolveNames(specs, procs);
  return { found: r.matches.map((m) => [m.spec, m.items.map((p) => `${p.group}:${p.name}`), m.whole]), unknown: r.unknown };
};

describe("resolveNames", () => {
  const cases: [string[], ReturnType<typeof names>][] = [
    [["web"], { found: [["web", ["web:web"], false]], unknown: [] }],
    [["all"], { found: [["all", procs.map((p) => `${p.group}:${p.name}`), true]], unknown: [] }],
    [["backend:*"], { found: [["backend:*", ["backend:api", "backend:db"], true]], unknown: [] }],
    [["backend:db"], { found: [["backend:db", ["backend:db"], false]], unknown: [] }],
    [["api"], { found: [["api", ["backend:api"], false]], unknown: [] }],
    [["worker"], { found: [["worker", ["worker:worker_00", "worker:worker_01"], true]], unknown: [] }],
    [["nope", "web"], { found: [["web", ["web:web"], false]], unknown: [{ spec: "nope", kind: "process" }] }],
    [["nope:*"], { found: [], unknown: [{ spec: "nope:*", kind: "group" }] }],
    [["backend:nope"], { found: [], unknown: [{ spec: "backend:nope", kind: "process" }] }],
  ];
  for (const [specs, expected] of cases) {
    it(specs.join(" "), () => assert.deepEqual(names(specs), expected));
  }
});
