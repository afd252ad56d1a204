import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultProgram } from "../config/defaults.js";
import type { GroupConfig, ProgramConfig } from "../config/model.js";
import { diffConfigs, groupsOf, planUpdate, sameProcess } from "./plan.js";

const at = { file: "/etc/grace.conf", line: 1 };

function prog(name: string, patch: Partial<ProgramConfig> = {}): ProgramConfig {
  return { ...defaultProgram(name, at), command: `sleep ${name.length}`, ...patch };
}

/** A numprocs program: processes NAME_00 … in group NAME. */
function many(program: string, n: number, patch: Partial<ProgramConfig> = {}): ProgramConfig[] {
  return Array.from({ length: n }, (_, i) => prog(program, { name: `${program}_0${i}`, group: program, numprocs: n, ...patch }));
}

const cfg = (programs: ProgramConfig[], groups: GroupConfig[] = []) => groupsOf({ programs, groups });

describe("groupsOf", () => {
  it("puts each program in its own group and numprocs processes together", () => {
    const g = cfg([prog("web"), ...many("worker", 3)]);
    assert.deepEqual([...g.keys()], ["web", "worker"]);
    assert.equal(g.get("worker")?.processes.length, 3);
  });

  it("takes a [group:x] priority over its members'", () => {
    const g = cfg([prog("a", { group: "svc" }), prog("b", { group: "svc" })], [{ name: "svc", priority: 5, programs: ["a", "b"] }]);
    assert.equal(g.get("svc")?.priority, 5);
  });
});

describe("sameProcess", () => {
  it("ignores where the section was written", () => {
    assert.ok(sameProcess(prog("web"), prog("web", { source: { file: "/x.conf", line: 40 } })));
  });
  it("sees a changed environment", () => {
    assert.ok(!sameProcess(prog("web"), prog("web", { environment: { A: "1" } })));
  });
});

type DiffRow = { name: string; before: ProgramConfig[]; after: ProgramConfig[]; added?: string[]; changed?: string[]; removed?: string[] };

const diffRows: DiffRow[] = [
  { name: "identical configs have no changes", before: [prog("web"), prog("db")], after: [prog("db"), prog("web")] },
  { name: "a new program is added", before: [prog("web")], after: [prog("web"), prog("db")], added: ["db"] },
  { name: "a missing program is removed", before: [prog("web"), prog("db")], after: [prog("web")], removed: ["db"] },
  { name: "a new command is a change", before: [prog("web")], after: [prog("web", { command: "sleep 9" })], changed: ["web"] },
  { name: "a new stopwaitsecs is a change", before: [prog("web")], after: [prog("web", { stopwaitsecs: 3 })], changed: ["web"] },
  { name: "more numprocs is a change of the group", before: many("w", 2), after: many("w", 3), changed: ["w"] },
  {
    name: "everything at once, sorted",
    before: [prog("b"), prog("a"), prog("z")],
    after: [prog("z", { autostart: false }), prog("y"), prog("c")],
    added: ["c", "y"],
    changed: ["z"],
    removed: ["a", "b"],
  },
];

describe("diffConfigs", () => {
  for (const row of diffRows) {
    it(row.name, () => {
      assert.deepEqual(diffConfigs(cfg(row.before), cfg(row.after)), {
        added: row.added ?? [],
        changed: row.changed ?? [],
        removed: row.removed ?? [],
      });
    });
  }

  it("a new group priority is a change", () => {
    const before = cfg([prog("a", { group: "svc" })], [{ name: "svc", priority: 5, programs: ["a"] }]);
    const after = cfg([prog("a", { group: "svc" })], [{ name: "svc", priority: 6, programs: ["a"] }]);
    assert.deepEqual(diffConfigs(before, after).changed, ["svc"]);
  });
});

describe("planUpdate", () => {
  const before = cfg([prog("web"), prog("db"), prog("old"), ...many("w", 2)]);
  const after = cfg([prog("web", { command: "sleep 99" }), prog("db"), prog("new"), ...many("w", 3)]);
  const summary = (names: string[]) => {
    const { plans, unknown } = planUpdate(before, after, names);
    return { plans: plans.map((p) => `${p.group} ${p.change} stop=[${p.stop}] start=[${p.start.map((s) => s.name)}]`), unknown };
  };

  it("update all stops only removed or changed processes and starts only changed or added ones", () => {
    assert.deepEqual(summary([]).plans, [
      "old removed stop=[old] start=[]",
      "w changed stop=[] start=[w_02]",
      "web changed stop=[web] start=[web]",
      "new added stop=[] start=[new]",
    ]);
  });

  it('"all" means every group', () => {
    assert.deepEqual(summary(["all"]).plans, summary([]).plans);
  });

  it("named groups limit the update; unknown names are reported", () => {
    assert.deepEqual(summary(["web", "db", "nope"]), { plans: ["web changed stop=[web] start=[web]"], unknown: ["nope"] });
  });

  it("an unchanged program is in no plan", () => {
    assert.ok(summary([]).plans.every((p) => !p.startsWith("db ")));
  });

  it("a process changed inside a numprocs group restarts alone", () => {
    const a = cfg(many("w", 3));
    const b = cfg(many("w", 3).map((p) => (p.name === "w_01" ? { ...p, environment: { X: "1" } } : p)));
    const [plan] = planUpdate(a, b, []).plans;
    assert.deepEqual(plan?.stop, ["w_01"]);
    assert.deepEqual(
      plan?.start.map((p) => p.name),
      ["w_01"],
    );
  });
});
