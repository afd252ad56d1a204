import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HealthResult, ProcessInfo, StateName } from "@grace/protocol";
import { type HealthQuery, type Judged, judgeHealth } from "./health.js";

const proc = (name: string, statename: StateName, patch: Partial<ProcessInfo> = {}, autostart = true): Judged => ({
  autostart,
  info: { name, group: name, statename, description: "", spawnerr: "", waiting: "", ready: null, readiness: "", ...patch } as ProcessInfo,
});

const query = (procs: Judged[], patch: Partial<HealthQuery> = {}): HealthQuery => ({
  procs,
  named: false,
  unknown: [],
  ready: false,
  phase: "running",
  ...patch,
});

describe("judgeHealth", () => {
  const notReady = { ready: false, readiness: "not ready: 127.0.0.1:5432: connection refused" };
  const cases: [string, HealthQuery, Pick<HealthResult, "healthy" | "checked" | "problems">][] = [
    [
      "every autostart process RUNNING",
      query([proc("web", "RUNNING"), proc("db", "RUNNING")]),
      { healthy: true, checked: 2, problems: [] },
    ],
    [
      "a process that is not autostart is left out unless named",
      query([proc("web", "RUNNING"), proc("tool", "STOPPED", {}, false)]),
      { healthy: true, checked: 1, problems: [] },
    ],
    [
      "named: judged whatever its autostart",
      query([proc("tool", "STOPPED", { description: "Not started" }, false)], { named: true }),
      { healthy: false, checked: 1, problems: [{ fullName: "tool", why: "STOPPED (Not started)" }] },
    ],
    ["not ready counts only with --ready", query([proc("db", "RUNNING", notReady)]), { healthy: true, checked: 1, problems: [] }],
    [
      "--ready: a RUNNING process whose check has not passed, with why",
      query([proc("db", "RUNNING", notReady), proc("web", "RUNNING")], { ready: true }),
      { healthy: false, checked: 2, problems: [{ fullName: "db", why: "not ready: 127.0.0.1:5432: connection refused" }] },
    ],
    [
      "--ready: a process without a check is ready once RUNNING",
      query([proc("web", "RUNNING", { ready: null })], { ready: true }),
      { healthy: true, checked: 1, problems: [] },
    ],
    [
      "held by a dependency: its reason",
      query([proc("web", "STOPPED", { waiting: "waiting for db: FATAL", description: "waiting for db: FATAL" })]),
      { healthy: false, checked: 1, problems: [{ fullName: "web", why: "STOPPED (waiting for db: FATAL)" }] },
    ],
    [
      "FATAL: its spawn error",
      query([proc("db", "FATAL", { spawnerr: "Exited too quickly (process log may have details)" })]),
      { healthy: false, checked: 1, problems: [{ fullName: "db", why: "FATAL (Exited too quickly (process log may have details))" }] },
    ],
    [
      "STARTING: just the state",
      query([proc("web", "STARTING")]),
      { healthy: false, checked: 1, problems: [{ fullName: "web", why: "STARTING" }] },
    ],
  ];
  for (const [name, q, want] of cases) {
    it(name, () => {
      const { healthy, checked, problems } = judgeHealth(q);
      assert.deepEqual({ healthy, checked, problems }, want);
    });
  }

  it("unhealthy while draining or stopping, however the processes are", () => {
    for (const phase of ["draining", "stopping"] as const) {
      const r = judgeHealth(query([proc("web", "RUNNING")], { phase }));
      assert.deepEqual([r.healthy, r.phase, r.problems], [false, phase, []]);
    }
  });

  it("an unknown name makes it unhealthy", () => {
    const r = judgeHealth(query([proc("web", "RUNNING")], { named: true, unknown: ["nosuch"] }));
    assert.deepEqual([r.healthy, r.unknown], [false, ["nosuch"]]);
  });
});
