import type { Diagnostic } from "@grace/ini";

export type AutoRestart = "true" | "false" | "unexpected";

/** Where one output stream of a program goes. `null` path = NONE. */
export type StreamLogConfig = {
  logfile: string | "AUTO" | null;
  maxbytes: number;
  backups: number;
  captureMaxbytes: number;
  eventsEnabled: boolean;
  syslog: boolean;
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
};

export type ServerConfig = {
  /** Socket path; null = the default of SPEC §2.2. */
  file: string | null;
  chmod: number;
  chown: string | null;
  username: string | null;
  password: string | null;
};

export type GroupConfig = { name: string; priority: number; programs: string[] };

export type Config = {
  /** The file that was loaded (absolute). */
  file: string;
  daemon: DaemonConfig;
  server: ServerConfig;
  programs: ProgramConfig[];
  groups: GroupConfig[];
  warnings: Diagnostic[];
};
