import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findCycles } from "./dep-cycles.js";

/** "a>b,c" lines: a's successors. */
function cyclesOf(lines: string[]): string[] {
  const next = new Map(lines.map((l) => [l.split(">")[0] as string, (l.split(">")[1] ?? "").split(",").filter(Boolean)]));
  return findCycles([...next.keys()], (id) => next.get(id) ?? []).map((c) => c.join("→"));
}

describe("findCycles", () => {
  const cases: [string, string[], string[]][] = [
    ["none in a chain", ["a>b", "b>c", "c"], []],
    ["none in a diamond", ["a>b,c", "b>d", "c>d", "d"], []],
    ["a self-loop", ["a>a"], ["a→a"]],
    ["two nodes", ["a>b", "b>a"], ["a→b→a"]],
    ["three nodes, from the first in config order", ["x>a", "b>c", "c>a", "a>b"], ["b→c→a→b"]],
    ["two separate cycles", ["a>b", "b>a", "c>d", "d>c", "e>a"], ["a→b→a", "c→d→c"]],
    ["the shortest way round", ["a>b,c", "b>c", "c>a"], ["a→c→a"]],
    ["a cycle reached through a tail", ["t>u", "u>a", "a>b", "b>a"], ["a→b→a"]],
  ];
  for (const [name, lines, expected] of cases) it(name, () => assert.deepEqual(cyclesOf(lines), expected));

  it("a chain of 20,000 does not overflow the stack", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `n${i}>n${i + 1}`);
    assert.deepEqual(cyclesOf(lines), []);
    lines.push("n20000>n0");
    assert.equal(cyclesOf(lines)[0]?.split("→").length, 20_002);
  });
});
