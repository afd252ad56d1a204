import type { HealthResult } from "@grace/protocol";
import { Exit, type Rendered } from "./output.js";

/**
 * `gracectl health`: one line and 0 or 1, which is all Docker's HEALTHCHECK and a Kubernetes
 * exec probe read (Docker reserves 2; any failure of health itself is 1 too, faults.ts).
 */

/** At most this many problems are named; the line says how many more there are. */
export const NAMED_PROBLEMS = 5;

const PHASE_WORDS = { draining: "graced is draining before a shutdown", stopping: "graced is shutting down" } as const;

export function renderHealth(result: HealthResult, ready: boolean, json: boolean): Rendered {
  const exitCode = result.healthy ? Exit.OK : Exit.GENERIC;
  if (json) return { text: JSON.stringify(result, null, 2), exitCode };
  if (result.healthy) {
    const what = result.checked === 1 ? "process" : "processes";
    return { text: `healthy: ${result.checked} ${what} RUNNING${ready ? " and ready" : ""}`, exitCode };
  }
  return { text: `unhealthy: ${unhealthyWhy(result)}`, exitCode };
}

function unhealthyWhy(result: HealthResult): string {
  if (result.phase !== "running") return PHASE_WORDS[result.phase];
  const all = [...result.unknown.map((name) => `${name}: no such process`), ...result.problems.map((p) => `${p.fullName}: ${p.why}`)];
  if (all.length === 0) return "nothing to check";
  const shown = all.slice(0, NAMED_PROBLEMS).join("; ");
  return all.length > NAMED_PROBLEMS ? `${shown}; and ${all.length - NAMED_PROBLEMS} more` : shown;
}
