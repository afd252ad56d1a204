import { displayName, isStopped } from "@grace/protocol";
import { DepGraph, idOf } from "../config/dep-graph.js";
import { type Slot, scheduleLines, scheduleStops, topological } from "../deps/schedule.js";
import { type StopLevel, StopRun, stopPlan } from "../deps/stop-order.js";
import type { Cancel, Clock } from "../process/clock.js";
import type { ManagedProcess } from "../process/managed-process.js";
import type { OutcomeCode } from "../process/outcome.js";
import { clampGrace, EXIT_RESERVE_MS } from "./levels.js";

/**
 * Stopping many processes in the order of the dependency graph and of `priority` (issue 14,
 * deps/stop-order.ts), against a schedule (deps/schedule.ts): a process gets its stop signal
 * once every process that depends on it is gone, unrelated processes at the same moment. With a
 * deadline (a shutdown), each process also gets its signal by its latest moment whatever is
 * still alive above it, which is SIGKILLed then: one stuck program never eats the time of those
 * below it. Without a deadline the order alone rules; the schedule is only the plan in words.
 */
export type StopOptions = {
  /** ms since epoch, 0 = none: clamps every grace period (SPEC §4.3) and enforces the schedule. */
  deadline?: number;
  /** When the shutdown began (its drain included): the plan's times count from there. */
  since?: number;
  /** The schedule in words, one line per process with something to stop, in stop order. */
  planned?: (lines: string[]) => void;
  /** Each process as soon as it is gone (a restart starts it again at once). */
  gone?: (p: ManagedProcess) => void;
};

export type StopResult = { ok: true } | { ok: false; code: OutcomeCode; reason: string };

/** A process with a pid that a stop signal can reach. */
const alive = (p: ManagedProcess) => p.record.pid > 0 && !isStopped(p.state);

/**
 * Stop `procs`, ordered by the graph of `all` (what `procs` leave running still orders them:
 * stopping web and db while app stays, web goes first). Resolves with one result per process.
 */
