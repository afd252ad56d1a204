import { closeSync, openSync, readdirSync, readSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Random bytes for AUTO names, read from /dev/urandom a few names' worth at a time (node:crypto would cost 0.6 MB of RSS). */
let pool = Buffer.alloc(0);
let used = 0;
function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = Buffer.alloc(bytes * 64);
    const fd = openSync("/dev/urandom", "r");
    try {
      readSync(fd, pool);
    } finally {
      closeSync(fd);
    }
    used = 0;
  }
  used += bytes;
  return pool.toString("hex", used - bytes, used);
}

/**
 * AUTO log files live in childlogdir and say whose they are: `web-stdout---grace-3f9a1c.log`,
 * `worker_01-stderr---grace-….log` (supervisord's pattern: process, stream, identifier, and a
 * random part so two daemons sharing /tmp never write into each other's files).
 */
export function autoLogPath(dir: string, processName: string, stream: "stdout" | "stderr", identifier: string): string {
  const safe = processName.replace(/[^A-Za-z0-9_.-]/g, "_");
  return join(dir, `${safe}-${stream}---${identifier}-${randomHex(3)}.log`);
}

/** Does this file name look like one of our AUTO logs (or one of its backups)? */
export function isAutoLogName(file: string, identifier: string): boolean {
  const id = identifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^.+-(stdout|stderr)---${id}-[0-9a-f]{6}\\.log(\\.\\d+)?$`).test(file);
}

/**
 * Remove AUTO logs a previous graced left in childlogdir (unless `nocleanup`). Returns how
 * many were removed; a missing or unreadable directory removes nothing.
 */
export function cleanAutoLogs(dir: string, identifier: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!isAutoLogName(name, identifier)) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed++;
    } catch {
      // not ours to insist on: another user's file, or it vanished
    }
  }
  return removed;
}
