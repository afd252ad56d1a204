import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import type { Readable } from "node:stream";
import type { ProgramConfig } from "../config/model.js";
import { groupHasLiveMember } from "../pid1/proc.js";
import { readProcTable } from "../pid1/read-proc.js";
import { type Account, targetAccount } from "./account.js";
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
  /** Does the process group still have a running member (zombies do not count)? */
  groupAlive(pgid: number): boolean;
};

/** The working directory must exist before we fork; say so in supervisord's words. */
function checkDirectory(cwd: string): void {
  let isDir = false;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch (e) {
    throw new Error(`couldn't chdir to ${cwd}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  if (!isDir) throw new Error(`couldn't chdir to ${cwd}: ENOTDIR`);
}

let setprivPath: string | null | undefined;
/** util-linux setpriv, if installed: the one way to keep supplementary groups (libuv clears them). */
function setpriv(): string | null {
  if (setprivPath === undefined) {
    try {
      setprivPath = resolveProgram("setpriv", "/usr/bin:/bin:/usr/sbin:/sbin", "/");
    } catch {
      setprivPath = null;
    }
  }
  return setprivPath;
}

/** How to exec `file args` as `account`: through setpriv (uid, gid, groups) or libuv's uid/gid. */
export function asAccount(file: string, args: string[], account: Account | null, setprivFile: string | null) {
  if (account === null) return { file, args, ids: {} };
  if (setprivFile === null) return { file, args, ids: { uid: account.uid, gid: account.gid } };
  const groups = account.groups.length > 0 ? `--groups=${account.groups.join(",")}` : "--clear-groups";
  return { file: setprivFile, args: [`--reuid=${account.uid}`, `--regid=${account.gid}`, groups, "--", file, ...args], ids: {} };
}

export const realSpawner: Spawner = {
  spawn(cfg, env) {
    const cwd = cfg.directory ?? process.cwd();
    checkDirectory(cwd);
    const words = splitCommand(cfg.command);
    const program = resolveProgram(words[0] ?? "", env.PATH, cwd);
    const account = targetAccount(cfg.user, process.getuid?.() ?? 0);
    const { file, args, ids } = asAccount(program, words.slice(1), account, account ? setpriv() : null);
    // libuv's fork+exec is synchronous, so the umask set here is the child's and nobody else's;
    // libuv also gives the child default signal dispositions and an empty signal mask
    const previousUmask = cfg.umask === null ? null : process.umask(cfg.umask);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        argv0: account ? file : words[0],
        cwd,
        env,
        ...ids,
        // detached = setsid(): own session and process group, so signals reach the whole tree
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } finally {
      if (previousUmask !== null) process.umask(previousUmask);
    }
    if (child.pid === undefined) {
      child.once("error", () => {});
      throw new Error(`spawn of '${program}' failed`);
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
    } catch {
      return false; // ESRCH: nobody left, not even a zombie
    }
    // kill(-pgid, 0) also finds zombies: a `sh -c 'loop; sleep'` leaves its sleep dead but
    // unreaped until its new parent collects it; it has finished, so it must not hold the stop
    return groupHasLiveMember(readProcTable(), pgid);
  },
};
