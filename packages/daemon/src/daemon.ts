import { rmSync, writeFileSync } from "node:fs";
import { displayName } from "@grace/protocol";
import { loadConfig } from "./config/load.js";
import type { Config } from "./config/model.js";
import { superviseChildren } from "./daemon/children.js";
import { serveJsonRpc } from "./daemon/control.js";
import { buildSupervisor } from "./daemon/engine.js";
import { eventHub, feedEvents, startOrder } from "./daemon/events.js";
import { openOwnLogs, programOutput } from "./daemon/logs.js";
import { shutdownRun } from "./daemon/shutdown.js";
import { logStarted } from "./daemon/startup.js";
import { httpService, listenInet, supervisordApi } from "./daemon/xmlrpc.js";
import type { Supervisor } from "./engine/supervisor.js";
import type { EventHub } from "./events/hub.js";
import { authRequired, type Credentials } from "./http/credentials.js";
import { cleanAutoLogs } from "./logs/auto-paths.js";
import type { Logger } from "./logs/logger.js";
import type { MainLog } from "./logs/main-log.js";
import type { OutputManager } from "./logs/output.js";
import { memoryRelease, releaseAfterBusySpells } from "./memory.js";
import type { Pid1Duties } from "./pid1/duties.js";
import { findLeftovers } from "./pid1/leftovers.js";
import { openLibc } from "./pid1/libc.js";
import { watchExitOnFatal } from "./process/exit-on-fatal.js";
import { logChanges, logSpawned } from "./process/log-changes.js";
import { PipeSource } from "./process/pipe.js";
import { PosixChildren } from "./process/posix-child.js";
import { StdinPipes } from "./process/stdin.js";
import type { ChildOutputs } from "./process/stdio.js";
import { Reloader } from "./reload/apply.js";
import { announceEnd, followedBy, forwardStateChanges } from "./rpc/forward.js";
import { loadTryLock } from "./rpc/instance-lock.js";
import { limitsFromEnv } from "./rpc/limits.js";
import { type HttpService, RpcServer } from "./rpc/server.js";
import { claimSocket, SocketKeeper, socketPathFor } from "./rpc/socket-file.js";
import { StartRefused } from "./rpc/start-refused.js";
import { type Budget, ENV_NAME, resolveBudget } from "./shutdown/budget.js";
import { drainMs } from "./shutdown/finish.js";
import type { ShutdownRun } from "./shutdown/run.js";
import { exitStatus, finalLine } from "./shutdown/summary.js";
import type { XmlRpcBackend } from "./xmlrpc/backend.js";

export type DaemonOptions = {
  config: Config;
  version: string;
  env: Record<string, string | undefined>;
  /** graced's own arguments (for the exec-form hint of SPEC §4.6). */
  argv?: readonly string[];
  /** Read the config again for reread/update/SIGHUP, with the same command-line overrides. */
  reloadConfig?: () => Config;
};

/**
 * A running graced: supervisor + control socket + pidfile, wired together. Each subsystem is
 * built in daemon/; this class is the order they are built, started and shut down in.
 * Signals and exiting stay in main.ts.
 */
export class Daemon {
  readonly logger: Logger;
  readonly supervisor: Supervisor;
  readonly rpc: RpcServer;
  readonly mainLog: MainLog;
  readonly output: OutputManager;
  readonly reloader: Reloader;
  /** supervisord's events for `[eventlistener:x]` pools; XML-RPC's sendRemoteCommEvent calls `remoteCommunication`. */
  readonly events: EventHub;
  readonly pid1: Pid1Duties;
  readonly budget: Budget;
  /** supervisord's XML-RPC API over this daemon (the control socket and [inet_http_server] serve it). */
  readonly xmlrpc: XmlRpcBackend;
  /** The children's stdin pipes (sendProcessStdin). */
  private readonly stdin = new StdinPipes();
  private shutdownRun: ShutdownRun | undefined;
  private shutdownPromise: Promise<number> | undefined;
  private starting: Promise<void> | undefined;
  private keeper: SocketKeeper | undefined;
  /** Hands what departed clients held back to the system, once set up. */
  private releaseMemory: (() => void) | undefined;
  /** Where the children's stdout and stderr pipes come from, once libc is bound at start. */
  private readonly pipes = new PipeSource();
  /** The spawner's posix_spawn path, once libc is bound at start (else Node's spawn). */
  private readonly posix = new PosixChildren();
  /** A program listed in exit_on_fatal caused the shutdown: exit 1 (SPEC §4.4). */
  private fatal = false;
  private resolveExited: (code: number) => void = () => {};
  /** Resolves with graced's exit status once a shutdown, however it began, has finished. */
  readonly exited = new Promise<number>((resolve) => {
    this.resolveExited = resolve;
  });

