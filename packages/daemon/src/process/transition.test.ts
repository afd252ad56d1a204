import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import { defaultProgram } from "../config/defaults.js";
import type { OutcomeCode } from "./outcome.js";
import { initialRecord, type ProcRecord } from "./record.js";
import { crashDelayMs, type EngineConfig, type ProcEvent, TOO_QUICK, transition } from "./transition.js";

/** A program with every default (config/defaults.ts); the rows below say where they differ. */
const cfg: EngineConfig = defaultProgram("p", { file: "/t.conf", line: 1 });
const T0 = 1_000_000;
const startsecsMs = cfg.startsecs * 1000;
const stopwaitMs = cfg.stopwaitsecs * 1000;
/** stop_escalation = INT@60%, QUIT@90% (postgres: fast, then immediate shutdown). */
const PG = {
  stopEscalation: [
    { signal: "INT", percent: 60 },
    { signal: "QUIT", percent: 90 },
  ],
};

function rec(state: StateName, patch: Partial<ProcRecord> = {}): ProcRecord {
  const pid = ["STARTING", "RUNNING", "STOPPING"].includes(state) ? 42 : 0;
  // a STARTING process was spawned just now, so an exit at T0 is "too quick"
  const startedAt = state === "STARTING" ? T0 : 0;
  return { ...initialRecord(), state, pid, startedAt, ...patch };
}

const exit = (code: number | null, signal: string | null = null, groupAlive = false): ProcEvent => ({
  type: "exited",
  code,
  signal,
  groupAlive,
});

type Row = {
  name: string;
  from: ProcRecord;
  ev: ProcEvent;
  cfg?: Partial<EngineConfig>;
  now?: number;
  to: StateName;
  effects?: string[];
  check?: (r: ProcRecord) => void;
};

