/**
 * Spawning in slices (issue 10 item 7). A fork+exec from a Node process costs milliseconds
 * (the kernel copies graced's page tables and file table), so 4,000 programs started in one
 * go held the event loop for seconds: no status answer, and a SIGTERM was not even seen until
 * every program had been spawned. Spawns now wait their turn in one queue, first come first
 * served (so a start keeps its priority order), and run in slices of a few milliseconds; after
 * each slice the loop is free to answer the socket and handle signals.
 *
 * When the system refuses a process (EAGAIN under a pids cgroup or `ulimit -u`, EMFILE, ENOMEM),
 * trying the next one at once would only fail the same way: spawning is held for a moment, and
 * the spawns that come up meanwhile fail at once with that error (their program goes to
 * BACKOFF and retries on its own schedule) instead of forking for nothing.
 */

/** What one turn did; `starved`: the system refused the process for lack of a resource. */
export type SpawnOutcome = "done" | { starved: string };

/** One spawn: `held` is the reason spawning is held back, or null to spawn for real. */
export type SpawnJob = (held: string | null) => SpawnOutcome | Promise<SpawnOutcome>;

export type SpawnTicket = { cancel(): void };

export type SpawnQueueOptions = {
  /** A slice ends after this long (ms) … */
  sliceMs: number;
  /** … or after this many spawns, whichever comes first. */
  perSlice: number;
  /** How long spawning is held after the system refused a process (ms). */
  holdMs: number;
  /** A monotonic clock in ms. */
  now: () => number;
  /** Runs the next slice once the loop has had its turn. */
  defer: (run: () => void) => void;
};

export const SPAWN_QUEUE_DEFAULTS: SpawnQueueOptions = {
  sliceMs: 10,
  perSlice: 64,
  holdMs: 1000,
  now: () => performance.now(),
  defer: (run) => setImmediate(run),
};

type Entry = { job: SpawnJob; cancelled: boolean };

const DONE: SpawnTicket = { cancel() {} };

export class SpawnQueue {
  private readonly opts: SpawnQueueOptions;
  /** FIFO with a moving head: taking the next entry is O(1), so is cancelling one. */
  private entries: Entry[] = [];
  private head = 0;
  private live = 0;
  /**
   * A slice lasts from its first spawn until the loop's next turn (the deferred `runSlice`);
   * spawns asked for meanwhile, from anywhere, count against it.
   */
  private sliceOpen = false;
  private scheduled = false;
  private sliceStart = 0;
  private sliceCount = 0;
  private heldUntil = Number.NEGATIVE_INFINITY;
  private heldReason = "";

  constructor(opts: Partial<SpawnQueueOptions> = {}) {
    this.opts = { ...SPAWN_QUEUE_DEFAULTS, ...opts };
  }

  /** Spawns waiting for their turn. */
  get waiting(): number {
    return this.live;
  }

  /**
   * Queue a spawn. It runs at once when nothing is waiting and the current slice has room
   * (a single start stays synchronous), else in a later slice.
   */
  add(job: SpawnJob): SpawnTicket {
    if (!this.sliceOpen) this.openSlice();
    const entry: Entry = { job, cancelled: false };
    if (this.live === 0 && this.hasRoom()) {
      this.run(entry);
      return DONE;
    }
    this.entries.push(entry);
    this.live++;
    return {
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        this.live--;
      },
    };
  }

  /** Is spawning held back after a refusal? Then the reason, else null. */
  heldBecause(): string | null {
    return this.opts.now() < this.heldUntil ? this.heldReason : null;
  }

  private openSlice(): void {
    this.sliceOpen = true;
    this.sliceStart = this.opts.now();
    this.sliceCount = 0;
    if (this.scheduled) return;
    this.scheduled = true;
    this.opts.defer(() => this.runSlice());
  }

  /** The loop's next turn: the slice before is over; spawn what waits, in a slice of its own. */
  private runSlice(): void {
    this.scheduled = false;
    this.sliceOpen = false;
    if (this.live === 0) return;
    this.openSlice();
    while (this.live > 0 && this.hasRoom()) {
      const entry = this.take();
      if (entry) this.run(entry);
    }
  }

  private hasRoom(): boolean {
    return this.sliceCount < this.opts.perSlice && this.opts.now() - this.sliceStart < this.opts.sliceMs;
  }

  private take(): Entry | undefined {
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head++] as Entry;
      if (entry.cancelled) continue;
      this.live--;
      entry.cancelled = true; // taken: a late cancel() must not count it again
      this.compact();
      return entry;
    }
    return undefined;
  }

  /** Drop the consumed front of the array once it is most of it. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private run(entry: Entry): void {
    this.sliceCount++;
    const outcome = entry.job(this.heldBecause());
    if (outcome instanceof Promise) void outcome.then((o) => this.note(o));
    else this.note(outcome);
  }

  private note(outcome: SpawnOutcome): void {
    if (outcome === "done") return;
    this.heldUntil = this.opts.now() + this.opts.holdMs;
    this.heldReason = outcome.starved;
  }
}
