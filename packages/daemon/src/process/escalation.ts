import type { EscalationStep } from "../config/model.js";

/**
 * `stop_escalation`'s timeline within one grace period (issue 14), pure: each further signal at
 * its fraction of the (clamped) grace period, rounded down to the millisecond, then SIGKILL at its
 * end. With a grace period of 0 there is no time for a step: only SIGKILL is left.
 */
export type Escalation = { signal: string; atMs: number };

export function escalationTimeline(steps: readonly EscalationStep[], graceMs: number): Escalation[] {
  const end = Math.max(0, Math.floor(graceMs));
  const timed = steps.map((s) => ({ signal: s.signal, atMs: Math.floor((end * s.percent) / 100) })).filter((s) => s.atMs < end);
  return [...timed, { signal: "KILL", atMs: end }];
}
