import type { ProcessInfo, StateChange } from "@grace/protocol";
import type { Client } from "../client.js";
import type { Context } from "../context.js";
import { advanceEntry, entryFromInfo, type ProgressEntry, progressLines } from "../render/progress.js";
import { LiveBlock } from "./display.js";

const REDRAW_MS = 200;
const nowSeconds = () => Date.now() / 1000;

/** Each program's progress, fed by `stateChange` notifications. */
export class ProgressTracker {
  readonly entries = new Map<string, ProgressEntry>();
  readonly last = new Map<string, ProcessInfo>();
  /** Called once for each program whose stop the tracker saw end. */
  onStopped: ((entry: ProgressEntry) => void) | undefined;

  /** A status snapshot; programs a notification already reported keep what it said. */
  seed(infos: readonly ProcessInfo[]): void {
    for (const info of infos) {
      if (this.entries.has(info.fullName)) continue;
      this.entries.set(info.fullName, entryFromInfo(info));
      this.last.set(info.fullName, info);
    }
  }

  /**
   * graced's plan for the stop under way (`signalBy` of each process whose turn has not come),
   * from a status taken once the stop began; processes pulled in (dependents) join the lines.
   */
  plan(infos: readonly ProcessInfo[]): void {
    for (const info of infos) {
      if (info.signalBy === undefined) continue;
      const entry = this.entries.get(info.fullName);
      if (entry === undefined) this.entries.set(info.fullName, entryFromInfo(info));
      else if (entry.stopstart === 0) this.entries.set(info.fullName, { ...entry, signalBy: info.signalBy });
    }
  }

  apply(change: StateChange, now: number): void {
    const { info } = change;
    const entry = this.entries.get(info.fullName) ?? entryFromInfo({ ...info, statename: change.from });
    const next = advanceEntry(entry, info, now);
    this.entries.set(info.fullName, next);
    this.last.set(info.fullName, info);
    if (entry.stoppedAt === 0 && next.stoppedAt > 0) this.onStopped?.(next);
  }
}

/**
 * Subscribe to state changes, take a snapshot of `names`, then run `work` while the tracker
 * follows every program (and, on a terminal, redraws its lines). The subscription comes first
 * so no change between the snapshot and the work is missed.
 */
export async function followProgress<T>(
  ctx: Context,
  client: Client,
  names: string[],
  work: (tracker: ProgressTracker) => Promise<T>,
): Promise<T> {
  const tracker = new ProgressTracker();
  const block = ctx.live ? new LiveBlock(ctx.terminal) : undefined;
  const redraw = () => block?.draw(progressLines([...tracker.entries.values()], nowSeconds(), ctx.terminal.columns ?? 0));
  client.on("stateChange", (change) => {
    tracker.apply(change, nowSeconds());
    redraw();
  });
  await client.call("subscribe", { events: ["state"] });
  tracker.seed((await client.call("status", { names })).processes);
  const timer = block ? setInterval(redraw, REDRAW_MS) : undefined;
  redraw();
  try {
    const working = work(tracker);
    // sent after the stop: graced has made its plan by the time it reads this one
    client
      .call("status", {})
      .then(({ processes }) => {
        tracker.plan(processes);
        redraw();
      })
      .catch(() => {});
    return await working;
  } finally {
    clearInterval(timer);
    block?.clear();
  }
}
