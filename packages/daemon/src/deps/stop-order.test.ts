import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idOf } from "../config/dep-graph.js";
import { stopLevels } from "../engine/levels.js";
import { graphOf, programsOf } from "../testing/dep-configs.js";
import { type StopLevel, StopRun, stopPlan } from "./stop-order.js";

const itemsOf = (lines: string[]) => programsOf(lines).map((p) => ({ id: idOf(p), priority: p.priority, groupPriority: p.groupPriority }));
const short = (id: string) => id.split(":")[1] as string;
/** Levels as text: `web app+db<app` = web and app, then db after app (same level). */
const show = (levels: StopLevel[]) =>
  levels.map((l) =>
    l.ids.map((id) => short(id) + ((l.after.get(id) ?? []).length ? `<${(l.after.get(id) ?? []).map(short).join("<")}` : "")).join(" "),
  );

describe("stopPlan", () => {
  const cases: [string, string[], string[]][] = [
    ["everything unrelated and of equal priority: one level, no waits", ["a", "b", "c"], ["a b c"]],
    ["a chain: each after its dependent, one level", ["web>app", "app>db", "db", "x"], ["web app<web db<app x"]],
    ["priorities without dependencies: today's levels", ["web|p=30", "db|p=10", "cache|p=20"], ["web", "cache", "db"]],
    ["a dependency of higher priority number is pulled down to its dependent's level", ["a>b|p=10", "b|p=30", "c|p=20"], ["c", "a b<a"]],
    ["a dependent of lower number already stops earlier: the levels say it", ["web>db|p=30", "db|p=10"], ["web", "db"]],
    ["a diamond", ["top>l,r", "l>bot", "r>bot", "bot"], ["top l<top r<top bot<l<r"]],
    ["group priorities first, as stopLevels", ["g/a>b|p=1,gp=50", "b|p=100"], ["a b<a"]],
    ["a group dependency waits for every member", ["g/a", "g/b", "fe>g"], ["a<fe b<fe fe"]],
  ];
  for (const [name, lines, expected] of cases) {
    it(name, () => assert.deepEqual(show(stopPlan(graphOf(lines), itemsOf(lines))), expected));
  }

  it("stopping part of a chain keeps its order through the part that stays (web, then db; app stays)", () => {
    const lines = ["web>app", "app>db", "db"];
    const items = itemsOf(lines).filter((i) => i.id !== "app:app");
    assert.deepEqual(show(stopPlan(graphOf(lines), items)), ["web db<web"]);
  });

  it("without depends_on it is exactly stopLevels, for many random configs", () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const lines = Array.from({ length: 1 + rnd(12) }, (_, i) => {
        const group = rnd(3) === 0 ? `g${rnd(2)}/` : "";
        return `${group}p${i}|p=${[10, 20, 999][rnd(3)]}${group ? `,gp=${[5, 500][rnd(2)]}` : ""}`;
      });
      const items = itemsOf(lines);
      const expected = stopLevels(items).map((l) => l.map((i) => i.id));
      const plan = stopPlan(graphOf(lines), items);
      assert.deepEqual(
        plan.map((l) => l.ids),
        expected,
        lines.join(" "),
      );
      assert.ok(plan.every((l) => [...l.after.values()].every((a) => a.length === 0)));
      assert.deepEqual(stopPlan(undefined, items), plan);
    }
  });
});

describe("StopRun", () => {
  /** Drive a run: each step is the id that goes; returns what was released at the start and after each step. */
  const drive = (lines: string[], steps: string[]) => {
    const run = new StopRun(stopPlan(graphOf(lines), itemsOf(lines)));
    const out = [run.begin().map(short).join(" ")];
    for (const s of steps) out.push(run.gone(`${s}:${s}`).map(short).join(" "));
    return { out, finished: run.finished };
  };

  const cases: [string, string[], string[], string[]][] = [
    ["all at once", ["a", "b"], ["a", "b"], ["a b", "", ""]],
    ["a chain, one after the other", ["web>app", "app>db", "db"], ["web", "app", "db"], ["web", "app", "db", ""]],
    ["the chain and an unrelated one: the unrelated goes at once", ["web>db", "db", "x"], ["x", "web", "db"], ["web x", "", "db", ""]],
    ["levels: the next when the last of the current is gone", ["a|p=30", "b|p=30", "c|p=10"], ["a", "b", "c"], ["a b", "", "c", ""]],
    ["a process that ends before its turn is never released", ["web>app", "app>db", "db"], ["db", "web", "app"], ["web", "", "app", ""]],
    [
      "a diamond: the bottom after both sides",
      ["top>l,r", "l>bot", "r>bot", "bot"],
      ["top", "l", "r", "bot"],
      ["top", "l r", "", "bot", ""],
    ],
    ["a pulled-down dependency waits in its dependent's level", ["a>b|p=10", "b|p=30", "c|p=20"], ["c", "a", "b"], ["c", "a", "b", ""]],
  ];
  for (const [name, lines, steps, expected] of cases) {
    it(name, () => {
      const { out, finished } = drive(lines, steps);
      assert.deepEqual(out, expected);
      assert.equal(finished, true);
    });
  }

  it("ignores ids it does not know and ids told twice", () => {
    const run = new StopRun(stopPlan(graphOf(["a>b", "b"]), itemsOf(["a>b", "b"])));
    assert.deepEqual(run.begin(), ["a:a"]);
    assert.deepEqual(run.gone("zz:zz"), []);
    assert.deepEqual(run.gone("a:a"), ["b:b"]);
    assert.deepEqual(run.gone("a:a"), []);
    assert.equal(run.finished, false);
  });

  it("an empty plan is finished at once", () => {
    const run = new StopRun([]);
    assert.deepEqual(run.begin(), []);
    assert.equal(run.finished, true);
  });
});
