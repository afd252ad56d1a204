import type { Writable } from "node:stream";
import type { StateName } from "@grace/protocol";
import { subscribes } from "../config/event-types.js";
import type { ProgramConfig } from "../config/model.js";
import type { Logger } from "../logs/logger.js";
import type { Stream } from "../logs/program-logs.js";
import type { ProcRecord } from "../process/record.js";
import { type Happened, processGroup, processLog, processState, remoteCommunication, supervisorState, tick } from "./payload.js";
import { MAX_POOL_CHARS, Pool, type PoolEffect } from "./pool.js";
import { msToNextTick, type TickState, ticksDue } from "./ticks.js";

/** A supervised process as the hub sees it (engine/ ManagedProcess fits). */
export type EventSource = { readonly cfg: ProgramConfig; readonly record: ProcRecord; readonly state: StateName };

/** A listener's new child: where its events go. */
export type ListenerChild = { pid: number; stdin?: Writable | null; stdout: { once(event: "close", f: () => void): unknown } | null };

export type HubDeps = {
  /** `[supervisord] identifier`, the `server` field of every header. */
  server: string;
  logger: Logger;
  now: () => number;
  /** Every process under supervision now: the pools are made from the listeners among them. */
  list: () => readonly EventSource[];
};

/**
 * How long the end of a listener's stdout is awaited after its exit, so an answer it wrote just
 * before it went is still read (supervisord drains a process's pipes before it handles its exit).
 */
const DRAIN_WAIT_MS = 250;

type Live = { generation: number; stdin: Writable | null; closed: Promise<void> };

/**
 * supervisord's event system in graced: every event source calls in here (state changes, output,
 * group changes, graced's own state, ticks, XML-RPC's sendRemoteCommEvent), and each event goes
 * to the pools that subscribe to it (pool.ts decides; this carries out: writes to listeners'
 * stdin, log lines). Nothing here waits for a listener.
 */
