/**
 * The words of a shutdown (SPEC §4.4): one line per program, the final line, the exit status.
 * Pure, so the log lines are tested as data.
 */
export type ProgramOutcome = {
  name: string;
  /** ms from its stop signal to the moment it was gone. */
  ms: number;
  killed: boolean;
  exitCode: number | null;
  exitSignal: string | null;
  graceMs: number;
  /** It ended by itself during the shutdown, before its level got the stop signal. */
  beforeSignal?: boolean;
};

const secs = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

export function summaryLine(o: ProgramOutcome): string {
  if (o.killed) return `shutdown: ${o.name} killed with SIGKILL after ${secs(o.ms)} (its grace period was ${secs(o.graceMs)})`;
  const how = o.exitSignal
    ? `ended by ${o.exitSignal.startsWith("SIG") ? o.exitSignal : `SIG${o.exitSignal}`}`
    : `exited with code ${o.exitCode ?? "?"}`;
  if (o.beforeSignal) return `shutdown: ${o.name} ${how} by itself ${secs(o.ms)} into the shutdown, before its stop signal`;
  return `shutdown: ${o.name} ${how} after ${secs(o.ms)}, by itself within its grace period`;
}

export type ShutdownTotals = {
  ms: number;
  stopped: number;
  killed: number;
  swept: number;
  sweptKilled: number;
  escalated: boolean;
  fatal: boolean;
  /** Programs whose spawn was still waiting for its turn when the shutdown came. */
  notStarted?: number;
};

/** 0 when everything stopped by itself; 1 when anything needed SIGKILL, or exit_on_fatal fired. */
export function exitStatus(t: ShutdownTotals): number {
  return t.killed > 0 || t.sweptKilled > 0 || t.escalated || t.fatal ? 1 : 0;
}

export function finalLine(t: ShutdownTotals): string {
  const parts = [`${t.stopped} program(s) stopped`, `${t.killed} killed`];
  if (t.notStarted) parts.push(`${t.notStarted} never started`);
  if (t.swept > 0) parts.push(`${t.swept} leftover process(es) swept (${t.sweptKilled} killed)`);
  if (t.escalated) parts.push("escalated to SIGKILL by a second signal");
  return `shutdown complete in ${secs(t.ms)}: ${parts.join(", ")}; exit status ${exitStatus(t)}`;
}

/** Plan lines logged at most: a shutdown of thousands says how many more there were. */
export const PLAN_LINES = 50;

/**
 * The schedule at the start of a shutdown, as log lines (`shutdown plan: db: signal at 6.2 s at
 * the latest, SIGKILL by 8.3 s`), at most PLAN_LINES of them, in stop order.
 */
export function planLines(lines: readonly string[]): string[] {
  const shown = lines.slice(0, PLAN_LINES).map((l) => `shutdown plan: ${l}`);
  if (lines.length > PLAN_LINES) shown.push(`shutdown plan: … and ${lines.length - PLAN_LINES} more`);
  return shown;
}
