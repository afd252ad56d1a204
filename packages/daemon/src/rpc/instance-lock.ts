import { closeSync, constants, fstatSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { loadError, openLibc } from "../pid1/libc.js";
import { StartRefused } from "./start-refused.js";

/**
 * One graced per control socket, even after the socket file was deleted: graced holds an
 * exclusive flock(2) on `<socket>.lock` for as long as it runs. The kernel drops the lock when
 * graced dies, however it dies (kill -9 too), so a stale lock never blocks a restart. flock, not
 * an abstract-namespace socket: a lock file lives in the socket's directory, which only graced's
 * user may write to (SPEC §5), so no other local user can take the name first; and it holds
 * across network namespaces (two containers sharing a volume), where abstract names do not.
 */

/** flock(fd, LOCK_EX | LOCK_NB) → "locked", "held" (by another open file), or why it failed. */
export type TryLock = (fd: number) => "locked" | "held" | { error: string };

const LOCK_EX = 2;
const LOCK_NB = 4;
const EWOULDBLOCK = 11; // Linux (= EAGAIN)

/** The flock seam, through koffi; a string says why it cannot be had (koffi did not load). */
export async function loadTryLock(): Promise<TryLock | string> {
  try {
    const { koffi, lib } = await openLibc();
    const flock = lib.func("int flock(int fd, int operation)");
    return (fd) => {
      if (flock(fd, LOCK_EX | LOCK_NB) === 0) return "locked";
      const errno = koffi.errno();
      return errno === EWOULDBLOCK ? "held" : { error: `errno ${errno}` };
    };
  } catch (e) {
    return loadError(e);
  }
}

export class InstanceLock {
  private constructor(
    readonly path: string,
    private fd: number,
    private ino: number,
  ) {}

  /**
   * Take the lock or refuse to start: another graced holds it (its pid is in the file), or the
   * file is not one graced could have made. Returns `unlocked` with the reason when flock itself
   * fails (a file system without locks): graced then carries on without the lock.
   */
  static acquire(path: string, tryLock: TryLock, trusted: readonly number[], what: string): InstanceLock | { unlocked: string } {
    let fd: number;
    try {
      // O_NOFOLLOW: in a sticky shared directory (/tmp) the name could be a planted symlink
      fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    } catch (e) {
      throw new StartRefused(`cannot open the lock file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const st = fstatSync(fd);
    // never truncate a file someone else made (or hard-linked here) to look like ours
    if (!st.isFile() || st.nlink !== 1 || !trusted.includes(st.uid)) {
      closeSync(fd);
      throw new StartRefused(
        `${path} is not a lock file graced made (owner uid ${st.uid}, ${st.nlink} link(s)); remove it if nothing else uses it`,
      );
    }
    const got = tryLock(fd);
    if (got === "held") {
      const pid = readPid(path);
      closeSync(fd);
      throw new StartRefused(`another graced is already running for ${what} (pid ${pid ?? "unknown"}; it holds ${path})`);
    }
    if (got !== "locked") {
      closeSync(fd);
      return { unlocked: `cannot lock ${path} (${got.error})` };
    }
    ftruncateSync(fd, 0);
    writeSync(fd, `${process.pid}\n`, 0);
    return new InstanceLock(path, fd, st.ino);
  }

  /** Is the file at `path` still the one we lock? Someone may have removed the directory. */
  get current(): boolean {
    try {
      return statSync(this.path).ino === this.ino;
    } catch {
      return false;
    }
  }

  /** Lock a new file at the same path (the old one was removed); the old descriptor is let go. */
  renew(tryLock: TryLock, trusted: readonly number[], what: string): string | null {
    const next = InstanceLock.acquire(this.path, tryLock, trusted, what);
    if (!(next instanceof InstanceLock)) return next.unlocked;
    closeSync(this.fd);
    this.fd = next.fd;
    this.ino = next.ino;
    return null;
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