// Legal (state, event) pairs: where each goes and what it asks the edges to do.
const legal: Row[] = [
  { name: "start from STOPPED spawns", from: rec("STOPPED"), ev: { type: "start" }, to: "STARTING", effects: ["spawn"] },
  {
    name: "start from EXITED spawns",
    from: rec("EXITED"),
    ev: { type: "start" },
    to: "STARTING",
    effects: ["cancelTimer:restart", "spawn"],
  },
  {
    name: "start from FATAL spawns with fresh retries",
    from: rec("FATAL", { backoff: 3 }),
    ev: { type: "start" },
    to: "STARTING",
    effects: ["spawn"],
    check: (r) => assert.equal(r.backoff, 0),
  },
  {
    name: "start from BACKOFF spawns now",
    from: rec("BACKOFF", { backoff: 2 }),
    ev: { type: "start" },
    to: "STARTING",
    effects: ["cancelTimer:restart", "spawn"],
  },
  {
    name: "spawned waits startsecs",
    from: rec("STARTING", { pid: 0 }),
    ev: { type: "spawned", pid: 7 },
    to: "STARTING",
    effects: [`setTimer:startsecs:${startsecsMs}`],
    check: (r) => assert.equal(r.pid, 7),
  },
  {
    name: "spawned with startsecs=0 is RUNNING at once",
    from: rec("STARTING", { pid: 0 }),
    ev: { type: "spawned", pid: 7 },
    cfg: { startsecs: 0 },
    to: "RUNNING",
    effects: ["cancelTimer:startsecs"],
  },
  {
    name: "startsecs elapsed → RUNNING, retries reset",
    from: rec("STARTING", { backoff: 2 }),
    ev: { type: "startsecsElapsed" },
    to: "RUNNING",
    effects: ["cancelTimer:startsecs"],
    check: (r) => assert.equal(r.backoff, 0),
  },
  {
    name: "early exit → BACKOFF, retry after 1 s",
    from: rec("STARTING"),
    ev: exit(1),
    to: "BACKOFF",
    effects: ["cancelTimer:startsecs", "setTimer:restart:1000"],
  },
  {
    name: "early exit, second retry after 2 s",
    from: rec("STARTING", { backoff: 1 }),
    ev: exit(0),
    to: "BACKOFF",
    effects: ["cancelTimer:startsecs", "setTimer:restart:2000"],
  },
  {
    name: "early exit past startretries → FATAL",
    from: rec("STARTING", { backoff: cfg.startretries }),
    ev: exit(1),
    to: "FATAL",
    effects: ["cancelTimer:startsecs"],
    check: (r) => assert.equal(r.spawnerr, TOO_QUICK),
  },
  {
    name: "spawn error → BACKOFF keeping the error",
    from: rec("STARTING", { pid: 0 }),
    ev: { type: "spawnFailed", error: "can't find command 'x'" },
    to: "BACKOFF",
    effects: ["cancelTimer:startsecs", "setTimer:restart:1000"],
    check: (r) => assert.equal(r.spawnerr, "can't find command 'x'"),
  },
  {
    name: "spawn error past startretries → FATAL with the error",
    from: rec("STARTING", { pid: 0, backoff: cfg.startretries }),
    ev: { type: "spawnFailed", error: "boom" },
    to: "FATAL",
    check: (r) => assert.equal(r.spawnerr, "boom"),
  },
  { name: "startretries=0: first early exit is FATAL", from: rec("STARTING"), ev: exit(1), cfg: { startretries: 0 }, to: "FATAL" },
  {
    name: "BACKOFF retry due → STARTING",
    from: rec("BACKOFF", { backoff: 1 }),
    ev: { type: "restartDue" },
    to: "STARTING",
    effects: ["cancelTimer:restart", "spawn"],
    check: (r) => assert.equal(r.backoff, 1),
  },
  {
    name: "expected exit, autorestart=unexpected → EXITED",
    from: rec("RUNNING", { runningSince: T0 - 100_000 }),
    ev: exit(0),
    to: "EXITED",
    effects: [],
  },
  {
    name: "unexpected exit → EXITED, restart at once",
    from: rec("RUNNING", { runningSince: T0 - 100_000 }),
    ev: exit(3),
    to: "EXITED",
    effects: ["restartNow"],
    check: (r) => {
      assert.equal(r.exitCode, 3);
      assert.equal(r.restartAt, T0);
    },
  },
  {
    name: "death by signal is never expected",
    from: rec("RUNNING", { runningSince: T0 - 100_000 }),
    ev: exit(null, "SIGSEGV"),
    to: "EXITED",
    effects: ["restartNow"],
  },
  {
    name: "exit code listed in exitcodes is expected",
    from: rec("RUNNING"),
    ev: exit(2),
    cfg: { exitcodes: [0, 2] },
    to: "EXITED",
    effects: [],
  },
  { name: "autorestart=false never restarts", from: rec("RUNNING"), ev: exit(9), cfg: { autorestart: "false" }, to: "EXITED", effects: [] },
  {
    name: "autorestart=true restarts an expected exit",
    from: rec("RUNNING", { runningSince: T0 - 100_000 }),
    ev: exit(0),
    cfg: { autorestart: "true" },
    to: "EXITED",
    effects: ["restartNow"],
  },
  {
    name: "crash loop: second short run waits 1 s",
    from: rec("RUNNING", { runningSince: T0 - 500, crashStreak: 1 }),
    ev: exit(1),
    to: "EXITED",
    effects: ["setTimer:restart:1000"],
    check: (r) => assert.equal(r.restartAt, T0 + 1000),
  },
  {
    name: "crash loop: delay doubles",
    from: rec("RUNNING", { runningSince: T0 - 500, crashStreak: 3 }),
    ev: exit(1),
    to: "EXITED",
    effects: ["setTimer:restart:4000"],
  },
  {
    name: "crash loop: a 60 s run resets the delay",
    from: rec("RUNNING", { runningSince: T0 - 60_000, crashStreak: 5 }),
    ev: exit(1),
    to: "EXITED",
    effects: ["restartNow"],
    check: (r) => assert.equal(r.crashStreak, 1),
  },
  {
    name: "immediate restart due → STARTING, keeping the exit it restarts from",
    from: rec("EXITED", { restartAt: T0, stoppedAt: T0, exitCode: 3, crashStreak: 1 }),
    ev: { type: "restartDue" },
    to: "STARTING",
    effects: ["cancelTimer:restart", "spawn"],
    check: (r) => {
      assert.equal(r.exitCode, 3);
      assert.equal(r.crashStreak, 1);
    },
  },
  {
    name: "damped restart due → STARTING",
    from: rec("EXITED", { restartAt: T0 }),
    ev: { type: "restartDue" },
    to: "STARTING",
    effects: ["cancelTimer:restart", "spawn"],
  },
  {
    name: "stop RUNNING signals the group and arms the deadline",
    from: rec("RUNNING"),
    ev: { type: "stop" },
    to: "STOPPING",
    effects: [`signal:${cfg.stopsignal}:group`, `setTimer:stopDeadline:${stopwaitMs}`],
  },
  {
    name: "stop with stopasgroup=false signals the pid",
    from: rec("RUNNING"),
    ev: { type: "stop" },
    cfg: { stopasgroup: false, stopsignal: "INT" },
    to: "STOPPING",
    effects: ["signal:INT:pid", `setTimer:stopDeadline:${stopwaitMs}`],
  },
  {
    name: "stop with a clamped grace",
    from: rec("STARTING"),
    ev: { type: "stop", graceMs: 2500 },
    to: "STOPPING",
    effects: ["cancelTimer:startsecs", `signal:${cfg.stopsignal}:group`, "setTimer:stopDeadline:2500"],
  },
  {
    name: "stop BACKOFF → STOPPED without a signal",
    from: rec("BACKOFF", { restartAt: T0 + 5 }),
    ev: { type: "stop" },
    to: "STOPPED",
    effects: ["cancelTimer:restart"],
  },
  {
    name: "stop cancels a damped restart",
    from: rec("EXITED", { restartAt: T0 + 5 }),
    ev: { type: "stop" },
    to: "STOPPED",
    effects: ["cancelTimer:restart"],
  },
  {
    name: "stop while STOPPING with a tighter budget re-arms the deadline",
    from: rec("STOPPING", { stopStartedAt: T0 - 1000, stopGraceMs: stopwaitMs }),
    ev: { type: "stop", graceMs: 2000 },
    to: "STOPPING",
    effects: ["setTimer:stopDeadline:2000"],
  },
  {
    name: "stop while STOPPING otherwise changes nothing",
    from: rec("STOPPING", { stopStartedAt: T0, stopGraceMs: stopwaitMs }),
    ev: { type: "stop" },
    to: "STOPPING",
    effects: [],
  },
  {
    name: "stop with stop_escalation arms the first step at its fraction",
    from: rec("RUNNING"),
    ev: { type: "stop", graceMs: 10_000 },
    cfg: PG,
    to: "STOPPING",
    effects: [`signal:${cfg.stopsignal}:group`, "setTimer:stopDeadline:10000", "setTimer:escalate:6000"],
  },
  {
    name: "stop_escalation scales with a clamped grace period",
    from: rec("RUNNING"),
    ev: { type: "stop", graceMs: 2500 },
    cfg: PG,
    to: "STOPPING",
    effects: [`signal:${cfg.stopsignal}:group`, "setTimer:stopDeadline:2500", "setTimer:escalate:1500"],
  },
  {
    name: "an escalation step sends its signal and arms the next",
    from: rec("STOPPING", { stopStartedAt: T0 - 6000, stopGraceMs: 10_000 }),
    ev: { type: "escalate" },
    cfg: PG,
    to: "STOPPING",
    effects: ["signal:INT:group", "setTimer:escalate:3000"],
    check: (r) => assert.equal(r.escalations, 1),
  },
  {
    name: "the last escalation step arms nothing: SIGKILL comes from the deadline",
    from: rec("STOPPING", { stopStartedAt: T0 - 9000, stopGraceMs: 10_000, escalations: 1 }),
    ev: { type: "escalate" },
    cfg: { ...PG, stopasgroup: false },
    to: "STOPPING",
    effects: ["signal:QUIT:pid"],
  },
  {
    name: "a tighter deadline moves the next escalation step (a step already due goes at once)",
    from: rec("STOPPING", { stopStartedAt: T0 - 1000, stopGraceMs: 10_000 }),
    ev: { type: "stop", graceMs: 500 },
    cfg: PG,
    to: "STOPPING",
    effects: ["setTimer:stopDeadline:500", "setTimer:escalate:0"],
  },
  {
    name: "deadline → SIGKILL to the group",
    from: rec("STOPPING"),
    ev: { type: "stopDeadline" },
    to: "STOPPING",
    effects: ["cancelTimer:escalate", "signal:KILL:group"],
    check: (r) => assert.equal(r.killed, true),
  },
  {
    name: "deadline with killasgroup=false kills the pid",
    from: rec("STOPPING"),
    ev: { type: "stopDeadline" },
    cfg: { killasgroup: false },
    to: "STOPPING",
    effects: ["cancelTimer:escalate", "signal:KILL:pid"],
  },
  {
    name: "deadline after the leader left kills the group anyway",
    from: rec("STOPPING", { leaderExited: true }),
    ev: { type: "stopDeadline" },
    cfg: { killasgroup: false },
    to: "STOPPING",
    effects: ["cancelTimer:escalate", "signal:KILL:group"],
  },
  {
    name: "exit while STOPPING → STOPPED",
    from: rec("STOPPING"),
    ev: exit(null, "SIGTERM"),
    to: "STOPPED",
    effects: ["cancelTimer:stopDeadline", "cancelTimer:escalate", "cancelTimer:groupPoll"],
    check: (r) => assert.equal(r.exitSignal, "SIGTERM"),
  },
  {
    name: "leader exits but the group lives: still STOPPING",
    from: rec("STOPPING"),
    ev: exit(0, null, true),
    to: "STOPPING",
    effects: ["setTimer:groupPoll:20"],
  },
  {
    name: "leader SIGKILLed at the deadline while its group lives: STOPPED, the stop is over",
    from: rec("STOPPING", { killed: true }),
    ev: exit(null, "SIGKILL", true),
    to: "STOPPED",
    effects: ["cancelTimer:stopDeadline", "cancelTimer:escalate", "cancelTimer:groupPoll"],
  },
  {
    name: "group still alive: poll again",
    from: rec("STOPPING", { leaderExited: true }),
    ev: { type: "groupPoll", alive: true },
    to: "STOPPING",
    effects: ["setTimer:groupPoll:20"],
  },
  {
    name: "group empty → STOPPED",
    from: rec("STOPPING", { leaderExited: true }),
    ev: { type: "groupPoll", alive: false },
    to: "STOPPED",
    effects: ["cancelTimer:stopDeadline", "cancelTimer:escalate", "cancelTimer:groupPoll"],
  },
  {
    name: "stop before the spawn's turn → STOPPED, leaving the spawn queue",
    from: rec("STARTING", { pid: 0 }),
    ev: { type: "stop" },
    to: "STOPPED",
    effects: ["cancelTimer:startsecs", "cancelSpawn"],
  },
  {
    name: "a failed signal while STOPPING → UNKNOWN, the deadline cancelled",
    from: rec("STOPPING"),
    ev: { type: "signalFailed", error: "EPERM" },
    to: "UNKNOWN",
    effects: ["cancelTimer:stopDeadline", "cancelTimer:escalate", "cancelTimer:groupPoll"],
  },
  {
    name: "holding restarts changes no state and arms nothing",
    from: rec("RUNNING"),
    ev: { type: "holdRestarts" },
    to: "RUNNING",
    effects: [],
    check: (r) => assert.equal(r.restartsHeld, true),
  },
  {
    name: "restarts held: an unexpected exit is final",
    from: rec("RUNNING", { runningSince: T0 - 100_000, restartsHeld: true }),
    ev: exit(3),
    cfg: { autorestart: "true" },
    to: "EXITED",
    effects: [],
    check: (r) => assert.equal(r.restartAt, 0),
  },
  {
    name: "restarts held: an early exit is FATAL with retries left",
    from: rec("STARTING", { restartsHeld: true }),
    ev: exit(1),
    to: "FATAL",
    effects: ["cancelTimer:startsecs"],
  },
  {
    name: "restarts held: a spawn error is FATAL with retries left",
    from: rec("STARTING", { pid: 0, restartsHeld: true }),
    ev: { type: "spawnFailed", error: "EAGAIN" },
    to: "FATAL",
    check: (r) => assert.equal(r.spawnerr, "EAGAIN"),
  },
];

