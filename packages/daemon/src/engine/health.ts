import { type DaemonState, displayName, type HealthResult, type ProcessInfo } from "@grace/protocol";

/**
 * `health` (issue 14) decided from what status would show: healthy when graced is neither
 * draining nor stopping and each judged process is RUNNING (and ready, when asked). Pure.
 */
/** `done`: a one-shot task (something waits for it to be `done`) that exited as expected: healthy. */
export type Judged = { info: ProcessInfo; autostart: boolean; done?: boolean };

export type HealthQuery = {
  /** The processes the names matched, or every process when no name was given. */
  procs: readonly Judged[];
  /** Names were given: judge each matched process; none: only the autostart ones. */
  named: boolean;
  unknown: readonly string[];
  ready: boolean;
  phase: DaemonState;
};

export function judgeHealth(q: HealthQuery): HealthResult {
  const judged = q.named ? q.procs : q.procs.filter((p) => p.autostart);
  const problems = judged.flatMap(({ info, done }) => {
    const why = done ? null : problemOf(info, q.ready);
    return why === null ? [] : [{ fullName: displayName(info.group, info.name), why }];
  });
  const healthy = q.phase === "running" && problems.length === 0 && q.unknown.length === 0;
  return { healthy, phase: q.phase, checked: judged.length, problems, unknown: [...q.unknown] };
}

/** Why a process is not healthy, or null when it is: its state and what status says of it. */
function problemOf(info: ProcessInfo, ready: boolean): string | null {
  if (info.statename === "RUNNING") return ready && info.ready === false ? info.readiness : null;
  const detail = info.waiting || info.spawnerr || (info.statename === "STARTING" ? "" : info.description);
  return detail ? `${info.statename} (${detail})` : info.statename;
}
