import type { ConfigDiff, GroupResult, LogStream, NameResult, ProcessInfo, VersionInfo } from "@grace/protocol";
import type { ConfigInfoStruct } from "./config-info.js";

/** One process as the daemon keeps it, with the priorities supervisord orders "all" by. */
export type SupervisedProcess = ProcessInfo & {
  /** The program's `priority`: orders processes within their group. */
  priority: number;
  /** The group's priority (a lone program's own). */
  groupPriority: number;
};

/** A process's log (by full name, `group:name`) or graced's own. */
export type LogTarget = { process: string; stream: LogStream } | { main: true };

/** Which bytes of a log: the last `fromEnd`, or `length` from `offset` (length 0: to the end). */
export type LogRange = { fromEnd: number } | { offset: number; length: number };

/** Bytes read, and the log's size when they were read. */
export type LogBytes = { data: Buffer; size: number };

/** A followed log: the last bytes now, then every new chunk until `stop()` (or the end). */
export type LogFollow = {
  initial: Buffer;
  stop(): void;
};

/**
 * What supervisord's XML-RPC API needs of graced: the engine's verbs, with grace's own types.
 * Names given here are always full names (`group:name`); the adapter resolves supervisord's
 * namespecs itself. A failure rejects (or throws) with a DaemonFailure (faults.ts): a protocol
 * Fault code and a message.
 */
export interface XmlRpcBackend {
  /** grace's version, the `[supervisord] identifier` and graced's pid. */
  version(): VersionInfo;
  /** A shutdown has begun (supervisord's state SHUTDOWN). */
  shuttingDown(): boolean;
  /** Every process under supervision, in the daemon's (config) order. */
  processes(): SupervisedProcess[];
  start(names: string[], wait: boolean): Promise<NameResult[]>;
  stop(names: string[], wait: boolean): Promise<NameResult[]>;
  /** `signal` as the caller wrote it (`HUP`, `SIGHUP`, `1`); a bad one is BAD_SIGNAL per process. */
  signal(names: string[], signal: string): Promise<NameResult[]>;
  /** Read the config file again and report what changed; applies nothing (CANT_REREAD on a bad file). */
  reread(): Promise<ConfigDiff>;
  addGroups(names: string[]): Promise<GroupResult[]>;
  removeGroups(names: string[]): Promise<GroupResult[]>;
  /** Every process of the last-read config, in supervisord's getAllConfigInfo shape. */
  configInfo(): ConfigInfoStruct[];
  /** Bytes of a log, or null when it has no file (NONE, or not created yet). */
  readLog(target: LogTarget, range: LogRange): Promise<LogBytes | null>;
  /** Follow a log as `tail -f` does; null when it has no file. `onData` gets each new chunk. */
  followLog(target: LogTarget, fromEnd: number, onData: (chunk: Buffer) => void, onEnd: () => void): Promise<LogFollow | null>;
  /** Empty a process's logs (backups too); `{ main: true }` is graced's own log. */
  clearLog(target: { process: string } | { main: true }): Promise<void>;
  /** Write to a running process's stdin; NO_FILE when it cannot take input. */
  writeStdin(name: string, data: Buffer): Promise<void>;
  /** Hand a REMOTE_COMMUNICATION event to the event listeners that subscribe to it. */
  remoteCommunication(type: string, data: string): void;
  /** Begin a shutdown, as SIGTERM does; returns at once. */
  shutdown(): void;
  /** Begin a reload, as SIGHUP does (supervisord's restart); returns at once. */
  reload(): void;
}
