import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultProgram } from "../config/defaults.js";
import type { ProgramConfig } from "../config/model.js";
import type { Clock } from "../process/clock.js";
import { SpawnQueue } from "../process/spawn-queue.js";
import { testConfig, testDeps } from "../testing/engine-deps.js";
import { fakeClock } from "../testing/fake-clock.js";
import { type FakeSpawnerOptions, fakeSpawner } from "../testing/fake-spawner.js";
import { EXIT_RESERVE_MS } from "./levels.js";
import { Supervisor } from "./supervisor.js";

const prog = (name: string, patch: Partial<ProgramConfig> = {}): ProgramConfig => ({
  ...defaultProgram(name, { file: "/t.conf", line: 1 }),
  command: "x",
  startsecs: 0,
  ...patch,
});

/** Burst tests pass their own spawn queue; timing tests a fake clock (testing/fake-clock.ts). */
function setup(
  programs: ProgramConfig[],
  fake: FakeSpawnerOptions | ((signal: string) => boolean) = {},
  opts: { clock?: Clock; spawns?: SpawnQueue } = {},
) {
  const spawner = fakeSpawner(fake);
  const supervisor = new Supervisor(testConfig(programs), testDeps(spawner.spawner, opts));
  return { supervisor, ...spawner };
}

const many = (n: number, patch: (i: number) => Partial<ProgramConfig> = () => ({})) =>
  Array.from({ length: n }, (_, i) => prog(`p${String(i).padStart(3, "0")}`, patch(i)));
const nextTurn = () => new Promise((r) => setImmediate(r));

describe("Supervisor.escalate (a second SIGTERM during a shutdown)", () => {
  it("records every SIGKILL at once, so the summary says killed, and ends the shutdown", async () => {
    const { supervisor, signals } = setup([prog("stubborn"), prog("later", { priority: 10 })], (sig) => sig === "TERM");
    supervisor.autostart();
    const shutdown = supervisor.shutdown(0);
    await new Promise((r) => setImmediate(r));
    const stubbornPid = supervisor.list()[0]?.record.pid;
    assert.deepEqual(signals, [`${stubbornPid}:TERM`], "only the first level got its signal so far");
    supervisor.escalate();
    assert.deepEqual(
      supervisor.list().map((p) => [p.cfg.name, p.state, p.record.killed]),
      [
        ["stubborn", "STOPPING", true],
        ["later", "STOPPING", true],
      ],
    );
    const { outcomes } = await shutdown;
    assert.deepEqual(outcomes.map((o) => [o.proc.cfg.name, o.killed]).sort(), [
      ["later", true],
      ["stubborn", true],
    ]);
  });
});

describe("Supervisor.shutdown", () => {
  it("holds restarts: a program that exits while an earlier level stops stays EXITED", async () => {
    const { supervisor, spawned } = setup(
      [prog("slow", { priority: 900 }), prog("crasher", { priority: 10, autorestart: "true" })],
      (sig) => sig === "TERM",
    );
    supervisor.autostart();
    const [slow, crasher] = supervisor.list();
    const shutdown = supervisor.shutdown(0);
    // crasher dies by itself while slow (an earlier level) is still stopping
    crasher?.dispatch({ type: "exited", code: 1, signal: null, groupAlive: false });
    assert.equal(crasher?.state, "EXITED");
    assert.deepEqual([...spawned].sort(), ["crasher:crasher", "slow:slow"], "no second spawn of crasher");
    slow?.dispatch({ type: "stopDeadline" });
    await shutdown;
  });
});

describe("Supervisor.shutdown with event listeners", () => {
  it("stops the listeners only once every program is gone, whatever their priorities", async () => {
    const listener = { events: ["PROCESS_STATE"], bufferSize: 10 };
    const { supervisor, signals } = setup(
      [prog("web", { priority: 1 }), prog("watch", { priority: 999, groupPriority: 999, listener }), prog("db", { priority: 10 })],
      (sig) => sig === "TERM",
    );
    supervisor.autostart();
    const [web, watch, db] = supervisor.list();
    const shutdown = supervisor.shutdown(0);
    await nextTurn();
    assert.deepEqual(signals, [`${db?.record.pid}:TERM`], "the program with the highest number first, the listener not yet");
    db?.dispatch({ type: "stopDeadline" });
    await nextTurn();
    await nextTurn();
    assert.deepEqual(signals.at(-1), `${web?.record.pid}:TERM`);
    web?.dispatch({ type: "stopDeadline" });
    await nextTurn();
    await nextTurn();
    assert.deepEqual(signals.at(-1), `${watch?.record.pid}:TERM`, "the listener last");
    watch?.dispatch({ type: "stopDeadline" });
    await shutdown;
  });
});

