// A daemon's CPU time and memory, read from /proc (Linux).
import { readFileSync, writeFileSync } from "node:fs";
import { readStat } from "../../packages/daemon/dist/pid1/read-proc.js";

const TICK = 100; // CLK_TCK

/** User + system CPU seconds of every thread of `pid` so far (not of its children). */
export function cpuSeconds(pid) {
  const stat = readStat(pid);
  if (stat?.utime === undefined) throw new Error(`cannot read the CPU time of pid ${pid}`);
  return (stat.utime + (stat.stime ?? 0)) / TICK;
}

/** A figure of /proc/PID/status in MB (VmRSS: resident now, VmHWM: the peak since start or the last resetPeak). */
export function statusMb(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]) / 1024;
}

/** Start VmHWM over from the current RSS (writing 5 to clear_refs, Linux ≥ 4.0), so it shows the peak of what follows. */
export function resetPeak(pid) {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
