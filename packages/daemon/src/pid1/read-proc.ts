import { readdirSync, readFileSync } from "node:fs";
import { type EnvEntry, parseEnviron } from "./orphans.js";
import { groupHasLiveMember, isZombie, type ProcEntry, parseStat } from "./proc.js";

/**
 * The whole process table, read from /proc. Processes that vanish while it is read are skipped;
 * without /proc (not Linux) the table is empty, and the duties that need it quietly do nothing.
 */
export function readProcTable(root = "/proc"): ProcEntry[] {
  const table: ProcEntry[] = [];
  for (const name of pidsIn(root)) {
    // null: exited between readdir and read
    const entry = readStat(name, root);
    if (entry) table.push(entry);
  }
  return table;
}

/** One process's /proc/PID/stat, or null when it is gone (or the text is not a stat line). */
export function readStat(pid: number | string, root = "/proc"): ProcEntry | null {
  try {
    return parseStat(readFileSync(`${root}/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/** Does process group `pgid` have a member that is not a zombie, as the table is now? */
export function groupRunning(pgid: number, root = "/proc"): boolean {
  return groupHasLiveMember(readProcTable(root), pgid);
}

/** The names of /proc's pid directories; none without /proc. */
function pidsIn(root: string): string[] {
  try {
    return readdirSync(root).filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57);
  } catch {
    return [];
  }
}

/**
 * The children of process `self` that `skip` does not rule out, with their stat, read from
 * /proc/SELF/task/TID/children (every thread's list): O(children) instead of the whole table,
 * and no stat read for a child that is skipped. Null when the kernel has no such files
 * (CONFIG_PROC_CHILDREN): then the caller reads the whole table.
 */
export function readChildTable(self: number, skip: (pid: number) => boolean, root = "/proc"): ProcEntry[] | null {
  const pids = new Set<number>();
  try {
    for (const task of readdirSync(`${root}/${self}/task`)) {
      for (const word of readFileSync(`${root}/${self}/task/${task}/children`, "utf8").split(" ")) {
        const pid = Number(word);
        if (word !== "" && !skip(pid)) pids.add(pid);
      }
    }
  } catch {
    return null;
  }
  const table: ProcEntry[] = [];
  for (const pid of pids) {
    // null: reaped meanwhile
    const entry = readStat(pid, root);
    if (entry) table.push(entry);
  }
  return table;
}

/** The name of PID 1 as this process sees it ("" when unknown). */
export function readPid1Comm(root = "/proc"): string {
  try {
    return readFileSync(`${root}/1/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * The processes whose environment mentions `needle`, where graced may read it (its own user's;
 * all of them as root), with their environment, plus `self` and its ancestors (with none): what
 * findOrphans needs to find the programs an earlier graced left running.
 *
 * Reading an environment costs far more than a stat line (it walks the other process's memory;
 * ~0.1 ms each on the project's VM), so only candidates are read: session leaders (graced
 * starts every program in a session of its own) and processes whose session leader is gone (a
 * program's double-forked daemon). A process inside a live session is a descendant of its
 * leader, which is read in its place.
 */
export function readEnvTable(needle: string, self: number, root = "/proc"): EnvEntry[] {
  const table = readProcTable(root);
  const byPid = new Map(table.map((e) => [e.pid, e]));
  const out = new Map<number, EnvEntry>();
  const entry = (e: ProcEntry, env: Map<string, string>): EnvEntry => ({ pid: e.pid, ppid: e.ppid, pgrp: e.pgrp, env });
  for (const e of table) {
    const kernel = e.pid === 2 || e.ppid === 2;
    const leaderOrAlone = e.session === e.pid || !byPid.has(e.session ?? 0);
    if (kernel || isZombie(e) || !leaderOrAlone) continue;
    try {
      const text = readFileSync(`${root}/${e.pid}/environ`, "utf8");
      if (text.includes(needle)) out.set(e.pid, entry(e, parseEnviron(text)));
    } catch {
      // another user's process, or gone
    }
  }
  // graced's own ancestry (a racy snapshot could loop: at most as many hops as processes)
  for (let e = byPid.get(self), hops = 0; e !== undefined && hops < table.length; e = byPid.get(e.ppid), hops++) {
    if (!out.has(e.pid)) out.set(e.pid, entry(e, new Map()));
  }
  return [...out.values()];
}

/** Does `pid` run graced (its command line names it)? False when it is gone or unreadable. */
export function isGracedPid(pid: number, root = "/proc"): boolean {
  try {
    return readFileSync(`${root}/${pid}/cmdline`, "utf8")
      .split("\0")
      .some((arg) => /(^|\/)graced(\.cjs)?$/.test(arg));
  } catch {
    return false;
  }
}
