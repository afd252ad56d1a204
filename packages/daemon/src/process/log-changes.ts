import { displayName, type StateName } from "@grace/protocol";
import type { Logger } from "../logs/logger.js";
import { exitText } from "./describe.js";
import type { ManagedProcess } from "./managed-process.js";

/** One log line per state change, in supervisord's words so existing log searches still match. */
export function describeChange(p: ManagedProcess, from: StateName): string | null {
  const name = displayName(p.cfg.group, p.cfg.name);
  const r = p.record;
  if (from === p.state) {
    // a change in place: readiness, or the start gate's hold
    if (p.state === "RUNNING" && r.ready) return `ready: ${name} passed its ready_check`;
    return p.held ? `${name}: ${p.held}` : null;
  }
  switch (p.state) {
    case "STARTING":
      return null; // "spawned" is logged once the pid is known
    case "RUNNING":
      // supervisord says this with startsecs=0 too ("> than 0 seconds")
      return `success: ${name} entered RUNNING state, process has stayed up for > than ${p.cfg.startsecs} seconds (startsecs)`;
    case "BACKOFF":
      return r.spawnerr ? `spawnerr: ${r.spawnerr}` : `exited: ${name} (${exitText(r)}; not expected)`;
    case "FATAL":
      return `gave up: ${name} entered FATAL state, ${r.spawnerr && r.spawnerr !== "Exited too quickly (process log may have details)" ? r.spawnerr : "too many start retries too quickly"}`;
    case "EXITED": {
      const expected = r.exitSignal === null && r.exitCode !== null && p.cfg.exitcodes.includes(r.exitCode);
      // an immediate restart (restartAt = stoppedAt) is said by the "spawned" line that follows
      const damped = r.restartAt > r.stoppedAt ? `, restarting in ${Math.round((r.restartAt - r.stoppedAt) / 1000)}s` : "";
      return `exited: ${name} (${exitText(r)}; ${expected ? "expected" : "not expected"})${damped}`;
    }
    case "STOPPING":
      return `waiting for ${name} to stop`;
    case "STOPPED":
      return from === "STOPPING" ? `stopped: ${name} (${r.killed ? "killed by SIGKILL" : exitText(r) || "exited"})` : null;
    default:
      return null;
  }
}

export function logChanges(logger: Logger): (p: ManagedProcess, from: StateName) => void {
  return (p, from) => {
    const line = describeChange(p, from);
    if (!line) return;
    // what a waiting program waits for changes with every step of its dependencies: debug
    if (from === p.state && p.held) logger.debug(line);
    else (p.state === "FATAL" || p.state === "BACKOFF" ? logger.warn : logger.info)(line);
  };
}

export function logSpawned(logger: Logger): (p: ManagedProcess, pid: number) => void {
  return (p, pid) => logger.info(`spawned: '${displayName(p.cfg.group, p.cfg.name)}' with pid ${pid}`);
}
