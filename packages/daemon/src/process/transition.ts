import type { StateName } from "@grace/protocol";
import type { ProgramConfig } from "../config/model.js";
import { escalationTimeline } from "./escalation.js";
import type { OutcomeCode } from "./outcome.js";
import type { ProcRecord } from "./record.js";

/**
 * The process state machine as one pure function: (record, event, config, now) → next record
 * and the effects to carry out. No I/O, no clock: `now` is a parameter (ms since epoch).
 */
export type ProcEvent =
  | { type: "start" }
  | { type: "spawned"; pid: number }
  | { type: "spawnFailed"; error: string }
  | { type: "startsecsElapsed" }
  | { type: "exited"; code: number | null; signal: string | null; groupAlive: boolean }
  | { type: "restartDue" }
  | { type: "stop"; graceMs?: number }
  | { type: "stopDeadline" }
  /** The next `stop_escalation` step is due. */
  | { type: "escalate" }
  | { type: "groupPoll"; alive: boolean }
  /** A signal could not be delivered for a reason other than "no such process". */
  | { type: "signalFailed"; error: string }
  /** graced is shutting down: from now on an exit is final and a failed start is FATAL at once. */
  | { type: "holdRestarts" }
  /** grace (issue 14): a readiness probe's result for the current run. */
  | { type: "readiness"; ok: boolean; reason: string }
  /** ready_startsecs ran out. */
  | { type: "readyDeadline" };

export type TimerName = "startsecs" | "restart" | "stopDeadline" | "escalate" | "groupPoll" | "readyDeadline";

export type Effect =
  /** Queue a spawn (spawn-queue.ts); the record stays STARTING with pid 0 until it is made. */
  | { type: "spawn" }
  /** Leave the spawn queue: a stop came before the spawn's turn. */
  | { type: "cancelSpawn" }
  | { type: "signal"; signal: string; group: boolean }
  /** Arm the timer; one of that name already armed is replaced. */
  | { type: "setTimer"; timer: TimerName; ms: number }
  | { type: "cancelTimer"; timer: TimerName }
  /** Feed `restartDue` at once, after the EXITED state has been reported (an immediate restart). */
  | { type: "restartNow" }
  /** Start probing the ready_check of the run just spawned … */
  | { type: "probe" }
  /** … and stop: the run ended (or is being stopped). */
  | { type: "cancelProbe" };

/** The cancellations come first in `effects`: they end what the state being left began. */
export type Step = { ok: true; next: ProcRecord; effects: Effect[] } | { ok: false; code: OutcomeCode; reason: string };

export type EngineConfig = Pick<
  ProgramConfig,
  | "startsecs"
  | "startretries"
  | "autorestart"
  | "exitcodes"
  | "stopsignal"
  | "stopwaitsecs"
  | "stopasgroup"
  | "killasgroup"
  | "stopEscalation"
> &
  Partial<Pick<ProgramConfig, "readyCheck" | "readyStartsecs">> & {
    /**
     * grace (issue 14): another program waits for this one to be `done`. An exit with an
     * expected code before startsecs is then the task finished (EXITED), not a failed start.
     */
    oneShot?: boolean;
  };

export const TOO_QUICK = "Exited too quickly (process log may have details)";
/** A run shorter than this counts toward crash-loop damping. */
export const STABLE_RUN_MS = 60_000;
export const MAX_CRASH_DELAY_MS = 30_000;
export const GROUP_POLL_MS = 20;

/** Delay before restart number `streak` of a crash loop: 0, 1 s, 2 s, 4 s … capped at 30 s. */
export function crashDelayMs(streak: number): number {
  if (streak <= 0) return 0;
  return Math.min(MAX_CRASH_DELAY_MS, 1000 * 2 ** (streak - 1));
}

const ok = (next: ProcRecord, effects: Effect[] = []): Step => ({ ok: true, next, effects });
const reject = (code: OutcomeCode, reason: string): Step => ({ ok: false, code, reason });

