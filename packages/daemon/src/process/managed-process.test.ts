import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultProgram } from "../config/defaults.js";
import type { ProgramConfig } from "../config/model.js";
import { testDeps } from "../testing/engine-deps.js";
import { fakeClock } from "../testing/fake-clock.js";
import { type FakeSpawnerOptions, fakeSpawner } from "../testing/fake-spawner.js";
import { engineDeps, ManagedProcess } from "./managed-process.js";
import { SpawnQueue } from "./spawn-queue.js";
import { STABLE_RUN_MS } from "./transition.js";

/**
 * The executor with a fake spawner and a fake clock: every delay below is exact, and no test
 * waits for real time. Defaults come from config/defaults.ts; each test says what it changes.
 */
function setup(patch: Partial<ProgramConfig> = {}, fake: FakeSpawnerOptions = {}, spawns?: SpawnQueue) {
  const clock = fakeClock();
  const spawner = fakeSpawner(fake);
  const deps = engineDeps(testDeps(spawner.spawner, { clock, spawns }));
  const make = (name: string) =>
    new ManagedProcess({ ...defaultProgram(name, { file: "/t.conf", line: 1 }), command: "x", ...patch }, deps);
  const proc = make("p");
  /** When each child was spawned, by the fake clock. */
  const spawnedAt: number[] = [];
  proc.on("spawned", () => spawnedAt.push(clock.now()));
  /** The running child exits by itself with `code`. */
  const crash = (code = 1) => spawner.exit(proc.record.pid, code);
  return { clock, proc, make, spawnedAt, crash, ...spawner };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe("ManagedProcess: startsecs", () => {
  it("stays STARTING until startsecs have passed, then is RUNNING", () => {
    const { proc, clock } = setup({ startsecs: 5 });
    proc.dispatch({ type: "start" });
    assert.equal(proc.state, "STARTING");
    clock.advance(4999);
    assert.equal(proc.state, "STARTING");
    clock.advance(1);
    assert.equal(proc.state, "RUNNING");
  });
});

describe("ManagedProcess: backoff", () => {
  it("retries a program that exits too quickly after 1 s, 2 s, 3 s, then gives up FATAL", () => {
    const { proc, clock, spawnedAt, crash } = setup({ startsecs: 1, startretries: 3 });
    proc.dispatch({ type: "start" });
    const delays: number[] = [];
    while (proc.state !== "FATAL") {
      clock.advance(100);
      crash();
      if (proc.state !== "BACKOFF") break;
      const exitedAt = clock.now();
      const spawns = spawnedAt.length;
      const [delay = 0] = clock.pending();
      clock.advance(delay - 1);
      assert.equal(spawnedAt.length, spawns, "no retry before its delay");
      clock.advance(1);
      assert.equal(spawnedAt.length, spawns + 1, "the retry at its delay");
      delays.push((spawnedAt.at(-1) ?? 0) - exitedAt);
    }
    assert.equal(proc.state, "FATAL");
    assert.deepEqual(delays, [1000, 2000, 3000]);
    assert.equal(spawnedAt.length, 4);
    assert.deepEqual(clock.pending(), [], "nothing armed once FATAL");
  });

  it("a stop during BACKOFF cancels the pending retry", () => {
    const { proc, clock, spawnedAt, crash } = setup({ startsecs: 1 });
    proc.dispatch({ type: "start" });
    crash();
    assert.equal(proc.state, "BACKOFF");
    assert.equal(clock.pending().length, 1);
    proc.dispatch({ type: "stop" });
    assert.equal(proc.state, "STOPPED");
    assert.deepEqual(clock.pending(), []);
    clock.advance(60_000);
    assert.equal(spawnedAt.length, 1);
  });
});

describe("ManagedProcess: stopwaitsecs", () => {
  it("a program that ignores SIGTERM gets SIGKILL when its grace period ends, not before", async () => {
    const { proc, clock, signals } = setup({ startsecs: 0, stopwaitsecs: 10 }, { ignores: (sig) => sig === "TERM" });
    proc.dispatch({ type: "start" });
    const pid = proc.record.pid;
    proc.dispatch({ type: "stop" });
    clock.advance(9999);
    await nextTurn();
    assert.deepEqual(signals, [`${pid}:TERM`]);
    assert.equal(proc.state, "STOPPING");
    clock.advance(1);
    assert.deepEqual(signals, [`${pid}:TERM`, `${pid}:KILL`]);
    await nextTurn();
    assert.equal(proc.state, "STOPPED");
    assert.equal(proc.record.killed, true);
  });

  it("a program that stops in time cancels its deadline: no SIGKILL later", async () => {
    const { proc, clock, signals } = setup({ startsecs: 0, stopwaitsecs: 10 });
    proc.dispatch({ type: "start" });
    proc.dispatch({ type: "stop" });
    await nextTurn();
    assert.equal(proc.state, "STOPPED");
    assert.deepEqual(clock.pending(), []);
    clock.advance(20_000);
    assert.equal(signals.length, 1);
  });
});

describe("ManagedProcess: crash-loop damping", () => {
  it("restarts a program that keeps crashing once RUNNING at once, then after 1 s, 2 s, 4 s", () => {
    const { proc, clock, spawnedAt, crash } = setup({ startsecs: 0, autorestart: "true" });
    proc.dispatch({ type: "start" });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(500); // a short run
      const spawns = spawnedAt.length;
      crash();
      const exitedAt = clock.now();
      const [delay = 0] = clock.pending();
      if (delay > 0) {
        assert.equal(proc.state, "EXITED");
        clock.advance(delay - 1);
        assert.equal(spawnedAt.length, spawns, "no restart before its delay");
        clock.advance(1);
      }
      assert.equal(spawnedAt.length, spawns + 1);
      delays.push((spawnedAt.at(-1) ?? 0) - exitedAt);
    }
    assert.deepEqual(delays, [0, 1000, 2000, 4000]);
  });

  it("a run that lasted STABLE_RUN_MS restarts at once again", () => {
    const { proc, clock, spawnedAt, crash } = setup({ startsecs: 0, autorestart: "true" });
    proc.dispatch({ type: "start" });
    crash(); // at once
    crash(); // after 1 s
    clock.advance(1000);
    clock.advance(STABLE_RUN_MS);
    const spawns = spawnedAt.length;
    crash();
    assert.equal(spawnedAt.length, spawns + 1, "restarted without a delay");
    assert.equal(proc.state, "RUNNING");
  });
});

