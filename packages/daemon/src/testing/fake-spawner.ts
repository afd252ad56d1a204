import { type ExitHandler, type Spawner, spawnError } from "../process/spawner.js";

export type FakeSpawnerOptions = {
  /** Does the program ignore this signal (so only SIGKILL ends it)? */
  ignores?: (signal: string) => boolean;
  /** An errno code (e.g. "EAGAIN") to refuse the next spawn with, or null to let it through. */
  refuse?: () => string | null;
};

/**
 * A spawner without processes, for engine tests: pids count up; a signal ends the process on
 * the next tick, unless `ignores` says the program ignores that signal; `exit` ends one by
 * itself, at once. `attempts` counts every spawn asked for, refused or not; `spawned` names the
 * ones that got a pid.
 */
export function fakeSpawner(opts: FakeSpawnerOptions | ((signal: string) => boolean) = {}) {
  const { ignores = () => false, refuse = () => null } = typeof opts === "function" ? { ignores: opts } : opts;
  let nextPid = 100;
  const exits = new Map<number, ExitHandler>();
  const spawned: string[] = [];
  const signals: string[] = [];
  let attempts = 0;
  const spawner: Spawner = {
    spawn(cfg) {
      attempts++;
      const code = refuse();
      if (code !== null) throw spawnError(cfg.command, code);
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
  /** The child `pid` exits by itself, now (its exit is reported synchronously). */
  const exit = (pid: number, code: number | null, signal: string | null = null) => exits.get(pid)?.(code, signal);
  return { spawner, spawned, signals, attempts: () => attempts, exit };
}
