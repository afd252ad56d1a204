import type { Diagnostic } from "@grace/ini";

export type AutoRestart = "true" | "false" | "unexpected";

/**
 * grace: when a dependency counts as met (issue 14). `started`: spawned (STARTING or RUNNING);
 * `running`: RUNNING; `ready`: RUNNING and its ready_check passed (RUNNING when it has none);
 * `done`: EXITED with an expected exit code (a one-shot task such as a migration).
 */
export type DependencyCondition = "started" | "running" | "ready" | "done";

export type Dependency = {
  /** A program name, a group name, or one process's `group:name`. */
  name: string;
  condition: DependencyCondition;
  /**
   * The section and key that declared it (`group:g` for a group's `depends_on`), for messages.
   * No line number: a reload compares process configs, and moving a line changes nothing.
   */
  from: { section: string; key: string };
};

/** grace: how graced learns that a program is ready (`ready_check`, issue 14). */
export type ReadyCheck =
  | { kind: "tcp"; host: string; port: number }
  | { kind: "http"; host: string; port: number; path: string }
  | { kind: "exec"; command: string }
  | { kind: "log"; pattern: string }
  | { kind: "file"; path: string };

/** grace: one further signal within the grace period (`stop_escalation = INT@60%`). */
export type EscalationStep = { signal: string; percent: number };

/** Where one output stream of a program goes. `null` path = NONE. */
export type StreamLogConfig = {
  logfile: string | "AUTO" | null;
  maxbytes: number;
  backups: number;
  captureMaxbytes: number;
  eventsEnabled: boolean;
  syslog: boolean;
};

/**
 * `[eventlistener:x]`: what makes a process one of the pool `x` of event listeners (supervisord's
 * event listener protocol). Every process of the pool carries the same values.
 */
export type ListenerConfig = {
  /** Subscribed event types, upper case, as written (abstract ones such as PROCESS_STATE allowed). */
  events: string[];
  /** How many events the pool holds for its listeners; the oldest is dropped beyond it. */
  bufferSize: number;
};

/** One process as the engine sees it (a `[program:x]` with numprocs=3 yields three). */
export type ProgramConfig = {
  /** Process name (after `process_name` expansion). */
  name: string;
  group: string;
  /** The `[program:NAME]` section it came from. */
  program: string;
  command: string;
  /** The program's own priority: orders processes within their group. */
  priority: number;
  /**
   * The priority of the `[group:x]` this process belongs to, when it is in one; absent for a
   * program that is its own group (its group priority is then `priority`). supervisord starts
   * groups in this order first and processes within a group by `priority` (SPEC §2.2).
   */
  groupPriority?: number;
  autostart: boolean;
  startsecs: number;
  startretries: number;
  autorestart: AutoRestart;
  exitcodes: number[];
  /** Bare signal name, e.g. "TERM". */
  stopsignal: string;
  stopwaitsecs: number;
  /** grace default: true — signal the whole process group (SPEC §4.1). */
  stopasgroup: boolean;
  killasgroup: boolean;
  user: string | null;
  directory: string | null;
  umask: number | null;
  environment: Record<string, string>;
  redirectStderr: boolean;
  stdout: StreamLogConfig;
  stderr: StreamLogConfig;
  numprocs: number;
  numprocsStart: number;
  processName: string;
  serverurl: string;
  /** grace: what must be met before this process starts; empty = starts at once (issue 14). */
  dependsOn: Dependency[];
  /** grace: null = no readiness check (ready once RUNNING). */
  readyCheck: ReadyCheck | null;
  /** grace: seconds between two probes. */
  readyInterval: number;
  /** grace: seconds one probe may take. */
  readyTimeout: number;
  /** grace: seconds from the spawn within which the check must pass, else a failed start (0 = no limit). */
  readyStartsecs: number;
  /** grace: further signals at fractions of the grace period, ascending. */
  stopEscalation: EscalationStep[];
  /** Set for a process of an `[eventlistener:x]` pool (its group is the pool); absent for a program. */
  listener?: ListenerConfig;
  /** Where the section was defined, for messages. */
  source: { file: string; line: number };
};

export type DaemonConfig = {
  logfile: string | null;
  logfileMaxbytes: number;
  logfileBackups: number;
  loglevel: string;
  pidfile: string | null;
  umask: number;
  identifier: string;
  environment: Record<string, string>;
  childlogdir: string;
  nocleanup: boolean;
  user: string | null;
  directory: string | null;
  stripAnsi: boolean;
  silent: boolean;
  minfds: number;
  minprocs: number;
  /** grace: whole-shutdown budget in seconds; 0 = none (SPEC §2.4). */
  shutdownTimeout: number;
  /** grace: program names (or "*") whose FATAL or final exit shuts graced down. */
  exitOnFatal: string[];
  /** grace: echo programs' output to graced's stdout/stderr as `name | line`; null = auto (SPEC §7). */
  echoOutput: boolean | null;
  /** grace: seconds between SIGTERM and the first stop signal, reported not-ready meanwhile (issue 14). */
  shutdownDrain: number;
};

export type ServerConfig = {
  /** Socket path; null = the default of SPEC §2.2. */
  file: string | null;
  chmod: number;
  chown: string | null;
  username: string | null;
  password: string | null;
};

/** `[inet_http_server]`: host "" = every address; username and password both set or both null. */
export type InetServerConfig = { host: string; port: number; username: string | null; password: string | null };

/** grace: `dependsOn` applies to every member (after their own entries); absent = none. */
export type GroupConfig = { name: string; priority: number; programs: string[]; dependsOn?: Dependency[] };

export type Config = {
  /** The file that was loaded (absolute). */
  file: string;
  daemon: DaemonConfig;
  server: ServerConfig;
  /** `[inet_http_server]`, when the file has one. */
  inet?: InetServerConfig;
  programs: ProgramConfig[];
  groups: GroupConfig[];
  warnings: Diagnostic[];
};
