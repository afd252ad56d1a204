import type { Logger } from "../logs/logger.js";
import type { LoadedLibc } from "./libc.js";
import { liveDescendants, type ProcEntry, shellParentWarning } from "./proc.js";
import { Reaper } from "./reaper.js";

export type DutiesDeps = {
  logger: Logger;
  loadLibc: () => Promise<LoadedLibc>;
  self: number;
  ppid: number;
  pid1Comm: () => string;
  /** graced's arguments, for the exec-form hint. */
  argv: readonly string[];
  owned: (pid: number) => boolean;
  readTable: () => ProcEntry[];
  /** graced's children that `skip` leaves, with their stat (null: the kernel cannot list them). */
  readChildren?: (skip: (pid: number) => boolean) => ProcEntry[] | null;
  kill: (pid: number, signal: "SIGTERM" | "SIGKILL") => void;
};

export const NO_FFI_WARNING =
  "cannot load koffi (FFI to libc): orphaned processes will not be reaped and may stay zombies; " +
  "run the container with `docker run --init` (or tini as its entrypoint)";

/**
 * graced's PID-1 duties (SPEC §4.6), set up before any program is spawned: become the child
 * subreaper when not PID 1 (so orphans come to graced), reap orphan zombies, and warn about the
 * two set-ups that defeat them (no koffi; a shell as PID 1).
 */
export class Pid1Duties {
  private reaper: Reaper | undefined;

  constructor(private readonly deps: DutiesDeps) {}

  get reaping(): boolean {
    return this.reaper !== undefined;
  }

  async start(): Promise<void> {
    const { logger, self } = this.deps;
    const shell = shellParentWarning(this.deps.ppid, this.deps.pid1Comm(), this.deps.argv);
    if (shell) logger.warn(shell);
    const loaded = await this.deps.loadLibc();
    if (!loaded.ok) {
      logger.warn(`${NO_FFI_WARNING} (${loaded.error})`);
      return;
    }
    if (self !== 1) {
      if (loaded.libc.becomeSubreaper()) logger.debug("graced is a child subreaper: orphans of its programs come to it");
      else logger.warn("prctl(PR_SET_CHILD_SUBREAPER) failed: orphans of programs go to the host's init, not to graced");
    }
    this.reaper = new Reaper({
      libc: loaded.libc,
      self,
      owned: this.deps.owned,
      readTable: this.deps.readTable,
      readChildren: this.deps.readChildren,
      onReaped: (pids) => logger.debug(`reaped ${pids.length} orphan(s): ${pids.join(", ")}`),
    });
    this.reaper.start();
  }

  /** A last reap, so nothing is left a zombie when graced is about to exit. */
  stop(): void {
    this.reaper?.reapNow();
    this.reaper?.stop();
  }

  /** Second SIGTERM: SIGKILL every process below graced, now. Returns how many. */
  killEverything(): number {
    const all = liveDescendants(this.deps.readTable(), this.deps.self);
    for (const e of all) this.deps.kill(e.pid, "SIGKILL");
    return all.length;
  }
}
