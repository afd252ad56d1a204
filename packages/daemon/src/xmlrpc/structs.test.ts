import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type NameResult } from "@grace/protocol";
import { formatDate } from "../process/describe.js";
import { supervised } from "../testing/fake-xmlrpc-backend.js";
import { processInfoStruct, statusStruct, supervisordDescription } from "./structs.js";

describe("supervisordDescription: supervisord's words, not grace's", () => {
  const start = 1_700_000_000;
  const cases: { name: string; info: Parameters<typeof supervisordDescription>[0]; text: string }[] = [
    {
      name: "RUNNING shows pid and uptime",
      info: supervised("a", "RUNNING", { pid: 42, start, now: start + 3725 }),
      text: "pid 42, uptime 1:02:05",
    },
    {
      name: "uptime past a day",
      info: supervised("a", "RUNNING", { pid: 42, start, now: start + 2 * 86400 + 1 }),
      text: "pid 42, uptime 2 days, 0:00:01",
    },
    { name: "never started", info: supervised("a", "STOPPED"), text: "Not started" },
    {
      name: "EXITED shows the stop date only",
      info: supervised("a", "EXITED", { start, stop: start + 60, exitstatus: 3 }),
      text: formatDate((start + 60) * 1000),
    },
    {
      name: "FATAL shows the spawn error",
      info: supervised("a", "FATAL", { spawnerr: "can't find command '/nope'" }),
      text: "can't find command '/nope'",
    },
    { name: "BACKOFF after a quick exit", info: supervised("a", "BACKOFF"), text: "Exited too quickly (process log may have details)" },
    { name: "STARTING has none", info: supervised("a", "STARTING"), text: "" },
    { name: "STOPPING has none", info: supervised("a", "STOPPING"), text: "" },
  ];
  for (const c of cases) it(c.name, () => assert.equal(supervisordDescription(c.info), c.text));
});

describe("processInfoStruct", () => {
  it("killed by a signal is exit status -1; times saturate at 2^31-1; fields in supervisord's order", () => {
    const s = processInfoStruct(supervised("a", "STOPPED", { start: 2 ** 32, stop: 2 ** 32, now: 2 ** 32, exitsignal: "SIGKILL" }));
    assert.equal(s.exitstatus, -1);
    assert.deepEqual([s.start, s.stop, s.now], [2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1]);
    assert.deepEqual(Object.keys(s), [
      "name",
      "group",
      "start",
      "stop",
      "now",
      "state",
      "statename",
      "spawnerr",
      "exitstatus",
      "logfile",
      "stdout_logfile",
      "stderr_logfile",
      "pid",
      "description",
    ]);
  });

  it("an exit code is kept; logfile is the stdout log", () => {
    const s = processInfoStruct(supervised("a", "EXITED", { exitstatus: 3, stdout_logfile: "/l/a.out" }));
    assert.deepEqual([s.exitstatus, s.logfile], [3, "/l/a.out"]);
  });
});

describe("statusStruct: one process's outcome in a group call", () => {
  const r = (status: number, description: string, group = "g", name = "p"): NameResult =>
    ({ name, group, fullName: `${group}:${name}`, status, description }) as NameResult;
  const cases: { result: NameResult; signal?: string; description: string }[] = [
    { result: r(Fault.SUCCESS, "started"), description: "OK" },
    { result: r(Fault.SPAWN_ERROR, "can't find command"), description: "SPAWN_ERROR: g:p" },
    { result: r(Fault.ABNORMAL_TERMINATION, "exit status 1", "web", "web"), description: "ABNORMAL_TERMINATION: web" },
    { result: r(Fault.BAD_SIGNAL, "bad signal name"), signal: "NOPE", description: "BAD_SIGNAL: NOPE" },
    { result: r(Fault.FAILED, "timed out"), description: "FAILED: timed out" },
    { result: r(Fault.SHUTDOWN_STATE, "graced is shutting down"), description: "SHUTDOWN_STATE" },
  ];
  for (const c of cases) {
    it(c.description, () =>
      assert.deepEqual(statusStruct(c.result, c.signal), {
        name: c.result.name,
        group: c.result.group,
        status: c.result.status,
        description: c.description,
      }),
    );
  }
});
