import { displayName, type ProcessInfo, type StateName } from "@grace/protocol";

/** One program's line in the live progress of stop/restart/shutdown. Times in Unix seconds. */
export type ProgressEntry = {
  label: string;
  state: StateName;
  /** When its stop signal went out, 0 before that. */
  stopstart: number;
  /** Its grace period in seconds (clamped by a shutdown budget while STOPPING). */
  grace: number;
  /** When it left STOPPING, 0 while it has not. */
  stoppedAt: number;
  /** SIGKILL ended it. */
  killed: boolean;
  /** Before its turn: the latest moment it gets its stop signal by graced's plan; 0 = not known. */
  signalBy: number;
};

export function entryFromInfo(info: ProcessInfo): ProgressEntry {
  return {
    label: displayName(info.group, info.name),
    state: info.statename,
    stopstart: info.stopstart,
    grace: info.stopwaitsecs,
    stoppedAt: 0,
    killed: false,
    signalBy: info.signalBy ?? 0,
  };
}

/** The entry after a state change seen at `now`. Pure. */
export function advanceEntry(e: ProgressEntry, info: ProcessInfo, now: number): ProgressEntry {
  const next = { ...e, state: info.statename, signalBy: info.signalBy ?? e.signalBy };
  if (info.statename === "STOPPING") return { ...next, stopstart: info.stopstart || now, grace: info.stopwaitsecs, stoppedAt: 0 };
  if (e.state === "STOPPING") return { ...next, stoppedAt: now, killed: info.exitsignal === "SIGKILL" };
  return next;
}

const secs = (s: number) => `${s.toFixed(1)}s`;

/** What the operator needs to see: which program holds things up, and how long it has left. */
function progressText(e: ProgressEntry, now: number): string {
  if (e.stopstart === 0) {
    if (e.signalBy === 0) return "waiting for its turn";
    return `waiting for its turn, signal in ${secs(Math.max(0, e.signalBy - now))} at the latest`;
  }
  if (e.stoppedAt === 0) return `${secs(now - e.stopstart)} of ${e.grace}s grace`;
  const took = `after ${secs(e.stoppedAt - e.stopstart)}`;
  return e.killed ? `${took}, killed at the end of its grace period` : took;
}

/** Aligned lines, one per program: `web      STOPPING  3.2s of 10s grace`. */
export function progressLines(entries: readonly ProgressEntry[], now: number, columns = 0): string[] {
  const width = Math.max(4, ...entries.map((e) => e.label.length)) + 2;
  return entries.map((e) => {
    const line = `${e.label.padEnd(width)}${e.state.padEnd(10)}${progressText(e, now)}`;
    // a wrapped line would break the cursor arithmetic of the redraw
    return columns > 0 && line.length >= columns ? line.slice(0, columns - 1) : line;
  });
}
