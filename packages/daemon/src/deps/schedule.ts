import type { StopLevel } from "./stop-order.js";

/**
 * The deadline-aware schedule of a shutdown (issue 14), pure. From the time there is to stop
 * everything (`windowMs`: the budget less the drain and the exit reserve) and each process's
 * grace period, it works backward along every chain of the stop plan: the moment each process
 * must be gone (`killByMs`: the latest signal moment of what waits for it, or the window's end)
 * and the latest moment it must get its signal so it still has its share before then
 * (`signalByMs`). When a chain's grace periods add up to more than the window, each one's share
 * is scaled down in proportion (by the longest chain through it). A process still alive at
 * `killByMs` is SIGKILLed then, so one stuck program never eats the time of those after it.
 * Priority levels are chains too: every process of a level waits for all of the level before.
 */
export type Slot = {
  /** Its grace period, clamped to the window. */
  graceMs: number;
  /** What it is guaranteed when signalled by `signalByMs`: its grace, scaled down if its chains are too long. */
  shareMs: number;
  /** The latest moment (ms from the start of stopping) it must get its stop signal. */
  signalByMs: number;
  /** The moment it must be gone: SIGKILL then at the latest. */
  killByMs: number;
};

export function scheduleStops(levels: readonly StopLevel[], graceMs: (id: string) => number, windowMs: number): Map<string, Slot> {
  const window = Math.max(0, Math.floor(windowMs));
  const grace = new Map<string, number>();
  for (const l of levels) for (const id of l.ids) grace.set(id, Math.min(window, Math.max(0, Math.floor(graceMs(id)))));
  const g = (id: string) => grace.get(id) as number;
  const orders = levels.map((l) => topological(l));
  const successors = levels.map((l) => successorsOf(l));

  // longest grace sum of a chain ending at each process (up) and starting at it (down)
  const up = new Map<string, number>();
  let before = 0;
  levels.forEach((_, i) => {
    let most = before;
    for (const id of orders[i] as string[]) {
      const after = levels[i]?.after.get(id) ?? [];
      const v = g(id) + Math.max(before, ...after.map((b) => up.get(b) as number));
      up.set(id, v);
      most = Math.max(most, v);
    }
    before = most;
  });
  const down = new Map<string, number>();
  let below = 0;
  for (let i = levels.length - 1; i >= 0; i--) {
    let most = below;
    for (const id of [...(orders[i] as string[])].reverse()) {
      const next = successors[i]?.get(id) ?? [];
      const v = g(id) + Math.max(below, ...next.map((s) => down.get(s) as number));
      down.set(id, v);
      most = Math.max(most, v);
    }
    below = most;
  }

  // backward from the window's end: shares scaled where a chain is too long
  const slots = new Map<string, Slot>();
  let nextLevelFirst = window;
  for (let i = levels.length - 1; i >= 0; i--) {
    let first = nextLevelFirst;
    for (const id of [...(orders[i] as string[])].reverse()) {
      const through = (up.get(id) as number) + (down.get(id) as number) - g(id);
      const shareMs = through > window ? Math.floor((g(id) * window) / through) : g(id);
      const next = successors[i]?.get(id) ?? [];
      const killByMs = Math.min(nextLevelFirst, ...next.map((s) => (slots.get(s) as Slot).signalByMs));
      const signalByMs = Math.max(0, killByMs - shareMs);
      slots.set(id, { graceMs: g(id), shareMs, signalByMs, killByMs });
      first = Math.min(first, signalByMs);
    }
    nextLevelFirst = first;
  }
  return slots;
}

/** When a process signalled at `signalledAtMs` is SIGKILLed: at the end of its own grace period, or at its kill-by moment if sooner. */
export function killAtMs(slot: Slot, signalledAtMs: number): number {
  return Math.min(signalledAtMs + slot.graceMs, slot.killByMs);
}

/** The time to stop everything: the budget less the drain and the exit reserve; null with no budget (shutdown_timeout = 0). */
export function stopWindowMs(budgetSeconds: number, drainSeconds: number, reserveMs: number): number | null {
  if (budgetSeconds <= 0) return null;
  return Math.max(0, budgetSeconds * 1000 - drainSeconds * 1000 - reserveMs);
}

/**
 * The plan in words, for graced's summary and `gracectl stop`'s progress, in stop order:
 * `db: signal at 6.2 s at the latest` (times from the shutdown's start: `offsetMs` is the drain),
 * saying when a grace period had to be cut.
 */
export function scheduleLines(
  levels: readonly StopLevel[],
  slots: Map<string, Slot>,
  name: (id: string) => string,
  offsetMs = 0,
): string[] {
  const s = (ms: number) => `${((ms + offsetMs) / 1000).toFixed(1)} s`;
  return levels.flatMap((l) =>
    topological(l).map((id) => {
      const slot = slots.get(id) as Slot;
      const cut =
        slot.shareMs < slot.graceMs
          ? `, its ${(slot.graceMs / 1000).toFixed(1)} s grace period cut to ${(slot.shareMs / 1000).toFixed(1)} s`
          : "";
      return `${name(id)}: signal at ${s(slot.signalByMs)} at the latest, SIGKILL by ${s(slot.killByMs)}${cut}`;
    }),
  );
}

/** A level's processes, each after the ones it waits for (Kahn; a leftover cycle keeps its order). */
export function topological(level: StopLevel): string[] {
  const waiting = new Map(level.ids.map((id) => [id, (level.after.get(id) ?? []).length]));
  const next = successorsOf(level);
  const order = level.ids.filter((id) => waiting.get(id) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const s of next.get(order[i] as string) ?? []) {
      const left = (waiting.get(s) as number) - 1;
      waiting.set(s, left);
      if (left === 0) order.push(s);
    }
  }
  if (order.length < level.ids.length) order.push(...level.ids.filter((id) => !order.includes(id)));
  return order;
}

/** For each process of a level, the ones of that level that wait for it. */
function successorsOf(level: StopLevel): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const [id, after] of level.after) for (const b of after) next.set(b, [...(next.get(b) ?? []), id]);
  return next;
}
