import { isStopped } from "@grace/protocol";
import type { ManagedProcess } from "../process/managed-process.js";
import type { StopOptions } from "./ordered-stop.js";

/**
 * The engine side of a shutdown (SPEC §4.3): every process stopped in dependency and priority
 * order against the budget's schedule (ordered-stop.ts), each one's outcome told once it is gone,
 * and the second SIGTERM's SIGKILL to all.
 */

/**
 * How one process ended during a shutdown: `ms` from its stop signal until it was gone, or
 * `beforeSignal` when it exited by itself before its level got the signal.
 */
export type StopOutcome = { proc: ManagedProcess; ms: number; killed: boolean; signal: string | null; beforeSignal: boolean };

/** Told as it happens: the plan, each process gone, and the spawns cancelled at the start. */
export type ShutdownReport = {
  stopped?: (o: StopOutcome) => void;
  notStarted?: (count: number) => void;
  /** The schedule in words, one line per process that was alive (deps/schedule.ts's scheduleLines). */
  planned?: (lines: string[]) => void;
};

/** A shutdown's outcomes: one per process that was alive, and how many spawns it cancelled. */
export type ShutdownOutcome = { outcomes: StopOutcome[]; notStarted: number };

/** What a shutdown needs from the supervisor. */
export type StopAllTarget = {
  list(): readonly ManagedProcess[];
  stopMany(procs: readonly ManagedProcess[], options: StopOptions): Promise<unknown>;
};

/**
 * Stop everything. Every process alive at the start gets one outcome when it is gone, whoever
 * ended it (its own signal, a second SIGTERM's SIGKILL, or itself): counting where the signals
 * go would miss those SIGKILLed before their turn came. Spawns still waiting for their turn are
 * cancelled and never made. `since`: when the shutdown began, its drain included (the plan's
 * times count from there).
 */
export async function stopAll(
  target: StopAllTarget,
  deadline: number,
  now: () => number,
  report: ShutdownReport,
  since = now(),
): Promise<ShutdownOutcome> {
  const procs = target.list();
  let notStarted = 0;
  for (const p of procs) {
    p.holdRestarts();
    if (p.spawnPending) {
      // STARTING -> STOPPED before its turn to spawn came: nothing to signal
      p.dispatch({ type: "stop" });
      notStarted++;
    } else if (p.state === "BACKOFF" || p.record.restartAt > 0) {
      // a pending retry or damped restart is cancelled now, not when its level comes
      p.dispatch({ type: "stop" });
    }
  }
  if (notStarted > 0) report.notStarted?.(notStarted);
  const startedAt = now();
  const outcomes: StopOutcome[] = [];
  const alive = procs.filter((p) => !isStopped(p.state) && p.record.pid > 0);
  const told = Promise.all(
    alive.map(async (p) => {
      if (!(await p.waitFor(isStopped))) return; // removed meanwhile
      const o = outcomeOf(p, startedAt);
      outcomes.push(o);
      report.stopped?.(o);
    }),
  );
  // event listeners last: they hear every program's stop (supervisord gets there with their priority -1)
  await target.stopMany(
    procs.filter((p) => p.cfg.listener === undefined),
    { deadline, since, planned: report.planned },
  );
  await target.stopMany(
    procs.filter((p) => p.cfg.listener !== undefined),
    { deadline, since },
  );
  await told;
  for (const p of procs) p.dispose();
  return { outcomes, notStarted };
}

/** A second SIGTERM during a shutdown: SIGKILL everything still alive, now. */
export function killAll(procs: readonly ManagedProcess[]): void {
  for (const p of procs) {
    if (isStopped(p.state)) continue;
    if (p.state !== "STOPPING") p.dispatch({ type: "stop", graceMs: 0 });
    // the grace period ends now, synchronously: the SIGKILL is on record before any exit arrives
    if (p.state === "STOPPING") p.dispatch({ type: "stopDeadline" });
  }
}

/** A process gone during a shutdown: stopped (maybe SIGKILLed) after its signal, or exited before it. */
function outcomeOf(p: ManagedProcess, shutdownStartedAt: number): StopOutcome {
  const r = p.record;
  // STOPPED is only reached through STOPPING (a stop signal, maybe sent before the shutdown);
  // EXITED or FATAL means it ended by itself, restarts being held
  const signalled = p.state === "STOPPED";
  return {
    proc: p,
    ms: signalled ? r.stoppedAt - r.stopStartedAt : r.stoppedAt - shutdownStartedAt,
    killed: r.killed,
    signal: r.exitSignal,
    beforeSignal: !signalled,
  };
}
