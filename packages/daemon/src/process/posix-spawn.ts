import { constants } from "node:os";
import { errnoName, type LibcFunctions } from "./pipe.js";

/**
 * glibc's posix_spawn, through koffi. libuv's spawn fork()s all of graced (the kernel copies
 * its page tables: ~10 ms a child here); glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK),
 * so the cost no longer grows with graced's memory (~3 ms). The child gets what libuv gives it:
 * its own session (setsid), default signal dispositions (Node ignores SIGPIPE; the child must
 * not), an empty signal mask, its stdio on fds 0-2, the working directory, and exactly `env`.
 * Every other fd of graced is close-on-exec. libuv does not know these pids: their exits come
 * through `wait` (see exit-watcher.ts).
 */
export type SpawnRequest = {
  /** An absolute path (the spawner resolved it on the child's PATH). */
  file: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  /** The fds the child gets as 0, 1, 2; "null" for /dev/null. Each is ≥ 3 or "null". */
  stdio: [number | "null", number | "null", number | "null"];
};

/** What waitpid said: the exit (as Node's ChildProcess "exit" reports it), still running, or not our child. */
export type WaitResult = { code: number | null; signal: string | null } | "running" | "gone";

const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
const O_RDONLY = 0;
const O_RDWR = 2;
const WNOHANG = 1;
const ENOEXEC = constants.errno.ENOEXEC;
/** glibc's posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128: room to spare. */
const STRUCT_BYTES = 512;

type Fn = (...args: unknown[]) => number;

type Bound = {
  spawn: Fn;
  actionsInit: Fn;
  actionsDestroy: Fn;
  addDup2: Fn;
  addOpen: Fn;
  addChdir: Fn;
  waitpid: Fn;
  attr: Buffer;
};

/** Signal numbers to the names Node reports: the first of two aliases (SIGABRT, not SIGIOT). */
const SIGNAL_NAMES = new Map(
  Object.entries(constants.signals)
    .reverse()
    .map(([name, n]) => [n, name]),
);

/** Decode a wait status as Node does: (code, null) for an exit, (null, "SIGTERM") for a death by signal. */
export function decodeStatus(status: number): { code: number | null; signal: string | null } {
  const termsig = status & 0x7f;
  if (termsig === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: null, signal: SIGNAL_NAMES.get(termsig) ?? `SIG${termsig}` };
}

export class PosixSpawn {
  private fns: Bound | null = null;

  /** Bind the libc functions; a libc without them (not glibc ≥ 2.29) leaves the spawner on Node's path. */
  bind({ lib }: LibcFunctions): boolean {
    try {
      const f = (sig: string) => lib.func(sig);
      const attrInit = f("int posix_spawnattr_init(void *attr)");
      const setFlags = f("int posix_spawnattr_setflags(void *attr, short flags)");
      const setSigDefault = f("int posix_spawnattr_setsigdefault(void *attr, void *set)");
      const setSigMask = f("int posix_spawnattr_setsigmask(void *attr, void *set)");
      const sigemptyset = f("int sigemptyset(void *set)");
      const bound = {
        spawn: f("int posix_spawn(_Out_ int *pid, const char *path, void *actions, void *attr, const char **argv, const char **envp)"),
        actionsInit: f("int posix_spawn_file_actions_init(void *actions)"),
        actionsDestroy: f("int posix_spawn_file_actions_destroy(void *actions)"),
        addDup2: f("int posix_spawn_file_actions_adddup2(void *actions, int fd, int newfd)"),
        addOpen: f("int posix_spawn_file_actions_addopen(void *actions, int fd, const char *path, int oflag, unsigned int mode)"),
        addChdir: f("int posix_spawn_file_actions_addchdir_np(void *actions, const char *path)"),
        waitpid: f("int waitpid(int pid, _Out_ int *status, int options)"),
        attr: Buffer.alloc(STRUCT_BYTES),
      };
      // one attribute set serves every spawn: setsid, every signal to SIG_DFL, nothing blocked.
      // Every bit set by hand: sigfillset leaves out glibc's own two (32, 33), which the child
      // would then get ignored, where libuv's children have them at SIG_DFL
      const all = Buffer.alloc(STRUCT_BYTES, 0xff);
      const none = Buffer.alloc(STRUCT_BYTES);
      const ok =
        attrInit(bound.attr) === 0 &&
        sigemptyset(none) === 0 &&
        setSigDefault(bound.attr, all) === 0 &&
        setSigMask(bound.attr, none) === 0 &&
        setFlags(bound.attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) === 0;
      if (ok) this.fns = bound;
      return ok;
    } catch {
      return false;
    }
  }

  get ready(): boolean {
    return this.fns !== null;
  }

  /** Start the child: its pid, or the errno's name (ENOENT, EACCES, EAGAIN…) when the system refused. */
  spawn(req: SpawnRequest): { pid: number } | { code: string } {
    const fns = this.fns;
    if (fns === null) return { code: "ENOSYS" };
    const actions = Buffer.alloc(STRUCT_BYTES);
    const init = fns.actionsInit(actions);
    if (init !== 0) return { code: errnoName(init) };
    try {
      const err = this.prepare(fns, actions, req) || this.exec(fns, actions, req);
      return typeof err === "number" ? { code: errnoName(err) } : err;
    } finally {
      fns.actionsDestroy(actions);
    }
  }

  /** The child's stdio and working directory; 0, or the errno of the step that failed. */
  private prepare(fns: Bound, actions: Buffer, req: SpawnRequest): number {
    for (const [target, fd] of req.stdio.entries()) {
      const rc =
        fd === "null" ? fns.addOpen(actions, target, "/dev/null", target === 0 ? O_RDONLY : O_RDWR, 0) : fns.addDup2(actions, fd, target);
      if (rc !== 0) return rc;
    }
    return fns.addChdir(actions, req.cwd);
  }

  private exec(fns: Bound, actions: Buffer, req: SpawnRequest): { pid: number } | number {
    const envp = [...Object.entries(req.env).map(([k, v]) => `${k}=${v}`), null];
    const pid = [0];
    let err = fns.spawn(pid, req.file, actions, fns.attr, [...req.argv, null], envp);
    // execvp (libuv's exec) runs a file without #! or ELF header through /bin/sh: so do we
    if (err === ENOEXEC) err = fns.spawn(pid, "/bin/sh", actions, fns.attr, ["/bin/sh", req.file, ...req.argv.slice(1), null], envp);
    return err === 0 ? { pid: pid[0] as number } : err;
  }

  /** waitpid(pid, WNOHANG) for exactly this pid. */
  wait(pid: number): WaitResult {
    const fns = this.fns;
    if (fns === null || !Number.isInteger(pid) || pid <= 0) return "gone";
    const status = [0];
    const rc = fns.waitpid(pid, status, WNOHANG);
    if (rc === 0) return "running";
    if (rc !== pid) return "gone";
    return decodeStatus(status[0] as number);
  }
}
