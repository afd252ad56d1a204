import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import { defaultProgram } from "../config/defaults.js";
import { initialRecord, type ProcRecord } from "./record.js";
import { type EngineConfig, type Step, transition } from "./transition.js";

/** Issue 14 in the state machine: readiness, ready_startsecs and one-shot tasks. */
/** Every default (config/defaults.ts) but one retry, so a second failed start is FATAL. */
const base: EngineConfig = { ...defaultProgram("p", { file: "/t.conf", line: 1 }), startretries: 1 };
const checked: EngineConfig = { ...base, readyCheck: { kind: "tcp", host: "127.0.0.1", port: 5432 }, readyStartsecs: 30 };
const T0 = 1_000_000;
const rec = (state: StateName, patch: Partial<ProcRecord> = {}): ProcRecord => ({
  ...initialRecord(),
  state,
  pid: state === "STOPPED" ? 0 : 42,
  startedAt: T0,
  ...patch,
});
const next = (o: Step): ProcRecord => {
  assert.ok(o.ok, `rejected: ${o.ok ? "" : o.reason}`);
  return o.next;
};

describe("transition: readiness", () => {
  it("the spawn of a checked program starts probing and arms ready_startsecs", () => {
    const o = transition(rec("STARTING", { pid: 0 }), { type: "spawned", pid: 42 }, checked, T0);
    assert.ok(o.ok);
    assert.deepEqual(o.effects, [
      { type: "setTimer", timer: "startsecs", ms: 1000 },
      { type: "probe" },
      { type: "setTimer", timer: "readyDeadline", ms: 30_000 },
    ]);
    assert.equal(o.next.readyDeadlineAt, T0 + 30_000);
  });

  it("without a ready_check nothing is probed", () => {
    const o = transition(rec("STARTING", { pid: 0 }), { type: "spawned", pid: 42 }, base, T0);
    assert.deepEqual(o.ok && o.effects, [{ type: "setTimer", timer: "startsecs", ms: 1000 }]);
  });

  it("STARTING -> RUNNING keeps ready_startsecs armed; leaving both ends it and the probing", () => {
    const running = transition(rec("STARTING", { readyDeadlineAt: T0 + 30_000 }), { type: "startsecsElapsed" }, checked, T0 + 1000);
    assert.deepEqual(running.ok && running.effects, [{ type: "cancelTimer", timer: "startsecs" }]);
    const exited = transition(
      rec("RUNNING", { readyDeadlineAt: T0 + 30_000 }),
      { type: "exited", code: 1, signal: null, groupAlive: false },
      checked,
      T0 + 2000,
    );
    assert.deepEqual(exited.ok && exited.effects.slice(0, 2), [{ type: "cancelTimer", timer: "readyDeadline" }, { type: "cancelProbe" }]);
  });

  it("a failed probe keeps why, a passing one makes it ready; no state change either way", () => {
    const notYet = next(transition(rec("RUNNING"), { type: "readiness", ok: false, reason: "connection refused" }, checked, T0));
    assert.deepEqual([notYet.state, notYet.ready, notYet.readyNote], ["RUNNING", false, "connection refused"]);
    const ready = next(transition(notYet, { type: "readiness", ok: true, reason: "" }, checked, T0));
    assert.deepEqual([ready.state, ready.ready, ready.readyNote], ["RUNNING", true, ""]);
  });

  it("a probe result after the run ended is refused", () => {
    assert.equal(transition(rec("STOPPED"), { type: "readiness", ok: true, reason: "" }, checked, T0).ok, false);
  });

  it("not ready at ready_startsecs: STOPPING, and its exit is a failed start (BACKOFF, then FATAL) with why", () => {
    const stopping = transition(
      rec("RUNNING", { readyNote: "connection refused", readyDeadlineAt: T0 }),
      { type: "readyDeadline" },
      checked,
      T0,
    );
    assert.ok(stopping.ok);
    assert.equal(stopping.next.state, "STOPPING");
    // the run's probing and its ready_startsecs timer end with RUNNING, before the stop signal
    assert.deepEqual(stopping.effects.slice(0, 3), [
      { type: "cancelTimer", timer: "readyDeadline" },
      { type: "cancelProbe" },
      { type: "signal", signal: "TERM", group: true },
    ]);
    const backoff = next(transition(stopping.next, { type: "exited", code: 0, signal: null, groupAlive: false }, checked, T0 + 10));
    assert.deepEqual([backoff.state, backoff.spawnerr], ["BACKOFF", "not ready within 30s: connection refused"]);
    const fatal = next(
      transition({ ...stopping.next, backoff: 1 }, { type: "exited", code: 0, signal: null, groupAlive: false }, checked, T0 + 10),
    );
    assert.equal(fatal.state, "FATAL");
  });

  it("a stop asked for meanwhile ends STOPPED, not in a retry", () => {
    const stopping = next(transition(rec("RUNNING"), { type: "readyDeadline" }, checked, T0));
    const asked = next(transition(stopping, { type: "stop" }, checked, T0 + 5));
    const done = next(transition(asked, { type: "exited", code: 0, signal: null, groupAlive: false }, checked, T0 + 10));
    assert.equal(done.state, "STOPPED");
  });

  it("ready in time: the deadline is refused", () => {
    assert.equal(transition(rec("RUNNING", { ready: true }), { type: "readyDeadline" }, checked, T0).ok, false);
  });
});

describe("transition: one-shot tasks (something waits for them to be done)", () => {
  const exit0 = { type: "exited", code: 0, signal: null, groupAlive: false } as const;
  it("exit 0 before startsecs: EXITED, the task done", () => {
    const r = next(transition(rec("STARTING"), exit0, { ...base, oneShot: true }, T0 + 200));
    assert.deepEqual([r.state, r.exitCode, r.restartAt], ["EXITED", 0, 0]);
  });
  it("without a dependent waiting for done: supervisord's BACKOFF", () => {
    assert.equal(next(transition(rec("STARTING"), exit0, base, T0 + 200)).state, "BACKOFF");
  });
  it("an unexpected code before startsecs is still a failed start", () => {
    const r = next(transition(rec("STARTING"), { ...exit0, code: 3 }, { ...base, oneShot: true }, T0 + 200));
    assert.equal(r.state, "BACKOFF");
  });
});
