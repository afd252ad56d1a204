import type { StateName } from "@grace/protocol";
import { DepGraph, idOf } from "../config/dep-graph.js";
import type { Dependency, GroupConfig, ProgramConfig } from "../config/model.js";
import { type Blocked, gateStarts, type ProcessView } from "../deps/gate.js";
import { startLevels } from "./levels.js";

/**
 * Start gating in the engine (issue 14): the processes that want to start but wait for their
 * dependencies, and the moment each may go. deps/gate.ts decides; this keeps the waiting set,
 * asks again whenever a process others depend on changes, and starts what the answer allows,
 * in priority order. Without any `depends_on` in the config it is never asked anything.
 */
export type Gated = {
  cfg: ProgramConfig;
  priority: number;
  groupPriority?: number;
  state: StateName;
};

export type GateHost<P extends Gated> = {
  /** What the gate judges a process by (its state, readiness, last exit). */
  view(p: P): ProcessView;
  /** Its dependencies are met: start it now (a start request of its own). */
  start(p: P): void;
  /** Why it waits ("waiting for db: FATAL"), or "" once it no longer does. */
  hold(p: P, reason: string): void;
};

/** How a wait for the gate ended: started, or blocked for good (its dependency failed), or dropped. */
export type GateDecision = { started: true } | { started: false; reason: string };

export class StartGate<P extends Gated> {
  private graph: DepGraph;
  private byId = new Map<string, P>();
  /** Processes that want to start, with their current reason to wait. */
  private readonly waiting = new Map<P, string>();
  private readonly decided = new Map<P, ((d: GateDecision) => void)[]>();
  /** Those whose wait ends only by someone's hand (a dependency is FATAL, or missing). */
  private readonly failed = new Set<P>();
  private scheduled = false;

  constructor(
    programs: readonly ProgramConfig[],
    groups: readonly GroupConfig[],
    private readonly host: GateHost<P>,
  ) {
    this.graph = new DepGraph(programs, groups);
  }

  /** The config changed (reload, add, remove): judge by the new graph from now on. */
  rebuild(programs: readonly ProgramConfig[], groups: readonly GroupConfig[], procs: readonly P[]): void {
    this.graph = new DepGraph(programs, groups);
    this.byId = new Map(procs.map((p) => [idOf(p.cfg), p]));
    for (const p of [...this.waiting.keys()]) if (!procs.includes(p)) this.drop(p, "removed by a config change");
    this.schedule();
  }

  track(procs: readonly P[]): void {
    for (const p of procs) this.byId.set(idOf(p.cfg), p);
  }

  /** No process depends on anything: every start goes at once, as before dependencies. */
  get idle(): boolean {
    return this.graph.empty;
  }

  /** The processes a `depends_on` name stands for, by id. */
  resolve(name: string): readonly string[] {
    return this.graph.resolve(name);
  }

  /** What a process depends on: each entry with the processes it names. */
  edges(p: P): { dep: Dependency; on: P[] }[] {
    return this.graph.edges(idOf(p.cfg)).map(({ dep, on }) => ({ dep, on: on.flatMap((id) => this.byId.get(id) ?? []) }));
  }

  isWaiting(p: P): boolean {
    return this.waiting.has(p);
  }

  /**
   * These want to start: each goes now if its dependencies are met, else waits. Returns the
   * ones started at once. `procs` in any order: starts go in priority order.
   */
  want(procs: readonly P[]): P[] {
    for (const p of procs) if (!this.waiting.has(p)) this.waiting.set(p, "");
    return this.evaluate();
  }

  /** It no longer wants to start (a stop request, a start without dependencies, removal). */
  drop(p: P, why = "no longer waiting"): void {
    if (!this.waiting.delete(p)) return;
    this.host.hold(p, "");
    this.settle(p, { started: false, reason: why });
  }

  /** Resolves once the gate starts it, or once its wait can only end by someone's hand. */
  decision(p: P): Promise<GateDecision> {
    if (!this.waiting.has(p)) return Promise.resolve({ started: true });
    const reason = this.waiting.get(p) ?? "";
    if (reason !== "" && this.failed.has(p)) return Promise.resolve({ started: false, reason });
    return new Promise((resolve) => {
      const list = this.decided.get(p) ?? [];
      list.push(resolve);
      this.decided.set(p, list);
    });
  }

  /** A process changed state or readiness: what waits for it may go now (judged once per tick). */
  changed(p: P): void {
    if (this.waiting.size === 0 || this.graph.dependents(idOf(p.cfg)).length === 0) return;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.evaluate();
    });
  }

  private evaluate(): P[] {
    if (this.waiting.size === 0) return [];
    const ordered = startLevels([...this.waiting.keys()]).flat();
    const ids = ordered.map((p) => idOf(p.cfg));
    const view = (id: string) => {
      const p = this.byId.get(id);
      return p === undefined ? undefined : this.host.view(p);
    };
    const { start, blocked } = gateStarts(this.graph, view, ids);
    for (const b of blocked) this.block(b);
    const started: P[] = [];
    for (const id of start) {
      const p = this.byId.get(id);
      if (p === undefined) continue;
      this.waiting.delete(p);
      this.failed.delete(p);
      this.host.hold(p, "");
      this.host.start(p);
      this.settle(p, { started: true });
      started.push(p);
    }
    return started;
  }

  private block(b: Blocked): void {
    const p = this.byId.get(b.id);
    if (p === undefined) return;
    if (this.waiting.get(p) !== b.reason) {
      this.waiting.set(p, b.reason);
      this.host.hold(p, b.reason);
    }
    if (b.failed) {
      this.failed.add(p);
      this.settle(p, { started: false, reason: b.reason });
    } else {
      this.failed.delete(p);
    }
  }

  private settle(p: P, d: GateDecision): void {
    const list = this.decided.get(p);
    if (!list) return;
    this.decided.delete(p);
    for (const resolve of list) resolve(d);
  }
}
