import { fullName, type ProcessInfo, ProcessState } from "@grace/protocol";
import type { ProgramConfig } from "../config/model.js";
import type { ProcRecord } from "./record.js";

const isStopped = (s: ProcRecord["state"]) => s === "STOPPED" || s === "EXITED" || s === "FATAL";

import { TOO_QUICK } from "./transition.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** supervisord's date style: "Nov 27 11:04 PM" (local time). */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const h = d.getHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(h)}:${pad(d.getMinutes())} ${d.getHours() < 12 ? "AM" : "PM"}`;
}

/** Python's str(timedelta) for whole seconds: "0:00:05", "1 day, 2:03:04". */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const rest = s % 86400;
  const hms = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, "0")}:${String(rest % 60).padStart(2, "0")}`;
  return days === 0 ? hms : `${days} day${days === 1 ? "" : "s"}, ${hms}`;
}

export function exitText(r: Pick<ProcRecord, "exitCode" | "exitSignal">): string {
  if (r.exitSignal !== null) return `terminated by ${r.exitSignal}`;
  if (r.exitCode !== null) return `exit status ${r.exitCode}`;
  return "";
}

const join = (...parts: string[]) => parts.filter(Boolean).join(", ");

/** The one-line description of SPEC §3; shows the exit status where supervisord shows only a date. */
export function describe(r: ProcRecord, now: number): string {
  const restartIn = r.restartAt > now ? `restarting in ${Math.ceil((r.restartAt - now) / 1000)}s` : "";
  switch (r.state) {
    case "RUNNING":
      return `pid ${r.pid}, uptime ${formatUptime((now - r.startedAt) / 1000)}`;
    case "STARTING":
      return r.pid ? `pid ${r.pid}` : "";
    case "STOPPING": {
      const elapsed = Math.floor((now - r.stopStartedAt) / 1000);
      return join(r.pid ? `pid ${r.pid}` : "", `stopping ${elapsed}s of ${Math.round(r.stopGraceMs / 1000)}s`, r.killed ? "killed" : "");
    }
    case "STOPPED":
      return r.stoppedAt === 0 ? "Not started" : formatDate(r.stoppedAt);
    case "EXITED":
      return join(exitText(r), formatDate(r.stoppedAt), restartIn);
    case "BACKOFF":
      return join(r.spawnerr || TOO_QUICK, exitText(r), restartIn);
    case "FATAL":
      return join(r.spawnerr || TOO_QUICK, exitText(r));
    case "UNKNOWN":
      return join(r.pid ? `pid ${r.pid}` : "", r.spawnerr);
    default:
      return "";
  }
}

/** Whether the run's ready_check passed since its spawn; null without one (it is ready once RUNNING). */
export function readyOf(cfg: Pick<ProgramConfig, "readyCheck">, r: Pick<ProcRecord, "ready">): boolean | null {
  return cfg.readyCheck === null ? null : r.ready;
}

/** With a ready_check, while it runs: `ready` or `not ready: why` (readiness/probe.ts's words). */
export function readinessOf(cfg: ProgramConfig, r: ProcRecord): string {
  if (cfg.readyCheck === null || (r.state !== "RUNNING" && r.state !== "STARTING")) return "";
  return r.ready ? "ready" : `not ready${r.readyNote ? `: ${r.readyNote}` : ""}`;
}

/**
 * `held`: why the start gate holds it (issue 14), shown instead of the date of a stopped process.
 * A run's readiness comes first in the description: `RUNNING   ready, pid 12, uptime 0:00:03`.
 */
export function processInfo(
  cfg: ProgramConfig,
  r: ProcRecord,
  now: number,
  logs: { stdout: string; stderr: string },
  held = "",
): ProcessInfo {
  const sec = (ms: number) => Math.floor(ms / 1000);
  const readiness = readinessOf(cfg, r);
  const waiting = isStopped(r.state) ? held : "";
  const described = describe(r, now);
  return {
    fullName: fullName(cfg.group, cfg.name),
    name: cfg.name,
    group: cfg.group,
    state: ProcessState[r.state],
    statename: r.state,
    pid: r.pid,
    start: sec(r.startedAt),
    stop: sec(r.stoppedAt),
    now: sec(now),
    uptime: r.state === "RUNNING" ? sec(now - r.startedAt) : 0,
    exitstatus: r.exitCode,
    exitsignal: r.exitSignal,
    spawnerr: r.spawnerr,
    description: waiting || (readiness && r.state === "RUNNING" ? join(readiness, described) : described),
    stdout_logfile: logs.stdout,
    stderr_logfile: logs.stderr,
    stopwaitsecs: r.state === "STOPPING" ? r.stopGraceMs / 1000 : cfg.stopwaitsecs,
    stopstart: r.state === "STOPPING" ? r.stopStartedAt / 1000 : 0,
    restartIn: r.restartAt > now ? Math.ceil((r.restartAt - now) / 1000) : 0,
    ready: readyOf(cfg, r),
    readiness,
    waiting,
  };
}
