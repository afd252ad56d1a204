import { statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import type { Diagnostic } from "@grace/ini";
import type { DaemonConfig, ProgramConfig } from "./model.js";
import { stdStreamOf } from "./std-paths.js";
import type { Locate } from "./validate.js";

/**
 * Log paths whose directory does not exist. supervisord refuses such a config at load; graced
 * would start and drop that output at run time with one error, so `--check` says it first.
 * A warning, not an error: a directory may be created by a program that starts earlier.
 * The socket's directory and its missing parents are no such case: graced creates them
 * (`mkdir -p`, rpc/server.ts) before anything is logged or spawned, e.g. `/tmp/grace-demo`
 * holding both the socket and the AUTO logs.
 */
const isStd = (path: string) => stdStreamOf(path) !== null;

export function checkLogDirs(
  daemon: DaemonConfig,
  programs: ProgramConfig[],
  socket: string | null,
  locate: Locate,
  out: Diagnostic[],
): void {
  const madeForSocket = socket === null ? null : resolve(dirname(socket));
  const isDir = (path: string) => {
    const dir = resolve(path);
    return existingDir(dir) || (madeForSocket !== null && (madeForSocket === dir || madeForSocket.startsWith(dir + sep)));
  };
  const warned = new Set<string>();
  const warn = (section: string, key: string, message: string) => {
    if (warned.has(`${section}/${key}`)) return;
    warned.add(`${section}/${key}`);
    const { file, line } = locate(section, key);
    out.push({ severity: "warning", file, line, section, key, message });
  };
  if (daemon.logfile !== null && !isStd(daemon.logfile) && !isDir(dirname(daemon.logfile)))
    warn("supervisord", "logfile", noDir(daemon.logfile, "graced's own log"));
  let autoUsed = false;
  for (const p of programs) {
    for (const stream of ["stdout", "stderr"] as const) {
      if (stream === "stderr" && p.redirectStderr) continue;
      const logfile = p[stream].logfile;
      if (logfile === "AUTO") autoUsed = true;
      else if (logfile !== null && !isStd(logfile) && !isDir(dirname(logfile)))
        warn(`program:${p.program}`, `${stream}_logfile`, noDir(logfile, `${p.name}'s ${stream}`));
    }
  }
  if (autoUsed && !isDir(daemon.childlogdir))
    warn(
      "supervisord",
      "childlogdir",
      `${JSON.stringify(daemon.childlogdir)} is not an existing directory; AUTO program logs cannot be written there`,
    );
}

const noDir = (path: string, what: string) =>
  `the directory of ${JSON.stringify(path)} does not exist; ${what} will be dropped until it is created`;

function existingDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
