import { displayName, Fault, type NameResult } from "@grace/protocol";
import { Exit, type Rendered } from "./output.js";

export type Verb = "start" | "stop" | "restart";

const SUCCESS_WORD: Record<Verb, string> = { start: "started", stop: "stopped", restart: "started" };

/** The words supervisorctl prints after `name: ` for each outcome. */
export function resultWords(r: NameResult, verb: Verb): string {
  switch (r.status) {
    case Fault.SUCCESS:
      return SUCCESS_WORD[verb];
    case Fault.BAD_NAME:
      return r.description === "no such group" ? "ERROR (no such group)" : "ERROR (no such process)";
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

/** Exit code for one outcome; starting a started or stopping a stopped process is fine (0). */
export function resultExitCode(r: NameResult): number {
  switch (r.status) {
    case Fault.SUCCESS:
    case Fault.ALREADY_STARTED:
    case Fault.NOT_RUNNING:
      return Exit.OK;
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

function label(r: NameResult): string {
  return r.status === Fault.BAD_NAME ? r.fullName : displayName(r.group, r.name);
}

export function renderResults(results: NameResult[], verb: Verb, json: boolean): Rendered {
  const exitCode = results.reduce((worst, r) => Math.max(worst, resultExitCode(r)), 0);
  if (json) return { text: JSON.stringify(results, null, 2), exitCode };
  const lines = results.flatMap((r) => {
    const line = `${label(r)}: ${resultWords(r, verb)}`;
    return verb === "restart" && r.status === Fault.SUCCESS && r.description === "restarted" ? [`${label(r)}: stopped`, line] : [line];
  });
  return { text: lines.join("\n"), exitCode };
}
