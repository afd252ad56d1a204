import type { Logger } from "../logs/logger.js";
import { Pid1Duties } from "../pid1/duties.js";
import { killPid } from "../pid1/kill-pid.js";
import { loadLibc } from "../pid1/libc.js";
import { trackSpawns } from "../pid1/owned.js";
import { groupRunning, readChildTable, readPid1Comm, readProcTable } from "../pid1/read-proc.js";
import type { PosixChildren } from "../process/posix-child.js";
import { realSpawner, type Spawner } from "../process/spawner.js";
import type { ChildOutputs } from "../process/stdio.js";

/**
 * graced's children and what it owes them as PID 1: the spawner (whose pids it tracks, with a
 * zombie-aware group check from pid1/), the readiness probes it spawns besides, and the duties
 * (subreaper, orphan reaping) that know which pids are its own.
 */
export type Children = {
  spawner: Spawner;
  /** An exec: readiness probe's pid is graced's own until the function returned is called. */
  trackProbe: (pid: number) => () => void;
  pid1: Pid1Duties;
};

export function superviseChildren(opts: {
  logger: Logger;
  outputs: ChildOutputs;
  posix: PosixChildren;
  argv: readonly string[];
}): Children {
  const tracked = trackSpawns(realSpawner((pgid) => groupRunning(pgid), opts.outputs, opts.posix));
  // exec: readiness checks are children of graced too, spawned outside the Spawner
  const probes = new Set<number>();
  const trackProbe = (pid: number) => {
    probes.add(pid);
    return () => probes.delete(pid);
  };
  const pid1 = new Pid1Duties({
    logger: opts.logger,
    loadLibc,
    self: process.pid,
    ppid: process.ppid,
    pid1Comm: readPid1Comm,
    argv: opts.argv,
    owned: (pid) => tracked.owned(pid) || probes.has(pid),
    readTable: () => readProcTable(),
    readChildren: (skip) => readChildTable(process.pid, skip),
    kill: killPid,
  });
  return { spawner: tracked.spawner, trackProbe, pid1 };
}