function show(effects: { type: string; [k: string]: unknown }[]): string[] {
  return effects.map((e) => {
    if (e.type === "setTimer") return `setTimer:${e.timer}:${e.ms}`;
    if (e.type === "cancelTimer") return `cancelTimer:${e.timer}`;
    if (e.type === "signal") return `signal:${e.signal}:${e.group ? "group" : "pid"}`;
    return e.type;
  });
}

describe("transition: legal pairs", () => {
  for (const row of legal) {
    it(row.name, () => {
      const out = transition(row.from, row.ev, { ...cfg, ...row.cfg }, row.now ?? T0);
      assert.ok(out.ok, out.ok ? "" : out.reason);
      assert.equal(out.next.state, row.to);
      if (row.effects) assert.deepEqual(show(out.effects), row.effects);
      row.check?.(out.next);
    });
  }
});

// Illegal pairs are rejected with an outcome code, never silently applied.
const illegal: [StateName, ProcEvent, OutcomeCode][] = [
  ["RUNNING", { type: "start" }, "already-started"],
  ["STARTING", { type: "start" }, "already-started"],
  ["STOPPING", { type: "start" }, "still-running"],
  ["STOPPED", { type: "stop" }, "not-running"],
  ["EXITED", { type: "stop" }, "not-running"],
  ["FATAL", { type: "stop" }, "not-running"],
  ["RUNNING", { type: "spawned", pid: 1 }, "wrong-state"],
  ["STOPPED", { type: "spawnFailed", error: "x" }, "wrong-state"],
  ["RUNNING", { type: "startsecsElapsed" }, "wrong-state"],
  ["STOPPED", exit(0), "wrong-state"],
  ["FATAL", exit(0), "wrong-state"],
  ["RUNNING", { type: "restartDue" }, "wrong-state"],
  ["EXITED", { type: "restartDue" }, "wrong-state"],
  ["RUNNING", { type: "stopDeadline" }, "wrong-state"],
  ["RUNNING", { type: "groupPoll", alive: false }, "wrong-state"],
  ["RUNNING", { type: "escalate" }, "wrong-state"],
  ["STOPPING", { type: "escalate" }, "wrong-state"], // no step left (none configured)
];

