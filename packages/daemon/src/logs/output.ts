import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { ProgramConfig } from "../config/model.js";
import { capturePipe, type OutputEnd } from "./capture.js";
import { LinePrefixer } from "./line-prefixer.js";
import { discarded, ProgramLogs, type Stream } from "./program-logs.js";
import type { Sink } from "./sink.js";

/** The process as the log side sees it. */
export type LoggedProcess = { fullName: string; cfg: ProgramConfig };
/** What OutputManager emits: new output of a process, as it is read ("" is possible). */
export type OutputEvents = { text: [fullName: string, stream: Stream, data: string] };
/** A child's pipes, as the Spawner hands them over (process/spawner.ts ChildHandle has them). */
export type ChildPipes = { stdout: OutputEnd | null; stderr: OutputEnd | null };
/** Sees every chunk read from one of a child's pipes (`stream` is the pipe it came from); the chunk is lent for the call only, as to a sink. */
export type OutputTap = (stream: Stream, chunk: Buffer) => void;

export type OutputOptions = {
  childlogdir: string;
  identifier: string;
  /** Container mode: echo every program's lines to graced's stdout/stderr as `name | line`. */
  echo: boolean;
  std: Record<Stream, Sink>;
  onError: (message: string) => void;
  /**
   * Does anyone follow this output (`tail -f`)? Only then is a chunk decoded and emitted as
   * "text": a flood nobody watches costs no strings.
   */
  followed: (fullName: string, stream: Stream) => boolean;
};

/** `tail` of a stream that has no file to read. */
export class NoLogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoLogFileError";
  }
}

/**
 * The end of a log file, or a NoLogFileError that says what happened when the file is gone:
 * moved away (logrotate without SIGUSR2), or its directory removed. Never Node's errno text.
 */
export async function readTailOf(sink: Sink, bytes: number, label: string): Promise<{ data: Buffer; size: number; path: string }> {
  try {
    const { data, size } = await sink.readTail(bytes);
    return { data, size, path: sink.path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    const dir = dirname(sink.path);
    if (!existsSync(dir)) throw new NoLogFileError(`${label}: ${sink.path} is gone: its directory ${dir} was removed`);
    throw new NoLogFileError(`${label}: ${sink.path} is gone (moved away? kill -USR2 graced reopens it)`);
  }
}

/**
 * Every program's output: attaches each child's pipes to its log sinks, the container echo
 * and `tail -f` listeners; serves tail/clear/reopen; and at exit waits until the pipes are
 * empty, so nothing a program wrote is lost. Emits "text" (fullName, stream, string) for `tail -f`
 * while `followed` says someone follows.
 */
export class OutputManager extends EventEmitter<OutputEvents> {
  private readonly logs = new Map<string, ProgramLogs>();
  /** Pipes still being read: a child that exited may have left data in them. */
  private readonly open = new Set<Promise<void>>();

  constructor(private readonly opts: OutputOptions) {
    super();
    this.setMaxListeners(0);
  }

  logsOf(proc: LoggedProcess): ProgramLogs {
    let logs = this.logs.get(proc.fullName);
    if (!logs || logs.cfg !== proc.cfg) {
      // first sight, or the config changed (reload): the old files are finished with
      if (logs) for (const s of logs.files()) void s.close();
      logs = new ProgramLogs(proc.cfg, {
        childlogdir: this.opts.childlogdir,
        identifier: this.opts.identifier,
        std: this.opts.std,
        onError: this.opts.onError,
      });
      this.logs.set(proc.fullName, logs);
    }
    return logs;
  }

  /** Output nobody can see goes to /dev/null, not through a pipe (program-logs.ts discarded). */
  discards(cfg: ProgramConfig, stream: Stream): boolean {
    return discarded(cfg, stream, this.opts.echo);
  }

  logPaths(proc: LoggedProcess): Record<Stream, string> {
    const logs = this.logsOf(proc);
    return { stdout: logs.path("stdout"), stderr: logs.path("stderr") };
  }

  /**
   * `tap` sees every chunk as it is read (event listeners' protocol, PROCESS_LOG events). An
   * event listener's stdout is its protocol channel: never echoed, logged only where its
   * section names a stdout_logfile.
   */
  attach(proc: LoggedProcess, child: ChildPipes, tap?: OutputTap): void {
    const logs = this.logsOf(proc);
    for (const stream of ["stdout", "stderr"] as const) {
      const pipe = child[stream];
      if (!pipe) continue;
      const sink = logs.sink(stream);
      const shownAs: Stream = proc.cfg.redirectStderr ? "stdout" : stream;
      const echoTo = stream === "stderr" && !proc.cfg.redirectStderr ? "stderr" : "stdout";
      const protocol = proc.cfg.listener !== undefined && stream === "stdout";
      const echo =
        this.opts.echo && !protocol && !logs.isOnStd(stream)
          ? { prefixer: new LinePrefixer(logs.label), sink: this.opts.std[echoTo] }
          : undefined;
      // one decoder per pipe while followed: a UTF-8 character split between two reads is held, not mangled
      let decoder: StringDecoder | null = null;
      const done = capturePipe(pipe, {
        sinks: sink ? [sink] : [],
        echo,
        onChunk: (chunk) => {
          tap?.(stream, chunk);
          if (!this.opts.followed(proc.fullName, shownAs)) {
            decoder = null;
            return;
          }
          decoder ??= new StringDecoder("utf8");
          this.emit("text", proc.fullName, shownAs, decoder.write(chunk));
        },
      });
      this.open.add(done);
      void done.then(() => this.open.delete(done));
    }
  }

  async tail(proc: LoggedProcess, stream: Stream, bytes: number): Promise<{ data: Buffer; size: number; path: string }> {
    const logs = this.logsOf(proc);
    if (stream === "stderr" && proc.cfg.redirectStderr) throw new NoLogFileError(`${logs.label}: stderr is redirected to stdout`);
    const sink = logs.sink(stream);
    if (!sink || sink.path === "") throw new NoLogFileError(`${logs.label}: no ${stream} log file to read`);
    return readTailOf(sink, bytes, logs.label);
  }

  async clear(proc: LoggedProcess): Promise<void> {
    const logs = this.logsOf(proc);
    for (const stream of ["stdout", "stderr"] as const) {
      const sink = logs.targets[stream].kind === "file" ? logs.sink(stream) : null;
      await sink?.clear();
    }
  }

  /** SIGUSR2: every log file is closed and opened again (a file moved away is recreated). */
  reopenAll(): void {
    for (const logs of this.logs.values()) for (const s of logs.files()) s.reopen();
  }

  /**
   * Wait until every pipe has been read to its end and every byte written, or `ms` passed
   * (a grandchild may keep a pipe open forever). Returns true when everything was drained.
   */
  async drain(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    const all = (async () => {
      await Promise.all([...this.open]);
      await Promise.all([...this.logs.values()].flatMap((l) => l.files().map((s) => s.flush())));
      await Promise.all(Object.values(this.opts.std).map((s) => s.flush()));
      return true as const;
    })();
    const drained = await Promise.race([all, timeout]);
    clearTimeout(timer);
    return drained;
  }

  async close(): Promise<void> {
    await Promise.all([...this.logs.values()].flatMap((l) => l.files().map((s) => s.close())));
  }
}
