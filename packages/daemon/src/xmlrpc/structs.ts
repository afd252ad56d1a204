import { Fault, type NameResult, type ProcessInfo } from "@grace/protocol";
import { formatDate, formatUptime } from "../process/describe.js";
import { TOO_QUICK } from "../process/transition.js";
import { faultText } from "./faults.js";
import { namespecOf } from "./namespec.js";

/** supervisord's getProcessInfo struct, its fields in supervisord's order. */
export type ProcessInfoStruct = {
  name: string;
  group: string;
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: string;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
  description: string;
};

/** One process's outcome in a group or "all" call. */
export type StatusStruct = { name: string; group: string; status: number; description: string };

/** XML-RPC's int is 32 bits: supervisord caps times to it (they saturate in 2038). */
const MAXINT = 2 ** 31 - 1;
const capped = (n: number) => Math.max(-MAXINT - 1, Math.min(MAXINT, Math.floor(n)));

/**
 * supervisord's reason for a process in BACKOFF or FATAL: grace leaves `spawnerr` empty when a
 * process merely exited too quickly, supervisord fills it with these words.
 */
function spawnerrOf(info: ProcessInfo): string {
  if (info.spawnerr) return info.spawnerr;
  return info.statename === "BACKOFF" || info.statename === "FATAL" ? TOO_QUICK : "";
}

/**
 * supervisord's description (rpcinterface._interpretProcessInfo), not grace's: tools compare
 * it with what supervisord shows, so an EXITED process shows its stop date without the status.
 */
export function supervisordDescription(info: ProcessInfo): string {
  switch (info.statename) {
    case "RUNNING":
      return `pid ${info.pid}, uptime ${formatUptime(info.now - info.start)}`;
    case "BACKOFF":
    case "FATAL":
      return spawnerrOf(info) || `unknown error (try "tail ${info.name}")`;
    case "STOPPED":
    case "EXITED":
      return info.start ? formatDate(info.stop * 1000) : "Not started";
    default:
      return "";
  }
}

export function processInfoStruct(info: ProcessInfo): ProcessInfoStruct {
  return {
    name: info.name,
    group: info.group,
    start: capped(info.start),
    stop: capped(info.stop),
    now: capped(info.now),
    state: info.state,
    statename: info.statename,
    spawnerr: spawnerrOf(info),
    // supervisord's exit status of a process killed by a signal is -1
    exitstatus: info.exitsignal !== null ? -1 : (info.exitstatus ?? 0),
    logfile: info.stdout_logfile,
    stdout_logfile: info.stdout_logfile,
    stderr_logfile: info.stderr_logfile,
    pid: info.pid,
    description: supervisordDescription(info),
  };
}

/**
 * The fault detail supervisord gives for a process's failure: the daemon's words where they
 * say why (no file, not executable, failed), the signal for BAD_SIGNAL, nothing for
 * SHUTDOWN_STATE, and the process's namespec otherwise.
 */
export function detailFor(code: number, namespec: string, description: string, signal?: string): string | undefined {
  if (code === Fault.SHUTDOWN_STATE) return undefined;
  if (code === Fault.BAD_SIGNAL && signal !== undefined) return signal;
  if (code === Fault.NO_FILE || code === Fault.NOT_EXECUTABLE || code === Fault.FAILED) return description;
  return namespec;
}

/** A grace per-name result as supervisord's status struct: "OK", or the fault text. */
export function statusStruct(r: NameResult, signal?: string): StatusStruct {
  const namespec = namespecOf(r);
  const ok = r.status === Fault.SUCCESS;
  return {
    name: r.name,
    group: r.group,
    status: r.status,
    description: ok ? "OK" : faultText(r.status, detailFor(r.status, namespec, r.description, signal)),
  };
}