describe("transition: illegal pairs are rejected", () => {
  for (const [state, ev, code] of illegal) {
    it(`${ev.type} in ${state} → ${code}`, () => {
      const out = transition(rec(state), ev, cfg, T0);
      assert.equal(out.ok, false);
      if (!out.ok) assert.equal(out.code, code);
    });
  }
});

describe("a flapping program", () => {
  it("reaches FATAL after startretries+1 spawns with growing gaps", () => {
    let r = rec("STOPPED");
    let now = T0;
    let spawns = 0;
    const gaps: number[] = [];
    const step = (ev: ProcEvent) => {
      const out = transition(r, ev, cfg, now);
      assert.ok(out.ok);
      r = out.next;
      spawns += out.effects.filter((e) => e.type === "spawn").length;
      for (const e of out.effects) if (e.type === "setTimer" && e.timer === "restart") gaps.push(e.ms);
    };
    step({ type: "start" });
    while (r.state !== "FATAL") {
      step({ type: "spawned", pid: 100 + spawns });
      now += 100;
      step(exit(1));
      if (r.state === "BACKOFF") {
        now = r.restartAt;
        step({ type: "restartDue" });
      }
    }
    assert.equal(spawns, cfg.startretries + 1);
    // 1 s, 2 s, 3 s …: one more second before each retry
    assert.deepEqual(
      gaps,
      Array.from({ length: cfg.startretries }, (_, i) => (i + 1) * 1000),
    );
  });
});

