import { EventEmitter } from "node:events";
import { fullName, type StateName } from "@grace/protocol";
import type { ProgramConfig } from "../config/model.js";
import { type Cancel, type Clock, systemClock } from "./clock.js";
import { processInfo } from "./describe.js";
import type { ProcessEvents } from "./events.js";
import { initialRecord, type ProcRecord } from "./record.js";
import { type SpawnOutcome, SpawnQueue, type SpawnTicket } from "./spawn-queue.js";
import { type ChildHandle, SpawnError, type Spawner } from "./spawner.js";
import { type Effect, type ProcEvent, type Step, type TimerName, transition } from "./transition.js";

export type ProcessDeps = {
  spawner: Spawner;
  /** The clock (clock.ts): ms since epoch … */
  now: Clock["now"];
  /** … and the timers; the system's when absent. */
  after?: Clock["after"];
  environment: (cfg: ProgramConfig) => Record<string, string>;
  /** Takes the child's output streams (logs); must consume them. */
  attachOutput: (proc: ManagedProcess, child: ChildHandle) => void;
  logPaths: (proc: ManagedProcess) => { stdout: string; stderr: string };
  /** Where spawns wait for their turn (tests pass their own; the supervisor makes one otherwise). */
  spawns?: SpawnQueue;
  /**
   * grace (issue 14): start probing a run's ready_check (readiness/runner.ts in graced); it
   * reports each result and is cancelled when the run ends. Absent: a check never passes.
   */
  readiness?: (proc: ManagedProcess, report: (result: ReadinessResult) => void) => ReadinessProbe;
};

export type ReadinessResult = { ok: true } | { ok: false; reason: string };
/** One run's readiness probing, as the engine drives it. */
export type ReadinessProbe = { feed(stream: "stdout" | "stderr", chunk: Buffer): void; cancel(): void };

export type EngineDeps = ProcessDeps & Required<Pick<ProcessDeps, "spawns" | "after">>;

/** The deps with their defaults: the system's timers, a spawn queue of its own. */
export function engineDeps(deps: ProcessDeps): EngineDeps {
  return { ...deps, after: deps.after ?? systemClock.after, spawns: deps.spawns ?? new SpawnQueue() };
}

/**
 * One supervised process: feeds events to the pure `transition` and carries out the effects it
 * returns (spawn, signal, arm and cancel timers), deciding nothing itself. Emits "change"
 * (proc, fromState) on every state change, "spawned" (proc, pid) when a child got its pid (just
 * before the record has it) and "removed" when taken out of supervision.
 */
export class ManagedProcess extends EventEmitter<ProcessEvents> {
  record: ProcRecord = initialRecord();
  private readonly timers = new Map<TimerName, Cancel>();
  /** Counts spawns, so a late exit of an earlier child can never touch the current one. */
  private generation = 0;
  /** This process's place in the spawn queue while it waits for its turn. */
  private queued: SpawnTicket | undefined;
  /** In a stop under way: the latest moment (ms since epoch) it gets its signal; 0 = none. */
  signalBy = 0;
  /** The current run's child and its readiness probing. */
  private child: ChildHandle | undefined;
  private probe: ReadinessProbe | undefined;
  /** grace (issue 14): why it waits for its dependencies before it starts, "" when it does not. */
  private heldFor = "";
  /** Another program waits for this one to be `done` (set by the supervisor from the graph). */
  oneShot = false;

  constructor(
    public cfg: ProgramConfig,
    private readonly deps: EngineDeps,
  ) {
    super();
  }

  get fullName(): string {
    return fullName(this.cfg.group, this.cfg.name);
  }

  get priority(): number {
    return this.cfg.priority;
  }

  get groupPriority(): number | undefined {
    return this.cfg.groupPriority;
  }

  /**
   * From now on nothing restarts by itself (graced is shutting down): an exit is final and a
   * failed start is FATAL at once, so a program that dies while an earlier level is still
   * stopping is not brought back just to be stopped again.
   */
  holdRestarts(): void {
    this.dispatch({ type: "holdRestarts" });
  }