describe("ManagedProcess: restarts held for a shutdown", () => {
  it("a crash after holdRestarts is final: EXITED, nothing armed", () => {
    const { proc, clock, spawnedAt, crash } = setup({ startsecs: 0, autorestart: "true" });
    proc.dispatch({ type: "start" });
    proc.holdRestarts();
    crash();
    assert.equal(proc.state, "EXITED");
    assert.deepEqual(clock.pending(), []);
    clock.advance(60_000);
    assert.equal(spawnedAt.length, 1);
  });

  it("a start that fails after holdRestarts is FATAL at once, retries left or not", () => {
    const { proc, clock, crash } = setup({ startsecs: 1, startretries: 3 });
    proc.dispatch({ type: "start" });
    proc.holdRestarts();
    crash();
    assert.equal(proc.state, "FATAL");
    assert.deepEqual(clock.pending(), []);
  });

  it("holding restarts leaves the config as it was", () => {
    const { proc } = setup({ autorestart: "true", startretries: 5 });
    proc.holdRestarts();
    assert.deepEqual([proc.cfg.autorestart, proc.cfg.startretries], ["true", 5]);
  });
});

describe("ManagedProcess: the spawn queue", () => {
  it("a stop before the spawn's turn gives the turn up: never spawned", () => {
    const later: (() => void)[] = [];
    const spawns = new SpawnQueue({ sliceMs: Infinity, perSlice: 1, defer: (run) => later.push(run) });
    const { make, spawned } = setup({ startsecs: 0 }, {}, spawns);
    const [first, second] = [make("first"), make("second")];
    first.dispatch({ type: "start" });
    second.dispatch({ type: "start" });
    assert.deepEqual([first.state, second.state, spawns.waiting], ["RUNNING", "STARTING", 1]);
    second.dispatch({ type: "stop" });
    assert.deepEqual([second.state, spawns.waiting], ["STOPPED", 0]);
    for (const run of later.splice(0)) run();
    assert.deepEqual(spawned, ["first:first"]);
  });
});

describe("ManagedProcess.waitFor", () => {
  it("gives up at its timeout, by the engine's clock", async () => {
    const { proc, clock } = setup();
    const waiting = proc.waitFor((s) => s === "RUNNING", 5000);
    clock.advance(5000);
    assert.equal(await waiting, false);
  });
});
