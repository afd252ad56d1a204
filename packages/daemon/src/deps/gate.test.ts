import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import type { DependencyCondition } from "../config/model.js";
import { graphOf } from "../testing/dep-configs.js";
import { gateStarts, meets, type ProcessView } from "./gate.js";

const v = (statename: StateName, ready: boolean | null = false, expectedExit = false): ProcessView => ({ statename, ready, expectedExit });

describe("meets: each condition against each state", () => {
  const yes: [DependencyCondition, ProcessView][] = [
    ["started", v("STARTING")],
    ["started", v("RUNNING")],
    ["running", v("RUNNING")],
    ["ready", v("RUNNING", true)],
    // no ready_check: ready once RUNNING
    ["ready", v("RUNNING", null)],
    ["done", v("EXITED", false, true)],
  ];
  const no: [DependencyCondition, ProcessView][] = [
    ["started", v("STOPPED")],
    ["started", v("BACKOFF")],
    ["started", v("EXITED", false, true)],
    ["running", v("STARTING")],
    ["running", v("STOPPING")],
    ["running", v("EXITED", false, true)],
    ["ready", v("RUNNING")],
    ["ready", v("STARTING", true)],
    ["ready", v("STARTING", null)],
    ["done", v("EXITED")],
    ["done", v("RUNNING")],
    ["done", v("FATAL", false, true)],
  ];
  for (const [c, view] of yes) it(`${c} is met by ${JSON.stringify(view)}`, () => assert.equal(meets(view, c), true));
  for (const [c, view] of no) it(`${c} is not met by ${JSON.stringify(view)}`, () => assert.equal(meets(view, c), false));
});

describe("gateStarts", () => {
  const graph = graphOf(["web>app", "app>db:ready,migrate:done", "db", "migrate", "cron", "back/api>back:cache", "back/cache", "fe>back"]);
  type Case = [string, Record<string, ProcessView>, string[], string[], string[]];
  const stopped = v("STOPPED");
  const cases: Case[] = [
    [
      "at boot, what has no dependencies starts; the rest waits, each for its first unmet one",
      {},
      ["db", "migrate", "app", "web", "cron"],
      ["db", "migrate", "cron"],
      ["app: waiting for db: STOPPED", "web: waiting for app, which waits for db: STOPPED"],
    ],
    [
      "RUNNING but not ready is not enough for :ready",
      { db: v("RUNNING"), migrate: v("EXITED", false, true) },
      ["app"],
      [],
      ["app: waiting for db: RUNNING, not ready"],
    ],
    [
      "a ready db and a finished migration let app start",
      { db: v("RUNNING", true), migrate: v("EXITED", false, true) },
      ["app"],
      ["app"],
      [],
    ],
    [
      "a migration that failed holds app",
      { db: v("RUNNING", true), migrate: v("EXITED", false, false) },
      ["app"],
      [],
      ["app: waiting for migrate: EXITED with an unexpected status"],
    ],
    [
      "a FATAL dependency, named down the chain",
      { db: v("FATAL"), app: stopped },
      ["app", "web"],
      [],
      ["app: waiting for db: FATAL", "web: waiting for app, which waits for db: FATAL"],
    ],
    [
      "a dependency that is not wanting is judged by its state alone",
      { app: v("STARTING") },
      ["web"],
      [],
      ["web: waiting for app: STARTING"],
    ],
    ["a group name waits for every member", { "back:api": v("RUNNING") }, ["fe"], [], ["fe: waiting for back:cache: STOPPED"]],
    ["every member running", { "back:api": v("RUNNING"), "back:cache": v("RUNNING") }, ["fe"], ["fe"], []],
    ["order is the caller's", {}, ["cron", "db"], ["cron", "db"], []],
  ];
  const ids = (names: string[]) => names.map((n) => (n.includes(":") ? n : `${n}:${n}`));
  for (const [name, views, wanting, start, blocked] of cases) {
    it(name, () => {
      const view = (id: string) => views[graph.display(id)] ?? stopped;
      const gate = gateStarts(graph, view, ids(wanting));
      assert.deepEqual(gate.start, ids(start));
      assert.deepEqual(
        gate.blocked.map((b) => `${graph.display(b.id)}: ${b.reason}`),
        blocked,
      );
    });
  }

  it("says a wait is failed when FATAL is at its root, and what it waits for first", () => {
    const gate = gateStarts(graph, (id) => (id === "db:db" ? v("FATAL") : stopped), ["app:app", "web:web"]);
    assert.deepEqual(
      gate.blocked.map((b) => [b.id, b.waitingFor, b.cause, b.failed]),
      [
        ["app:app", "db:db", "db: FATAL", true],
        ["web:web", "app:app", "db: FATAL", true],
      ],
    );
    const waiting = gateStarts(graph, () => stopped, ["app:app"]).blocked[0];
    assert.equal(waiting?.failed, false);
  });

  it("a removed dependency is a failed wait, not a crash", () => {
    const gate = gateStarts(graph, (id) => (id === "db:db" ? undefined : stopped), ["app:app"]);
    assert.deepEqual(gate.blocked[0]?.reason, "waiting for db: no such process");
    assert.equal(gate.blocked[0]?.failed, true);
  });

  it("a chain of 5,000 waiting (the most a config may hold) processes is judged without overflowing the stack", () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => (i === 0 ? "n0" : `n${i}>n${i - 1}`));
    const long = graphOf(lines);
    const wanting = lines
      .map((_, i) => `n${i}:n${i}`)
      .slice(1)
      .reverse();
    const gate = gateStarts(long, (id) => (id === "n0:n0" ? v("FATAL") : stopped), wanting);
    assert.equal(gate.blocked.length, 4_999);
    assert.equal(gate.blocked[0]?.reason, "waiting for n4998, which waits for n0: FATAL");
    assert.deepEqual(gate.start, []);
  });
});
