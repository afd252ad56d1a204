import { readdirSync, readFileSync } from "node:fs";
import { type ProcEntry, parseStat } from "./proc.js";

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
