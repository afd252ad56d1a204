import type { ExitHandler, Spawner } from "../process/spawner.js";

/**
 * A spawner without processes, for engine tests: pids count up; a signal ends the process on
 * the next tick, unless `ignores` says the program ignores that signal.
 */
export function fakeSpawner(ignores: (signal: string) => boolean = () => false) {
  let nextPid = 100;
  const exits = new Map<number, ExitHandler>();
  const spawned: string[] = [];
  const signals: string[] = [];
  const spawner: Spawner = {
    spawn(cfg) {
      const pid = nextPid++;
      spawned.push(`${cfg.group}:${cfg.name}`);
      return { pid, stdout: null, stderr: null, onExit: (h) => exits.set(pid, h) };
    },
    signal(pid, signal) {
      signals.push(`${pid}:${signal}`);
      if (!ignores(signal)) setImmediate(() => exits.get(pid)?.(null, `SIG${signal}`));
    },
    groupAlive: () => false,
  };
  return { spawner, spawned, signals };
}
