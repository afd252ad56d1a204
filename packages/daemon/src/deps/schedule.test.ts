import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idOf } from "../config/dep-graph.js";
import { EXIT_RESERVE_MS } from "../engine/levels.js";
import { graphOf, programsOf } from "../testing/dep-configs.js";
import { killAtMs, type Slot, scheduleLines, scheduleStops, stopWindowMs } from "./schedule.js";
import { stopPlan } from "./stop-order.js";

/** Lines as in testing/dep-configs.ts, with `g=MS` for a grace period (default 1000). */
function plan(lines: string[]) {
  const graceOf = new Map<string, number>();
  const clean = lines.map((l) => {
    const m = /g=(\d+)/.exec(l);
    return { line: l.replace(/,?g=\d+/, "").replace(/\|$/, ""), grace: m ? Number(m[1]) : 1000 };
  });
  const programs = programsOf(clean.map((c) => c.line));
  for (const [i, p] of programs.entries()) graceOf.set(idOf(p), clean[i]?.grace ?? 1000);
  const items = programs.map((p) => ({ id: idOf(p), priority: p.priority, groupPriority: p.groupPriority }));
  const levels = stopPlan(graphOf(clean.map((c) => c.line)), items);
  return { levels, grace: (id: string) => graceOf.get(id) ?? 0 };
}
const short = (id: string) => id.split(":")[1] as string;
/** Each slot as `name share signalBy-killBy`. */
const slotsOf = (lines: string[], windowMs: number) => {
  const { levels, grace } = plan(lines);
  const slots = scheduleStops(levels, grace, windowMs);
  return Object.fromEntries([...slots].map(([id, s]) => [short(id), `${s.shareMs} ${s.signalByMs}-${s.killByMs}`]));
};

describe("scheduleStops", () => {
  const cases: [string, string[], number, Record<string, string>][] = [
    [
      "unrelated programs: each may wait until the end less its grace; one longer than the window is clamped",
      ["a|g=1000", "b|g=2000", "c|g=10000"],
      8300,
      { a: "1000 7300-8300", b: "2000 6300-8300", c: "8300 0-8300" },
    ],
    [
      "a chain that fits: backward from the end, each gets its whole grace",
      ["web>app", "app>db", "db"],
      8300,
      { web: "1000 5300-6300", app: "1000 6300-7300", db: "1000 7300-8300" },
    ],
    [
      "a chain too long for the window: every share scaled by the same factor",
      ["web>app|g=10000", "app>db", "db"],
      8300,
      { web: "6688 2-6690", app: "805 6690-7495", db: "805 7495-8300" },
    ],
    [
      "priority levels are a chain too: two stuck levels share the window",
      ["front|p=30,g=10000", "back|p=10,g=10000"],
      8300,
      { front: "4150 0-4150", back: "4150 4150-8300" },
    ],
    [
      "a diamond that fits: the top must be gone before the longer side's latest moment",
      ["top>l,r", "l>bot|g=3000", "r>bot", "bot|g=2000"],
      10000,
      { top: "1000 4000-5000", l: "3000 5000-8000", r: "1000 7000-8000", bot: "2000 8000-10000" },
    ],
    [
      "a diamond scaled: each by the longest chain through it",
      ["top>l,r", "l>bot|g=3000", "r>bot", "bot|g=2000"],
      3000,
      { top: "500 0-500", l: "1500 500-2000", r: "750 1250-2000", bot: "1000 2000-3000" },
    ],
    [
      "an unrelated long program does not squeeze the chain",
      ["a>b", "b", "x|g=10000"],
      8300,
      { a: "1000 6300-7300", b: "1000 7300-8300", x: "8300 0-8300" },
    ],
    ["no time left: everything is killed at once", ["a>b", "b"], 0, { a: "0 0-0", b: "0 0-0" }],
    ["a grace period of 0", ["a>b|g=0", "b"], 5000, { a: "0 4000-4000", b: "1000 4000-5000" }],
  ];
  for (const [name, lines, windowMs, expected] of cases) it(name, () => assert.deepEqual(slotsOf(lines, windowMs), expected));

  it("keeps its promises on many random plans", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const n = 1 + rnd(9);
      const lines = Array.from({ length: n }, (_, i) => {
        const deps = Array.from({ length: n - i - 1 }, (_, k) => `p${i + 1 + k}`).filter(() => rnd(3) === 0);
        return `p${i}${deps.length ? `>${deps.join(",")}` : ""}|p=${[10, 999][rnd(2)]},g=${rnd(6) * 1000}`;
      });
      const windowMs = rnd(12_000);
      const { levels, grace } = plan(lines);
      const slots = scheduleStops(levels, grace, windowMs);
      const at = (id: string) => slots.get(id) as Slot;
      levels.forEach((level, i) => {
        for (const id of level.ids) {
          const s = at(id);
          assert.ok(s.signalByMs >= 0 && s.signalByMs + s.shareMs <= s.killByMs && s.killByMs <= windowMs, `${lines.join(" ")}: ${id}`);
          assert.ok(s.shareMs <= s.graceMs && s.graceMs === Math.min(grace(id), windowMs));
          // gone before anything that waits for it must get its signal
          for (const [other, after] of level.after) if (after.includes(id)) assert.ok(s.killByMs <= at(other).signalByMs);
          for (const next of levels[i + 1]?.ids ?? []) assert.ok(s.killByMs <= at(next).signalByMs);
        }
      });
    }
  });
});

describe("killAtMs, stopWindowMs, scheduleLines", () => {
  const slot: Slot = { graceMs: 3000, shareMs: 2000, signalByMs: 4000, killByMs: 6000 };
  const kills: [number, number][] = [
    [0, 3000],
    [2500, 5500],
    [4000, 6000],
    [5900, 6000],
  ];
  for (const [signalled, expected] of kills) {
    it(`signalled at ${signalled} ms: SIGKILL at ${expected} ms`, () => assert.equal(killAtMs(slot, signalled), expected));
  }

  const windows: [number, number, number | null][] = [
    [9, 0, 9000 - EXIT_RESERVE_MS],
    [9, 5, 4000 - EXIT_RESERVE_MS],
    [9, 9, 0],
    [0, 5, null],
  ];
  for (const [budget, drain, expected] of windows) {
    it(`budget ${budget} s, drain ${drain} s → ${expected} ms`, () => assert.equal(stopWindowMs(budget, drain, EXIT_RESERVE_MS), expected));
  }

  it("says the plan in stop order, from the shutdown's start", () => {
    const { levels, grace } = plan(["web>app|g=10000", "app>db", "db"]);
    const slots = scheduleStops(levels, grace, 8300);
    assert.deepEqual(scheduleLines(levels, slots, short, 500), [
      "web: signal at 0.5 s at the latest, SIGKILL by 7.2 s, its 8.3 s grace period cut to 6.7 s",
      "app: signal at 7.2 s at the latest, SIGKILL by 8.0 s, its 1.0 s grace period cut to 0.8 s",
      "db: signal at 8.0 s at the latest, SIGKILL by 8.8 s, its 1.0 s grace period cut to 0.8 s",
    ]);
  });
});
