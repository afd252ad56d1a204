import type { ProcessInfo } from "@grace/protocol";
import type { DepGraph } from "../config/dep-graph.js";
import type { DependencyCondition } from "../config/model.js";

/**
 * Start gating (issue 14), decided from the graph and what each process is now: of the
 * processes that want to start, which may start at this moment and which wait, with the
 * reason status shows ("waiting for db: FATAL"). Pure; the engine asks again whenever a
 * process changes state, so a program starts the moment its dependencies meet their conditions.
 */
/**
 * How the gate sees a process: its state and readiness as status reports them (`ready` is null
 * without a ready_check: it is then ready once RUNNING), and how its last run ended.
 */
export type ProcessView = Pick<ProcessInfo, "statename" | "ready"> & {
  /** Its last exit was expected (in `exitcodes`; a death by signal never is). */
  expectedExit: boolean;
};

export type Blocked = {
  id: string;
  /** The dependency it waits for first (of several unmet, the first declared). */
  waitingFor: string;
  reason: string;
  /** Where the chain of waits ends ("db: FATAL"); the reason names it when it is further away. */
  cause: string;
  /** The wait ends only if someone acts: what it waits for is FATAL, directly or down the chain. */
  failed: boolean;
};

export type Gate = { start: string[]; blocked: Blocked[] };

export function meets(view: ProcessView, condition: DependencyCondition): boolean {
  switch (condition) {
    case "started":
      return view.statename === "STARTING" || view.statename === "RUNNING";
    case "running":
      return view.statename === "RUNNING";
    case "ready":
      return view.statename === "RUNNING" && view.ready !== false;
    case "done":
      return view.statename === "EXITED" && view.expectedExit;
  }
}

/** Why a dependency does not meet its condition yet, in status's words. */
function unmet(view: ProcessView, condition: DependencyCondition): string {
  if (view.statename === "RUNNING" && condition === "ready") return "RUNNING, not ready";
  if (view.statename === "RUNNING" && condition === "done") return "RUNNING, not done";
  if (view.statename === "EXITED" && condition === "done") return "EXITED with an unexpected status";
  return view.statename;
}

/**
 * `wanting`: the processes that would start now but for their dependencies, in the order they
 * should start (the caller's priority order); `start` keeps that order. A dependency that is
 * itself waiting is named with what it waits for ("waiting for app, which waits for db: FATAL").
 */
export function gateStarts(graph: DepGraph, view: (id: string) => ProcessView | undefined, wanting: readonly string[]): Gate {
  const want = new Set(wanting);
  const verdicts = new Map<string, Blocked | null>();
  for (const id of dependenciesFirst(graph, wanting, want)) verdicts.set(id, judge(graph, id, view, verdicts));
  const start = wanting.filter((id) => verdicts.get(id) === null);
  const blocked = wanting.flatMap((id) => verdicts.get(id) ?? []);
  return { start, blocked };
}

function judge(
  graph: DepGraph,
  id: string,
  view: (id: string) => ProcessView | undefined,
  verdicts: Map<string, Blocked | null>,
): Blocked | null {
  for (const { dep, on } of graph.edges(id)) {
    for (const target of on) {
      const v = view(target);
      if (v !== undefined && meets(v, dep.condition)) continue;
      const name = graph.display(target);
      const upstream = verdicts.get(target);
      if (upstream) {
        const { cause, failed } = upstream;
        return { id, waitingFor: target, reason: `waiting for ${name}, which waits for ${cause}`, cause, failed };
      }
      const cause = `${name}: ${v === undefined ? "no such process" : unmet(v, dep.condition)}`;
      return { id, waitingFor: target, reason: `waiting for ${cause}`, cause, failed: v === undefined || v.statename === "FATAL" };
    }
  }
  return null;
}

/** The wanting processes ordered so each comes after the wanting ones it depends on (iterative DFS). */
function dependenciesFirst(graph: DepGraph, wanting: readonly string[], want: Set<string>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const root of wanting) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: { id: string; deps: string[]; i: number }[] = [{ id: root, deps: graph.dependencies(root), i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const next = top.deps[top.i++];
      if (next === undefined) {
        order.push(top.id);
        stack.pop();
      } else if (want.has(next) && !seen.has(next)) {
        seen.add(next);
        stack.push({ id: next, deps: graph.dependencies(next), i: 0 });
      }
    }
  }
  return order;
}
