import { isStopped, type StateName, type WaitFor } from "@grace/protocol";
import type { ProcessView } from "../deps/gate.js";
import { readyOf } from "../process/describe.js";
import type { ManagedProcess } from "../process/managed-process.js";

/** What the Supervisor asks of a process for dependencies and readiness (issue 14). */

/** Its last exit was expected (in `exitcodes`; a death by signal never is): what `:done` asks. */
export function expectedExit(p: ManagedProcess): boolean {
  const { exitCode, exitSignal } = p.record;
  return exitSignal === null && exitCode !== null && p.cfg.exitcodes.includes(exitCode);
}

/** How the start gate sees a process. */
export const viewOf = (p: ManagedProcess): ProcessView => ({
  statename: p.state,
  ready: readyOf(p.cfg, p.record),
  expectedExit: expectedExit(p),
});

/** A one-shot task (something waits for it to be `done`) that exited as expected. */
export const isDone = (p: ManagedProcess): boolean => p.oneShot && p.state === "EXITED" && expectedExit(p);

/** When `wait` is over for each condition; waiting for running or ready gives up at once on FATAL. */
export const WAIT_DONE: Record<WaitFor, (p: ManagedProcess) => (s: StateName) => boolean> = {
  running: () => (s) => s === "RUNNING" || s === "FATAL",
  // the predicate reads the process itself: readiness changes in place, without a new state
  ready: (p) => (s) => (s === "RUNNING" && p.isReady) || s === "FATAL",
  stopped: () => isStopped,
};
