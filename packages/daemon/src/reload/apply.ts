import { fullName, isStopped } from "@grace/protocol";
import type { Config } from "../config/model.js";
import type { Supervisor } from "../engine/supervisor.js";
import type { ManagedProcess } from "../process/managed-process.js";
import { EngineError, type GroupOutcome, noSuch } from "../process/outcome.js";
import { type ConfigDiff, diffConfigs, type GroupChange, type GroupPlan, type GroupSpec, groupsOf, planUpdate } from "./plan.js";

/** One group's outcome of `update`: what the config did to it, and what came of applying that. */
export type GroupChangeOutcome = GroupOutcome & { change: GroupChange };

/**
 * Carries out live config changes (reread, update, add, remove, avail) on the supervisor.
 * The decisions are in plan.ts; this only loads the file, stops, drops, adds and starts.
 * Calls run one at a time, so a SIGHUP during a `gracectl update` waits its turn.
 */
export class Reloader {
  /** The config most recently read from disk: what `add` and `avail` offer. */
  private known: Config;
  /** Group priorities of the groups in use (processes carry their own config). */
  private readonly priorities = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `onGroup`: a group came into use or went out of it (PROCESS_GROUP_ADDED/REMOVED events). A
   * group an update changes is told as removed, then added, as supervisorctl's update does it.
   */
  constructor(
    private readonly supervisor: Supervisor,
    private readonly load: () => Config,
    initial: Config,
    private readonly onGroup: (change: "added" | "removed", group: string) => void = () => {},
  ) {
    this.known = initial;
    for (const g of groupsOf(initial).values()) this.priorities.set(g.name, g.priority);
  }

  /** Read the config file again; report what differs from what runs. Nothing is applied. */
  reread(): Promise<ConfigDiff> {
    return this.serially(async () => diffConfigs(this.active(), groupsOf(this.read())));
  }

  /** reread, then stop what was removed or changed and start what was changed or added. */
  update(names: readonly string[]): Promise<GroupChangeOutcome[]> {
    return this.serially(async () => {
      const next = this.read();
      const { plans, unknown } = planUpdate(this.active(), groupsOf(next), names);
      const results: GroupChangeOutcome[] = unknown.map((group) => ({
        group,
        change: "changed",
        code: "unknown-name",
        description: noSuch("group"),
      }));
      // removed and changed groups stop together, then the new processes start
      const retiring = plans.flatMap((plan) => this.members(plan.group, plan.stop));
      // a `gracectl start` while the others were stopping may have brought one back: a process
      // is dropped only once stopped, or it would run on with nobody supervising it
      const live = () => retiring.filter((p) => !isStopped(p.state) || p.record.restartAt > 0);
      for (let left = retiring; left.length > 0; left = live()) await this.supervisor.stopMany(left);
      for (const plan of plans) results.push(this.apply(plan, next));
      return results;
    });
  }

  /** Bring groups of the last-read config into use (`gracectl add`). */
  add(names: readonly string[]): Promise<GroupOutcome[]> {
    return this.serially(async () =>
      names.map((group): GroupOutcome => {
        const spec = groupsOf(this.known).get(group);
        if (!spec) return { group, code: "unknown-name", description: noSuch("group") };
        if (this.active().has(group)) return { group, code: "already-added", description: "already active" };
        this.supervisor.refuseDuringShutdown();
        const added = this.supervisor.add(spec.processes);
        this.onGroup("added", group);
        this.supervisor.autostart(added);
        this.priorities.set(group, spec.priority);
        return { group, code: "ok", description: "added process group" };
      }),
    );
  }

  /** Take stopped groups out of use (`gracectl remove`); a group with a live process is refused. */
  remove(names: readonly string[]): Promise<GroupOutcome[]> {
    return this.serially(async () =>
      names.map((group): GroupOutcome => {
        const procs = this.members(group);
        if (procs.length === 0) return { group, code: "unknown-name", description: noSuch("group") };
        if (procs.some((p) => !isStopped(p.state) || p.record.restartAt > 0)) {
          return { group, code: "still-running", description: "still running" };
        }
        this.supervisor.drop(procs);
        this.priorities.delete(group);
        this.onGroup("removed", group);
        return { group, code: "ok", description: "removed process group" };
      }),
    );
  }

  /** The config most recently read from disk (supervisord's getAllConfigInfo lists its programs). */
  lastRead(): Config {
    return this.known;
  }

  /** Every process of the last-read config, and whether it is in use (`gracectl avail`). */
  avail() {
    const inUse = new Set(this.supervisor.list().map((p) => p.fullName));
    return [...groupsOf(this.known).values()].flatMap((g) =>
      g.processes.map((p) => {
        const name = fullName(p.group, p.name);
        return {
          name: p.name,
          group: p.group,
          fullName: name,
          inUse: inUse.has(name),
          autostart: p.autostart,
          priority: p.priority,
          groupPriority: g.priority,
        };
      }),
    );
  }

  private apply(plan: GroupPlan, next: Config): GroupChangeOutcome {
    this.supervisor.drop(this.members(plan.group, plan.stop));
    const spec = groupsOf(next).get(plan.group);
    if (spec) this.priorities.set(plan.group, spec.priority);
    else this.priorities.delete(plan.group);
    // kept processes keep their config object: their values are equal, and the log sinks
    // (logs/output.ts) reopen files when a process's config object changes
    const added = plan.start.length > 0 ? this.supervisor.add(plan.start) : [];
    if (plan.change !== "added") this.onGroup("removed", plan.group);
    if (plan.change !== "removed") this.onGroup("added", plan.group);
    this.supervisor.autostart(added);
    const description = { added: "added process group", changed: "updated process group", removed: "removed process group" }[plan.change];
    return { group: plan.group, change: plan.change, code: "ok", description };
  }

  private read(): Config {
    this.supervisor.refuseDuringShutdown();
    try {
      this.known = this.load();
    } catch (e) {
      throw new EngineError("config-unreadable", (e as Error).message);
    }
    return this.known;
  }

  private active(): Map<string, GroupSpec> {
    const programs = this.supervisor.list().map((p) => p.cfg);
    const groups = [...this.priorities].map(([name, priority]) => ({ name, priority, programs: [] }));
    return groupsOf({ programs, groups });
  }

  private members(group: string, names?: readonly string[]): ManagedProcess[] {
    return this.supervisor.list().filter((p) => p.cfg.group === group && (names === undefined || names.includes(p.cfg.name)));
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }
}
