import { displayName, isStopped, type StateName, type WaitFor } from "@grace/protocol";
import { meets, type ProcessView } from "../deps/gate.js";
import type { ManagedProcess } from "../process/managed-process.js";
import type { StartGate } from "./start-gate.js";

/** What the Supervisor asks of a process for dependencies and readiness (issue 14). */

/** Its last exit was expected (in `exitcodes`; a death by signal never is): what `:done` asks. */
export function expectedExit(p: ManagedProcess): boolean {
  const { exitCode, exitSignal } = p.record;
  return exitSignal === null && exitCode !== null && p.cfg.exitcodes.includes(exitCode);
}

/** How the start gate sees a process. */
export const viewOf = (p: ManagedProcess): ProcessView => ({ state: p.state, ready: p.isReady, expectedExit: expectedExit(p) });

/** A one-shot task (something waits for it to be `done`) that exited as expected. */
export const isDone = (p: ManagedProcess): boolean => p.oneShot && p.state === "EXITED" && expectedExit(p);

/** When `wait` is over for each condition; waiting for running or ready gives up at once on FATAL. */
export const WAIT_DONE: Record<WaitFor, (p: ManagedProcess) => (s: StateName) => boolean> = {
  running: () => (s) => s === "RUNNING" || s === "FATAL",
  // the predicate reads the process itself: readiness changes in place, without a new state
  ready: (p) => (s) => (s === "RUNNING" && p.isReady) || s === "FATAL",
  stopped: () => isStopped,
};

/**
 * The dependencies of `procs` that are stopped and do not meet what is asked of them, and
 * theirs in turn, each with the name of the first process that needs it (`start web` starts
 * them too). One already where it should be (RUNNING, `done`), or on its way (STARTING,
 * BACKOFF), is left be.
 */
export function stoppedDependencies(gate: StartGate<ManagedProcess>, procs: readonly ManagedProcess[]): Map<ManagedProcess, string> {
  const pulled = new Map<ManagedProcess, string>();
  if (gate.idle) return pulled;
  const asked = new Set(procs);
  const queue = [...procs];
  for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
    for (const { dep, on } of gate.edges(p)) {
      for (const q of on) {
        if (asked.has(q) || pulled.has(q) || !isStopped(q.state) || meets(viewOf(q), dep.condition)) continue;
        pulled.set(q, displayName(p.cfg.group, p.cfg.name));
        queue.push(q);
      }
    }
  }
  return pulled;
}
