import { displayName, Fault, type NameResult, type ProcessInfo, STOPPED_STATES } from "@grace/protocol";
import { kindOf, readResult, TIMED_OUT, worstExit } from "./faults.js";
import type { Rendered } from "./output.js";

export type Verb = "start" | "stop" | "restart" | "signal" | "wait";

/** An unknown name as it was given, except a group, which supervisorctl names bare (`nosuch: ERROR (no such group)`). */
function label(r: NameResult): string {
  if (r.status !== Fault.BAD_NAME) return displayName(r.group, r.name);
  return kindOf(r) === "group" ? r.group : r.fullName;
}

/** One line per name (`web: stopped`); `--json` gives the NameResult array as is. */
export function renderResults(results: NameResult[], verb: Verb, json: boolean): Rendered {
  const readings = results.map((r) => readResult(r, verb));
  const exitCode = worstExit(readings);
  if (json) return { text: JSON.stringify(results, null, 2), exitCode };
  const lines = results.flatMap((r, i) => {
    const line = `${label(r)}: ${readings[i].words}${r.dependencyOf === undefined ? "" : ` (dependency of ${r.dependencyOf})`}`;
    if (verb !== "restart" || r.status !== Fault.SUCCESS || r.description !== "restarted") return [line];
    return [`${label(r)}: stopped${r.dependsOn === undefined ? "" : ` (depends on ${r.dependsOn})`}`, line];
  });
  return { text: lines.join("\n"), exitCode };
}

/**
 * `--timeout` passed: one line per process, done or not (`web: ERROR (timed out after 8s,
 * still STOPPING)`), exit 1.
 */
export function renderTimedOut(processes: ProcessInfo[], want: "running" | "stopped", seconds: number, json: boolean): Rendered {
  const done = (p: ProcessInfo) => (want === "running" ? p.statename === "RUNNING" : STOPPED_STATES.includes(p.statename));
  const results: NameResult[] = processes.map((p) => ({
    name: p.name,
    group: p.group,
    fullName: p.fullName,
    status: done(p) ? Fault.SUCCESS : Fault.FAILED,
    description: done(p) ? want : `timed out after ${seconds}s, still ${p.statename}`,
  }));
  // the deadline passed: that is the failure, whatever the processes reached meanwhile
  const exitCode = TIMED_OUT.exitCode;
  if (json) return { text: JSON.stringify(results, null, 2), exitCode };
  const lines = results.map((r) => `${displayName(r.group, r.name)}: ${readResult(r, "wait").words}`);
  return { text: lines.join("\n"), exitCode };
}