  get state(): StateName {
    return this.record.state;
  }

  /** STARTING without a pid yet: waiting for its turn to spawn (or for the system's answer). */
  get spawnPending(): boolean {
    return this.record.state === "STARTING" && this.record.pid === 0;
  }

  info(now = this.deps.now()) {
    const info = processInfo(this.cfg, this.record, now, this.deps.logPaths(this), this.heldFor);
    return this.signalBy > 0 && this.record.state !== "STOPPING" ? { ...info, signalBy: this.signalBy / 1000 } : info;
  }

  /** RUNNING and its ready_check passed (or it has none): what `:ready` and `wait --for ready` want. */
  get isReady(): boolean {
    return this.state === "RUNNING" && (this.cfg.readyCheck === null || this.record.ready);
  }

  get held(): string {
    return this.heldFor;
  }

  /** The start gate holds it back (or lets it go, with ""); said as a change, for status watchers. */
  hold(reason: string): void {
    if (reason === this.heldFor) return;
    this.heldFor = reason;
    this.emit("change", this, this.state);
  }

  dispatch(ev: ProcEvent): Step {
    const cfg = this.oneShot ? { ...this.cfg, oneShot: true } : this.cfg;
    const out = transition(this.record, ev, cfg, this.deps.now());
    if (!out.ok) return out;
    const from = this.record.state;
    const wasReady = this.record.ready;
    this.record = out.next;
    // what the state left had begun ends before the change is announced; what the new one
    // begins, after (listeners see STARTING before the spawn's "spawned")
    const ending = out.effects.filter(isCancel);
    for (const effect of ending) this.run(effect);
    if (from !== out.next.state) this.emit("change", this, from);
    // ready is news to whoever waits for it (dependents, `wait --for ready`): a change in place
    else if (out.next.ready && !wasReady) this.emit("change", this, from);
    for (const effect of out.effects) if (!isCancel(effect)) this.run(effect);
    return out;
  }

