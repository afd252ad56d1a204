import { displayName, NOT_RUNNING_STATES, type ProcessInfo, type StatusResult } from "@grace/protocol";
import { readResult, worstExit } from "./faults.js";
import { Exit, type Rendered } from "./output.js";

/** Colours a state's text (identity when colour is off). */
export type Paint = (state: ProcessInfo["statename"], text: string) => string;

export function statusExit(result: StatusResult): number {
  if (result.unknown.length > 0) return worstExit(result.unknown.map((u) => readResult(u, "status")));
  if (result.processes.some((p) => NOT_RUNNING_STATES.includes(p.statename))) return Exit.NOT_RUNNING;
  return Exit.OK;
}

/** The names that matched nothing, as given (`status` and `pid`). */
export const unknownLines = (result: StatusResult, verb: "status" | "pid") =>
  result.unknown.map((u) => `${u.fullName}: ${readResult(u, verb).words}`);

/** One plain line: name padded to `width`, state to 10, description (supervisorctl's columns). */
export function plainLine(p: ProcessInfo, width: number, paint: Paint = (_s, t) => t): string {
  // pad before painting: colour codes must not count toward the column width
  return `${displayName(p.group, p.name).padEnd(width)}${paint(p.statename, p.statename.padEnd(10))}${p.description}`.trimEnd();
}

/** supervisorctl's name column: max(30, longest name) + 3. */
export function plainWidth(processes: readonly ProcessInfo[]): number {
  return Math.max(30, ...processes.map((p) => displayName(p.group, p.name).length)) + 3;
}

/** supervisorctl's plain columns: name padded to max(30, longest)+3, state to 10, description. */
export function renderPlainStatus(result: StatusResult, paint?: Paint): Rendered {
  const width = plainWidth(result.processes);
  const lines = result.processes.map((p) => plainLine(p, width, paint));
  return { text: [...lines, ...unknownLines(result, "status")].join("\n"), exitCode: statusExit(result) };
}

export function renderJsonStatus(result: StatusResult): Rendered {
  return { text: JSON.stringify(result, null, 2), exitCode: statusExit(result) };
}
