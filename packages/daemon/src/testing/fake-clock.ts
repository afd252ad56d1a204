import type { Clock } from "../process/clock.js";

type Timer = { at: number; seq: number; fire: () => void };

/**
 * A clock for engine tests (process/clock.ts): time stands still until `advance` moves it,
 * firing each timer that falls due on the way, in order, with `now` at its own due time.
 */
export function fakeClock(start = 1_000_000) {
  let now = start;
  let seq = 0;
  const timers = new Set<Timer>();
  const clock: Clock = {
    now: () => now,
    after(ms, fire) {
      const timer = { at: now + ms, seq: seq++, fire };
      timers.add(timer);
      return () => timers.delete(timer);
    },
  };
  const next = (until: number): Timer | undefined => {
    let first: Timer | undefined;
    for (const t of timers) {
      if (t.at <= until && (!first || t.at < first.at || (t.at === first.at && t.seq < first.seq))) first = t;
    }
    return first;
  };
  return {
    ...clock,
    /** Move time `ms` forward, firing what falls due (timers armed meanwhile too, if due in time). */
    advance(ms: number): void {
      const until = now + ms;
      for (let t = next(until); t; t = next(until)) {
        timers.delete(t);
        now = t.at;
        t.fire();
      }
      now = until;
    },
    /** ms until each armed timer fires, soonest first. */
    pending(): number[] {
      return [...timers].map((t) => t.at - now).sort((a, b) => a - b);
    },
  };
}
