import type { Spawner } from "../process/spawner.js";

/**
 * The pids the Spawner made and has not yet reaped (libuv's, or posix_spawn's that
 * process/exit-watcher.ts waits for). The reaper must never waitpid() one of them: the exit
 * status belongs to the process engine. Every child graced spawns goes through the Spawner,
 * so wrapping it is enough to know them all.
 */
export function trackSpawns(spawner: Spawner): { spawner: Spawner; owned: (pid: number) => boolean } {
  const live = new Set<number>();
  return {
    owned: (pid) => live.has(pid),
    spawner: {
      ...spawner,
      spawn(cfg, env) {
        const child = spawner.spawn(cfg, env);
        live.add(child.pid);
        // it has been reaped when "exit" fires: from then on the pid is free for reuse
        child.onExit(() => live.delete(child.pid));
        return child;
      },
    },
  };
}
