/**
 * TICK_5, TICK_60 and TICK_3600 as supervisord sends them (supervisord.py, tick()): each when
 * the clock crosses into a new period, with the period's start in whole seconds. The first
 * look only notes the current period, so the first tick comes at the next boundary. Pure.
 */
export const TICK_PERIODS = [5, 60, 3600] as const;
export type TickPeriod = (typeof TICK_PERIODS)[number];

export type TickState = Partial<Record<TickPeriod, number>>;

export function periodStart(period: number, nowSeconds: number): number {
  return Math.floor(nowSeconds - (nowSeconds % period));
}

/** The ticks due at `nowSeconds`, and the state to keep for the next look. */
export function ticksDue(last: TickState, nowSeconds: number): { next: TickState; due: { period: TickPeriod; when: number }[] } {
  const next: TickState = { ...last };
  const due: { period: TickPeriod; when: number }[] = [];
  for (const period of TICK_PERIODS) {
    const start = periodStart(period, nowSeconds);
    const seen = last[period];
    next[period] = start;
    if (seen !== undefined && start !== seen) due.push({ period, when: start });
  }
  return { next, due };
}

/** Milliseconds from `nowMs` to the next 5-second boundary (the smallest period), a little after it. */
export function msToNextTick(nowMs: number): number {
  return 5000 - (nowMs % 5000) + 5;
}
