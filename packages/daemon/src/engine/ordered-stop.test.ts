import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultProgram } from "../config/defaults.js";
import { parseDependsOn } from "../config/depends-on.js";
import type { ProgramConfig } from "../config/model.js";
import type { Clock } from "../process/clock.js";
import { testConfig, testDeps } from "../testing/engine-deps.js";
import { fakeClock } from "../testing/fake-clock.js";
import { fakeSpawner } from "../testing/fake-spawner.js";
import { Supervisor } from "./supervisor.js";

const nextTurn = () => new Promise((r) => setImmediate(r));

/** `prog("web", "app")`: web depends on app. */
const prog = (name: string, dependsOn = "", patch: Partial<ProgramConfig> = {}): ProgramConfig => ({
  ...defaultProgram(name, { file: "/t.conf", line: 1 }),
  command: "x",
  startsecs: 0,
  dependsOn: parseDependsOn(dependsOn, { section: `program:${name}`, key: "depends_on" }),
  ...patch,
});

/**
 * Programs whose stop signal is TERM are stuck (they ignore it); INT ends them on the next turn.
 * Resolves once every program runs: with depends_on each starts once what it depends on does.
 */
async function setup(programs: ProgramConfig[], clock?: Clock) {
  const spawner = fakeSpawner((sig) => sig === "TERM");
  const supervisor = new Supervisor(testConfig(programs), testDeps(spawner.spawner, clock ? { clock } : {}));
  supervisor.autostart();
  for (let turn = 0; turn < 100 && supervisor.list().some((p) => p.state !== "RUNNING"); turn++) await nextTurn();
  assert.ok(
    supervisor.list().every((p) => p.state === "RUNNING"),
    "every program runs before the stop",
  );
  const name = new Map(supervisor.list().map((p) => [p.record.pid, p.cfg.name]));
  /** The signals so far as `name:SIG`. */
  const seen = () => spawner.signals.map((s) => `${name.get(Number(s.split(":")[0]))}:${s.split(":")[1]}`);
  return { supervisor, seen };
}
const INT = { stopsignal: "INT" };

describe("the ordered stop", () => {
  it("a chain goes one after another, each once the one above it is gone; the unrelated at once", async () => {
    const { supervisor, seen } = await setup([prog("web", "app", INT), prog("app", "db", INT), prog("db", "", INT), prog("x", "", INT)]);
    await supervisor.stop(["all"]);
    assert.deepEqual(seen(), ["web:INT", "x:INT", "app:INT", "db:INT"]);
  });

  it("without depends_on, priority levels as always", async () => {
    const { supervisor, seen } = await setup([prog("db", "", { ...INT, priority: 10 }), prog("web", "", { ...INT, priority: 30 })]);
    await supervisor.stop(["all"]);
    assert.deepEqual(seen(), ["web:INT", "db:INT"]);
  });

  it("stop db with its dependents: they go first and say why; without, db alone", async () => {
    const { supervisor, seen } = await setup([prog("web", "app", INT), prog("app", "db", INT), prog("db", "", INT)]);
    const pulled = await supervisor.stop(["db"], true, true);
    assert.deepEqual(seen(), ["web:INT", "app:INT", "db:INT"]);
    assert.deepEqual(pulled.map((o) => ("spec" in o ? o.spec : `${o.name}: ${o.description}`)).sort(), [
      "app: stopped (depends on db)",
      "db: stopped",
      "web: stopped (depends on app)",
    ]);
    await supervisor.start(["all"]);
    const alone = await supervisor.stop(["db"]);
    assert.deepEqual(
      alone.map((o) => ("spec" in o ? o.spec : o.name)),
      ["db"],
    );
    assert.deepEqual(
      supervisor.list().map((p) => p.state),
      ["RUNNING", "RUNNING", "STOPPED"],
    );
  });

  it("with a deadline, a stuck dependent is SIGKILLed at its dependency's latest moment, just before that one's signal", async () => {
    // 4 s budget: 3.3 s to stop. web (stuck) would take it all; db needs its share of 2 s. The
    // chain's 5.3 s are scaled to 3.3: db's share is 1245 ms, so db's latest moment is 2055 ms.
    const clock = fakeClock();
    const { supervisor, seen } = await setup([prog("web", "db", { stopwaitsecs: 60 }), prog("db", "", { ...INT, stopwaitsecs: 2 })], clock);
    const planned: string[] = [];
    const shutdown = supervisor.shutdown(clock.now() + 4000, { planned: (lines) => planned.push(...lines) });
    await nextTurn();
    assert.deepEqual(seen(), ["web:TERM"]);
    clock.advance(2054);
    assert.deepEqual(seen(), ["web:TERM"], "nothing before db's latest moment");
    clock.advance(1);
    assert.deepEqual(seen(), ["web:TERM", "web:KILL", "db:INT"]);
    const { outcomes } = await shutdown;
    assert.deepEqual(outcomes.map((o) => [o.proc.cfg.name, o.killed]).sort(), [
      ["db", false],
      ["web", true],
    ]);
    assert.deepEqual(planned, [
      "web: signal at 0.0 s at the latest, SIGKILL by 2.1 s, its 3.3 s grace period cut to 2.1 s",
      "db: signal at 2.1 s at the latest, SIGKILL by 3.3 s, its 2.0 s grace period cut to 1.2 s",
    ]);
  });

  it("the same for priority levels", async () => {
    const clock = fakeClock();
    const { supervisor, seen } = await setup(
      [prog("web", "", { stopwaitsecs: 60, priority: 30 }), prog("db", "", { ...INT, stopwaitsecs: 2, priority: 10 })],
      clock,
    );
    const shutdown = supervisor.shutdown(clock.now() + 4000);
    await nextTurn();
    clock.advance(2054);
    assert.deepEqual(seen(), ["web:TERM"]);
    clock.advance(1);
    assert.deepEqual(seen(), ["web:TERM", "web:KILL", "db:INT"]);
    await shutdown;
  });

  it("without a deadline nothing is forced: a stuck dependent holds its dependency for its whole grace period", async () => {
    const clock = fakeClock();
    const { supervisor, seen } = await setup([prog("web", "db", { stopwaitsecs: 5 }), prog("db", "", INT)], clock);
    const stopping = supervisor.stop(["all"]);
    await nextTurn();
    clock.advance(4999);
    assert.deepEqual(seen(), ["web:TERM"]);
    clock.advance(1);
    assert.deepEqual(seen(), ["web:TERM", "web:KILL"]);
    await nextTurn(); // web is reaped: db's turn
    assert.deepEqual(seen(), ["web:TERM", "web:KILL", "db:INT"]);
    await stopping;
  });
});
