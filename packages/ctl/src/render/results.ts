import { displayName, Fault, type NameResult, type ProcessInfo, type StateName } from "@grace/protocol";
import { Exit, type Rendered } from "./output.js";

const STOPPED: readonly StateName[] = ["STOPPED", "EXITED", "FATAL"];

export type Verb = "start" | "stop" | "restart" | "signal" | "wait";

const SUCCESS_WORD: Record<Verb, string> = { start: "started", stop: "stopped", restart: "started", signal: "signalled", wait: "" };

/** The words supervisorctl prints after `name: ` for each outcome. */
export function resultWords(r: NameResult, verb: Verb): string {
  switch (r.status) {
    case Fault.SUCCESS:
      return SUCCESS_WORD[verb] || r.description;
    case Fault.BAD_NAME:
      return r.description === "no such group" ? "ERROR (no such group)" : "ERROR (no such process)";
    case Fault.BAD_SIGNAL:
      return "ERROR (bad signal name)";
    case Fault.ALREADY_STARTED:
      return "ERROR (already started)";
    case Fault.NOT_RUNNING:
      return "ERROR (not running)";
    case Fault.SPAWN_ERROR:
      return "ERROR (spawn error)";
    case Fault.ABNORMAL_TERMINATION:
      return "ERROR (abnormal termination)";
    case Fault.NO_FILE:
      return "ERROR (no such file)";
    case Fault.NOT_EXECUTABLE:
      return "ERROR (file is not executable)";
    case Fault.SHUTDOWN_STATE:
      return "ERROR (graced is shutting down)";
    case Fault.STILL_RUNNING:
      return "ERROR (still stopping)";
    default:
      return `ERROR (${r.description})`;
  }
}

/**
 * Exit code for one outcome (SPEC §6): starting a started or stopping a stopped process is
 * fine (0), but signalling one that is not running is not (7).
 */
export function resultExitCode(r: NameResult, verb: Verb): number {
  switch (r.status) {
    case Fault.SUCCESS:
    case Fault.ALREADY_STARTED:
      return Exit.OK;
    case Fault.NOT_RUNNING:
      return verb === "signal" ? Exit.UNREACHABLE : Exit.OK;
    case Fault.BAD_NAME:
      return r.description === "no such group" ? Exit.USAGE : Exit.GENERIC;
    case Fault.SPAWN_ERROR:
    case Fault.ABNORMAL_TERMINATION:
    case Fault.NO_FILE:
    case Fault.NOT_EXECUTABLE:
      return Exit.UNREACHABLE;
    default:
      return Exit.GENERIC;
  }
}

/** An unknown name as it was given, except a group, which supervisorctl names bare (`nosuch: ERROR (no such group)`). */
function label(r: NameResult): string {
  if (r.status !== Fault.BAD_NAME) return displayName(r.group, r.name);
  return r.description === "no such group" ? r.group : r.fullName;
}

/** One line per name (`web: stopped`); `--json` gives the NameResult array as is. */
export function renderResults(results: NameResult[], verb: Verb, json: boolean): Rendered {
  const exitCode = results.reduce((worst, r) => Math.max(worst, resultExitCode(r, verb)), 0);
  if (json) return { text: JSON.stringify(results, null, 2), exitCode };
  const lines = results.flatMap((r) => {
    const line = `${label(r)}: ${resultWords(r, verb)}`;
    return verb === "restart" && r.status === Fault.SUCCESS && r.description === "restarted" ? [`${label(r)}: stopped`, line] : [line];
  });
  return { text: lines.join("\n"), exitCode };
}

/**
 * `--timeout` passed: one line per process, done or not (`web: ERROR (timed out after 8s,
 * still STOPPING)`), exit 1.
 */
export function renderTimedOut(processes: ProcessInfo[], want: "running" | "stopped", seconds: number, json: boolean): Rendered {
  const done = (p: ProcessInfo) => (want === "running" ? p.statename === "RUNNING" : STOPPED.includes(p.statename));
  const results: NameResult[] = processes.map((p) => ({
    name: p.name,
    group: p.group,
    fullName: p.fullName,
    status: done(p) ? Fault.SUCCESS : Fault.FAILED,
    description: done(p) ? want : `timed out after ${seconds}s, still ${p.statename}`,
  }));
  if (json) return { text: JSON.stringify(results, null, 2), exitCode: Exit.GENERIC };
  const lines = results.map((r) => `${displayName(r.group, r.name)}: ${r.status === Fault.SUCCESS ? want : `ERROR (${r.description})`}`);
  return { text: lines.join("\n"), exitCode: Exit.GENERIC };
}
