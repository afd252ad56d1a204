import type { Config, DaemonConfig } from "../config/model.js";
import { createLogger, type Logger, parseLevel } from "../logs/logger.js";
import { MainLog } from "../logs/main-log.js";
import { OutputManager, type OutputOptions } from "../logs/output.js";
import type { Stream } from "../logs/program-logs.js";
import { type Sink, StdSink } from "../logs/sink.js";

/** graced's own log: its stdout and stderr as sinks, the main log over them, the logger that writes to it. */
export type OwnLogs = { std: Record<Stream, Sink>; mainLog: MainLog; logger: Logger };

export function openOwnLogs(daemon: DaemonConfig): OwnLogs {
  const toStderr = (message: string) => process.stderr.write(`graced: ${message}\n`);
  const std: Record<Stream, Sink> = {
    stdout: new StdSink(process.stdout, "graced's stdout", toStderr),
    stderr: new StdSink(process.stderr, "graced's stderr", () => {}),
  };
  const mainLog = new MainLog(daemon, std, toStderr);
  return { std, mainLog, logger: createLogger(parseLevel(daemon.loglevel), mainLog.write) };
}

/** Where the programs' output goes: their log files, the container echo, and the clients following it. */
export function programOutput(config: Config, own: OwnLogs, followed: OutputOptions["followed"]): OutputManager {
  return new OutputManager({
    childlogdir: config.daemon.childlogdir,
    identifier: config.daemon.identifier,
    // container mode: on by default when graced is PID 1 and its own log is on stdout
    echo: config.daemon.echoOutput ?? (process.pid === 1 && own.mainLog.onStdout),
    std: own.std,
    onError: (message) => own.logger.error(message),
    followed,
  });
}
