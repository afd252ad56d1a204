import { rmSync, writeFileSync } from "node:fs";
import { displayName, PROTOCOL_VERSION } from "@grace/protocol";
import { loadConfig } from "./config/load.js";
import type { Config, InetServerConfig, ReadyCheck } from "./config/model.js";
import { Supervisor } from "./engine/supervisor.js";
import { EventHub } from "./events/hub.js";
import { authRequired, type Credentials } from "./http/credentials.js";
import type { HttpContext } from "./http/exchange.js";
import { DEFAULT_HTTP_LIMITS } from "./http/limits.js";
import { cleanAutoLogs } from "./logs/auto-paths.js";
import { createLogger, type Logger, parseLevel } from "./logs/logger.js";
import { MainLog } from "./logs/main-log.js";
import { OutputManager } from "./logs/output.js";
import type { Stream } from "./logs/program-logs.js";
import { type Sink, StdSink } from "./logs/sink.js";
import { memoryRelease, releaseAfterBusySpells } from "./memory.js";
import { Pid1Duties } from "./pid1/duties.js";
import { killPid } from "./pid1/kill-pid.js";
import { findLeftovers } from "./pid1/leftovers.js";
import { loadLibc, openLibc } from "./pid1/libc.js";
import { trackSpawns } from "./pid1/owned.js";
import { groupRunning, readChildTable, readPid1Comm, readProcTable } from "./pid1/read-proc.js";
import { Sweep } from "./pid1/sweep.js";
import { targetAccount } from "./process/account.js";
import { childEnvironment } from "./process/environment.js";
import { watchExitOnFatal } from "./process/exit-on-fatal.js";
import { logChanges, logSpawned } from "./process/log-changes.js";
import { PipeSource } from "./process/pipe.js";
import { realSpawner } from "./process/spawner.js";
import { StdinPipes } from "./process/stdin.js";
import type { ChildOutputs } from "./process/stdio.js";
import { startReadiness } from "./readiness/runner.js";
import { Reloader } from "./reload/apply.js";
import { announceEnd, followedBy, forwardLogs, forwardStateChanges } from "./rpc/forward.js";
import { registerHandlers } from "./rpc/handlers.js";
import { loadTryLock } from "./rpc/instance-lock.js";
import { limitsFromEnv } from "./rpc/limits.js";
import { registerLogHandlers } from "./rpc/log-handlers.js";
import { type HttpService, RpcServer } from "./rpc/server.js";
import { claimSocket, SocketKeeper, socketPathFor } from "./rpc/socket-file.js";
import { StartRefused } from "./rpc/start-refused.js";
import { xmlRpcBackend } from "./rpc/xmlrpc-backend.js";
import { type Budget, ENV_NAME, resolveBudget, startupBudgetWarnings } from "./shutdown/budget.js";
import { drainMs } from "./shutdown/finish.js";
import { ShutdownRun } from "./shutdown/run.js";
import { exitStatus, finalLine } from "./shutdown/summary.js";
import type { XmlRpcBackend } from "./xmlrpc/backend.js";
import { methodTable } from "./xmlrpc/methods.js";