  constructor(private readonly opts: DaemonOptions) {
    const { config, env } = opts;
    const own = openOwnLogs(config.daemon);
    this.mainLog = own.mainLog;
    this.logger = own.logger;
    const socketPath = socketPathFor(config, env);
    this.rpc = new RpcServer(socketPath, {
      needsAuth: authRequired(config.server),
      releaseMemory: () => this.releaseMemory?.(),
      ...limitsFromEnv(env),
    });
    this.output = programOutput(config, own, followedBy(this.rpc));
    this.budget = resolveBudget(config.daemon.shutdownTimeout, env[ENV_NAME]);
    const outputs: ChildOutputs = { pipes: this.pipes, discards: (cfg, stream) => this.output.discards(cfg, stream) };
    const children = superviseChildren({ logger: this.logger, outputs, posix: this.posix, argv: opts.argv ?? [] });
    this.pid1 = children.pid1;
    this.supervisor = buildSupervisor(config, {
      env,
      socketPath,
      children,
      attachOutput: (proc, child) => {
        // a listener's stdin is its event channel: nobody else writes there
        if (!proc.cfg.listener) this.stdin.attach(proc.fullName, child);
        this.output.attach(proc, child, this.events.attach(proc, child));
      },
      logPaths: (proc) => this.output.logPaths(proc),
    });
    this.events = eventHub(config, this.logger, this.supervisor);
    this.supervisor.on("change", logChanges(this.logger));
    this.supervisor.on("spawned", logSpawned(this.logger));
    this.supervisor.on(
      "change",
      watchExitOnFatal(config.daemon.exitOnFatal, (p, why) => {
        void this.shutdown(`${displayName(p.cfg.group, p.cfg.name)} ${why} (exit_on_fatal)`, { fatal: true });
      }),
    );
    forwardStateChanges(this.rpc, this.supervisor);
    feedEvents(this.events, this.supervisor);
    this.reloader = new Reloader(this.supervisor, opts.reloadConfig ?? (() => loadConfig(config.file)), config, (change, group) =>
      this.events.groupChanged(change, group),
    );
    const parts = { supervisor: this.supervisor, reloader: this.reloader, output: this.output, mainLog: this.mainLog };
    const hooks = {
      version: opts.version,
      shuttingDown: () => this.shuttingDown,
      shutdown: (reason: string) => {
        void this.shutdown(reason);
      },
      reload: () => {
        void this.reload();
      },
    };
    serveJsonRpc(this.rpc, config, parts, hooks);
    this.xmlrpc = supervisordApi(config, { ...parts, stdin: this.stdin, events: this.events, logger: this.logger }, hooks);
    this.rpc.serveHttpWith(this.httpService(config.server));
  }

  /** supervisord's HTTP side with [unix_http_server]'s or [inet_http_server]'s credentials. */
  private httpService(credentials: Credentials): HttpService {
    return httpService(this.xmlrpc, credentials, this.opts.env, this.logger);
  }

  get shuttingDown(): boolean {
    return this.shutdownPromise !== undefined;
  }

  start(): Promise<void> {
    this.starting ??= this.runStart();
    return this.starting;
  }

