import { constants } from "node:os";
import { PipeEnd } from "../logs/capture.js";

/** Both ends of a pipe(2), close-on-exec: only the child the write end is handed to gets it. */
export type Pipe = { read: PipeEnd; write: number };

/** What `bindPipes` needs of libc: a function from its C signature, and the last errno. */
export type LibcFunctions = {
  lib: { func(signature: string): (...args: unknown[]) => number };
  koffi: { errno(): number };
};

const O_CLOEXEC = 0o2000000;
const F_SETPIPE_SZ = 1031;

export const errnoName = (n: number): string => Object.entries(constants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;

/** An error of pipe2(2), with its code as Node names errnos (EMFILE, ENFILE). */
export class PipeError extends Error {
  constructor(readonly code: string) {
    super(`pipe2: ${code}`);
    this.name = "PipeError";
  }
}

/**
 * Where the spawner gets a child's stdout and stderr. Node's `stdio: "pipe"` is a socketpair,
 * and a socket is not what programs expect there: opening /dev/stderr (/proc/self/fd/2) fails
 * with ENXIO, and the kernel carries every small write as a buffer of its own. pipe(2) is not
 * in Node, so it comes from libc through koffi once `bind` has run; until then, or where koffi
 * does not load, `open()` returns null and the spawner falls back to Node's socketpairs.
 */
export class PipeSource {
  private pipe2: ((fds: Int32Array, flags: number) => number) | null = null;
  private fcntl: (fd: number, cmd: number, arg: number) => number = () => -1;
  private errno: () => number = () => 0;

  bind({ lib, koffi }: LibcFunctions): void {
    this.pipe2 = lib.func("int pipe2(int *fds, int flags)") as (fds: Int32Array, flags: number) => number;
    this.fcntl = lib.func("int fcntl(int fd, int cmd, int arg)") as (fd: number, cmd: number, arg: number) => number;
    this.errno = () => koffi.errno();
  }

  /** A new pipe's two fds, null when none can be made this way; throws a PipeError when pipe2 fails (EMFILE). */
  fds(): { read: number; write: number } | null {
    if (this.pipe2 === null) return null;
    const fds = new Int32Array(2);
    if (this.pipe2(fds, O_CLOEXEC) !== 0) throw new PipeError(errnoName(this.errno()));
    return { read: fds[0] ?? -1, write: fds[1] ?? -1 };
  }

  /** A pipe for a child's output: graced reads its read end (a PipeEnd); null as for fds(). */
  open(): Pipe | null {
    const pipe = this.fds();
    if (pipe === null) return null;
    const fd = pipe.read;
    // F_SETPIPE_SZ answers the capacity the pipe now has, or -1 (EPERM over a limit, EBUSY when it holds more)
    return { read: new PipeEnd(fd, (bytes) => this.fcntl(fd, F_SETPIPE_SZ, bytes)), write: pipe.write };
  }
}
