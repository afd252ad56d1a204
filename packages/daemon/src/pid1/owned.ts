import type { Spawner } from "../process/spawner.js";

/**
 * The pids libuv spawned and has not yet reaped. The reaper must never waitpid() one of them:
 * the exit status belongs to the process engine. Every child graced spawns goes through the
 * Spawner, so wrapping it is enough to know them all.
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
        // libuv has reaped it when "exit" fires: from then on the pid is free for reuse
        child.onExit(() => live.delete(child.pid));
        return child;
      },
    },
  };
}
