import { EventEmitter } from "node:events";
import { type DaemonState, type HealthResult, type ProcessInfo, SIGNALLABLE_STATES, type StateName, type WaitFor } from "@grace/protocol";
import { idOf } from "../config/dep-graph.js";
import type { Config, ProgramConfig } from "../config/model.js";
import type { SupervisorEvents } from "../process/events.js";
import { type EngineDeps, engineDeps, ManagedProcess, type ProcessDeps } from "../process/managed-process.js";
import { EngineError, type NameOutcome, type ProcOutcome, type UnknownName } from "../process/outcome.js";
import { isDone, viewOf, WAIT_DONE } from "./dependencies.js";
import { judgeHealth } from "./health.js";
import { startLevels } from "./levels.js";
import { resolveNames, unique } from "./names.js";
import { orderedStop, type StopOptions } from "./ordered-stop.js";
import { outcome, quietForGroups } from "./outcomes.js";
import { dependentsOf, lastToStop, nothingPulled, startedFor, startOne, stoppedDependencies, stoppedFor } from "./pull.js";
import { StartGate } from "./start-gate.js";
import { killAll, type ShutdownOutcome, type ShutdownReport, stopAll } from "./stop-all.js";

/**
 * What `status` found: the named processes (all when none named), the names that matched
 * nothing, and graced's own state (draining and stopping mean "not ready").
 */
export type StatusOutcome = { processes: ProcessInfo[]; unknown: UnknownName[]; daemon: DaemonState };