describe("crashDelayMs", () => {
  it("doubles from 1 s and caps at 30 s", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map(crashDelayMs), [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe("supervisord's edge cases", () => {
  it("an exit that beats the startsecs timer after startsecs counts as RUNNING -> EXITED", () => {
    const out = transition(rec("STARTING", { startedAt: T0 - startsecsMs }), exit(0), cfg, T0);
    assert.ok(out.ok);
    assert.equal(out.next.state, "EXITED");
    assert.equal(out.next.backoff, 0);
  });

  it("an exit just short of startsecs is too quick (startsecs is strictly longer)", () => {
    const out = transition(rec("STARTING", { startedAt: T0 - startsecsMs + 1 }), exit(0), cfg, T0);
    assert.ok(out.ok);
    assert.equal(out.next.state, "BACKOFF");
  });

  it("a failed signal puts the process in UNKNOWN, keeping the reason", () => {
    const out = transition(rec("STOPPING"), { type: "signalFailed", error: "EPERM" }, cfg, T0);
    assert.ok(out.ok);
    assert.equal(out.next.state, "UNKNOWN");
    assert.equal(out.next.spawnerr, "EPERM");
  });

  it("UNKNOWN can be stopped and its exit is EXITED without a restart", () => {
    const stop = transition(rec("UNKNOWN", { pid: 42 }), { type: "stop" }, cfg, T0);
    assert.ok(stop.ok);
    assert.equal(stop.next.state, "STOPPING");
    const gone = transition(rec("UNKNOWN", { pid: 42 }), exit(3), cfg, T0);
    assert.ok(gone.ok);
    assert.equal(gone.next.state, "EXITED");
    assert.deepEqual(gone.effects, []);
  });

  it("rejects a signal failure when there is no pid, and a start in UNKNOWN", () => {
    assert.equal(transition(rec("STOPPED"), { type: "signalFailed", error: "x" }, cfg, T0).ok, false);
    assert.equal(transition(rec("UNKNOWN", { pid: 42 }), { type: "start" }, cfg, T0).ok, false);
  });
});
