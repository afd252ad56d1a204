import type { WaitResult } from "./posix-spawn.js";
import type { ExitHandler } from "./spawner.js";

/** The slow safety net, as the orphan reaper's: one scan every so often besides SIGCHLD. */
const SAFETY_SCAN_MS = 2_000;

export type ExitWatcherDeps = {
  /** waitpid(pid, WNOHANG) on exactly that pid, never -1 (SPEC §4.6). */
  wait: (pid: number) => WaitResult;
  /** Called with `scan` on every SIGCHLD; returns the function that stops listening. */
  onSigchld: (scan: () => void) => () => void;
  /** Runs `scan` every `ms` until the function returned is called. */
  every: (ms: number, scan: () => void) => () => void;
  /** Runs `fn` on the loop's next turn. */
  defer: (fn: () => void) => void;
};

export const REAL_WATCH: Omit<ExitWatcherDeps, "wait"> = {
  onSigchld(scan) {
    process.on("SIGCHLD", scan);
    return () => process.off("SIGCHLD", scan);
  },
  every(ms, scan) {
    // not unref'd: a watched child keeps the loop alive, as libuv's process handle does
    const timer = setInterval(scan, ms);
    return () => clearInterval(timer);
  },
  defer: (fn) => setImmediate(fn),
};

/**
 * The exits of the children posix_spawn made (libuv knows only its own). On SIGCHLD, once per
 * turn of the loop however many arrive, each watched pid is waited for by pid with WNOHANG; an
 * exit is handed to its handlers as Node's ChildProcess "exit" would (code, or signal name).
 * A pid stays watched, so the orphan reaper leaves it alone (pid1/owned.ts), until it is reaped.
 */
export class ExitWatcher {
  private readonly watched = new Map<number, ExitHandler[]>();
  private scheduled = false;
  private stopListening: (() => void) | null = null;

  constructor(private readonly deps: ExitWatcherDeps) {}

  get size(): number {
    return this.watched.size;
  }

  /** Watch a new child's pid; handlers added with the function returned hear its exit once. */
  watch(pid: number): (handler: ExitHandler) => void {
    const handlers: ExitHandler[] = [];
    this.watched.set(pid, handlers);
    this.listen();
    // it may have exited before the listener was there: look once on the next turn
    this.schedule();
    return (handler) => handlers.push(handler);
  }

  /** Wait for every watched pid now; returns how many had exited. */
  scan(): number {
    let exited = 0;
    for (const [pid, handlers] of this.watched) {
      const result = this.deps.wait(pid);
      if (result === "running") continue;
      this.watched.delete(pid);
      exited++;
      // "gone": someone else reaped it (nothing should); its status is lost, so say only that it ended
      const { code, signal } = result === "gone" ? { code: null, signal: null } : result;
      for (const handler of handlers) handler(code, signal);
    }
    if (this.watched.size === 0) this.quiet();
    return exited;
  }

  private listen(): void {
    if (this.stopListening) return;
    const offSignal = this.deps.onSigchld(() => this.schedule());
    const offTimer = this.deps.every(SAFETY_SCAN_MS, () => this.scan());
    this.stopListening = () => {
      offSignal();
      offTimer();
    };
  }

  private quiet(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  /** SIGCHLDs come in bursts (a stop of 200 programs): one scan per turn of the loop. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.deps.defer(() => {
      this.scheduled = false;
      this.scan();
    });
  }
}