  /** Resolves when `done(state)` holds (checked now and on every change), or false at the timeout. */
  waitFor(done: (state: StateName) => boolean, timeoutMs = 0): Promise<boolean> {
    if (done(this.state)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const cancel = timeoutMs > 0 ? this.deps.after(timeoutMs, () => finish(false)) : undefined;
      const onChange = () => {
        if (done(this.state)) finish(true);
      };
      const finish = (result: boolean) => {
        cancel?.();
        this.off("change", onChange);
        this.off("removed", onRemoved);
        resolve(result);
      };
      const onRemoved = () => finish(false);
      this.on("change", onChange);
      this.once("removed", onRemoved);
    });
  }

  /** `gracectl signal`: deliver a signal without a state change; the group when `stopasgroup`. */
  sendSignal(signal: string): void {
    this.deps.spawner.signal(this.record.pid, signal, this.cfg.stopasgroup);
  }

  /** Forget timers, probes and a spawn not made yet (used when graced is going away). */
  dispose(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.leaveQueue();
    this.stopProbing();
  }

  /** Taken out of supervision (live config change): pending waits end unfulfilled. */
  remove(): void {
    this.dispose();
    this.emit("removed");
    this.removeAllListeners();
  }

  private run(effect: Effect): void {
    switch (effect.type) {
      case "spawn":
        this.queued = this.deps.spawns.add((held) => this.spawn(held));
        return;
      case "signal":
        try {
          this.deps.spawner.signal(this.record.pid, effect.signal, effect.group);
        } catch (e) {
          this.dispatch({ type: "signalFailed", error: `cannot send SIG${effect.signal}: ${(e as Error).message}` });
        }
        return;
      case "cancelSpawn":
        this.leaveQueue();
        return;
      case "setTimer":
        this.setTimer(effect.timer, effect.ms);
        return;
      case "cancelTimer":
        this.timers.get(effect.timer)?.();
        this.timers.delete(effect.timer);
        return;
      case "restartNow":
        this.dispatch({ type: "restartDue" });
        return;
      case "probe":
        this.startProbing();
        return;
      case "cancelProbe":
        this.stopProbing();
        return;
    }
  }

  private startProbing(): void {
    this.stopProbing();
    const child = this.child;
    if (!this.deps.readiness || !child) return;
    const generation = this.generation;
    const probe = this.deps.readiness(this, (result) => {
      // a result for an earlier run, or one that came in after it ended, means nothing now
      if (generation !== this.generation || this.probe !== probe) return;
      if (result.ok) this.probe = undefined;
      this.dispatch(result.ok ? { type: "readiness", ok: true, reason: "" } : { type: "readiness", ok: false, reason: result.reason });
    });
    this.probe = probe;
    if (this.cfg.readyCheck?.kind === "log") {
      child.stdout?.on("data", (chunk: Buffer) => probe.feed("stdout", chunk));
      child.stderr?.on("data", (chunk: Buffer) => probe.feed("stderr", chunk));
    }
  }

  private stopProbing(): void {
    this.probe?.cancel();
    this.probe = undefined;
  }

  /** Its turn in the spawn queue; `held`: spawning is held back after the system refused a process. */
  private spawn(held: string | null): SpawnOutcome | Promise<SpawnOutcome> {
    this.queued = undefined;
    if (!this.spawnPending) return "done";
    if (held !== null) {
      // STARTING -> BACKOFF without forking: the system refused a process a moment ago
      this.dispatch({ type: "spawnFailed", error: `not spawned: ${held}; spawning is held for a moment` });
      return "done";
    }
    const generation = ++this.generation;
    let child: ChildHandle;
    try {
      child = this.deps.spawner.spawn(this.cfg, this.deps.environment(this.cfg));
    } catch (e) {
      if (e instanceof SpawnError && e.later) return e.later.then((err) => this.spawnFailed(err, generation));
      return this.spawnFailed(e as Error, generation);
    }
    this.deps.attachOutput(this, child);
    this.child = child;
    child.onExit((code, signal) => {
      if (generation !== this.generation) return;
      const r = this.record;
      const groupAlive = r.state === "STOPPING" && this.cfg.stopasgroup && this.deps.spawner.groupAlive(child.pid);
      this.dispatch({ type: "exited", code, signal, groupAlive });
    });
    // announced before the state change, so that with startsecs=0 "spawned" precedes "success"
    this.emit("spawned", this, child.pid);
    this.dispatch({ type: "spawned", pid: child.pid });
    return "done";
  }

  private spawnFailed(e: Error, generation: number): SpawnOutcome {
    // STARTING -> BACKOFF (or FATAL), unless a stop or a newer start came meanwhile
    if (generation === this.generation && this.spawnPending) this.dispatch({ type: "spawnFailed", error: e.message });
    return e instanceof SpawnError && e.resource ? { starved: e.reason } : "done";
  }

  private leaveQueue(): void {
    this.queued?.cancel();
    this.queued = undefined;
  }

  private setTimer(name: TimerName, ms: number): void {
    this.timers.get(name)?.();
    const cancel = this.deps.after(ms, () => {
      this.timers.delete(name);
      this.onTimer(name);
    });
    this.timers.set(name, cancel);
  }

  private onTimer(name: TimerName): void {
    switch (name) {
      case "startsecs":
        this.dispatch({ type: "startsecsElapsed" });
        return;
      case "restart":
        this.dispatch({ type: "restartDue" });
        return;
      case "stopDeadline":
        this.dispatch({ type: "stopDeadline" });
        return;
      case "escalate":
        this.dispatch({ type: "escalate" });
        return;
      case "groupPoll":
        this.dispatch({ type: "groupPoll", alive: this.deps.spawner.groupAlive(this.record.pid) });
        return;
      case "readyDeadline":
        this.dispatch({ type: "readyDeadline" });
        return;
    }
  }
}

const isCancel = (e: Effect) => e.type === "cancelTimer" || e.type === "cancelSpawn" || e.type === "cancelProbe";
