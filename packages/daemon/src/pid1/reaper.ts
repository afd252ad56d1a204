import type { Libc } from "./libc.js";
import { orphanZombies, type ProcEntry } from "./proc.js";

export type ReaperDeps = {
  libc: Libc;
  /** graced's pid. */
  self: number;
  /** Is this pid a child that libuv spawned (and will reap itself)? */
  owned: (pid: number) => boolean;
  readTable: () => ProcEntry[];
  /**
   * graced's children that `skip` leaves, with their stat; null when the kernel cannot list
   * them. Scans read these only: the whole table costs a read per process on the machine,
   * every turn of the loop while thousands of programs exit (and an orphan zombie, listed
   * until it is reaped, cannot be missed twice).
   */
  readChildren?: (skip: (pid: number) => boolean) => ProcEntry[] | null;
  onReaped?: (pids: number[]) => void;
};

/** The slow safety net: a SIGCHLD can be missed while another scan runs. */
export const SAFETY_SCAN_MS = 2_000;

/**
 * Reaps the zombies that Node never will: orphans re-parented to graced (as PID 1 or as a
 * child subreaper). On SIGCHLD it scans /proc for dead children that libuv does not own and
 * waitpid()s exactly those pids, never -1 (SPEC §4.6).
 */
export class Reaper {
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private readonly onSigchld = () => this.schedule();

  constructor(private readonly deps: ReaperDeps) {}

  /**
   * Reap every orphan zombie now; returns the pids that were reaped. Orphans land among
   * graced's own children, so only those are read when the kernel lists them.
   */
  reapNow(): number[] {
    const { libc, self, owned, readTable, readChildren } = this.deps;
    const table = readChildren?.(owned) ?? readTable();
    const reaped = orphanZombies(table, self, owned).filter((pid) => libc.reap(pid) === pid);
    if (reaped.length > 0) this.deps.onReaped?.(reaped);
    return reaped;
  }

  start(): void {
    // libuv keeps its own SIGCHLD handling for the children it spawned: a JS listener is one
    // more watcher on the same signal, and both are told (checked by test/pid1/reaping.test.ts)
    process.on("SIGCHLD", this.onSigchld);
    this.timer = setInterval(() => this.reapNow(), SAFETY_SCAN_MS);
    this.timer.unref();
    this.reapNow();
  }

  stop(): void {
    process.off("SIGCHLD", this.onSigchld);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** SIGCHLDs come in bursts (a stop of 200 programs): one scan per turn of the loop. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.reapNow();
    });
  }
}
