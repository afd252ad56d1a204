import { displayName } from "@grace/protocol";
import type { ProgramConfig, StreamLogConfig } from "../config/model.js";
import { stdStreamOf } from "../config/std-paths.js";
import { autoLogPath } from "./auto-paths.js";
import { FileSink } from "./file-sink.js";
import type { Sink } from "./sink.js";

export type Stream = "stdout" | "stderr";

/** Where one stream's log goes, decided from its `*_logfile` value. */
export type LogTarget = { kind: "none" } | { kind: "std"; which: Stream } | { kind: "file"; path: string };

export function logTarget(logfile: StreamLogConfig["logfile"], auto: () => string): LogTarget {
  if (logfile === null) return { kind: "none" };
  if (logfile === "AUTO") return { kind: "file", path: auto() };
  const std = stdStreamOf(logfile);
  return std ? { kind: "std", which: std } : { kind: "file", path: logfile };
}

/**
 * Is this stream's output seen by no one: no log (NONE, for stderr also when redirected to a
 * stdout with NONE), no container echo, no PROCESS_LOG events, no `log:` readiness check, and not
 * an event listener's protocol? Then the child writes it to /dev/null, through no pipe graced
 * would have to read (`tail -f` follows only a stream with a log file).
 */
export function discarded(cfg: ProgramConfig, stream: Stream, echo: boolean): boolean {
  const own = cfg[cfg.redirectStderr ? "stdout" : stream];
  const protocol = cfg.listener !== undefined && stream === "stdout";
  return !echo && !protocol && cfg.readyCheck?.kind !== "log" && own.logfile === null && !own.eventsEnabled;
}

export type ProgramLogsEnv = {
  childlogdir: string;
  identifier: string;
  std: Record<Stream, Sink>;
  onError: (message: string) => void;
};

/**
 * The log files of one process. They outlive its children (a restart appends to the same
 * files) and are opened at the first spawn, as supervisord does.
 */
export class ProgramLogs {
  readonly label: string;
  readonly targets: Record<Stream, LogTarget>;
  private readonly sinks = new Map<Stream, Sink>();

  constructor(
    readonly cfg: ProgramConfig,
    private readonly env: ProgramLogsEnv,
  ) {
    this.label = displayName(cfg.group, cfg.name);
    const auto = (stream: Stream) => () => autoLogPath(env.childlogdir, this.label, stream, env.identifier);
    this.targets = {
      stdout: logTarget(cfg.stdout.logfile, auto("stdout")),
      // redirect_stderr: stderr shares stdout's log, and has none of its own
      stderr: cfg.redirectStderr ? { kind: "none" } : logTarget(cfg.stderr.logfile, auto("stderr")),
    };
  }

  /** The path shown in status (supervisord shows the configured path, "" for NONE). */
  path(stream: Stream): string {
    const t = this.targets[stream];
    return t.kind === "file" ? t.path : t.kind === "std" ? `/dev/${t.which}` : "";
  }

  /** Where a stream's bytes go; stderr goes to stdout's sink when redirected. */
  sink(stream: Stream): Sink | null {
    const own = this.cfg.redirectStderr ? "stdout" : stream;
    const target = this.targets[own];
    if (target.kind === "none") return null;
    if (target.kind === "std") return this.env.std[target.which];
    let sink = this.sinks.get(own);
    if (!sink) {
      const limits = this.cfg[own];
      sink = new FileSink({
        path: target.path,
        maxbytes: limits.maxbytes,
        backups: limits.backups,
        what: `${this.label}'s ${own} log ${target.path}`,
        onError: this.env.onError,
      });
      this.sinks.set(own, sink);
    }
    return sink;
  }

  /** Is this stream already on graced's stdout/stderr (so echoing it would print it twice)? */
  isOnStd(stream: Stream): boolean {
    return this.targets[this.cfg.redirectStderr ? "stdout" : stream].kind === "std";
  }

  /** The files this process opened (std streams are shared and not ours to close). */
  files(): Sink[] {
    return [...this.sinks.values()];
  }
}
