import { accessSync, constants, rmSync, writeFileSync } from "node:fs";
import { defaultSocketPath, displayName, type ProcessInfo } from "@grace/protocol";
import type { Config } from "./config/model.js";
import { createLogger, type Logger, parseLevel } from "./logs/logger.js";
import { discardOutput } from "./logs/output.js";
import { childEnvironment } from "./process/environment.js";
import { logChanges, logSpawned } from "./process/log-changes.js";
import { realSpawner } from "./process/spawner.js";
import { registerHandlers } from "./rpc/handlers.js";
import { RpcServer } from "./rpc/server.js";
import { type StopOutcome, Supervisor } from "./supervisor.js";

export type DaemonOptions = { config: Config; version: string; env: Record<string, string | undefined> };

function isWritableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function socketPathFor(config: Config, env: Record<string, string | undefined>): string {
  return config.server.file ?? defaultSocketPath(env, process.getuid?.() ?? 0, isWritableDir);
}

/** Seconds of shutdown budget: GRACE_SHUTDOWN_TIMEOUT overrides the config (SPEC §2.4). */
export function shutdownBudget(config: Config, env: Record<string, string | undefined>): number {
  const raw = env.GRACE_SHUTDOWN_TIMEOUT;
  if (raw !== undefined && /^\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  return config.daemon.shutdownTimeout;
}

/**
 * A running graced: supervisor + control socket + pidfile, wired together.
 * Signals and exiting stay in main.ts.
 */
export class Daemon {
  readonly logger: Logger;
  readonly supervisor: Supervisor;
  readonly rpc: RpcServer;
  private shutdownPromise: Promise<number> | undefined;

  constructor(private readonly opts: DaemonOptions) {
    const { config, env } = opts;
    this.logger = createLogger(parseLevel(config.daemon.loglevel), (line) => process.stdout.write(line));
    const socketPath = socketPathFor(config, env);
    this.rpc = new RpcServer(socketPath);
    this.supervisor = new Supervisor(config, {
      spawner: realSpawner,
      now: Date.now,
      environment: (cfg) => childEnvironment(env, config.daemon.environment, cfg, `unix://${socketPath}`),
      attachOutput: (_proc, child) => discardOutput(child),
      logPaths: () => ({ stdout: "", stderr: "" }),
    });
    this.supervisor.on("change", logChanges(this.logger));
    this.supervisor.on("spawned", logSpawned(this.logger));
    this.supervisor.on("change", (p) => this.rpc.notify("state", "stateChange", { info: p.info() as ProcessInfo, from: p.record.state }));
    registerHandlers(this.rpc.rpc, {
      supervisor: this.supervisor,
      version: opts.version,
      identifier: config.daemon.identifier,
      requestShutdown: () => {
        void this.shutdown("shutdown requested through the control socket");
      },
    });
  }

  get shuttingDown(): boolean {
    return this.shutdownPromise !== undefined;
  }

  async start(): Promise<void> {
    const { config } = this.opts;
    await this.rpc.listen(config.server.chmod);
    if (config.daemon.pidfile) writeFileSync(config.daemon.pidfile, `${process.pid}\n`);
    this.logger.info(`graced ${this.opts.version} started with pid ${process.pid}, control socket ${this.rpc.path}`);
    this.supervisor.autostart();
  }

  /** Stop everything within the budget; resolves with graced's exit status (SPEC §4.4). */
  shutdown(reason: string): Promise<number> {
    this.shutdownPromise ??= this.runShutdown(reason);
    return this.shutdownPromise;
  }

  private async runShutdown(reason: string): Promise<number> {
    const budget = shutdownBudget(this.opts.config, this.opts.env);
    const started = Date.now();
    this.logger.info(`${reason}: stopping all programs${budget > 0 ? ` within ${budget}s` : ""}`);
    const outcomes = await this.supervisor.shutdown(budget > 0 ? started + budget * 1000 : 0, (o) => this.logOutcome(o));
    const killed = outcomes.filter((o) => o.killed).length;
    this.logger.info(`shutdown complete in ${((Date.now() - started) / 1000).toFixed(2)}s: ${outcomes.length} stopped, ${killed} killed`);
    await this.rpc.close();
    if (this.opts.config.daemon.pidfile) rmSync(this.opts.config.daemon.pidfile, { force: true });
    return killed > 0 ? 1 : 0;
  }

  private logOutcome(o: StopOutcome): void {
    const how = o.killed ? "killed with SIGKILL at the end of its grace period" : `exited${o.signal ? ` on ${o.signal}` : ""}`;
    this.logger.info(`shutdown: ${displayName(o.proc.cfg.group, o.proc.cfg.name)} ${how} after ${(o.ms / 1000).toFixed(2)}s`);
  }
}
