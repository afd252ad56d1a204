import type { StateName } from "@grace/protocol";
import type { ManagedProcess } from "./managed-process.js";

/**
 * What a ManagedProcess emits (node's EventEmitter<T> checks the names and the listeners'
 * arguments against this map); the Supervisor passes "change" and "spawned" on for them all.
 */
export type ProcessEvents = {
  /** Every state change, with the state it left. */
  change: [proc: ManagedProcess, from: StateName];
  /** A child got its pid (just before the record has it). */
  spawned: [proc: ManagedProcess, pid: number];
  /** Taken out of supervision (live config change). */
  removed: [];
};

export type SupervisorEvents = Pick<ProcessEvents, "change" | "spawned">;
