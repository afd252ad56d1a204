import { readdirSync, readFileSync } from "node:fs";
import { type EnvEntry, parseEnviron } from "./orphans.js";
import { isZombie, type ProcEntry, parseStat } from "./proc.js";

/**
 * The whole process table, read from /proc. Processes that vanish while it is read are skipped;
 * without /proc (not Linux) the table is empty, and the duties that need it quietly do nothing.
 */
export function readProcTable(root = "/proc"): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const table: ProcEntry[] = [];
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue; // not a pid
    try {
      const entry = parseStat(readFileSync(`${root}/${name}/stat`, "utf8"));
      if (entry) table.push(entry);
    } catch {
      // exited between readdir and read
    }
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
 * Every live process with its environment where graced may read it (its own user's; all as
 * root), for finding the programs an earlier graced left running. Only environments that
 * mention `needle` are parsed; the rest get an empty one (they still link parents to children).
 */
export function readEnvTable(needle: string, root = "/proc"): EnvEntry[] {
  const out: EnvEntry[] = [];
  for (const e of readProcTable(root)) {
    if (isZombie(e)) continue;
    let text = "";
    try {
      text = readFileSync(`${root}/${e.pid}/environ`, "utf8");
    } catch {
      // another user's process, or gone
    }
    out.push({ pid: e.pid, ppid: e.ppid, pgrp: e.pgrp, env: text.includes(needle) ? parseEnviron(text) : new Map() });
  }
  return out;
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
