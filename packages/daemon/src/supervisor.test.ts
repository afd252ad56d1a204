import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "@grace/protocol";
import { defaultDaemon, defaultProgram, defaultServer } from "./config/defaults.js";
import type { ProgramConfig } from "./config/model.js";
import { Supervisor } from "./supervisor.js";
import { fakeSpawner } from "./testing/fake-spawner.js";

const prog = (name: string, patch: Partial<ProgramConfig> = {}): ProgramConfig => ({
  ...defaultProgram(name, { file: "/t.conf", line: 1 }),
  command: "x",
  startsecs: 0,
  ...patch,
});

function setup(programs: ProgramConfig[], ignores?: (signal: string) => boolean) {
  const fake = fakeSpawner(ignores);
  const config = { file: "/t.conf", daemon: defaultDaemon("/tmp"), server: defaultServer(), programs, groups: [], warnings: [] };
  const supervisor = new Supervisor(config, {
    spawner: fake.spawner,
    now: Date.now,
    environment: () => ({}),
    attachOutput: () => {},
    logPaths: () => ({ stdout: "", stderr: "" }),
  });
  return { supervisor, ...fake };
}

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
    const outcomes = await shutdown;
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
      (result as { status: number; description: string }[]).map((r) => [r.status, r.description]),
      [[Fault.BAD_NAME, "no such process (removed by a config change)"]],
    );
  });
});
