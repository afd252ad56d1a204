import { Exit, type Rendered } from "./output.js";
import type { ProgressEntry } from "./progress.js";

export type ShutdownOutcome = {
  pid: number;
  waited: boolean;
  entries: ProgressEntry[];
  /** The per-program lines were printed as each program stopped: only the last line is left. */
  streamed?: boolean;
  /** The status graced announced it exits with. */
  exitStatus?: number;
};

/** Only programs the shutdown actually stopped get a line. */
export const stoppedByShutdown = (e: ProgressEntry) => e.stopstart > 0 && e.stoppedAt > 0;

/** `web: stopped`, or how it was killed: one program's result, as supervisorctl words it. */
export function shutdownLine(e: ProgressEntry): string {
  return `${e.label}: ${e.killed ? "stopped (killed at the end of its grace period)" : "stopped"}`;
}

/**
 * One final line per program the shutdown stopped (unless they were streamed), then
 * supervisorctl's `Shut down`. `--json`: `{ pid, waited, exitStatus, processes: [...] }`.
 */
export function renderShutdown(o: ShutdownOutcome, json: boolean): Rendered {
  const stopped = o.entries.filter(stoppedByShutdown);
  if (json) {
    const processes = stopped.map((e) => ({
      name: e.label,
      seconds: Math.round((e.stoppedAt - e.stopstart) * 1000) / 1000,
      grace: e.grace,
      killed: e.killed,
    }));
    return { text: JSON.stringify({ pid: o.pid, waited: o.waited, exitStatus: o.exitStatus, processes }, null, 2), exitCode: Exit.OK };
  }
  if (!o.waited) return { text: `Shutdown requested (graced pid ${o.pid})`, exitCode: Exit.OK };
  const lines = o.streamed ? [] : stopped.map(shutdownLine);
  return { text: [...lines, "Shut down"].join("\n"), exitCode: Exit.OK };
}
