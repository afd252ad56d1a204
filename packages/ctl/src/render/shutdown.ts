import { Exit, type Rendered } from "./output.js";
import type { ProgressEntry } from "./progress.js";

export type ShutdownOutcome = { pid: number; waited: boolean; entries: ProgressEntry[] };

/** Only programs the shutdown actually stopped get a line. */
const stoppedByShutdown = (e: ProgressEntry) => e.stopstart > 0 && e.stoppedAt > 0;

/**
 * One final line per program the shutdown stopped (`web: stopped`, or killed), then
 * supervisorctl's `Shut down`. `--json`: `{ pid, waited, processes: [...] }`.
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
    return { text: JSON.stringify({ pid: o.pid, waited: o.waited, processes }, null, 2), exitCode: Exit.OK };
  }
  if (!o.waited) return { text: `Shutdown requested (graced pid ${o.pid})`, exitCode: Exit.OK };
  const lines = stopped.map((e) => `${e.label}: ${e.killed ? "stopped (killed at the end of its grace period)" : "stopped"}`);
  return { text: [...lines, "Shut down"].join("\n"), exitCode: Exit.OK };
}