  private async runStart(): Promise<void> {
    const { config } = this.opts;
    // first of all: a graced that must not start touches nothing of the one already running
    const uid = process.getuid?.() ?? 0;
    const claim = await claimSocket(this.rpc.path, uid, loadTryLock);
    const leftovers = findLeftovers(this.rpc.path, config.daemon.pidfile);
    if (leftovers.refuse) throw new StartRefused(leftovers.refuse);
    const inet = config.inet ? await listenInet(this.rpc, config.inet, this.httpService(config.inet)) : null;
    if (!config.daemon.nocleanup) {
      const removed = cleanAutoLogs(config.daemon.childlogdir, config.daemon.identifier);
      if (removed > 0) this.logger.debug(`removed ${removed} old AUTO log file(s) from ${config.daemon.childlogdir}`);
    }
    // before anything is spawned: the children's stdout and stderr become pipes (process/pipe.ts)
    await openLibc().then(
      (libc) => {
        this.pipes.bind(libc);
        if (!this.posix.bind(libc))
          this.logger.debug("programs are spawned through Node (fork), not posix_spawn: libc lacks a function it needs (glibc ≥ 2.29)");
      },
      () => this.logger.debug("programs' output comes through socketpairs: koffi did not load"),
    );
    const memory = await memoryRelease();
    this.releaseMemory = memory.release;
    releaseAfterBusySpells(memory.release);
    if (!memory.trims) this.logger.debug("malloc left as it is (not glibc, or koffi did not load)");
    await this.rpc.listen(config.server.chmod);
    const listen = () => this.rpc.listen(config.server.chmod);
    this.keeper = new SocketKeeper({ path: this.rpc.path, uid, claim, listen, logger: this.logger, stopped: () => this.shuttingDown });
    if (config.daemon.pidfile) writeFileSync(config.daemon.pidfile, `${process.pid}\n`);
    const warnings = [...claim.warnings, ...(leftovers.warning ? [leftovers.warning] : [])];
    const notes = { version: this.opts.version, socket: this.rpc.path, inet, warnings, budget: this.budget };
    logStarted(
      this.logger,
      config,
      notes,
      this.supervisor.list().map((p) => p.cfg),
    );
    // before anything is spawned: orphans of the very first programs must come to graced
    await this.pid1.start();
    // a SIGTERM that arrived while starting up: nothing to start, the shutdown is waiting
    if (this.shuttingDown) return;
    // as supervisord: every group is added, graced is RUNNING, then the programs start
    this.events.started(startOrder(config.groups));
    this.supervisor.autostart();
  }

  /** SIGHUP, SIGUSR2: make the control socket again now if it was removed (socket-file.ts). */
  async ensureSocket(signal: string): Promise<void> {
    await this.keeper?.ensure(signal);
  }

  /** SIGHUP: reread the config and apply only what changed (SPEC §4.5). */
  async reload(): Promise<void> {
    try {
      const results = await this.reloader.update([]);
      if (results.length === 0) this.logger.info("reload: no config changes");
      for (const r of results) this.logger.info(`reload: ${r.group}: ${r.description}`);
    } catch (e) {
      this.logger.error(`reload failed, nothing changed: ${(e as Error).message}`);
    }
  }

  /**
   * Stop everything within the budget, sweep what is left, drain the pipes; resolves with
   * graced's exit status (SPEC §4.4). The socket stays up until the very end, so status keeps
   * answering (STOPPING). `fatal`: an exit_on_fatal program caused it, which makes the status 1.
   * `since`: when the request really arrived (main.ts stamps a signal in its handler, before the
   * event loop gets to it); the budget and the logged duration count from then.
   */
  shutdown(reason: string, { fatal = false, since = Date.now() }: { fatal?: boolean; since?: number } = {}): Promise<number> {
    if (fatal && !this.shutdownPromise) this.fatal = true;
    this.shutdownPromise ??= this.runShutdown(reason, since).then((code) => {
      this.resolveExited(code);
      return code;
    });
    return this.shutdownPromise;
  }

  /** A second SIGTERM/SIGINT during a shutdown: SIGKILL everything still alive, now. */
  escalate(): void {
    this.shutdownRun?.escalate();
  }

  private async runShutdown(reason: string, since: number): Promise<number> {
    await this.starting?.catch(() => {}); // the socket and the reaper are set up before they are torn down
    this.events.supervisorState("STOPPING");
    this.shutdownRun = shutdownRun(this, this.budget.seconds, this.opts.config.daemon.shutdownDrain);
    const { totals, deadline, startedAt } = await this.shutdownRun.run(reason, since);
    this.events.close();
    // The programs and leftovers are gone, but their last output may still sit in the pipes.
    if (!(await this.output.drain(drainMs(deadline, Date.now()))))
      this.logger.warn("some program output could not be written before exit (a pipe stayed open or a disk is slow)");
    const final = { ...totals, ms: Date.now() - startedAt, fatal: this.fatal };
    this.pid1.stop();
    await announceEnd(this.rpc, { exitStatus: exitStatus(final), summary: finalLine(final) }, deadline, Date.now);
    await this.rpc.close();
    if (this.opts.config.daemon.pidfile) rmSync(this.opts.config.daemon.pidfile, { force: true });
    await this.output.close();
    // logged last, so its time covers closing the socket and the program logs too: the truth
    // from the signal's arrival to graced's exit, give or take the main log's own close
    this.logger.info(finalLine({ ...final, ms: Date.now() - startedAt }));
    await this.mainLog.close();
    return exitStatus(final);
  }

  /** SIGUSR2: reopen every log file, so a file moved away by logrotate is recreated. */
  reopenLogs(): void {
    this.output.reopenAll();
    this.mainLog.sink.reopen();
    this.logger.info("received SIGUSR2: reopened all log files");
  }
}
