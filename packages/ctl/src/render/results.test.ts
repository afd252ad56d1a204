import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type FaultCode, type NameResult, type ProcessInfo } from "@grace/protocol";
import { renderResults, renderTimedOut, type Verb } from "./results.js";

const r = (status: FaultCode, description = "", name = "web", group = name): NameResult => ({
  name,
  group,
  fullName: `${group}:${name}`,
  status,
  description,
});

describe("result lines and exit codes (SPEC §6)", () => {
  const cases: { verb: Verb; result: NameResult; line: string; exit: number }[] = [
    { verb: "start", result: r(Fault.SUCCESS, "started"), line: "web: started", exit: 0 },
    { verb: "start", result: r(Fault.ALREADY_STARTED), line: "web: ERROR (already started)", exit: 0 },
    { verb: "stop", result: r(Fault.SUCCESS, "stopped"), line: "web: stopped", exit: 0 },
    { verb: "stop", result: r(Fault.NOT_RUNNING), line: "web: ERROR (not running)", exit: 0 },
    { verb: "stop", result: { ...r(Fault.BAD_NAME, "no such process"), fullName: "nope" }, line: "nope: ERROR (no such process)", exit: 1 },
    {
      verb: "stop",
      result: { ...r(Fault.BAD_NAME, "no such group", "*", "g"), fullName: "g:*" },
      line: "g: ERROR (no such group)",
      exit: 2,
    },
    { verb: "start", result: r(Fault.SPAWN_ERROR, "can't find command"), line: "web: ERROR (spawn error)", exit: 7 },
    { verb: "start", result: r(Fault.ABNORMAL_TERMINATION, "exit status 1"), line: "web: ERROR (abnormal termination)", exit: 7 },
    { verb: "start", result: r(Fault.SHUTDOWN_STATE), line: "web: ERROR (graced is shutting down)", exit: 1 },
    { verb: "signal", result: r(Fault.SUCCESS, "signalled"), line: "web: signalled", exit: 0 },
    { verb: "signal", result: r(Fault.NOT_RUNNING, "not running"), line: "web: ERROR (not running)", exit: 7 },
    { verb: "signal", result: r(Fault.BAD_SIGNAL, "bad signal name"), line: "web: ERROR (bad signal name)", exit: 1 },
    { verb: "wait", result: r(Fault.SUCCESS, "running"), line: "web: running", exit: 0 },
    {
      verb: "wait",
      result: r(Fault.FAILED, "timed out waiting for running, state STOPPED"),
      line: "web: ERROR (timed out waiting for running, state STOPPED)",
      exit: 1,
    },
    { verb: "start", result: r(Fault.SUCCESS, "started", "w1", "workers"), line: "workers:w1: started", exit: 0 },
  ];
  for (const c of cases) {
    it(`${c.verb}: ${c.line} → ${c.exit}`, () => {
      assert.deepEqual(renderResults([c.result], c.verb, false), { text: c.line, exitCode: c.exit });
    });
  }

  it("a restart prints stopped then started, as supervisorctl does", () => {
    assert.equal(renderResults([r(Fault.SUCCESS, "restarted")], "restart", false).text, "web: stopped\nweb: started");
  });

  it("the worst outcome decides the exit code, and every name keeps its line", () => {
    const out = renderResults(
      [r(Fault.BAD_NAME, "no such process", "nope"), r(Fault.SUCCESS, "stopped"), r(Fault.SPAWN_ERROR, "", "x")],
      "start",
      false,
    );
    assert.equal(out.exitCode, 7);
    assert.equal(out.text.split("\n").length, 3);
  });

  it("--json gives the NameResult array and the same exit code", () => {
    const results = [r(Fault.SUCCESS, "stopped"), { ...r(Fault.BAD_NAME, "no such group"), kind: "group" as const }];
    const out = renderResults(results, "stop", true);
    assert.deepEqual(JSON.parse(out.text), results);
    assert.equal(out.exitCode, 2);
  });
});

describe("renderTimedOut", () => {
  const p = (name: string, statename: ProcessInfo["statename"]) =>
    ({ name, group: name, fullName: `${name}:${name}`, statename }) as ProcessInfo;
  it("names what is done and what is still in the way, exit 1", () => {
    const out = renderTimedOut([p("a", "STOPPED"), p("b", "STOPPING")], "stopped", 8, false);
    assert.deepEqual(out, { text: "a: stopped\nb: ERROR (timed out after 8s, still STOPPING)", exitCode: 1 });
  });
  it("--json gives a FAILED result for what is not done", () => {
    const out = JSON.parse(renderTimedOut([p("b", "STARTING")], "running", 3, true).text);
    assert.deepEqual([out[0].status, out[0].description], [Fault.FAILED, "timed out after 3s, still STARTING"]);
  });
});
