import type { StatusResult } from "@grace/protocol";
import { notRunningExit, readResult, worstExit } from "./faults.js";
import { Exit, type Rendered } from "./output.js";
import { unknownLines } from "./status.js";

export function renderDaemonPid(pid: number, json: boolean): Rendered {
  return { text: json ? JSON.stringify({ pid }) : String(pid), exitCode: Exit.OK };
}

/** One pid per line as supervisorctl prints them; a process without a pid makes the exit 7. */
export function renderPids(result: StatusResult, json: boolean): Rendered {
  const notRunning = result.processes.some((p) => p.pid === 0);
  // an unknown name decides before a process without a pid
  const exitCode =
    result.unknown.length > 0 ? worstExit(result.unknown.map((u) => readResult(u, "pid"))) : notRunning ? notRunningExit("pid") : Exit.OK;
  if (json) {
    const processes = result.processes.map(({ fullName, name, group, pid, statename }) => ({ fullName, name, group, pid, statename }));
    return { text: JSON.stringify({ processes, unknown: result.unknown }, null, 2), exitCode };
  }
  return { text: [...result.processes.map((p) => String(p.pid)), ...unknownLines(result, "pid")].join("\n"), exitCode };
}
