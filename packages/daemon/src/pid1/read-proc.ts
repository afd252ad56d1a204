import { readdirSync, readFileSync } from "node:fs";
import { type EnvEntry, parseEnviron } from "./orphans.js";
import { isZombie, type ProcEntry, parseStat } from "./proc.js";

/**
 * The whole process table, read from /proc. Processes that vanish while it is read are skipped;
 * without /proc (not Linux) the table is empty, and the duties that need it quietly do nothing.
 */
export function readProcTable(root = "/proc"): ProcEntry[] {
  const table: ProcEntry[] = [];
  for (const name of pidsIn(root)) {
    try {
      const entry = parseStat(readFileSync(`${root}/${name}/stat`, "utf8"));
      if (entry) table.push(entry);
    } catch {
      // exited between readdir and read
    }
  }
  return table;
}

/** The names of /proc's pid directories; none without /proc. */
function pidsIn(root: string): string[] {
  try {
    return readdirSync(root).filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57);
  } catch {
    return [];
  }
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
 * findOrphans needs to find the programs an earlier graced left running. Only those few stat
 * files are read: on a loaded host reading every stat costs far more than the environments.
 */
export function readEnvTable(needle: string, self: number, root = "/proc"): EnvEntry[] {
  const out = new Map<number, EnvEntry>();
  const add = (pid: number, env: Map<string, string>) => {
    try {
      const e = parseStat(readFileSync(`${root}/${pid}/stat`, "utf8"));
      if (e && !isZombie(e)) out.set(pid, { pid, ppid: e.ppid, pgrp: e.pgrp, env });
    } catch {
      // gone
    }
  };
  for (const name of pidsIn(root)) {
    try {
      const text = readFileSync(`${root}/${name}/environ`, "utf8");
      if (text.includes(needle)) add(Number(name), parseEnviron(text));
    } catch {
      // another user's process, or gone
    }
  }
  for (let pid = self, hops = 0; pid > 1 && hops < 1000; pid = out.get(pid)?.ppid ?? 0, hops++) {
    if (!out.has(pid)) add(pid, new Map());
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