/** The timers each state may have armed: leaving the state cancels them. */
const ARMED_IN: Partial<Record<StateName, readonly TimerName[]>> = {
  STARTING: ["startsecs"],
  BACKOFF: ["restart"],
  EXITED: ["restart"],
  STOPPING: ["stopDeadline", "escalate", "groupPoll"],
};

/** A state change cancels the timers of the state left (one that has just fired is a no-op). */
function cancelsOnLeaving(from: StateName, to: StateName): Effect[] {
  if (to === from) return [];
  return (ARMED_IN[from] ?? []).map((timer) => ({ type: "cancelTimer", timer }));
}

const PROBED: readonly StateName[] = ["STARTING", "RUNNING"];

/**
 * Readiness belongs to a live run: STARTING and RUNNING probe it (and may have ready_startsecs
 * armed); leaving them for any other state ends both.
 */
function readinessCancels(r: ProcRecord, to: StateName, cfg: EngineConfig): Effect[] {
  if (!cfg.readyCheck || !PROBED.includes(r.state) || PROBED.includes(to)) return [];
  const timer: Effect[] = r.readyDeadlineAt > 0 ? [{ type: "cancelTimer", timer: "readyDeadline" }] : [];
  return [...timer, { type: "cancelProbe" }];
}

function beginStart(r: ProcRecord): Step {
  const fresh = { ready: false, readyNote: "", readyDeadlineAt: 0, readyFailed: "" };
  return ok({ ...r, ...fresh, state: "STARTING", pid: 0, spawnerr: "", restartAt: 0, killed: false, leaderExited: false }, [
    { type: "spawn" },
  ]);
}

/** At the spawn: probe the ready_check, and arm ready_startsecs. */
function readinessStart(cfg: EngineConfig, now: number): { patch: Partial<ProcRecord>; effects: Effect[] } {
  if (!cfg.readyCheck) return { patch: {}, effects: [] };
  const limitMs = (cfg.readyStartsecs ?? 0) * 1000;
  if (limitMs === 0) return { patch: {}, effects: [{ type: "probe" }] };
  return {
    patch: { readyDeadlineAt: now + limitMs },
    effects: [{ type: "probe" }, { type: "setTimer", timer: "readyDeadline", ms: limitMs }],
  };
}

/** A start attempt failed (early exit or spawn error): BACKOFF with a growing delay, or FATAL. */
function failStart(r: ProcRecord, cfg: EngineConfig, now: number, patch: Partial<ProcRecord>): Step {
  const backoff = r.backoff + 1;
  if (backoff > cfg.startretries || r.restartsHeld) {
    // STARTING -> FATAL: out of retries (or no retry at all: graced is shutting down)
    return ok({ ...r, ...patch, state: "FATAL", pid: 0, backoff: 0, restartAt: 0, stoppedAt: now, spawnerr: patch.spawnerr || TOO_QUICK });
  }
  // STARTING -> BACKOFF: retry after 1 s, 2 s, 3 s …
  const delay = backoff * 1000;
  return ok({ ...r, ...patch, state: "BACKOFF", pid: 0, backoff, restartAt: now + delay, stoppedAt: now }, [
    { type: "setTimer", timer: "restart", ms: delay },
  ]);
}

function beginStop(r: ProcRecord, cfg: EngineConfig, now: number, graceMs: number): Step {
  // STARTING/RUNNING -> STOPPING
  const next: ProcRecord = { ...r, state: "STOPPING", stopStartedAt: now, stopGraceMs: graceMs, killed: false, escalations: 0 };
  return ok(next, [
    { type: "signal", signal: cfg.stopsignal, group: cfg.stopasgroup },
    { type: "setTimer", timer: "stopDeadline", ms: graceMs },
    ...nextEscalation(next, cfg, now),
  ]);
}

