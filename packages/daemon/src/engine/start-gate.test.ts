import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import type { ProgramConfig } from "../config/model.js";
import type { ProcessView } from "../deps/gate.js";
import { programsOf } from "../testing/dep-configs.js";
import { type GateDecision, StartGate } from "./start-gate.js";

type Fake = { cfg: ProgramConfig; priority: number; groupPriority?: number; state: StateName; ready: boolean; held: string };

/** A gate over fake processes whose state the test sets; `started` lists the starts in order. */
function setUp(lines: string[]) {
  const configs = programsOf(lines);
  const procs = configs.map(
    (cfg): Fake => ({ cfg, priority: cfg.priority, groupPriority: cfg.groupPriority, state: "STOPPED", ready: false, held: "" }),
  );
  const started: string[] = [];
  const gate = new StartGate<Fake>(configs, [], {
    view: (p): ProcessView => ({ statename: p.state, ready: p.ready, expectedExit: p.state === "EXITED" }),
    start: (p) => {
      started.push(p.cfg.name);
      p.state = "STARTING";
    },
    hold: (p, reason) => {
      p.held = reason;
    },
  });
  gate.track(procs);
  const byName = (n: string) => procs.find((p) => p.cfg.name === n) as Fake;
  const set = async (n: string, state: StateName, ready = false) => {
    const p = byName(n);
    p.state = state;
    p.ready = ready;
    gate.changed(p);
    await Promise.resolve(); // the gate judges once per tick
  };
  return { gate, procs, started, byName, set };
}

describe("StartGate", () => {
  it("starts a chain one link at a time, each once its dependency meets the condition", async () => {
    const { gate, procs, started, byName, set } = setUp(["web>app:ready", "app>db", "db", "cron"]);
    assert.deepEqual(
      gate.want(procs).map((p) => p.cfg.name),
      ["db", "cron"],
    );
    assert.equal(byName("app").held, "waiting for db: STOPPED");
    assert.equal(byName("web").held, "waiting for app, which waits for db: STOPPED");
    await set("db", "RUNNING");
    assert.deepEqual(started, ["db", "cron", "app"]);
    await set("app", "RUNNING");
    assert.equal(byName("web").held, "waiting for app: RUNNING, not ready");
    await set("app", "RUNNING", true);
    assert.deepEqual(started, ["db", "cron", "app", "web"]);
    assert.equal(byName("web").held, "");
  });

  it("done: waits for an expected exit, not for RUNNING", async () => {
    const { gate, procs, started, set } = setUp(["app>migrate:done", "migrate"]);
    gate.want(procs);
    await set("migrate", "RUNNING");
    assert.deepEqual(started, ["migrate"]);
    await set("migrate", "EXITED");
    assert.deepEqual(started, ["migrate", "app"]);
  });

  it("a FATAL dependency: the dependent stays with the reason, and its wait is decided", async () => {
    const { gate, procs, byName, set } = setUp(["web>db", "db"]);
    gate.want(procs);
    const decision: Promise<GateDecision> = gate.decision(byName("web"));
    await set("db", "FATAL");
    assert.deepEqual(await decision, { started: false, reason: "waiting for db: FATAL" });
    assert.equal(byName("web").held, "waiting for db: FATAL");
    assert.equal(gate.isWaiting(byName("web")), true, "still waiting: db may be started by hand");
    await set("db", "RUNNING");
    assert.equal(byName("web").state, "STARTING");
  });

  it("drop: no longer held, and the start does not come later", async () => {
    const { gate, procs, started, byName, set } = setUp(["web>db", "db"]);
    gate.want(procs);
    gate.drop(byName("web"));
    assert.equal(byName("web").held, "");
    await set("db", "RUNNING");
    assert.deepEqual(started, ["db"]);
  });

  it("without dependencies the gate is idle and starts all in priority order", () => {
    const { gate, procs, started } = setUp(["b|p=20", "a|p=10", "c|p=30"]);
    assert.equal(gate.idle, true);
    gate.want(procs);
    assert.deepEqual(started, ["a", "b", "c"]);
  });
});
