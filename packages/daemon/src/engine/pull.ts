import { displayName, isStopped } from "@grace/protocol";
import { DepGraph, idOf } from "../config/dep-graph.js";
import { meets } from "../deps/gate.js";
import { stopPlan } from "../deps/stop-order.js";
import type { ManagedProcess } from "../process/managed-process.js";
import type { ProcOutcome } from "../process/outcome.js";
import { isDone, viewOf } from "./dependencies.js";
import { outcome } from "./outcomes.js";
import type { StartGate } from "./start-gate.js";

/**
 * What start, stop and restart take along besides the processes named (issue 14): `start web`
 * its stopped dependencies, `stop db` and `restart db` what depends on db; `--no-deps` nothing.
 * Each process taken along comes with the display name of the one it was reached through.
 */
export type Pulled = Map<ManagedProcess, string>;

export const nothingPulled = (): Pulled => new Map();

/**
 * The dependencies of `procs` that are stopped and do not meet what is asked of them, and
 * theirs in turn, each with the name of the first process that needs it (`start web` starts
 * them too). One already where it should be (RUNNING, `done`), or on its way (STARTING,
 * BACKOFF), is left be.
 */
export function stoppedDependencies(gate: StartGate<ManagedProcess>, procs: readonly ManagedProcess[]): Pulled {
  const pulled: Pulled = new Map();
  if (gate.idle) return pulled;
  const asked = new Set(procs);
  const queue = [...procs];
  for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
    for (const { dep, on } of gate.edges(p)) {
      for (const q of on) {
        if (asked.has(q) || pulled.has(q) || !isStopped(q.state) || meets(viewOf(q), dep.condition)) continue;
        pulled.set(q, displayName(p.cfg.group, p.cfg.name));
        queue.push(q);
      }
    }
  }
  return pulled;
}

/**
 * What depends on `procs` among `all`, directly or through others, and is not stopped: each
 * with the name of the process it was reached through (`web` → `app`, when web depends on app
 * and app on db).
 */
export function dependentsOf(all: readonly ManagedProcess[], procs: readonly ManagedProcess[]): Pulled {
  const graph = new DepGraph(all.map((p) => p.cfg));
  const found: Pulled = new Map();
  if (graph.empty) return found;
  const byId = new Map(all.map((p) => [idOf(p.cfg), p]));
  const seen = new Set(procs.map((p) => idOf(p.cfg)));
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] as string;
    for (const d of graph.dependents(from)) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(d);
      const p = byId.get(d);
      if (p !== undefined && !isStopped(p.state)) found.set(p, graph.display(from));
    }
  }
  return found;
}

/**
 * The processes a restart may start again as soon as each is gone: those of the level stopped
 * last that depend on nothing else being restarted (their dependents are gone before them).
 * With all priorities equal and no depends_on, the common case, that is every process.
 */
export function lastToStop(all: readonly ManagedProcess[], procs: readonly ManagedProcess[]): ManagedProcess[] {
  const graph = new DepGraph(all.map((p) => p.cfg));
  const byId = new Map(procs.map((p) => [idOf(p.cfg), p]));
  const levels = stopPlan(
    graph.empty ? undefined : graph,
    procs.map((p) => ({ id: idOf(p.cfg), priority: p.priority, groupPriority: p.groupPriority })),
  );
  const last = levels.at(-1)?.ids ?? [];
  return last.filter((id) => !graph.dependencies(id).some((d) => byId.has(d))).map((id) => byId.get(id) as ManagedProcess);
}

/** A start's outcome for a process `start` took along: `dependencyOf` names who needs it. */
export function startedFor(pulled: Pulled, p: ManagedProcess, o: ProcOutcome): ProcOutcome {
  const of = pulled.get(p);
  return of === undefined ? o : { ...o, dependencyOf: of };
}

/** A stop's outcome for a process `stop` took along: when stopped, it says what it depends on. */
export function stoppedFor(pulled: Pulled, p: ManagedProcess, o: ProcOutcome): ProcOutcome {
  const on = pulled.get(p);
  return on === undefined || o.code !== "ok" ? o : { ...o, description: `${o.description} (depends on ${on})`, dependsOn: on };
}

/**
 * One process's start, as start and restart do it. With dependencies, a stopped process goes
 * through the start gate and starts once they meet their conditions; `noDeps` (`--no-deps`), or
 * none: at once, and the gate forgets it. `wait`: the outcome of its STARTING, not just the ask.
 */
export async function startOne(
  p: ManagedProcess,
  gate: StartGate<ManagedProcess>,
  { wait, noDeps, shuttingDown }: { wait: boolean; noDeps: boolean; shuttingDown: boolean },
): Promise<ProcOutcome> {
  // a restart whose stop half outlasted the start of a shutdown must not spawn it again
  if (shuttingDown) return outcome(p, "shutting-down", "graced is shutting down");
  if (!noDeps && !gate.idle && isStopped(p.state)) {
    // through the start gate: it starts once its dependencies meet their conditions
    if (!gate.isWaiting(p)) gate.want([p]);
    if (!wait) return outcome(p, "ok", "started");
    const decided = await gate.decision(p);
    if (!decided.started) return outcome(p, "dependency-failed", decided.reason);
  } else {
    gate.drop(p, "started without its dependencies");
    const out = p.dispatch({ type: "start" });
    if (!out.ok) return outcome(p, out.code, out.reason);
    if (!wait) return outcome(p, "ok", "started");
  }
  await p.waitFor((s) => s !== "STARTING");
  if (p.state === "RUNNING") return outcome(p, "ok", "started");
  // a one-shot task that finished well before startsecs is started, and done
  if (isDone(p)) return outcome(p, "ok", "started");
  if (p.record.spawnerr && p.record.pid === 0 && p.record.exitCode === null && p.record.exitSignal === null) {
    return outcome(p, "spawn-error", p.record.spawnerr);
  }
  return outcome(p, "start-failed", p.info().description);
}