/**
 * The timer for the next `stop_escalation` step not sent yet, at its fraction of the grace
 * period in force (a tightened deadline moves it); none when no step is left before SIGKILL.
 */
function nextEscalation(r: ProcRecord, cfg: EngineConfig, now: number): Effect[] {
  const step = escalationTimeline(cfg.stopEscalation, r.stopGraceMs).slice(0, -1)[r.escalations];
  if (step === undefined) return [];
  return [{ type: "setTimer", timer: "escalate", ms: Math.max(0, r.stopStartedAt + step.atMs - now) }];
}

function exitFromRunning(r: ProcRecord, cfg: EngineConfig, now: number, code: number | null, signal: string | null): Step {
  const expected = signal === null && code !== null && cfg.exitcodes.includes(code);
  const exited: ProcRecord = { ...r, state: "EXITED", pid: 0, stoppedAt: now, exitCode: code, exitSignal: signal };
  const restart = !r.restartsHeld && (cfg.autorestart === "true" || (cfg.autorestart === "unexpected" && !expected));
  if (!restart) return ok({ ...exited, crashStreak: 0 }); // RUNNING -> EXITED
  const shortRun = now - r.runningSince < STABLE_RUN_MS;
  const streak = shortRun ? r.crashStreak : 0;
  const delay = crashDelayMs(streak);
  if (delay === 0) {
    // RUNNING -> EXITED, then EXITED -> STARTING at once: the first restart of a streak is
    // immediate, but it still passes through EXITED so that the exit is seen (and logged)
    return ok({ ...exited, crashStreak: streak + 1, restartAt: now }, [{ type: "restartNow" }]);
  }
  // RUNNING -> EXITED, restart damped
  return ok({ ...exited, crashStreak: streak + 1, restartAt: now + delay }, [{ type: "setTimer", timer: "restart", ms: delay }]);
}

function stopped(r: ProcRecord, now: number, code: number | null, signal: string | null): ProcRecord {
  // STOPPING -> STOPPED
  return { ...r, state: "STOPPED", pid: 0, stoppedAt: now, exitCode: code, exitSignal: signal, restartAt: 0 };
}

export function transition(r: ProcRecord, ev: ProcEvent, cfg: EngineConfig, now: number): Step {
  const out = decide(r, ev, cfg, now);
  if (!out.ok) return out;
  const cancels = [...cancelsOnLeaving(r.state, out.next.state), ...readinessCancels(r, out.next.state, cfg)];
  return { ...out, effects: [...cancels, ...out.effects] };
}

