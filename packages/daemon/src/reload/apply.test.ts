import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultProgram } from "../config/defaults.js";
import type { Config, ProgramConfig } from "../config/model.js";
import { Supervisor } from "../engine/supervisor.js";
import { testConfig, testDeps } from "../testing/engine-deps.js";
import { fakeSpawner } from "../testing/fake-spawner.js";
import { Reloader } from "./apply.js";

const prog = (program: string, patch: Partial<ProgramConfig> = {}): ProgramConfig => ({
  ...defaultProgram(program, { file: "/t.conf", line: 1 }),
  command: "sleep 1",
  startsecs: 0,
  ...patch,
});
const numprocs = (program: string, n: number): ProgramConfig[] =>
  Array.from({ length: n }, (_, i) => prog(program, { name: `${program}_${i}`, numprocs: n }));

const config = testConfig;

function setup(first: Config) {
  const { spawner, spawned } = fakeSpawner();
  const supervisor = new Supervisor(first, testDeps(spawner));
  let next = first;
  const groupEvents: string[] = [];
  const reloader = new Reloader(
    supervisor,
    () => next,
    first,
    (change, group) => groupEvents.push(`${change} ${group}`),
  );
  const pids = () => Object.fromEntries(supervisor.list().map((p) => [p.fullName, p.record.pid]));
  return { supervisor, reloader, spawned, pids, groupEvents, write: (c: Config) => (next = c) };
}

describe("groups and numprocs in the supervisor", () => {
  it("starts groups by ascending priority and resolves group:* and group:name", async () => {
    const svc = [prog("api", { group: "svc", priority: 20 }), prog("cache", { group: "svc", priority: 10 })];
    const { supervisor, spawned } = setup(
      config([...numprocs("w", 2), ...svc], [{ name: "svc", priority: 5, programs: ["api", "cache"] }]),
    );
    supervisor.autostart();
    assert.deepEqual(spawned, ["svc:cache", "svc:api", "w:w_0", "w:w_1"]);
    const all = supervisor.status(["svc:*", "w:w_1", "w"]).processes.map((p) => p.fullName);
    assert.deepEqual(all, ["svc:api", "svc:cache", "w:w_1", "w:w_0"]);
    const stopped = await supervisor.stop(["w:*"]);
    assert.deepEqual(
      stopped.map((r) => ("spec" in r ? r.spec : `${r.group}:${r.name} ${r.code}`)),
      ["w:w_0 ok", "w:w_1 ok"],
    );
  });
});

describe("Reloader", () => {
  it("growing numprocs starts only the new process; the others keep their pids", async () => {
    const s = setup(config(numprocs("w", 2)));
    s.supervisor.autostart();
    const before = s.pids();
    s.write(config(numprocs("w", 3)));
    const results = await s.reloader.update([]);
    assert.deepEqual(
      results.map((r) => `${r.group} ${r.description}`),
      ["w updated process group"],
    );
    const after = s.pids();
    assert.equal(after["w:w_0"], before["w:w_0"]);
    assert.equal(after["w:w_1"], before["w:w_1"]);
    assert.ok((after["w:w_2"] ?? 0) > 0);
  });

  it("remove refuses a group with a live process and drops a stopped one", async () => {
    const s = setup(config([prog("web"), prog("db")]));
    s.supervisor.autostart();
    assert.deepEqual(
      (await s.reloader.remove(["web", "nope"])).map((r) => r.code),
      ["still-running", "unknown-name"],
    );
    await s.supervisor.stop(["web"]);
    assert.equal((await s.reloader.remove(["web"]))[0]?.code, "ok");
    assert.deepEqual(Object.keys(s.pids()), ["db:db"]);
    assert.deepEqual(
      s.reloader.avail().map((i) => `${i.fullName} ${i.inUse}`),
      ["web:web false", "db:db true"],
    );
    assert.equal((await s.reloader.add(["web"]))[0]?.code, "ok");
    assert.equal((await s.reloader.add(["web"]))[0]?.code, "already-added");
  });

  it("tells each group that comes into use or leaves it, a changed one as removed then added, before its processes start", async () => {
    const s = setup(config([prog("web"), prog("db"), prog("old")]));
    s.supervisor.autostart();
    s.write(config([prog("web"), prog("db", { command: "db --new" }), prog("cache")]));
    const starts: string[] = [];
    s.supervisor.on("change", (p, from) => {
      if (from === "STOPPED" && p.state === "STARTING") starts.push(`${s.groupEvents.length} ${p.fullName}`);
    });
    await s.reloader.update([]);
    assert.deepEqual(s.groupEvents, ["removed old", "removed db", "added db", "added cache"]);
    assert.deepEqual(starts, ["3 db:db", "4 cache:cache"], "each group's events come before its processes start");
    await s.supervisor.stop(["cache"]);
    await s.reloader.remove(["cache"]);
    await s.reloader.add(["cache"]);
    assert.deepEqual(s.groupEvents.slice(4), ["removed cache", "added cache"]);
  });

  it("a config that cannot be loaded is refused as config-unreadable and changes nothing", async () => {
    const s = setup(config([prog("web")]));
    const broken = new Reloader(
      s.supervisor,
      () => {
        throw new Error("/t.conf:3: [program:web] startsecs: bad");
      },
      config([prog("web")]),
    );
    await assert.rejects(broken.reread(), (e: { code?: string }) => e.code === "config-unreadable");
    assert.deepEqual(Object.keys(s.pids()), ["web:web"]);
  });
});
