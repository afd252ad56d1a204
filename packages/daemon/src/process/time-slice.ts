/**
 * Lets a long loop give the event loop a turn every few milliseconds, so a socket request or a
 * signal never waits behind thousands of iterations (stopping 4,000 programs: each stop signal
 * costs a system call and a log line, seconds in all).
 */
export const SLICE_MS = 10;

export class TimeSlice {
  private start: number;

  constructor(
    private readonly ms = SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  /** Has this slice used up its time? Then `nextTurn()` before going on. */
  get over(): boolean {
    return this.now() - this.start >= this.ms;
  }

  /** Resolves on the event loop's next turn, with a fresh slice. */
  async nextTurn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.start = this.now();
  }
}