function decide(r: ProcRecord, ev: ProcEvent, cfg: EngineConfig, now: number): Step {
  switch (ev.type) {
    case "start":
      if (r.state === "STOPPED" || r.state === "EXITED" || r.state === "FATAL" || r.state === "BACKOFF") {
        // STOPPED/EXITED/FATAL/BACKOFF -> STARTING: an explicit start is a fresh attempt
        return beginStart({ ...r, backoff: 0, crashStreak: 0 });
      }
      if (r.state === "STOPPING") return reject("still-running", "stopping");
      return reject("already-started", "already started");

    case "spawned": {
      if (r.state !== "STARTING") return reject("wrong-state", `spawned in ${r.state}`);
      const ready = readinessStart(cfg, now);
      if (cfg.startsecs === 0) {
        // STARTING -> RUNNING at once (startsecs=0)
        return ok({ ...r, ...ready.patch, state: "RUNNING", pid: ev.pid, startedAt: now, runningSince: now, backoff: 0 }, ready.effects);
      }
      return ok({ ...r, ...ready.patch, pid: ev.pid, startedAt: now }, [
        { type: "setTimer", timer: "startsecs", ms: cfg.startsecs * 1000 },
        ...ready.effects,
      ]);
    }

    case "spawnFailed":
      if (r.state !== "STARTING") return reject("wrong-state", `spawn failed in ${r.state}`);
      return failStart(r, cfg, now, { spawnerr: ev.error, exitCode: null, exitSignal: null });

    case "startsecsElapsed":
      if (r.state !== "STARTING" || r.pid === 0) return reject("wrong-state", `startsecs in ${r.state}`);
      // STARTING -> RUNNING: it stayed up longer than startsecs
      return ok({ ...r, state: "RUNNING", runningSince: now, backoff: 0 });

    case "exited":
      if (r.state === "STARTING" && cfg.startsecs > 0 && now - r.startedAt >= cfg.startsecs * 1000) {
        // the startsecs timer lost a race with the exit: it did stay up long enough, so
        // STARTING -> RUNNING -> EXITED (supervisord's finish() does the same)
        return exitFromRunning({ ...r, state: "RUNNING", runningSince: r.startedAt, backoff: 0 }, cfg, now, ev.code, ev.signal);
      }
      if (r.state === "STARTING" && cfg.oneShot && ev.signal === null && ev.code !== null && cfg.exitcodes.includes(ev.code)) {
        // a one-shot task (something waits for it to be `done`) finished before startsecs:
        // STARTING -> EXITED as a run that ended well, not a failed start (supervisord: BACKOFF)
        return exitFromRunning({ ...r, state: "RUNNING", runningSince: r.startedAt, backoff: 0 }, cfg, now, ev.code, ev.signal);
      }
      if (r.state === "STARTING") {
        return failStart(r, cfg, now, { exitCode: ev.code, exitSignal: ev.signal, spawnerr: "" });
      }
      if (r.state === "RUNNING") return exitFromRunning(r, cfg, now, ev.code, ev.signal);
      if (r.state === "UNKNOWN") {
        // UNKNOWN -> EXITED: it went away on its own; no automatic restart from a state we lost track of
        return ok({ ...r, state: "EXITED", pid: 0, stoppedAt: now, exitCode: ev.code, exitSignal: ev.signal, restartAt: 0 });
      }
      if (r.state === "STOPPING") {
        // once SIGKILLed at the deadline the stop is over (SPEC §4.1): members that a pid-only
        // kill (killasgroup=false) left behind must not hold it, or the shutdown budget
        if (ev.groupAlive && !r.killed) {
          // leader gone, group members remain: still STOPPING until the group is empty
          return ok({ ...r, exitCode: ev.code, exitSignal: ev.signal, leaderExited: true }, [
            { type: "setTimer", timer: "groupPoll", ms: GROUP_POLL_MS },
          ]);
        }
        if (r.readyFailed) {
          // STOPPING -> BACKOFF (or FATAL): stopped because it did not get ready in time
          return failStart(r, cfg, now, { exitCode: ev.code, exitSignal: ev.signal, spawnerr: r.readyFailed, readyFailed: "" });
        }
        return ok(stopped(r, now, ev.code, ev.signal));
      }
      return reject("wrong-state", `exit in ${r.state}`);

    case "groupPoll":
      if (r.state !== "STOPPING") return reject("wrong-state", `group poll in ${r.state}`);
      if (ev.alive) return ok(r, [{ type: "setTimer", timer: "groupPoll", ms: GROUP_POLL_MS }]);
      if (r.readyFailed) return failStart(r, cfg, now, { spawnerr: r.readyFailed, readyFailed: "" });
      return ok(stopped(r, now, r.exitCode, r.exitSignal));

    case "restartDue":
      if (r.state === "BACKOFF" || (r.state === "EXITED" && r.restartAt > 0)) {
        // BACKOFF -> STARTING, or a damped EXITED -> STARTING
        return beginStart(r);
      }
      return reject("wrong-state", `restart due in ${r.state}`);

    case "stop": {
      const graceMs = ev.graceMs ?? cfg.stopwaitsecs * 1000;
      if (r.state === "RUNNING" || r.state === "STARTING" || (r.state === "UNKNOWN" && r.pid > 0)) {
        // never got a pid: STARTING -> STOPPED before the spawn's turn came, which it gives up
        if (r.pid === 0) return ok(stopped(r, now, null, null), [{ type: "cancelSpawn" }]);
        return beginStop(r, cfg, now, graceMs);
      }
      if (r.state === "BACKOFF" || (r.state === "EXITED" && r.restartAt > 0)) {
        // BACKOFF -> STOPPED (nothing to signal), or cancel a damped restart
        return ok({ ...r, state: "STOPPED", restartAt: 0, stoppedAt: now });
      }
      if (r.state === "STOPPING") {
        // already stopping; a shorter budget (shutdown) tightens the deadline. A stop asked for
        // while it is stopped for not getting ready ends STOPPED, not in a retry.
        const asked = { ...r, readyFailed: "" };
        const left = r.stopStartedAt + r.stopGraceMs - now;
        if (graceMs < left) {
          const tightened = { ...asked, stopGraceMs: now - r.stopStartedAt + graceMs };
          return ok(tightened, [{ type: "setTimer", timer: "stopDeadline", ms: graceMs }, ...nextEscalation(tightened, cfg, now)]);
        }
        return ok(asked);
      }
      return reject("not-running", "not running");
    }

    case "escalate": {
      if (r.state !== "STOPPING" || r.killed) return reject("wrong-state", `escalation in ${r.state}`);
      const step = escalationTimeline(cfg.stopEscalation, r.stopGraceMs).slice(0, -1)[r.escalations];
      if (step === undefined) return reject("wrong-state", "no escalation step left");
      // a further signal within the grace period (stop_escalation), the next one timed after it
      const next = { ...r, escalations: r.escalations + 1 };
      return ok(next, [{ type: "signal", signal: step.signal, group: cfg.stopasgroup }, ...nextEscalation(next, cfg, now)]);
    }

    case "stopDeadline":
      if (r.state !== "STOPPING") return reject("wrong-state", `stop deadline in ${r.state}`);
      // grace period over: SIGKILL (to the group by default); no further escalation step after it
      return ok({ ...r, killed: true }, [
        { type: "cancelTimer", timer: "escalate" },
        { type: "signal", signal: "KILL", group: cfg.killasgroup || r.leaderExited },
      ]);

    case "signalFailed":
      if (r.pid === 0) return reject("wrong-state", `signal failure in ${r.state}`);
      // any state with a pid -> UNKNOWN: supervisord's answer to a kill() that failed oddly
      return ok({ ...r, state: "UNKNOWN", spawnerr: ev.error, restartAt: 0 });

    case "holdRestarts":
      return ok({ ...r, restartsHeld: true });

    case "readiness":
      if ((r.state !== "STARTING" && r.state !== "RUNNING") || r.pid === 0 || r.ready) {
        return reject("wrong-state", `readiness in ${r.state}`);
      }
      // no state change: readiness is a quality of STARTING and RUNNING
      if (ev.ok) return ok({ ...r, ready: true, readyNote: "", readyDeadlineAt: 0 }, [{ type: "cancelTimer", timer: "readyDeadline" }]);
      return ok({ ...r, readyNote: ev.reason });

    case "readyDeadline": {
      if ((r.state !== "STARTING" && r.state !== "RUNNING") || r.pid === 0 || r.ready) {
        return reject("wrong-state", `ready deadline in ${r.state}`);
      }
      // STARTING/RUNNING -> STOPPING, then BACKOFF or FATAL: not ready within ready_startsecs
      // counts as a failed start, as an exit before startsecs does
      const why = `not ready within ${cfg.readyStartsecs}s${r.readyNote ? `: ${r.readyNote}` : ""}`;
      return beginStop({ ...r, readyFailed: why }, cfg, now, cfg.stopwaitsecs * 1000);
    }
  }
}