export type DaemonOptions = {
  config: Config;
  version: string;
  env: Record<string, string | undefined>;
  /** graced's own arguments (for the exec-form hint of SPEC §4.6). */
  argv?: readonly string[];
  /** Read the config again for reread/update/SIGHUP, with the same command-line overrides. */
  reloadConfig?: () => Config;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A running graced: supervisor + control socket + pidfile, wired together.
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
  /** A program listed in exit_on_fatal caused the shutdown: exit 1 (SPEC §4.4). */
  private fatal = false;
  private resolveExited: (code: number) => void = () => {};
  /** Resolves with graced's exit status once a shutdown, however it began, has finished. */
  readonly exited = new Promise<number>((resolve) => {
    this.resolveExited = resolve;
  });

  constructor(private readonly opts: DaemonOptions) {
    const { config, env } = opts;
    const toStderr = (message: string) => process.stderr.write(`graced: ${message}\n`);
    const std: Record<Stream, Sink> = {
      stdout: new StdSink(process.stdout, "graced's stdout", toStderr),
      stderr: new StdSink(process.stderr, "graced's stderr", () => {}),
    };
    this.mainLog = new MainLog(config.daemon, std, toStderr);
    this.logger = createLogger(parseLevel(config.daemon.loglevel), this.mainLog.write);
    const socketPath = socketPathFor(config, env);
    this.rpc = new RpcServer(socketPath, {
      needsAuth: authRequired(config.server),
      releaseMemory: () => this.releaseMemory?.(),
      ...limitsFromEnv(env),
    });
    this.output = new OutputManager({
      childlogdir: config.daemon.childlogdir,
      identifier: config.daemon.identifier,
      // container mode: on by default when graced is PID 1 and its own log is on stdout
      echo: config.daemon.echoOutput ?? (process.pid === 1 && this.mainLog.onStdout),
      std,
      onError: (message) => this.logger.error(message),
      followed: followedBy(this.rpc),
    });
    this.budget = resolveBudget(config.daemon.shutdownTimeout, env[ENV_NAME]);
    const outputs: ChildOutputs = { pipes: this.pipes, discards: (cfg, stream) => this.output.discards(cfg, stream) };
    const tracked = trackSpawns(realSpawner((pgid) => groupRunning(pgid), outputs));
    // exec: readiness checks are children of graced too, spawned outside the Spawner
    const probes = new Set<number>();
    const trackProbe = (pid: number) => {
      probes.add(pid);
      return () => probes.delete(pid);
    };
    this.pid1 = new Pid1Duties({
      logger: this.logger,
      loadLibc,
      self: process.pid,
      ppid: process.ppid,
      pid1Comm: readPid1Comm,
      argv: opts.argv ?? [],
      owned: (pid) => tracked.owned(pid) || probes.has(pid),
      readTable: () => readProcTable(),
      readChildren: (skip) => readChildTable(process.pid, skip),
      kill: killPid,
    });
    // copied once: reading process.env goes through a native lookup per variable, which cost
    // more per spawn than the rest of the environment's assembly
    const ownEnv = { ...env };
    this.supervisor = new Supervisor(config, {
      spawner: tracked.spawner,
      now: Date.now,
      environment: (cfg) =>
        childEnvironment(ownEnv, config.daemon.environment, cfg, `unix://${socketPath}`, targetAccount(cfg.user, process.getuid?.() ?? 0)),
      attachOutput: (proc, child) => {
        // a listener's stdin is its event channel: nobody else writes there
        if (!proc.cfg.listener) this.stdin.attach(proc.fullName, child);
        this.output.attach(proc, child, this.events.attach(proc, child));
      },
      logPaths: (proc) => this.output.logPaths(proc),
      readiness: (proc, report) => {
        const { cfg } = proc;
        let account: ReturnType<typeof targetAccount> = null;
        try {
          account = targetAccount(cfg.user, process.getuid?.() ?? 0);
        } catch {
          // the spawn failed for the same reason: there is no run to probe
        }
        return startReadiness({
          check: cfg.readyCheck as ReadyCheck,
          intervalMs: cfg.readyInterval * 1000,
          timeoutMs: cfg.readyTimeout * 1000,
          // an exec: check runs where and as whom the program does, with its environment
          exec: {
            cwd: cfg.directory ?? undefined,
            env: childEnvironment(ownEnv, config.daemon.environment, cfg, `unix://${socketPath}`, account),
            uid: account?.uid,
            gid: account?.gid,
            track: trackProbe,
          },
          report,
        });
      },
    });
    this.events = new EventHub({
      server: config.daemon.identifier,
      logger: this.logger,
      now: Date.now,
      list: () => this.supervisor.list(),
    });
    this.supervisor.on("change", logChanges(this.logger));
    this.supervisor.on("spawned", logSpawned(this.logger));
    this.supervisor.on(
      "change",
      watchExitOnFatal(config.daemon.exitOnFatal, (p, why) => {
        void this.shutdown(`${displayName(p.cfg.group, p.cfg.name)} ${why} (exit_on_fatal)`, { fatal: true });
      }),
    );
    forwardStateChanges(this.rpc, this.supervisor);
    this.supervisor.on("change", (p, from) => this.events.stateChanged(p, from));
    this.supervisor.on("spawned", (p, pid) => this.events.spawned(p, pid));
    forwardLogs(this.rpc, this.output, this.mainLog);
    registerLogHandlers(this.rpc.rpc, { supervisor: this.supervisor, output: this.output, mainLog: this.mainLog });
    this.reloader = new Reloader(this.supervisor, opts.reloadConfig ?? (() => loadConfig(config.file)), config, (change, group) =>
      this.events.groupChanged(change, group),
    );
    registerHandlers(this.rpc.rpc, {
      supervisor: this.supervisor,
      reloader: this.reloader,
      version: opts.version,
      identifier: config.daemon.identifier,
      credentials: config.server,
      requestShutdown: () => {
        void this.shutdown("shutdown requested through the control socket");
      },
    });
    this.xmlrpc = xmlRpcBackend({
      supervisor: this.supervisor,
      reloader: this.reloader,
      output: this.output,
      mainLog: this.mainLog,
      stdin: this.stdin,
      version: () => ({ version: opts.version, protocol: PROTOCOL_VERSION, identifier: config.daemon.identifier, pid: process.pid }),
      shuttingDown: () => this.shuttingDown,
      requestShutdown: () => {
        void this.shutdown("shutdown requested through XML-RPC");
      },
      reload: () => {
        this.logger.info("restart requested through XML-RPC: rereading the config");
        void this.reload();
      },
      remoteCommunication: (type, data) => this.events.remoteCommunication(type, data),
    });
    this.rpc.serveHttpWith(this.httpService(config.server));
  }

  /** supervisord's HTTP side with these credentials ([unix_http_server] or [inet_http_server]'s). */
  private httpService(credentials: Credentials): HttpService {
    const ctx: HttpContext = {
      backend: this.xmlrpc,
      credentials: { username: credentials.username, password: credentials.password },
      table: methodTable(),
      // the test seam that shortens the control socket's timeouts shortens HTTP's too
      limits: { ...DEFAULT_HTTP_LIMITS, requestMs: limitsFromEnv(this.opts.env).partialFrameMs ?? DEFAULT_HTTP_LIMITS.requestMs },
    };
    return { ctx, log: (e) => this.logger.error(`XML-RPC: internal error: ${(e as Error).stack ?? e}`) };
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
    const inet = config.inet ? await this.listenInet(config.inet) : null;
    if (!config.daemon.nocleanup) {
      const removed = cleanAutoLogs(config.daemon.childlogdir, config.daemon.identifier);
      if (removed > 0) this.logger.debug(`removed ${removed} old AUTO log file(s) from ${config.daemon.childlogdir}`);
    }
    // before anything is spawned: the children's stdout and stderr become pipes (process/pipe.ts)
    await openLibc().then(
      (libc) => this.pipes.bind(libc),
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
    for (const w of claim.warnings) this.logger.warn(w);
    if (leftovers.warning) this.logger.warn(leftovers.warning);
    this.logger.info(`graced ${this.opts.version} started with pid ${process.pid}, control socket ${this.rpc.path}`);
    if (inet) this.logger.info(`serving supervisord's XML-RPC on ${inet} ([inet_http_server])`);
    if (!authRequired(config.server)) {
      this.logger.info(
        `no username/password in [unix_http_server]: the socket's file permissions (mode ${config.server.chmod.toString(8).padStart(4, "0")}) are the only access control`,
      );
    }
    for (const w of this.budget.warnings) this.logger.warn(w);
    for (const w of startupBudgetWarnings(
      this.supervisor.list().map((p) => p.cfg),
      this.budget.seconds,
    ))
      this.logger.warn(w);
    // before anything is spawned: orphans of the very first programs must come to graced
    await this.pid1.start();
    // a SIGTERM that arrived while starting up: nothing to start, the shutdown is waiting
    if (this.shuttingDown) return;
    // as supervisord: every group is added, graced is RUNNING, then the programs start
    this.events.started(startOrder(config.groups));
    this.supervisor.autostart();
  }

  /** `[inet_http_server]`, bound as written; a port graced cannot have refuses the start (exit 2). */
  private async listenInet(inet: InetServerConfig): Promise<string> {
    const shown = inet.host.includes(":") ? `[${inet.host}]:${inet.port}` : `${inet.host || "*"}:${inet.port}`;
    try {
      await this.rpc.listenTcp(inet.host, inet.port, this.httpService(inet));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new StartRefused(`cannot listen on [inet_http_server] port ${shown}: ${err.code ?? err.message}`);
    }
    return `http://${shown}`;
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
    this.shutdownRun = new ShutdownRun(
      {
        supervisor: this.supervisor,
        logger: this.logger,
        now: Date.now,
        newSweep: (killAt) =>
          new Sweep({ self: process.pid, readTable: () => readProcTable(), kill: killPid, now: Date.now, sleep }, killAt),
        killEverything: () => this.pid1.killEverything(),
      },
      this.budget.seconds,
      this.opts.config.daemon.shutdownDrain,
    );
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

/** Group names in the order supervisord adds them: by priority, in config order within one. */
function startOrder(groups: readonly { name: string; priority: number }[]): string[] {
  return [...groups].sort((a, b) => a.priority - b.priority).map((g) => g.name);
}
