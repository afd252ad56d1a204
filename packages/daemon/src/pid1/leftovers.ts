import { readFileSync } from "node:fs";
import { judgeLeftovers } from "./orphans.js";
import { isGracedPid, readEnvTable } from "./read-proc.js";

/** judgeLeftovers on the real pidfile and /proc (see orphans.ts). */
export function findLeftovers(socket: string, pidfile: string | null): ReturnType<typeof judgeLeftovers> {
  return judgeLeftovers({
    self: process.pid,
    socket,
    pidfile,
    readPidfile: () => readText(pidfile),
    isGraced: (pid) => isGracedPid(pid),
    readEnvTable: () => readEnvTable(`unix://${socket}`, process.pid),
  });
}

function readText(path: string | null): string | null {
  try {
    return path === null ? null : readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
