import { type FaultName, faultName, type GroupChangeResult, type GroupResult, type NameKind, type NameResult } from "@grace/protocol";
import { DeadlineError, RemoteError, UnreachableError, UsageError } from "../errors.js";
import { Exit, type Rendered } from "./output.js";

/**
 * Wire → words and exit code, in one place (STYLE habit 4): every fault graced can answer with,
 * and every way a command can fail, read for the verb that met it. supervisorctl 4's words and
 * exit codes (SPEC §6), which scripts grep and test. Decided from the fault's name (`data.fault`,
 * else the numeric code) and an unknown name's `kind`, never from graced's prose.
 */

/** The commands whose outcomes are worded or scored differently. */
export type Verb =
  | "start"
  | "stop"
  | "restart"
  | "signal"
  | "wait"
  | "clear"
  | "status"
  | "pid"
  | "tail"
  | "maintail"
  | "reread"
  | "update"
  | "reload"
  | "add"
  | "remove";

/** What one outcome means: the words after `name: ` and the exit code it makes. */
export type Reading = { words: string; exitCode: number };

type Row = Reading & { verbs?: Partial<Record<Verb, Partial<Reading>>> };

const NOT_RUNNING: Row = {
  words: "ERROR (not running)",
  exitCode: Exit.OK,
  verbs: { signal: { exitCode: Exit.UNREACHABLE }, pid: { exitCode: Exit.UNREACHABLE } },
};
/** `status` reports any unknown name as 4; `pid` as a bad name, 1. */
const unknownNameVerbs = { status: { exitCode: Exit.STATUS_UNKNOWN }, pid: { exitCode: Exit.GENERIC } };

/**
 * A per-name outcome (start, stop, restart, signal, wait, clear, status, pid). Starting a
 * started or stopping a stopped process is fine (0); signalling one that is not running, or
 * asking its pid, is not (7). A fault not listed reads `ERROR (graced's description)`, exit 1.
 */
const NAME_FAULTS: Partial<Record<FaultName, Row>> = {
  ALREADY_STARTED: { words: "ERROR (already started)", exitCode: Exit.OK },
  NOT_RUNNING,
  BAD_SIGNAL: { words: "ERROR (bad signal name)", exitCode: Exit.GENERIC },
  SPAWN_ERROR: { words: "ERROR (spawn error)", exitCode: Exit.UNREACHABLE },
  ABNORMAL_TERMINATION: { words: "ERROR (abnormal termination)", exitCode: Exit.UNREACHABLE },
  NO_FILE: { words: "ERROR (no such file)", exitCode: Exit.UNREACHABLE },
  NOT_EXECUTABLE: { words: "ERROR (file is not executable)", exitCode: Exit.UNREACHABLE },
  SHUTDOWN_STATE: { words: "ERROR (graced is shutting down)", exitCode: Exit.GENERIC },
  STILL_RUNNING: { words: "ERROR (still stopping)", exitCode: Exit.GENERIC },
};

/** BAD_NAME by what the name was taken for: an unknown group is a usage error (2), a process a bad name (1). */
const UNKNOWN_NAME: Record<NameKind, Row> = {
  group: { words: "ERROR (no such group)", exitCode: Exit.USAGE, verbs: unknownNameVerbs },
  process: { words: "ERROR (no such process)", exitCode: Exit.GENERIC, verbs: unknownNameVerbs },
};

/** What a success reads for each verb; `wait` says what it waited for (graced's description). */
const SUCCESS_WORDS: Partial<Record<Verb, string>> = {
  start: "started",
  stop: "stopped",
  restart: "started",
  signal: "signalled",
  clear: "cleared",
};

/**
 * What an unknown name was taken for. graced says so in `kind`; one from before it did is read
 * by the name's form, as its resolver read it (`group:*` is a group, anything else a process).
 */
export function kindOf(r: NameResult): NameKind {
  return r.kind ?? (r.fullName.endsWith(":*") ? "group" : "process");
}

function forVerb(row: Row, verb: Verb): Reading {
  return { words: row.words, exitCode: row.exitCode, ...row.verbs?.[verb] };
}

/** One per-name outcome, read for `verb`. */
export function readResult(r: NameResult, verb: Verb): Reading {
  const fault = faultName(r.status);
  if (fault === "SUCCESS") {
    const words = SUCCESS_WORDS[verb] ?? r.description;
    // stopped only because it depends on a named one: `web: stopped (depends on db)`
    return { words: r.dependsOn === undefined ? words : `${words} (depends on ${r.dependsOn})`, exitCode: Exit.OK };
  }
  if (fault === "BAD_NAME") return forVerb(UNKNOWN_NAME[kindOf(r)], verb);
  const row = fault === undefined ? undefined : NAME_FAULTS[fault];
  return row ? forVerb(row, verb) : { words: `ERROR (${r.description})`, exitCode: Exit.GENERIC };
}

/** A process with no pid to show or signal: what NOT_RUNNING means for `verb`. */
export const notRunningExit = (verb: Verb): number => forVerb(NOT_RUNNING, verb).exitCode;

/** The worst exit code of several readings: the one a command exits with. */
export const worstExit = (readings: readonly { exitCode: number }[]): number =>
  readings.reduce((worst, r) => Math.max(worst, r.exitCode), 0);

