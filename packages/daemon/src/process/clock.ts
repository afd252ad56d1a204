/**
 * The engine's one seam to time: what time it is (ms since epoch) and a callback later. graced
 * runs on the system's; the engine's tests pass testing/fake-clock.ts and move time by hand.
 */
export type Clock = {
  now: () => number;
  /** Call `fire` once, `ms` from now; the function returned cancels it. */
  after: (ms: number, fire: () => void) => Cancel;
};

export type Cancel = () => void;

export const systemClock: Clock = {
  now: Date.now,
  after(ms, fire) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};
