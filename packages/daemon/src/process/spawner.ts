import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { ProgramConfig } from "../config/model.js";
import { resolveProgram, splitCommand } from "./command.js";

export type ExitHandler = (code: number | null, signal: string | null) => void;

export type ChildHandle = {
  pid: number;
  stdout: Readable | null;
  stderr: Readable | null;
  onExit(handler: ExitHandler): void;
};

/** The one seam through which the engine touches processes; tests may swap it. */
export type Spawner = {
  /** Start the program in its own session and process group; throws with a human message. */
  spawn(cfg: ProgramConfig, env: Record<string, string>): ChildHandle;
  /** Send a signal to the pid, or to its whole process group. Missing targets are not errors. */
  signal(pid: number, signal: string, group: boolean): void;
  /** Does the process group still have members? */
  groupAlive(pgid: number): boolean;
};

export const realSpawner: Spawner = {
  spawn(cfg, env) {
    const cwd = cfg.directory ?? process.cwd();
    const words = splitCommand(cfg.command);
    const file = resolveProgram(words[0] ?? "", env.PATH, cwd);
    const child = spawn(file, words.slice(1), {
      argv0: words[0],
      cwd,
      env,
      // detached = setsid(): own session and process group, so signals reach the whole tree
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (child.pid === undefined) {
      let reason = "spawn failed";
      child.once("error", (e) => {
        reason = e.message;
      });
      throw new Error(reason);
    }
    const pid = child.pid;
    return {
      pid,
      stdout: child.stdout,
      stderr: child.stderr,
      onExit(handler) {
        child.once("exit", (code, signal) => handler(code, signal));
      },
    };
  },

  signal(pid, signal, group) {
    if (pid <= 0) return;
    try {
      process.kill(group ? -pid : pid, `SIG${signal}` as NodeJS.Signals);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
    }
  },

  groupAlive(pgid) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  },
};