export function orderedStop(
  all: readonly ManagedProcess[],
  procs: readonly ManagedProcess[],
  clock: Clock,
  options: StopOptions = {},
): Promise<Map<ManagedProcess, StopResult>> {
  const { deadline = 0 } = options;
  const { now } = clock;
  const startedAt = now();
  const byId = new Map(procs.map((p) => [idOf(p.cfg), p]));
  const graph = new DepGraph(all.map((p) => p.cfg));
  const levels = stopPlan(
    graph.empty ? undefined : graph,
    procs.map((p) => ({ id: idOf(p.cfg), priority: p.priority, groupPriority: p.groupPriority })),
  );
  const live = new Set([...byId].filter(([, p]) => alive(p)).map(([id]) => id));
  const graceOf = (id: string) => {
    const p = byId.get(id) as ManagedProcess;
    if (!live.has(id)) return 0;
    const own = p.state === "STOPPING" ? p.record.stopStartedAt + p.record.stopGraceMs - startedAt : p.cfg.stopwaitsecs * 1000;
    return clampGrace(Math.max(0, own), startedAt, deadline);
  };
  const slots =
    deadline > 0 ? scheduleStops(levels, graceOf, Math.max(0, deadline - EXIT_RESERVE_MS - startedAt)) : relaxed(levels, graceOf);
  if (options.planned) {
    const name = (id: string) => displayName((byId.get(id) as ManagedProcess).cfg.group, (byId.get(id) as ManagedProcess).cfg.name);
    options.planned(scheduleLines(onlyLive(levels, live), slots, name, startedAt - (options.since ?? startedAt)));
  }

  return new Promise((resolve) => {
    if (byId.size === 0) return resolve(new Map());
    const results = new Map<ManagedProcess, StopResult>();
    const run = new StopRun(levels);
    const signalled = new Set<string>();
    const queue: string[] = [];
    let pumping = false;
    let cancel: Cancel | undefined;

    for (const id of live) (byId.get(id) as ManagedProcess).signalBy = startedAt + (slots.get(id) as Slot).signalByMs;
    const settle = (p: ManagedProcess, result: StopResult) => {
      if (results.has(p)) return;
      results.set(p, result);
      p.signalBy = 0;
      queue.push(...run.gone(idOf(p.cfg)));
      options.gone?.(p);
      if (results.size === byId.size) {
        cancel?.();
        resolve(results);
      }
    };
    const signal = (id: string) => {
      if (signalled.has(id)) return;
      signalled.add(id);
      const p = byId.get(id) as ManagedProcess;
      const slot = slots.get(id) as Slot;
      // clamped from the moment its own signal goes: a level of thousands takes a while
      let graceMs = clampGrace(p.cfg.stopwaitsecs * 1000, now(), deadline);
      if (deadline > 0) graceMs = Math.min(graceMs, Math.max(0, startedAt + slot.killByMs - now()));
      const out = p.dispatch({ type: "stop", graceMs });
      if (!out.ok) return settle(p, { ok: false, code: out.code, reason: out.reason });
      void p.waitFor(isStopped).then(() => {
        settle(p, { ok: true });
        pump();
      });
    };
    /** Signal what is released, in order, without recursion: a release can release more. */
    const pump = (ids: readonly string[] = []) => {
      queue.push(...ids);
      if (pumping) return;
      pumping = true;
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) signal(id);
      pumping = false;
    };

    // nothing to signal (stopped, a pending retry or spawn): their result now, and they hold nothing up
    for (const id of byId.keys()) if (!live.has(id)) signal(id);
    pump(run.begin());
    if (deadline > 0 && results.size < byId.size) cancel = enforce();

    /**
     * The schedule's latest moments, one timer at a time: at each, first SIGKILL what should be
     * gone by then, then signal (in stop order) what must get its signal by then.
     */
    function enforce(): Cancel | undefined {
      const order = levels.flatMap((l) => topological(l)).filter((id) => live.has(id) && !signalled.has(id));
      const moments = [...new Set(order.map((id) => (slots.get(id) as Slot).signalByMs))].sort((a, b) => a - b);
      const next = (): Cancel | undefined => {
        const at = moments.shift();
        if (at === undefined) return undefined;
        return clock.after(Math.max(0, startedAt + at - now()), () => {
          for (const [id, p] of byId) {
            if (signalled.has(id) && (slots.get(id) as Slot).killByMs <= at && p.state === "STOPPING" && !p.record.killed)
              p.dispatch({ type: "stopDeadline" });
          }
          pump(order.filter((id) => !signalled.has(id) && (slots.get(id) as Slot).signalByMs <= at));
          cancel = next();
        });
      };
      return next();
    }
  });
}

/**
 * Without a deadline: the schedule as if the window were exactly the longest chain, so each
 * latest moment is when it comes if everything above takes its whole grace period.
 */
function relaxed(levels: readonly StopLevel[], graceOf: (id: string) => number): Map<string, Slot> {
  const total = levels.reduce((sum, l) => sum + l.ids.reduce((s, id) => s + graceOf(id), 0), 0);
  const slots = scheduleStops(levels, graceOf, total);
  const slack = Math.min(total, ...[...slots.values()].map((s) => s.signalByMs));
  for (const s of slots.values()) {
    s.signalByMs -= slack;
    s.killByMs -= slack;
  }
  return slots;
}

/** The plan's levels with only the processes there is something to stop. */
function onlyLive(levels: readonly StopLevel[], live: ReadonlySet<string>): StopLevel[] {
  return levels.map((l) => ({
    ids: l.ids.filter((id) => live.has(id)),
    after: new Map([...l.after].filter(([id]) => live.has(id)).map(([id, a]) => [id, a.filter((b) => live.has(b))])),
  }));
}
