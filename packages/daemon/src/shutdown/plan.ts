/**
 * Pure planning for stopping many processes (SPEC §4.2, §4.3).
 */
export type Prioritised = { priority: number };

/** Levels of equal priority, highest priority number first: they are stopped in that order. */
export function stopLevels<T extends Prioritised>(items: readonly T[]): T[][] {
  const byPriority = new Map<number, T[]>();
  for (const item of items) {
    const level = byPriority.get(item.priority) ?? [];
    level.push(item);
    byPriority.set(item.priority, level);
  }
  return [...byPriority.entries()].sort(([a], [b]) => b - a).map(([, level]) => level);
}

/** Levels for starting: lowest priority number first. */
export function startLevels<T extends Prioritised>(items: readonly T[]): T[][] {
  return stopLevels(items).reverse();
}

/**
 * Time reserved at the end of the budget for SIGKILL to land, the kernel to reap, logs to flush
 * and graced to exit. SIGKILL goes out this long before the deadline.
 */
export const EXIT_RESERVE_MS = 700;

/**
 * The grace period a program gets: its own `stopwaitsecs`, clamped so the SIGKILL still goes out
 * `EXIT_RESERVE_MS` before the shutdown deadline. `deadline` 0 = no global budget.
 */
export function clampGrace(stopwaitMs: number, now: number, deadline: number): number {
  if (deadline === 0) return stopwaitMs;
  return Math.max(0, Math.min(stopwaitMs, deadline - EXIT_RESERVE_MS - now));
}
