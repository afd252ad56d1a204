import { displayName } from "@grace/protocol";

/**
 * Programs left running by an earlier graced on the same socket that died without stopping them
 * (kill -9, an OOM kill). Every child of graced carries GRACE_SERVER_URL (and supervisord's
 * SUPERVISOR_SERVER_URL) naming the socket, and GRACE_PROCESS_NAME/GRACE_GROUP_NAME
 * (process/environment.ts); /proc/PID/environ shows them for processes of graced's user, and all
 * of them to root. Starting beside them would run every program twice, so graced refuses and
 * names them. Pure: read-proc.ts reads the environments.
 */
export type EnvEntry = { pid: number; ppid: number; pgrp: number; env: Map<string, string> };
export type Orphan = { pid: number; pgrp: number; name: string };

/** NUL-separated `KEY=value` pairs, as /proc/PID/environ holds them. */
export function parseEnviron(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const pair of text.split("\0")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && !env.has(pair.slice(0, eq))) env.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return env;
}

/** The server URL a program was started with: grace's own variable first, else supervisord's. */
const serverUrlOf = (env: Map<string, string>) => env.get("GRACE_SERVER_URL") ?? env.get("SUPERVISOR_SERVER_URL");
const nameOf = (env: Map<string, string>) => env.get("GRACE_PROCESS_NAME") ?? env.get("SUPERVISOR_PROCESS_NAME");

/**
 * The processes that a supervisor listening on `serverUrl` started, topmost only (a program's
 * own children inherit its environment), leaving out graced itself and its ancestors.
 */
export function findOrphans(procs: readonly EnvEntry[], serverUrl: string, self: number): Orphan[] {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const mine = new Set<number>();
  for (let p = byPid.get(self); p !== undefined && !mine.has(p.pid); p = byPid.get(p.ppid)) mine.add(p.pid);
  const matched = procs.filter((p) => !mine.has(p.pid) && serverUrlOf(p.env) === serverUrl && nameOf(p.env) !== undefined);
  const matchedPids = new Set(matched.map((p) => p.pid));
  return matched
    .filter((p) => !matchedPids.has(p.ppid))
    .map((p) => {
      const name = nameOf(p.env) as string;
      const group = p.env.get("GRACE_GROUP_NAME") ?? p.env.get("SUPERVISOR_GROUP_NAME") ?? name;
      return { pid: p.pid, pgrp: p.pgrp, name: displayName(group, name) };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.pid - b.pid);
}

/** At most this many are named; a numprocs=500 program would make an unreadable line. */
const MAX_NAMED = 20;

/** The refusal: who is still running, why graced will not start, and the command that ends them. */
export function orphansMessage(orphans: readonly Orphan[], socket: string, stalePidfile: string | null): string {
  const named = orphans.slice(0, MAX_NAMED).map((o) => `${o.name} (pid ${o.pid})`);
  if (orphans.length > MAX_NAMED) named.push(`and ${orphans.length - MAX_NAMED} more`);
  // a program leads its own process group (graced starts each in its own session): end it whole
  const targets = orphans.map((o) => (o.pgrp === o.pid ? `-${o.pid}` : `${o.pid}`));
  const n = orphans.length;
  return (
    `${n} program process${n === 1 ? "" : "es"} started by an earlier graced on ${socket} ${n === 1 ? "is" : "are"} still running: ` +
    `${named.join(", ")}. ${stalePidfile ? `${stalePidfile}. ` : ""}That graced did not stop ${n === 1 ? "it" : "them"} ` +
    `(killed with SIGKILL?); starting now would run ${n === 1 ? "it" : "them"} twice. ` +
    `Stop ${n === 1 ? "it" : "them"} first, e.g. kill -TERM -- ${targets.join(" ")}, then start graced again`
  );
}

/**
 * What the pidfile says before graced writes its own: "live" another graced runs with it (pid
 * reuse aside: `isGraced` reads the pid's command line), "stale" the last graced died without
 * removing it, "none" nothing to say.
 */
export function judgePidfile(
  text: string | null,
  self: number,
  isGraced: (pid: number) => boolean,
): { kind: "none" } | { kind: "live" | "stale"; pid: number } {
  const pid = Number(text?.trim());
  if (text === null || !Number.isInteger(pid) || pid <= 0 || pid === self) return { kind: "none" };
  return isGraced(pid) ? { kind: "live", pid } : { kind: "stale", pid };
}

export type LeftoverDeps = {
  self: number;
  socket: string;
  pidfile: string | null;
  readPidfile: () => string | null;
  isGraced: (pid: number) => boolean;
  readEnvTable: () => EnvEntry[];
};

/**
 * Before graced starts anything (and after it holds the socket's lock, so no live graced's
 * programs are mistaken for orphans): a refusal when another graced uses the pidfile or an
 * earlier graced's programs still run; a warning when only a stale pidfile tells of a crash.
 */
export function judgeLeftovers(deps: LeftoverDeps): { refuse: string | null; warning: string | null } {
  const pidfile = deps.pidfile === null ? ({ kind: "none" } as const) : judgePidfile(deps.readPidfile(), deps.self, deps.isGraced);
  if (pidfile.kind === "live")
    return { refuse: `another graced (pid ${pidfile.pid}) is running with the pidfile ${deps.pidfile}`, warning: null };
  const stale =
    pidfile.kind === "stale"
      ? `The pidfile ${deps.pidfile} names pid ${pidfile.pid}, which is not a running graced: it did not exit cleanly`
      : null;
  const orphans = findOrphans(deps.readEnvTable(), `unix://${deps.socket}`, deps.self);
  if (orphans.length > 0) return { refuse: orphansMessage(orphans, deps.socket, stale), warning: null };
  return { refuse: null, warning: stale };
}
