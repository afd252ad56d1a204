import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import type { Writable } from "node:stream";
import type { ProgramConfig } from "../config/model.js";
import { splitCommand } from "../config/split-command.js";
import type { OutputEnd } from "../logs/capture.js";
import { type Account, targetAccount } from "./account.js";
import { resolveProgram } from "./command.js";
import { PipeError } from "./pipe.js";
import type { PosixChildren } from "./posix-child.js";
import { type ChildOutputs, ChildStdio } from "./stdio.js";

export type ExitHandler = (code: number | null, signal: string | null) => void;

export type ChildHandle = {
  pid: number;
  /** A pipe to the child's stdin, as supervisord gives every child: an event listener's events, sendProcessStdin for the others. */
  stdin?: Writable | null;
  /** Instead of `stdin`: the write end of the child's stdin pipe, a bare fd until something is written (StdinPipes). */
  stdinFd?: number;
  stdout: OutputEnd | null;
  stderr: OutputEnd | null;
  onExit(handler: ExitHandler): void;
};

/** The one seam through which the engine touches processes; tests may swap it. */
export type Spawner = {
  /**
   * Start the program in its own session and process group; throws with a human message, a
   * SpawnError when the system refused the process.
   */
  spawn(cfg: ProgramConfig, env: Record<string, string>): ChildHandle;
  /** Send a signal to the pid, or to its whole process group. Missing targets are not errors. */
  signal(pid: number, signal: string, group: boolean): void;
  /** Does the process group still have a running member (zombies do not count)? */
  groupAlive(pgid: number): boolean;
};

/** Codes that say the system, not the program, ran out of something: the next spawn would fail too. */
const RESOURCE_CODES = new Set(["EAGAIN", "EMFILE", "ENFILE", "ENOMEM"]);

const CAUSES: Record<string, string> = {
  EAGAIN: "the system refused a new process (a limit on processes: a pids cgroup, ulimit -u or pid_max)",
  EMFILE: "graced has too many open files (ulimit -n)",
  ENFILE: "the system has too many open files",
  ENOMEM: "not enough memory for a new process",
  ENOENT: "no such file (a script whose #! interpreter is missing?)",
  EACCES: "permission denied",
};

/**
 * A spawn the system refused. `resource`: for lack of processes, memory or file descriptors,
 * which says nothing about the program itself. Node reports some causes only on the next tick:
 * then `later` resolves with the error that names the cause.
 */
export class SpawnError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly later?: Promise<SpawnError>,
  ) {
    super(message);
    this.name = "SpawnError";
  }

  get resource(): boolean {
    return RESOURCE_CODES.has(this.code);
  }

  /** The cause without the program's name, e.g. "EAGAIN: the system refused a new process (…)". */
  get reason(): string {
    return describeCode(this.code);
  }
}

function describeCode(code: string): string {
  return CAUSES[code] ? `${code}: ${CAUSES[code]}` : code || "unknown error";
}

export function spawnError(program: string, code: string): SpawnError {
  return new SpawnError(`couldn't spawn '${program}': ${describeCode(code)}`, code);
}

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

/**
 * Spawning and signalling, the children's output set up as `outputs` says; `realSpawner` adds
 * the group check. `posix` spawns what it can serve (posix-child.ts), Node the rest.
 */
const spawnAndSignal = (outputs: ChildOutputs, posix: PosixChildren | null): Omit<Spawner, "groupAlive"> => ({
  spawn(cfg, env) {
    const cwd = cfg.directory ?? process.cwd();
    checkDirectory(cwd);
    const words = splitCommand(cfg.command);
    const program = resolveProgram(words[0] ?? "", env.PATH, cwd);
    const account = targetAccount(cfg.user, process.getuid?.() ?? 0);
    const { file, args, ids } = asAccount(program, words.slice(1), account, account ? setpriv() : null);
    let io: ChildStdio;
    try {
      io = new ChildStdio(outputs, cfg);
    } catch (e) {
      throw spawnError(program, e instanceof PipeError ? e.code : "");
    }
    if (posix?.serves(cfg, account !== null, io)) {
      let launched: ReturnType<PosixChildren["launch"]>;
      try {
        launched = posix.launch({ file, argv: [words[0] ?? file, ...args], cwd, env }, io);
      } finally {
        io.spawned();
      }
      if ("pid" in launched) return launched;
      io.failed();
      // glibc's posix_spawn waits for the exec: ENOENT, EACCES… are known at once
      throw spawnError(program, launched.code);
    }
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
        // stdin is a pipe, as under supervisord: sendProcessStdin (and event listeners) write to it
        stdio: io.stdio,
      });
    } catch (e) {
      io.failed();
      // ENOMEM and other unexpected errnos are thrown at once
      throw spawnError(program, (e as NodeJS.ErrnoException).code ?? "");
    } finally {
      if (previousUmask !== null) process.umask(previousUmask);
      io.spawned();
    }
    if (child.pid === undefined) {
      io.failed();
      // EAGAIN, EMFILE, ENFILE, EACCES, ENOENT: Node names the cause on the next tick only
      const failed = child;
      failed.stdin?.destroy();
      failed.stdout?.destroy();
      failed.stderr?.destroy();
      const later = new Promise<SpawnError>((resolve) => {
        failed.once("error", (e: NodeJS.ErrnoException) => resolve(spawnError(program, e.code ?? "")));
        setImmediate(() => resolve(spawnError(program, "")));
      });
      throw new SpawnError(`couldn't spawn '${program}'`, "", later);
    }
    const pid = child.pid;
    return {
      pid,
      stdin: child.stdin,
      stdinFd: io.stdinFd,
      stdout: io.stdout ?? child.stdout,
      stderr: io.stderr ?? child.stderr,
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
});

/**
 * The Spawner of real processes, their output set up as `outputs` says. `hasLiveMember(pgid)`
 * tells a group whose members are all zombies from one still running: that takes the process
 * table, which pid1/ reads, so it is handed in rather than imported.
 */
export function realSpawner(hasLiveMember: (pgid: number) => boolean, outputs: ChildOutputs, posix: PosixChildren | null = null): Spawner {
  return {
    ...spawnAndSignal(outputs, posix),
    groupAlive(pgid) {
      try {
        process.kill(-pgid, 0);
      } catch {
        return false; // ESRCH: nobody left, not even a zombie
      }
      // kill(-pgid, 0) also finds zombies: a `sh -c 'loop; sleep'` leaves its sleep dead but
      // unreaped until its new parent collects it; it has finished, so it must not hold the stop
      return hasLiveMember(pgid);
    },
  };
}