describe("Supervisor.drop (a group removed by a config change)", () => {
  it("ends a wait on a removed process with 'no such process' instead of leaving it pending", async () => {
    const { supervisor } = setup([prog("idle", { autostart: false })]);
    const [idle] = supervisor.list();
    const waiting = supervisor.wait(["idle"], "running", 0);
    supervisor.drop(idle ? [idle] : []);
    const pending = Symbol("pending");
    const result = await Promise.race([waiting, new Promise((r) => setImmediate(() => r(pending)))]);
    assert.notEqual(result, pending, "the wait must end when its process is removed");
    assert.deepEqual(
      (result as { code: string; description: string }[]).map((r) => [r.code, r.description]),
      [["unknown-name", "no such process (removed by a config change)"]],
    );
  });
});

describe("Supervisor: a startup burst", () => {
  it("spawns a slice at a time, lowest priority number first, giving the loop its turn between slices", async () => {
    // p000-p049 have priority 900, p050-p099 priority 5: those start first
    const { supervisor, spawned } = setup(
      many(100, (i) => ({ priority: i < 50 ? 900 : 5 })),
      {},
      { spawns: new SpawnQueue({ perSlice: 16, sliceMs: 60_000 }) },
    );
    supervisor.autostart();
    assert.equal(spawned.length, 16, "autostart returns after one slice");
    assert.ok(supervisor.list().every((p) => p.state === "STARTING" || p.state === "RUNNING"));
    await nextTurn();
    assert.equal(spawned.length, 32);
    while (spawned.length < 100) await nextTurn();
    const order = spawned.map((n) => Number(n.slice(-3)));
    assert.deepEqual(
      order.slice(0, 50),
      [...Array(50).keys()].map((i) => i + 50),
      "the priority-5 level first, in order",
    );
    assert.deepEqual(order.slice(50), [...Array(50).keys()], "then the priority-900 level");
    await supervisor.shutdown(0);
  });

  it("a shutdown cancels the spawns not made yet: never spawned, not counted as stopped", async () => {
    const { supervisor, spawned, signals } = setup(many(100), {}, { spawns: new SpawnQueue({ perSlice: 10, sliceMs: 60_000 }) });
    supervisor.autostart();
    await nextTurn();
    assert.equal(spawned.length, 20);
    const notStarted: number[] = [];
    const { outcomes, notStarted: cancelled } = await supervisor.shutdown(0, { notStarted: (n) => notStarted.push(n) });
    assert.equal(spawned.length, 20, "no spawn after the shutdown began");
    assert.equal(signals.length, 20, "a stop signal only for the spawned ones");
    assert.equal(outcomes.length, 20);
    assert.ok(outcomes.every((o) => !o.beforeSignal && o.signal === "SIGTERM"));
    assert.deepEqual([cancelled, notStarted], [80, [80]]);
    const states = supervisor.list().map((p) => `${p.state} ${p.record.pid}`);
    assert.deepEqual(new Set(states.slice(20)), new Set(["STOPPED 0"]));
  });

  it("when the system refuses a process, the others fail at once instead of forking in a loop", async () => {
    const { supervisor, attempts } = setup(
      many(50, () => ({ startretries: 3 })),
      { refuse: () => "EAGAIN" },
    );
    supervisor.autostart();
    for (let i = 0; i < 5; i++) await nextTurn();
    assert.equal(attempts(), 1, "one real fork attempt; the other 49 were held back");
    const [first, second] = supervisor.list();
    assert.equal(first?.state, "BACKOFF");
    assert.match(first?.record.spawnerr ?? "", /^couldn't spawn 'x': EAGAIN: the system refused a new process/);
    assert.equal(second?.state, "BACKOFF");
    assert.match(second?.record.spawnerr ?? "", /^not spawned: EAGAIN: .*; spawning is held for a moment$/);
    await supervisor.shutdown(0);
  });
});

describe("Supervisor.shutdown after a second SIGTERM", () => {
  it("gives every program its outcome, also those SIGKILLed before their level came", async () => {
    // three levels; every program ignores SIGTERM, so only the escalation's SIGKILL ends them
    const { supervisor } = setup(
      [prog("db", { priority: 10 }), prog("app", { priority: 50 }), prog("web", { priority: 900 })],
      (sig) => sig === "TERM",
    );
    supervisor.autostart();
    const told: string[] = [];
    const shutdown = supervisor.shutdown(0, { stopped: (o) => told.push(`${o.proc.cfg.name} ${o.killed}`) });
    await nextTurn();
    supervisor.escalate();
    const { outcomes } = await shutdown;
    assert.deepEqual(told.sort(), ["app true", "db true", "web true"]);
    assert.equal(outcomes.length, 3);
  });
});

describe("Supervisor.restart of several names", () => {
  /** Every state change, as "name STATE", in the order they happened. */
  function timeline(supervisor: Supervisor): string[] {
    const seen: string[] = [];
    supervisor.on("change", (p) => seen.push(`${p.cfg.name} ${p.state}`));
    return seen;
  }

  it("stops by levels, highest priority number first, then starts in priority order", async () => {
    const { supervisor } = setup([prog("db", { priority: 10 }), prog("web", { priority: 900 }), prog("api", { priority: 900 })]);
    supervisor.autostart();
    const seen = timeline(supervisor);
    const results = await supervisor.restart(["db", "web", "api"]);
    assert.deepEqual(
      results.map((r) => ("spec" in r ? r.spec : `${r.name} ${r.description}`)),
      ["db restarted", "web restarted", "api restarted"],
    );
    const at = (what: string) => seen.indexOf(what);
    assert.ok(at("db STOPPING") > Math.max(at("web STOPPED"), at("api STOPPED")), `db got its signal too early: ${seen}`);
    const starts = seen.filter((s) => s.endsWith("STARTING") || s.endsWith(" RUNNING")).map((s) => s.split(" ")[0]);
    assert.deepEqual(starts.slice(0, 1), ["db"], `db must start first: ${seen}`);
    assert.deepEqual(new Set(starts), new Set(["db", "web", "api"]));
    await supervisor.shutdown(0);
  });

  it("within the level started first, each starts again as soon as it has stopped", async () => {
    // slow ignores SIGTERM: fast must not wait for slow's SIGKILL to start again
    const { supervisor, signals } = setup([prog("fast"), prog("slow")], (sig) => sig === "TERM");
    supervisor.autostart();
    const [fast, slow] = supervisor.list();
    const restarting = supervisor.restart(["fast", "slow"], false);
    await nextTurn();
    assert.equal(signals.length, 2, "both got their signal at once");
    fast?.dispatch({ type: "stopDeadline" }); // fast is gone (SIGKILL), slow is still in its grace period
    await waitForChange(() => fast?.state === "RUNNING");
    assert.equal(slow?.state, "STOPPING", "fast restarted while slow was still stopping");
    slow?.dispatch({ type: "stopDeadline" });
    await restarting;
    assert.equal(slow?.state, "RUNNING");
    await supervisor.shutdown(0);
  });
});

describe("Supervisor on the engine's clock", () => {
  it("a shutdown's deadline brings SIGKILL EXIT_RESERVE_MS before it, however long stopwaitsecs is", async () => {
    const clock = fakeClock();
    const { supervisor, signals } = setup([prog("stubborn", { stopwaitsecs: 60 })], (sig) => sig === "TERM", { clock });
    supervisor.autostart();
    const pid = supervisor.list()[0]?.record.pid;
    const deadline = clock.now() + 3000;
    const shutdown = supervisor.shutdown(deadline);
    await nextTurn();
    assert.deepEqual(signals, [`${pid}:TERM`]);
    clock.advance(deadline - EXIT_RESERVE_MS - clock.now() - 1);
    assert.deepEqual(signals, [`${pid}:TERM`], "no SIGKILL before the clamped grace period ends");
    clock.advance(1);
    assert.deepEqual(signals, [`${pid}:TERM`, `${pid}:KILL`]);
    const { outcomes } = await shutdown;
    assert.deepEqual(
      outcomes.map((o) => [o.proc.cfg.name, o.killed, o.ms]),
      [["stubborn", true, 3000 - EXIT_RESERVE_MS]],
    );
  });

  it("a BACKOFF retry pending when a shutdown begins never comes, while an earlier level stops", async () => {
    const clock = fakeClock();
    const { supervisor, spawned, exit } = setup(
      [prog("slow", { priority: 900, stopwaitsecs: 10 }), prog("flapper", { priority: 10, startsecs: 1 })],
      (sig) => sig === "TERM",
      { clock },
    );
    supervisor.autostart();
    const [slow, flapper] = supervisor.list();
    exit(flapper?.record.pid ?? 0, 1);
    assert.equal(flapper?.state, "BACKOFF");
    const shutdown = supervisor.shutdown(0);
    clock.advance(5000); // the retry was due after 1 s; slow is still in its grace period
    assert.deepEqual([slow?.state, flapper?.state], ["STOPPING", "STOPPED"]);
    clock.advance(5000); // slow's SIGKILL
    await shutdown;
    assert.deepEqual(spawned, ["flapper:flapper", "slow:slow"], "flapper spawned once only");
  });

  it("wait gives up at its timeout and names the state it found", async () => {
    const clock = fakeClock();
    const { supervisor } = setup([prog("idle", { autostart: false })], {}, { clock });
    const waiting = supervisor.wait(["idle"], "running", 5000);
    clock.advance(5000);
    assert.deepEqual(await waiting, [
      { name: "idle", group: "idle", code: "timed-out", description: "timed out waiting for running, state STOPPED" },
    ]);
  });
});

async function waitForChange(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await nextTurn();
  assert.ok(done(), "timed out waiting for a state");
}