/** The group verbs by how they word faults: `reload` as `update`, `remove` as `add`. */
export type GroupVerb = "update" | "add";

/**
 * A group's outcome for `update`/`reload` (`added`/`changed`/`removed`) and `add`/`remove`, as
 * supervisorctl words them: whole lines, since they do not start with the name. Success lines
 * are the renderer's (changes.ts); a fault not listed reads `ERROR: group: description`, exit 1.
 */
const GROUP_FAULTS: Record<GroupVerb, Partial<Record<FaultName, (group: string) => Reading>>> = {
  update: {
    BAD_NAME: (group) => ({ words: `ERROR: no such group: ${group}`, exitCode: Exit.USAGE }),
  },
  add: {
    // supervisorctl treats adding an active group as harmless
    ALREADY_ADDED: () => ({ words: "ERROR: process group already active", exitCode: Exit.OK }),
    BAD_NAME: (group) => ({ words: `ERROR: no such process/group: ${group}`, exitCode: Exit.GENERIC }),
    STILL_RUNNING: (group) => ({ words: `ERROR: process/group still running: ${group}`, exitCode: Exit.GENERIC }),
    SHUTDOWN_STATE: () => ({ words: "ERROR: shutting down", exitCode: Exit.GENERIC }),
  },
};

/** A group's failed outcome, as one line and its exit code. */
export function readGroupFault(r: GroupResult | GroupChangeResult, verb: GroupVerb): Reading {
  const fault = faultName(r.status);
  const read = fault === undefined ? undefined : GROUP_FAULTS[verb][fault];
  if (read) return read(r.group);
  return {
    words: verb === "update" ? `${r.group}: ERROR (${r.description})` : `ERROR: ${r.group}: ${r.description}`,
    exitCode: Exit.GENERIC,
  };
}

/** Why `tail` was refused, in supervisorctl's words after `name: ERROR (`. */
const TAIL_REFUSALS: Partial<Record<FaultName, (message: string) => string>> = {
  BAD_NAME: () => "no such process",
  NO_FILE: (message) => `no log file: ${message}`,
};

/**
 * graced refused the whole call in a way the verb words itself: `tail NAME` with
 * `name: ERROR (…)` on stderr, a config graced cannot read back with `ERROR: …`. Undefined when
 * the verb has nothing of its own to say: the error is a failure (below).
 */
export function renderRefusal(e: unknown, verb: Verb, subject: string): Rendered | undefined {
  if (!(e instanceof RemoteError) || e.fault === "UNAUTHORIZED") return undefined;
  if (verb === "tail") {
    const why = e.fault === undefined ? undefined : TAIL_REFUSALS[e.fault];
    return { text: "", error: `${subject}: ERROR (${why ? why(e.message) : e.message})`, exitCode: Exit.GENERIC };
  }
  if ((verb === "reread" || verb === "update" || verb === "reload") && e.fault === "CANT_REREAD") {
    return { text: `ERROR: ${e.message}`, exitCode: Exit.GENERIC };
  }
  return undefined;
}

/** `tail -f` ended because graced closed the connection. */
export function renderFollowEnded(): Rendered {
  return { text: "", error: "gracectl: graced closed the connection", exitCode: Exit.UNREACHABLE };
}

/** A command that could not do its work: main.ts prints the message (and with --json the object). */
export type Failure = { exitCode: number; message: string; kind: "unreachable" | "usage" | "timeout" | "remote"; socket?: string };

/** A `--timeout` that passed before the work was done (graced itself still answers). */
export const TIMED_OUT = { exitCode: Exit.GENERIC, kind: "timeout" } as const;

/** How a verb scores graced being out of reach: `health` says unhealthy (1; Docker reserves 2). */
const UNREACHABLE_EXIT: Record<string, number> = { status: Exit.STATUS_UNKNOWN, health: Exit.GENERIC };

const unreachable = (verb: string, socket: string, reason: string): Failure => ({
  exitCode: UNREACHABLE_EXIT[verb] ?? Exit.UNREACHABLE,
  message: new UnreachableError(socket, reason).message,
  kind: "unreachable",
  socket,
});

/**
 * An error that ended a command → its message and exit code; undefined for one that is not
 * gracectl's to explain (a bug: main.ts shows its stack). An auth failure is a failure to reach
 * graced (7, or 4 for status), with graced's reason.
 */
export function renderFailure(e: unknown, verb: string): Failure | undefined {
  if (e instanceof UnreachableError) return unreachable(verb, e.socket, e.reason);
  if (e instanceof UsageError) return { exitCode: Exit.USAGE, message: e.message, kind: "usage" };
  if (e instanceof DeadlineError) return { ...TIMED_OUT, message: e.message };
  if (e instanceof RemoteError && e.fault === "UNAUTHORIZED") {
    return unreachable(verb, e.socket, `unauthorized (${e.message.replace(/^unauthorized: /, "")})`);
  }
  if (e instanceof RemoteError) return { exitCode: Exit.GENERIC, message: `graced answered: ${e.message} (${e.code})`, kind: "remote" };
  return undefined;
}

/** Commander's error codes → exit codes: help and version are success, an unknown command 1, any other usage error 2. */
export function commanderExit(code: string): number {
  if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return Exit.OK;
  if (code === "commander.unknownCommand") return Exit.GENERIC;
  return Exit.USAGE;
}
