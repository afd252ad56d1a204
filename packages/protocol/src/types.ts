import type { FaultCode } from "./errors.js";
import type { StateCode, StateName } from "./states.js";

/** What the daemon reports about one process (SPEC §3). Times are Unix seconds, 0 = never. */
export type ProcessInfo = {
  /** `group:name`, the name clients use. */
  fullName: string;
  name: string;
  group: string;
  state: StateCode;
  statename: StateName;
  pid: number;
  start: number;
  stop: number;
  now: number;
  /** Seconds since start while the process runs, else 0. */
  uptime: number;
  /** Exit code of the last exit, or null if it was killed by a signal or never exited. */
  exitstatus: number | null;
  /** Name of the signal that ended the last run, e.g. "SIGKILL", or null. */
  exitsignal: string | null;
  spawnerr: string;
  /** One line for humans, e.g. "pid 12, uptime 0:01:02" or "exit status 3, Nov 27 11:04 PM". */
  description: string;
  stdout_logfile: string;
  stderr_logfile: string;
  /** The grace period the stop signal gets, in seconds (while STOPPING: the clamped one in force). */
  stopwaitsecs: number;
  /** While STOPPING: when the stop signal went out (Unix seconds, with ms); else 0. */
  stopstart: number;
  /** Seconds until a pending restart (BACKOFF or crash-loop damping), else 0. */
  restartIn: number;
  /**
   * While a stop of it is under way but its turn has not come (issue 14): the latest moment it
   * gets its stop signal (Unix seconds, with ms), by the stop's schedule. Absent otherwise.
   */
  signalBy?: number;
  /**
   * grace (issue 14): whether its `ready_check` passed since the last spawn; null when it has
   * none (it is then ready once RUNNING).
   */
  ready: boolean | null;
  /** With a `ready_check`: `ready`, or `not ready: 127.0.0.1:5432: connection refused`; else "". */
  readiness: string;
  /** Held STOPPED by its dependencies: `waiting for db: FATAL`; else "". */
  waiting: string;
};

/** `health`: is every autostart program (or each named one) RUNNING, and ready if asked? */
export type HealthResult = {
  healthy: boolean;
  phase: DaemonState;
  /** How many processes were judged. */
  checked: number;
  /** Each process that is not as wanted, with why (`web: STARTING`, `db: not ready: …`), in config order. */
  problems: { fullName: string; why: string }[];
  /** Names that matched nothing, as given. */
  unknown: string[];
};

/** What a name was taken for: a whole group (`web:*`, a bare group name) or one process. */
export type NameKind = "group" | "process";

/** Outcome for one name of a bulk call (start, stop, restart …). */
export type NameResult = {
  name: string;
  group: string;
  fullName: string;
  status: FaultCode;
  description: string;
  /** On BAD_NAME: whether the unknown name was a group or a process, so clients never read `description`. */
  kind?: NameKind;
  /**
   * Set when the process was not named but stopped (or restarted) because it depends (directly or through
   * others) on one that was: the display name of the process it depends on (`gracectl stop db`
   * → web: `dependsOn: "db"`).
   */
  dependsOn?: string;
  /**
   * Set when the process was not named but started because one that was depends on it
   * (directly or through others): that one's display name (`gracectl start web` → db:
   * `dependencyOf: "web"`).
   */
  dependencyOf?: string;
};

export type VersionInfo = {
  version: string;
  protocol: number;
  identifier: string;
  pid: number;
};

/** Pushed to subscribed connections when a process changes state. */
export type StateChange = {
  info: ProcessInfo;
  from: StateName;
};

/** The `shutdownComplete` notification: everything is stopped and flushed; graced exits next. */
export type ShutdownComplete = {
  /** The status graced exits with (SPEC §4.4). */
  exitStatus: number;
  /** graced's final log line: how long it took, what was stopped, killed and swept. */
  summary: string;
};

/**
 * Where graced itself is: `running`; `draining` between a SIGTERM and the first stop signal
 * (`shutdown_drain`: load balancers stop sending traffic meanwhile); `stopping` from then until
 * it exits. A health check fails in the last two.
 */
export type DaemonState = "running" | "draining" | "stopping";

export type StatusResult = {
  processes: ProcessInfo[];
  unknown: NameResult[];
  /** graced's own state (issue 14): anything but `running` means "not ready". Always sent by graced; optional for clients' own fakes. */
  daemon?: DaemonState;
};

/** The end of a log. `size` is the file's length when it was read, so `data` ends at byte `size`. */
export type TailResult = {
  data: string;
  size: number;
  /** The file read; "" for graced's log when it goes to stdout (recent lines kept in memory). */
  path: string;
  /** True when `log` notifications follow on this connection. */
  following: boolean;
};

/** A piece of a followed log, in the order it was written. `stream` "main" is graced's own log. */
export type LogChunk = {
  /** Full name (`group:name`) of the process, "" for graced's own log. */
  name: string;
  stream: "stdout" | "stderr" | "main";
  data: string;
};

/** What `reread` found: group names added, changed and removed by the config on disk, sorted. */
export type ConfigDiff = {
  added: string[];
  changed: string[];
  removed: string[];
};

/** Outcome for one group of `update` or `reload`. */
export type GroupChangeResult = {
  group: string;
  change: "added" | "changed" | "removed";
  status: FaultCode;
  /** "added process group", "updated process group", "removed process group" or the error. */
  description: string;
};

/** Outcome for one group of `addGroups` / `removeGroups`. */
export type GroupResult = {
  group: string;
  status: FaultCode;
  description: string;
};

/** One process of the last-read config (`avail`). */
export type ConfigInfo = {
  name: string;
  group: string;
  fullName: string;
  /** The process is under supervision now. */
  inUse: boolean;
  autostart: boolean;
  priority: number;
  groupPriority: number;
};
