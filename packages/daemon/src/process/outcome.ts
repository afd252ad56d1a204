/**
 * How the engine's operations end, in the engine's own words. The engine (process/, engine/,
 * reload/) never speaks the wire: rpc/faults.ts maps each code to a protocol fault in one
 * table, and any other front end (XML-RPC) maps from the same codes.
 */
export type OutcomeCode =
  | "ok"
  /** No process or group by that name (or it was removed by a config change meanwhile). */
  | "unknown-name"
  | "bad-signal"
  | "not-running"
  | "already-started"
  /** Still STOPPING (a start), or a group that still has a live process (a remove). */
  | "still-running"
  /** The spawn itself failed: no such command, not executable, no such directory … */
  | "spawn-error"
  /** It was spawned but did not stay up (BACKOFF, FATAL, EXITED instead of RUNNING). */
  | "start-failed"
  /** grace (issue 14): held by its dependencies, and only someone's hand can end the wait (one is FATAL). */
  | "dependency-failed"
  | "timed-out"
  /** An event that makes no sense in the current state (a late timer, a stray exit). */
  | "wrong-state"
  | "shutting-down"
  | "already-added"
  | "config-unreadable";

/** What a name was taken for when it matched nothing: a whole group, or one process. */
export type NameKind = "group" | "process";

/**
 * One process's outcome of a bulk verb (start, stop, signal …); `description` is for people.
 * `dependsOn`: it was not named but stopped (or restarted) because it depends on this one.
 * `dependencyOf`: it was not named but started because this one depends on it (issue 14).
 */
export type ProcOutcome = {
  name: string;
  group: string;
  code: OutcomeCode;
  description: string;
  dependsOn?: string;
  dependencyOf?: string;
};

/** A name of a bulk verb that matched nothing, as it was given. */
export type UnknownName = { spec: string; kind: NameKind };

export type NameOutcome = ProcOutcome | UnknownName;

/** One group's outcome of `add`, `remove` or `update`. */
export type GroupOutcome = { group: string; code: OutcomeCode; description: string };

/** The words for a name that matched nothing, wherever it is reported. */
export function noSuch(kind: NameKind): string {
  return `no such ${kind}`;
}

/** A whole call refused (graced is shutting down, the config cannot be read, no such process). */
export class EngineError extends Error {
  constructor(
    readonly code: OutcomeCode,
    message: string,
    /** With "unknown-name": what the name was taken for. */
    readonly kind?: NameKind,
  ) {
    super(message);
    this.name = "EngineError";
  }
}
