import { EventEmitter } from "node:events";
import type { DaemonConfig } from "../config/model.js";
import { FileSink } from "./file-sink.js";
import { readTailOf } from "./output.js";
import { logTarget, type Stream } from "./program-logs.js";
import type { Sink } from "./sink.js";

/** What `maintail` can show when graced's log is not a file (it went to stdout). */
const RECENT_BYTES = 256 * 1024;

/**
 * graced's own log: to `logfile` (rotated like a program's log) or to graced's stdout.
 * Lines are queued, never written synchronously, so logging never stalls the event loop.
 * Emits "line" (string) for `maintail -f`.
 */
export class MainLog extends EventEmitter {
  readonly sink: Sink;
  private recent: string[] = [];
  private recentBytes = 0;

  constructor(
    daemon: Pick<DaemonConfig, "logfile" | "logfileMaxbytes" | "logfileBackups">,
    std: Record<Stream, Sink>,
    onError: (message: string) => void,
  ) {
    super();
    this.setMaxListeners(0);
    const target = logTarget(daemon.logfile ?? "/dev/stdout", () => "");
    this.sink =
      target.kind === "file"
        ? new FileSink({
            path: target.path,
            maxbytes: daemon.logfileMaxbytes,
            backups: daemon.logfileBackups,
            what: `graced's log ${target.path}`,
            onError,
          })
        : std[target.kind === "std" ? target.which : "stdout"];
  }

  /** Is the log on graced's stdout (container mode's condition)? */
  get onStdout(): boolean {
    return this.sink.path === "";
  }

  write = (line: string): void => {
    this.sink.write(Buffer.from(line));
    if (this.onStdout) this.remember(line);
    this.emit("line", line);
  };

  async tail(bytes: number): Promise<{ data: Buffer; size: number; path: string }> {
    if (!this.onStdout) return readTailOf(this.sink, bytes, "graced's log");
    const all = Buffer.from(this.recent.join(""));
    return { data: all.subarray(Math.max(0, all.length - bytes)), size: all.length, path: "" };
  }

  async clear(): Promise<void> {
    this.recent = [];
    this.recentBytes = 0;
    await this.sink.clear();
  }

  /** Everything written, then the file closed (graced's own stdout stays open). */
  async close(): Promise<void> {
    await this.sink.flush();
    if (!this.onStdout) await this.sink.close();
  }

  private remember(line: string): void {
    this.recent.push(line);
    this.recentBytes += line.length;
    while (this.recentBytes > RECENT_BYTES && this.recent.length > 1) this.recentBytes -= (this.recent.shift() as string).length;
  }
}
