import { EventEmitter } from "node:events";
import { fullName, isStopped, type ProcessInfo, SIGNALLABLE_STATES, type StateName, type WaitFor } from "@grace/protocol";
import type { Config, ProgramConfig } from "../config/model.js";
import type { SupervisorEvents } from "../process/events.js";
import { type EngineDeps, engineDeps, ManagedProcess, type ProcessDeps } from "../process/managed-process.js";
import { EngineError, type NameOutcome, type OutcomeCode, type ProcOutcome, type UnknownName } from "../process/outcome.js";
import { clampGrace, startLevels, stopLevels } from "./levels.js";
import { resolveNames, unique } from "./names.js";
import { killAll, type ShutdownOutcome, type ShutdownReport, stopAll } from "./stop-all.js";

/** What `status` found: the named processes (all when none named) and the names that matched nothing. */
export type StatusOutcome = { processes: ProcessInfo[]; unknown: UnknownName[] };

/**
 * supervisorctl's words for a group or `all`: a member already where the verb takes it (already
 * started, not running) gets no line; named on its own, it gets its ERROR line as before.
 */
function quietForGroups(results: ProcOutcome[], noop: OutcomeCode, named: ReadonlySet<string>): ProcOutcome[] {
  return results.filter((r) => r.code !== noop || named.has(fullName(r.group, r.name)));
}

function outcome(p: ManagedProcess, code: OutcomeCode, description: string): ProcOutcome {
  return { name: p.cfg.name, group: p.cfg.group, code, description };
}

