/**
 * Pure planning for stopping many processes (SPEC §4.2, §4.3).
 */
export type Prioritised = {
  priority: number;
  /** The `[group:x]` priority of a member; a program outside any group is its own group. */
  groupPriority?: number;
};

/**
 * Levels of equal priority, stopped in this order: by group priority, then by the process's
 * own priority, highest number first (supervisord orders groups first, then processes).
 */
export function stopLevels<T extends Prioritised>(items: readonly T[]): T[][] {
  const levels = new Map<string, { group: number; own: number; items: T[] }>();
  for (const item of items) {
    const group = item.groupPriority ?? item.priority;
    const key = `${group}/${item.priority}`;
    const level = levels.get(key) ?? { group, own: item.priority, items: [] };
    level.items.push(item);
    levels.set(key, level);
  }
  return [...levels.values()].sort((a, b) => b.group - a.group || b.own - a.own).map((l) => l.items);
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
