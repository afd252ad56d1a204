import type { DepGraph } from "../config/dep-graph.js";

/**
 * Stop order with dependencies (issue 14): a process gets its stop signal once every process
 * that depends on it has stopped; processes with no relation between them stop at the same
 * moment; `priority` keeps its meaning for what the graph does not order. Pure.
 *
 * How the two orders combine: each process's priority key (group priority, then its own; the
 * highest stops first, as shutdown/plan.ts's stopLevels) is lowered to the lowest key of what
 * depends on it, so a dependency never stops in an earlier level than its dependents. Levels
 * of equal key then stop one after another, as today; inside a level a process waits for its
 * dependents in that level. Without depends_on this is exactly stopLevels. The lowering also
 * rules out a deadlock: along any wait the key never decreases, strictly across levels, and
 * inside a level the graph has no cycle (--check refuses one).
 */
export type StopItem = { id: string; priority: number; groupPriority?: number };

/** One level: its processes, and for each the ones of the same level that must be gone first. */
export type StopLevel = { ids: string[]; after: Map<string, string[]> };

type Key = [group: number, own: number];
const keyOf = (item: StopItem): Key => [item.groupPriority ?? item.priority, item.priority];
const lower = (a: Key, b: Key): Key => (a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b);

export function stopPlan(graph: DepGraph | undefined, items: readonly StopItem[]): StopLevel[] {
  const members = new Map(items.map((item) => [item.id, item]));
  const blockers = new Map(items.map((item) => [item.id, graph ? blockersOf(graph, item.id, members) : []]));
  const keys = effectiveKeys(items, blockers);
  const levels = new Map<string, { key: Key; ids: string[] }>();
  for (const item of items) {
    const key = keys.get(item.id) as Key;
    const level = levels.get(`${key[0]}/${key[1]}`) ?? { key, ids: [] };
    level.ids.push(item.id);
    levels.set(`${key[0]}/${key[1]}`, level);
  }
  return [...levels.values()]
    .sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1])
    .map(({ ids }) => {
      const inLevel = new Set(ids);
      return { ids, after: new Map(ids.map((id) => [id, (blockers.get(id) ?? []).filter((b) => inLevel.has(b))])) };
    });
}

/**
 * The members that must be gone before `id` gets its signal: its dependents among the members,
 * and, through dependents that are not being stopped, the members beyond them (stopping web and
 * db while app stays: web still goes first).
 */
function blockersOf(graph: DepGraph, id: string, members: Map<string, StopItem>): string[] {
  const found: string[] = [];
  const seen = new Set([id]);
  const queue = graph.dependents(id);
  for (let i = 0; i < queue.length; i++) {
    const d = queue[i] as string;
    if (seen.has(d)) continue;
    seen.add(d);
    if (members.has(d)) found.push(d);
    else queue.push(...graph.dependents(d));
  }
  return found;
}

/** Each key lowered to the lowest key of its blockers, blockers first (Kahn's order). */
function effectiveKeys(items: readonly StopItem[], blockers: Map<string, string[]>): Map<string, Key> {
  const keys = new Map(items.map((item) => [item.id, keyOf(item)]));
  const waiting = new Map(items.map((item) => [item.id, (blockers.get(item.id) ?? []).length]));
  const unblocks = new Map<string, string[]>();
  for (const [id, bs] of blockers) for (const b of bs) unblocks.set(b, [...(unblocks.get(b) ?? []), id]);
  const ready = items.filter((item) => waiting.get(item.id) === 0).map((item) => item.id);
  for (let i = 0; i < ready.length; i++) {
    const b = ready[i] as string;
    for (const id of unblocks.get(b) ?? []) {
      keys.set(id, lower(keys.get(id) as Key, keys.get(b) as Key));
      const left = (waiting.get(id) as number) - 1;
      waiting.set(id, left);
      if (left === 0) ready.push(id);
    }
  }
  // What is left sits on a cycle, which --check refuses: it keeps its own key.
  return keys;
}

/**
 * Carrying out a plan, as a small state machine the engine feeds: `begin()` gives the processes
 * to signal first, `gone(id)` those it releases. A process that ends by itself before its turn
 * is simply gone; it is never released afterwards.
 */
export class StopRun {
  private level = 0;
  private started = false;
  private entered = -1;
  private readonly left: Set<string>[];
  private readonly waitingOn = new Map<string, number>();
  private readonly releases = new Map<string, string[]>();
  private readonly done = new Set<string>();
  private readonly released = new Set<string>();

  constructor(private readonly levels: readonly StopLevel[]) {
    this.left = levels.map((l) => new Set(l.ids));
    for (const l of levels) {
      for (const [id, after] of l.after) {
        this.waitingOn.set(id, after.length);
        for (const b of after) this.releases.set(b, [...(this.releases.get(b) ?? []), id]);
      }
    }
  }

  begin(): string[] {
    this.started = true;
    const out: string[] = [];
    this.enter(out);
    return out;
  }

  gone(id: string): string[] {
    if (this.done.has(id) || !this.waitingOn.has(id)) return [];
    this.done.add(id);
    for (const l of this.left) l.delete(id);
    for (const next of this.releases.get(id) ?? []) this.waitingOn.set(next, (this.waitingOn.get(next) as number) - 1);
    if (!this.started) return [];
    const out: string[] = [];
    // its successors are in its own level: released now if that level is the current one
    for (const next of this.releases.get(id) ?? []) {
      if (this.waitingOn.get(next) === 0 && this.left[this.level]?.has(next)) this.release(next, out);
    }
    this.enter(out);
    return out;
  }

  /** Whether every process of the plan is gone. */
  get finished(): boolean {
    return this.done.size === this.waitingOn.size;
  }

  /** Skip the levels that are gone; release what the current one may signal. */
  private enter(out: string[]): void {
    while (this.level < this.levels.length && this.left[this.level]?.size === 0) this.level++;
    if (this.level === this.entered) return; // its own releases come from gone()
    this.entered = this.level;
    for (const id of this.levels[this.level]?.ids ?? []) if (this.waitingOn.get(id) === 0) this.release(id, out);
  }

  private release(id: string, out: string[]): void {
    if (this.released.has(id) || this.done.has(id)) return;
    this.released.add(id);
    out.push(id);
  }
}
