import { liveDescendants, type ProcEntry } from "./proc.js";

export type SweepDeps = {
  self: number;
  readTable: () => ProcEntry[];
  /** Signal one pid; a process that is already gone is not an error. */
  kill: (pid: number, signal: "SIGTERM" | "SIGKILL") => void;
  now: () => number;
  /** Resolves after `ms`; injected so tests need not wait on the real clock. */
  sleep: (ms: number) => Promise<void>;
};

export type SweepResult = {
  /** Every leftover process that was sent SIGTERM. */
  swept: ProcEntry[];
  /** Those still alive at the deadline (or at an escalation), sent SIGKILL. */
  killed: ProcEntry[];
};

export const SWEEP_POLL_MS = 20;
/** After SIGKILL, how long to wait for the kernel before giving up on a process (D state). */
export const KILL_SETTLE_MS = 500;

const describe = (e: ProcEntry) => `${e.comm} (pid ${e.pid})`;
export const describeSwept = (list: readonly ProcEntry[]) => list.map(describe).join(", ");

/**
 * The orphan sweep at shutdown (SPEC §4.6): once the managed programs are gone, whatever still
 * runs below graced (double-forked daemons that left their process group) gets SIGTERM, and
 * SIGKILL at `deadline`. Resolves the moment none remain. `killNow()` cuts the wait short
 * (a second SIGTERM to graced).
 */
export class Sweep {
  private killAt: number;
  private readonly swept = new Map<number, ProcEntry>();
  private readonly killed = new Map<number, ProcEntry>();

  constructor(
    private readonly deps: SweepDeps,
    deadline: number,
  ) {
    this.killAt = deadline;
  }

  killNow(): void {
    this.killAt = Math.min(this.killAt, this.deps.now());
  }

  async run(): Promise<SweepResult> {
    const { self, readTable, kill, now, sleep } = this.deps;
    let giveUpAt = Number.POSITIVE_INFINITY;
    for (;;) {
      const left = liveDescendants(readTable(), self);
      if (left.length === 0) break;
      for (const e of left) {
        if (this.swept.has(e.pid)) continue;
        this.swept.set(e.pid, e); // newcomers (a daemon forking while it is swept) get TERM too
        kill(e.pid, "SIGTERM");
      }
      if (now() >= this.killAt) {
        for (const e of left) {
          if (this.killed.has(e.pid)) continue;
          this.killed.set(e.pid, e);
          kill(e.pid, "SIGKILL");
        }
        if (giveUpAt === Number.POSITIVE_INFINITY) giveUpAt = now() + KILL_SETTLE_MS;
      }
      if (now() >= giveUpAt) break; // unkillable for now (uninterruptible sleep): do not hang the exit
      await sleep(SWEEP_POLL_MS);
    }
    return { swept: [...this.swept.values()], killed: [...this.killed.values()] };
  }
}