/**
 * Owns the processes: starts, stops and restarts them by name, and stops them level by level.
 * Emits "change" (proc, fromState) for every state change of any process.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  private procs: ManagedProcess[] = [];
  private readonly deps: EngineDeps;
  shuttingDown = false;

  constructor(
    public config: Config,
    deps: ProcessDeps,
  ) {
    super();
    this.deps = engineDeps(deps);
    this.procs = config.programs.map((cfg) => this.adopt(new ManagedProcess(cfg, this.deps)));
  }

  list(): readonly ManagedProcess[] {
    return this.procs;
  }

  /** Start every autostart program (or those of `among`), lowest priority number first (SPEC §3). */
  autostart(among: readonly ManagedProcess[] = this.procs): void {
    for (const level of startLevels(among.filter((p) => p.cfg.autostart))) {
      for (const p of level) p.dispatch({ type: "start" });
    }
  }

  /** Take new processes under supervision (live config change); they start with `autostart`. */
  add(configs: readonly ProgramConfig[]): ManagedProcess[] {
    this.refuseDuringShutdown();
    const added = configs.map((cfg) => this.adopt(new ManagedProcess(cfg, this.deps)));
    this.procs.push(...added);
    return added;
  }

  /** Forget stopped processes (live config change). */
  drop(procs: readonly ManagedProcess[]): void {
    const gone = new Set(procs);
    for (const p of gone) p.remove();
    this.procs = this.procs.filter((p) => !gone.has(p));
  }

  status(names: string[] | undefined): StatusOutcome {
    const now = this.deps.now();
    if (!names || names.length === 0) return { processes: this.procs.map((p) => p.info(now)), unknown: [] };
    const { procs, unknown } = this.resolve(names);
    return { processes: procs.map((p) => p.info(now)), unknown };
  }

  async start(names: string[], wait = true): Promise<NameOutcome[]> {
    this.refuseDuringShutdown();
    const { procs, unknown, named } = this.resolve(names);
    const started = await Promise.all(
      startLevels(procs)
        .flat()
        .map((p) => this.startOne(p, wait)),
    );
    return [...unknown, ...quietForGroups(started, "already-started", named)];
  }

  async stop(names: string[], wait = true): Promise<NameOutcome[]> {
    const { procs, unknown, named } = this.resolve(names);
    const run = this.stopMany(procs).then((outcomes) => procs.map((p) => outcomes.get(p) ?? outcome(p, "ok", "stopped")));
    if (!wait) {
      run.catch(() => {});
      return [...unknown, ...procs.map((p) => outcome(p, "ok", "stopping"))];
    }
    return [...unknown, ...quietForGroups(await run, "not-running", named)];
  }

  /**
   * Stop the named processes by levels, as `stop` does (highest priority number first), then
   * start them in priority order, as `start` does. The level stopped last is the one started
   * first, so its members each start again as soon as they have stopped, without waiting for
   * each other (equal priority puts no order among them); with all priorities equal, the common
   * case, that is every process. The other levels start once the lowest has been started.
   */
  async restart(names: string[], wait = true): Promise<NameOutcome[]> {
    this.refuseDuringShutdown();
    const { procs, unknown } = this.resolve(names);
    const levels = stopLevels(procs);
    const lowest = levels.pop() ?? [];
    const stopped = await this.stopMany(levels.flat());
    const starts = new Map<ManagedProcess, Promise<ProcOutcome>>();
    await Promise.all(
      lowest.map(async (p) => {
        for (const [q, r] of await this.stopMany([p])) stopped.set(q, r);
        starts.set(p, this.startOne(p, wait)); // the start is dispatched before startOne's first await
      }),
    );
    for (const p of startLevels(levels.flat()).flat()) starts.set(p, this.startOne(p, wait));
    const restarted = await Promise.all(
      procs.map(async (p) => {
        const started = await (starts.get(p) as Promise<ProcOutcome>);
        return stopped.get(p)?.code === "ok" && started.code === "ok" ? { ...started, description: "restarted" } : started;
      }),
    );
    return [...unknown, ...restarted];
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
    const done = want === "running" ? (s: StateName) => s === "RUNNING" || s === "FATAL" : isStopped;
    const waited = await Promise.all(
      procs.map(async (p) => {
        const reached = await p.waitFor(done, timeoutMs);
        if (!this.procs.includes(p)) return outcome(p, "unknown-name", "no such process (removed by a config change)");
        if (!reached) return outcome(p, "timed-out", `timed out waiting for ${want}, state ${p.state}`);
        if (want === "running" && p.state === "FATAL") return outcome(p, "start-failed", p.info().description);
        return outcome(p, "ok", p.state === "RUNNING" ? "running" : "stopped");
      }),
    );
    return [...unknown, ...waited];
  }

  /**
   * Stop processes level by level (highest priority number first); every member of a level gets
   * its signal at the same moment, and the next level starts when the last member is gone.
   * `deadline` (ms since epoch, 0 = none) clamps every grace period (SPEC §4.3).
   */
  async stopMany(procs: readonly ManagedProcess[], deadline = 0): Promise<Map<ManagedProcess, ProcOutcome>> {
    const results = new Map<ManagedProcess, ProcOutcome>();
    for (const level of stopLevels(procs)) {
      await Promise.all(
        level.map(async (p) => {
          // clamped from the moment its own signal goes: a level of thousands takes a while
          const graceMs = clampGrace(p.cfg.stopwaitsecs * 1000, this.deps.now(), deadline);
          const out = p.dispatch({ type: "stop", graceMs });
          if (!out.ok) {
            results.set(p, outcome(p, out.code, out.reason));
            return;
          }
          await p.waitFor(isStopped);
          results.set(p, outcome(p, "ok", "stopped"));
        }),
      );
    }
    return results;
  }

  /**
   * Stop everything within the budget (stop-all.ts); from now on nothing starts.
   * Resolves with one outcome per process that was alive.
   */
  shutdown(deadline: number, report: ShutdownReport = {}): Promise<ShutdownOutcome> {
    this.shuttingDown = true;
    return stopAll(this, deadline, this.deps.now, report);
  }

  /** Second SIGTERM during a shutdown: SIGKILL everything still alive, now. */
  escalate(): void {
    killAll(this.procs);
  }

  private async startOne(p: ManagedProcess, wait: boolean): Promise<ProcOutcome> {
    // a restart whose stop half outlasted the start of a shutdown must not spawn it again
    if (this.shuttingDown) return outcome(p, "shutting-down", "graced is shutting down");
    const out = p.dispatch({ type: "start" });
    if (!out.ok) return outcome(p, out.code, out.reason);
    if (!wait) return outcome(p, "ok", "started");
    await p.waitFor((s) => s !== "STARTING");
    if (p.state === "RUNNING") return outcome(p, "ok", "started");
    if (p.record.spawnerr && p.record.pid === 0 && p.record.exitCode === null && p.record.exitSignal === null) {
      return outcome(p, "spawn-error", p.record.spawnerr);
    }
    return outcome(p, "start-failed", p.info().description);
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
    p.on("change", (proc: ManagedProcess, from: StateName) => this.emit("change", proc, from));
    p.on("spawned", (proc: ManagedProcess, pid: number) => this.emit("spawned", proc, pid));
    return p;
  }
}