export class EventHub {
  private readonly pools = new Map<string, { pool: Pool; events: readonly string[] }>();
  private serial = -1;
  /** The pid each process had at its last change: EXITED and STOPPED name the pid that went away. */
  private readonly pids = new WeakMap<EventSource, number>();
  /** The current child of each listener process, by `group:name`. */
  private readonly live = new Map<string, Live>();
  private tickState: TickState = {};
  private tickTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: HubDeps) {
    this.syncPools();
  }

  /** Make, update and drop pools after the listeners under supervision changed (start, reload). */
  syncPools(): void {
    const wanted = new Map<string, EventSource[]>();
    for (const p of this.deps.list()) {
      if (p.cfg.listener) wanted.set(p.cfg.group, [...(wanted.get(p.cfg.group) ?? []), p]);
    }
    for (const name of this.pools.keys()) if (!wanted.has(name)) this.pools.delete(name);
    for (const [name, members] of wanted) {
      const listener = (members[0] as EventSource).cfg.listener as NonNullable<ProgramConfig["listener"]>;
      const limits = { events: listener.bufferSize, chars: MAX_POOL_CHARS };
      const existing = this.pools.get(name);
      const pool = existing?.pool ?? new Pool(name, this.deps.server, limits);
      pool.setLimits(limits);
      this.pools.set(name, { pool, events: listener.events });
      const names = new Set(members.map((m) => m.cfg.name));
      for (const gone of pool.names().filter((n) => !names.has(n))) this.carryOut(pool, pool.removed(gone));
    }
    this.scheduleTicks();
  }

  /** Every state change of every process (the Supervisor's "change"). */
  stateChanged(p: EventSource, from: StateName): void {
    const r = p.record;
    const pid = r.pid !== 0 ? r.pid : (this.pids.get(p) ?? 0);
    this.pids.set(p, r.pid);
    if (p.cfg.listener) this.listenerStateChanged(p);
    const expected = r.exitSignal === null && r.exitCode !== null && p.cfg.exitcodes.includes(r.exitCode);
    this.publish(processState({ name: p.cfg.name, group: p.cfg.group, to: p.state, from, tries: r.backoff, expected, pid }));
  }

  /** A child got its pid (the Supervisor's "spawned", before the record has it). */
  spawned(p: EventSource, pid: number): void {
    this.pids.set(p, pid);
  }

  /**
   * A new child's pipes (called where the engine attaches output): a listener's stdin becomes its
   * event channel. Returns what sees each chunk of its output: a listener's stdout is its
   * protocol; any output is a PROCESS_LOG event when its stream's `*_events_enabled` says so.
   */
  attach(p: EventSource, child: ListenerChild): (stream: Stream, chunk: Buffer) => void {
    const pool = p.cfg.listener ? this.pools.get(p.cfg.group)?.pool : undefined;
    const key = `${p.cfg.group}:${p.cfg.name}`;
    if (pool) {
      const stdin = child.stdin ?? null;
      // EPIPE: the listener went away; its exit gives its event back
      stdin?.on("error", (e) => this.deps.logger.debug(`${key}: stdin: ${e.message}`));
      const closed = new Promise<void>((resolve) => (child.stdout ? child.stdout.once("close", resolve) : resolve()));
      const generation = (this.live.get(key)?.generation ?? 0) + 1;
      this.live.set(key, { generation, stdin, closed });
      this.carryOut(pool, pool.spawned(p.cfg.name));
    }
    return (stream, chunk) => {
      if (pool && stream === "stdout") {
        if (this.pools.get(p.cfg.group)?.pool === pool) this.carryOut(pool, pool.output(p.cfg.name, chunk));
        return;
      }
      const channel: Stream = p.cfg.redirectStderr ? "stdout" : stream;
      if (p.cfg[channel].eventsEnabled) this.publish(processLog(p.cfg, child.pid, channel, chunk));
    };
  }

  /** A group came into use or left it (startup, reload, add/remove). */
  groupChanged(change: "added" | "removed", group: string): void {
    this.syncPools();
    this.publish(processGroup(change, group));
  }

  /** graced has started: every group is added, then graced is RUNNING (before any program starts). */
  started(groups: readonly string[]): void {
    for (const group of groups) this.publish(processGroup("added", group));
    this.supervisorState("RUNNING");
  }

  /** graced is RUNNING (after start) or STOPPING (a shutdown began). */
  supervisorState(state: "RUNNING" | "STOPPING"): void {
    this.publish(supervisorState(state));
  }

  /** supervisord's `sendRemoteCommEvent(type, data)`: for the XML-RPC side to call. */
  remoteCommunication(type: string, data: string): void {
    this.publish(remoteCommunication(type, data));
  }

  /** The listeners are gone (end of a shutdown): no more ticks, nothing more to send. */
  close(): void {
    this.closed = true;
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
  }

  private listenerStateChanged(p: EventSource): void {
    const pool = this.pools.get(p.cfg.group)?.pool;
    if (!pool) return;
    if (p.record.pid !== 0) {
      this.carryOut(pool, pool.running(p.cfg.name, p.state === "RUNNING"));
      return;
    }
    // its process is gone: once its stdout is read to the end, an unanswered event goes back
    const key = `${p.cfg.group}:${p.cfg.name}`;
    const live = this.live.get(key);
    if (!live) return;
    this.carryOut(pool, pool.running(p.cfg.name, false));
    const drained = Promise.race([live.closed, new Promise<void>((r) => setTimeout(r, DRAIN_WAIT_MS).unref())]);
    void drained.then(() => {
      if (this.live.get(key)?.generation !== live.generation) return; // a new child took over meanwhile
      this.live.delete(key);
      if (this.pools.get(p.cfg.group)?.pool === pool) this.carryOut(pool, pool.exited(p.cfg.name));
    });
  }

  private publish(h: Happened): void {
    if (this.closed) return;
    const targets = [...this.pools.values()].filter((t) => t.events.some((e) => subscribes(e, h.name)));
    if (targets.length === 0) return;
    this.serial = this.serial >= Number.MAX_SAFE_INTEGER ? 0 : this.serial + 1;
    for (const { pool } of targets) this.carryOut(pool, pool.accept({ serial: this.serial, ...h }));
  }

  private carryOut(pool: Pool, effects: PoolEffect[]): void {
    for (const e of effects) {
      if (e.type === "log") {
        this.deps.logger[e.level === "info" ? "info" : e.level](e.message);
        continue;
      }
      const stdin = this.live.get(`${pool.name}:${e.listener}`)?.stdin;
      if (!stdin || stdin.destroyed) {
        // it is READY but its stdin is gone: it is exiting, and its exit gives the event back
        this.deps.logger.debug(`${pool.name}:${e.listener}: no stdin for event ${e.serial}`);
        continue;
      }
      stdin.write(e.data);
      this.deps.logger.debug(`event ${e.serial} sent to listener ${pool.name}:${e.listener}`);
    }
  }

  private wantsTicks(): boolean {
    const ticks = ["TICK_5", "TICK_60", "TICK_3600"] as const;
    return [...this.pools.values()].some((t) => t.events.some((e) => ticks.some((name) => subscribes(e, name))));
  }

  /** A timer for TICK_* only while some pool takes them; it aims at each 5-second boundary. */
  private scheduleTicks(): void {
    if (this.closed || !this.wantsTicks()) {
      clearTimeout(this.tickTimer);
      this.tickTimer = undefined;
      return;
    }
    if (this.tickTimer) return;
    this.tickState = ticksDue({}, this.deps.now() / 1000).next;
    const arm = () => {
      this.tickTimer = setTimeout(() => {
        const { next, due } = ticksDue(this.tickState, this.deps.now() / 1000);
        this.tickState = next;
        for (const d of due) this.publish(tick(d.period, d.when));
        if (!this.closed && this.wantsTicks()) arm();
        else this.tickTimer = undefined;
      }, msToNextTick(this.deps.now()));
      this.tickTimer.unref();
    };
    arm();
  }
}