/**
 * Owns the processes: starts, stops and restarts them by name, and stops them in dependency and
 * priority order.
 * Emits "change" (proc, fromState) for every state change of any process.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  private procs: ManagedProcess[] = [];
  private readonly deps: EngineDeps;
  /** Starts held back until their dependencies meet their conditions (issue 14). */
  private readonly gate: StartGate<ManagedProcess>;
  shuttingDown = false;
  /** What status reports as graced's own state: draining, then stopping, once a shutdown begins. */
  daemonState: DaemonState = "running";

  constructor(
    public config: Config,
    deps: ProcessDeps,
  ) {
    super();
    this.deps = engineDeps(deps);
    this.procs = config.programs.map((cfg) => this.adopt(new ManagedProcess(cfg, this.deps)));
    this.gate = new StartGate(config.programs, config.groups, {
      view: viewOf,
      start: (p) => p.dispatch({ type: "start" }),
      hold: (p, reason) => p.hold(reason),
    });
    this.graphChanged();
  }

  list(): readonly ManagedProcess[] {
    return this.procs;
  }

  /**
   * Start every autostart program (or those of `among`), lowest priority number first (SPEC §3);
   * with dependencies, each the moment they meet their conditions (issue 14).
   */
  autostart(among: readonly ManagedProcess[] = this.procs): void {
    const wanted = startLevels(among.filter((p) => p.cfg.autostart)).flat();
    if (!this.gate.idle) {
      this.gate.want(wanted);
      return;
    }
    for (const p of wanted) p.dispatch({ type: "start" });
  }

  /** Take new processes under supervision (live config change); they start with `autostart`. */
  add(configs: readonly ProgramConfig[]): ManagedProcess[] {
    this.refuseDuringShutdown();
    const added = configs.map((cfg) => this.adopt(new ManagedProcess(cfg, this.deps)));
    this.procs.push(...added);
    this.graphChanged();
    return added;
  }

  /** Forget stopped processes (live config change). */
  drop(procs: readonly ManagedProcess[]): void {
    const gone = new Set(procs);
    for (const p of gone) p.remove();
    this.procs = this.procs.filter((p) => !gone.has(p));
    this.graphChanged();
  }

  /** The processes changed: the dependency graph is rebuilt from their configs, and who is a one-shot task. */
  private graphChanged(): void {
    const configs = this.procs.map((p) => p.cfg);
    this.gate?.rebuild(configs, this.config.groups, this.procs);
    const oneShots = new Set<string>();
    for (const cfg of configs) {
      for (const dep of cfg.dependsOn) if (dep.condition === "done") for (const id of this.gate.resolve(dep.name)) oneShots.add(id);
    }
    for (const p of this.procs) p.oneShot = oneShots.has(idOf(p.cfg));
  }

  /**
   * `health` (issue 14): are the autostart processes (or the named ones) RUNNING, and ready if
   * asked; never while graced drains or stops (its `daemonState`).
   */
  health(names: string[], ready: boolean): HealthResult {
    const now = this.deps.now();
    const named = names.length > 0 && !names.includes("all");
    const { procs, unknown } = named ? this.resolve(names) : { procs: this.procs, unknown: [] };
    return judgeHealth({
      procs: procs.map((p) => ({ info: p.info(now), autostart: p.cfg.autostart, done: isDone(p) })),
      named,
      unknown: unknown.map((u) => u.spec),
      ready,
      phase: this.shuttingDown && this.daemonState === "running" ? "stopping" : this.daemonState,
    });
  }

  status(names: string[] | undefined): StatusOutcome {
    const now = this.deps.now();
    const daemon = this.daemonState;
    if (!names || names.length === 0) return { processes: this.procs.map((p) => p.info(now)), unknown: [], daemon };
    const { procs, unknown } = this.resolve(names);
    return { processes: procs.map((p) => p.info(now)), unknown, daemon };
  }

  /**
   * Start the named processes, in priority order. With dependencies (issue 14) their stopped
   * dependencies are started too (each outcome says `dependencyOf: "web"`), and each starts the
   * moment its own are met; `deps` false: only the named ones, at once, whatever they depend on.
   */
  async start(names: string[], wait = true, deps = true): Promise<NameOutcome[]> {
    this.refuseDuringShutdown();
    const { procs, unknown, named } = this.resolve(names);
    const pulled = deps ? stoppedDependencies(this.gate, procs) : nothingPulled();
    const levels = startLevels([...pulled.keys(), ...procs]).flat();
    const started = await Promise.all(levels.map(async (p) => startedFor(pulled, p, await this.startOne(p, wait, !deps))));
    return [...unknown, ...quietForGroups(started, "already-started", named)];
  }

  /**
   * Stop the named processes in dependency and priority order. `withDependents`: also what
   * depends on them (directly or through others) and is not stopped, first, each saying which
   * of the stopped ones it depends on (`gracectl stop db`; `--no-deps` turns it off).
   */
  async stop(names: string[], wait = true, withDependents = false): Promise<NameOutcome[]> {
    const { procs, unknown, named } = this.resolve(names);
    const pulled = withDependents ? dependentsOf(this.procs, procs) : nothingPulled();
    const all = [...procs, ...pulled.keys()];
    for (const p of all) this.gate.drop(p, "stopped by request");
    const run = this.stopMany(all).then((outcomes) =>
      all.map((p) => stoppedFor(pulled, p, outcomes.get(p) ?? outcome(p, "ok", "stopped"))),
    );
    if (!wait) {
      run.catch(() => {});
      return [...unknown, ...all.map((p) => stoppedFor(pulled, p, outcome(p, "ok", "stopping")))];
    }
    return [...unknown, ...quietForGroups(await run, "not-running", named)];
  }

  /**
   * Stop the named processes as `stop` does (dependents first, then by levels, highest priority
   * number first), then start them in priority order, as `start` does. The processes of the
   * level stopped last that depend on nothing else being restarted each start again as soon as
   * they have stopped, without waiting for each other (equal priority puts no order among them);
   * with all priorities equal and no depends_on, the common case, that is every process. The
   * others start once every process has stopped. `withDependents`: what depends on them and is
   * not stopped is restarted with them, stopped first and started after (`gracectl restart db`).
   */
  async restart(names: string[], wait = true, withDependents = false): Promise<NameOutcome[]> {
    this.refuseDuringShutdown();
    const resolved = this.resolve(names);
    const { unknown } = resolved;
    const pulled = withDependents ? dependentsOf(this.procs, resolved.procs) : nothingPulled();
    const procs = [...resolved.procs, ...pulled.keys()];
    // what the named ones need and is stopped starts alongside, as `start` does (issue 14)
    const needed = withDependents ? stoppedDependencies(this.gate, procs) : nothingPulled();
    const dependencies = [...needed.keys()].map(async (p) => startedFor(needed, p, await this.startOne(p, wait)));
    const lowest = new Set(lastToStop(this.procs, procs));
    const starts = new Map<ManagedProcess, Promise<ProcOutcome>>();
    const stopped = await this.stopMany(procs, {
      // the start is dispatched before startOne's first await
      gone: (p) => lowest.has(p) && starts.set(p, this.startOne(p, wait, !withDependents)),
    });
    for (const p of startLevels(procs.filter((q) => !lowest.has(q))).flat()) starts.set(p, this.startOne(p, wait, !withDependents));
    const restarted = await Promise.all(
      procs.map(async (p) => {
        const started = await (starts.get(p) as Promise<ProcOutcome>);
        const on = pulled.get(p);
        const result = on === undefined ? started : { ...started, dependsOn: on };
        return stopped.get(p)?.code === "ok" && started.code === "ok" ? { ...result, description: "restarted" } : result;
      }),
    );
    return [...unknown, ...(await Promise.all(dependencies)), ...restarted];
  }

  /**
   * Send `signal` (a bare name such as "HUP") to each named process that has a pid; `null`
   * means the caller's signal name was not valid, reported per process as "bad-signal".
   */
  signal(names: string[], signal: string | null): NameOutcome[] {
    const { procs, unknown } = this.resolve(names);
    const signalled = procs.map((p) => {
      if (signal === null) return outcome(p, "bad-signal", "bad signal name");
      if (!SIGNALLABLE_STATES.includes(p.state) || p.record.pid === 0) return outcome(p, "not-running", "not running");
      p.sendSignal(signal);
      return outcome(p, "ok", "signalled");
    });
    return [...unknown, ...signalled];
  }

  /**
   * Wait until each process is RUNNING or stopped, at most `timeoutMs` (0 = no limit).
   * Waiting for RUNNING gives up at once on FATAL: no retry will come by itself.
   */
  async wait(names: string[], want: WaitFor, timeoutMs: number): Promise<NameOutcome[]> {
    const { procs, unknown } = this.resolve(names);
    const waited = await Promise.all(
      procs.map(async (p) => {
        const reached = await p.waitFor(WAIT_DONE[want](p), timeoutMs);
        if (!this.procs.includes(p)) return outcome(p, "unknown-name", "no such process (removed by a config change)");
        if (!reached) {
          const still = want === "ready" && p.state === "RUNNING" ? `RUNNING, ${p.info().readiness}` : p.state;
          return outcome(p, "timed-out", `timed out waiting for ${want}, state ${still}`);
        }
        if (want !== "stopped" && p.state === "FATAL") return outcome(p, "start-failed", p.info().description);
        return outcome(p, "ok", want === "stopped" ? "stopped" : want);
      }),
    );
    return [...unknown, ...waited];
  }

  /**
   * Stop processes in dependency and priority order (ordered-stop.ts): a process gets its signal
   * once what depends on it is gone, a level once the level before is gone, unrelated processes
   * at the same moment. `deadline` (ms since epoch, 0 = none) clamps every grace period and
   * enforces the schedule (SPEC §4.3).
   */
  async stopMany(procs: readonly ManagedProcess[], options: StopOptions = {}): Promise<Map<ManagedProcess, ProcOutcome>> {
    const done = await orderedStop(this.procs, procs, { now: this.deps.now, after: this.deps.after }, options);
    const results = new Map<ManagedProcess, ProcOutcome>();
    for (const [p, r] of done) results.set(p, r.ok ? outcome(p, "ok", "stopped") : outcome(p, r.code, r.reason));
    return results;
  }

  /**
   * Stop everything within the budget (stop-all.ts); from now on nothing starts. `since`: when
   * the shutdown began, its drain included. Resolves with one outcome per process that was alive.
   */
  shutdown(deadline: number, report: ShutdownReport = {}, since?: number): Promise<ShutdownOutcome> {
    this.shuttingDown = true;
    this.daemonState = "stopping";
    return stopAll(this, deadline, this.deps.now, report, since);
  }

  /**
   * A shutdown's drain (`shutdown_drain`): status says `draining` (not ready) while the programs
   * keep running; nothing new starts from now on.
   */
  drain(): void {
    this.shuttingDown = true;
    this.daemonState = "draining";
  }

  /** Second SIGTERM during a shutdown: SIGKILL everything still alive, now. */
  escalate(): void {
    killAll(this.procs);
  }

  private startOne(p: ManagedProcess, wait: boolean, noDeps = false): Promise<ProcOutcome> {
    return startOne(p, this.gate, { wait, noDeps, shuttingDown: this.shuttingDown });
  }

  /** `named`: the full names of processes named one by one (not only through a group or `all`). */
  private resolve(names: string[]): { procs: ManagedProcess[]; unknown: UnknownName[]; named: Set<string> } {
    const { matches, unknown } = resolveNames(
      names,
      this.procs.map((p) => this.named(p)),
    );
    const named = new Set(matches.flatMap((m) => (m.whole ? [] : m.items.map((i) => i.proc.fullName))));
    return { procs: unique(matches.flatMap((m) => m.items.map((i) => i.proc))), unknown, named };
  }

  private named(proc: ManagedProcess) {
    return { name: proc.cfg.name, group: proc.cfg.group, proc };
  }

  refuseDuringShutdown(): void {
    if (this.shuttingDown) throw new EngineError("shutting-down", "graced is shutting down");
  }

  private adopt(p: ManagedProcess): ManagedProcess {
    p.on("change", (proc: ManagedProcess, from: StateName) => {
      this.gate?.changed(proc);
      this.emit("change", proc, from);
    });
    p.on("spawned", (proc: ManagedProcess, pid: number) => this.emit("spawned", proc, pid));
    return p;
  }
}
