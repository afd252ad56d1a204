import type { DaemonConfig, ProgramConfig, ServerConfig, StreamLogConfig } from "./model.js";

/**
 * grace's readiness defaults, in seconds: a probe every 0.5 s (the first ones sooner, see
 * readiness/schedule.ts), each allowed 1 s, and 60 s from the spawn for the check to pass.
 */
export const READY_DEFAULTS = { interval: 0.5, timeout: 1, startsecs: 60 };

/** supervisord's defaults (supervisor/options.py), with grace's where SPEC says so. */
export function defaultStreamLog(): StreamLogConfig {
  return { logfile: "AUTO", maxbytes: 50 * 1024 * 1024, backups: 10, captureMaxbytes: 0, eventsEnabled: false, syslog: false };
}

export function defaultProgram(program: string, source: ProgramConfig["source"]): ProgramConfig {
  return {
    name: program,
    group: program,
    program,
    command: "",
    priority: 999,
    autostart: true,
    startsecs: 1,
    startretries: 3,
    autorestart: "unexpected",
    exitcodes: [0],
    stopsignal: "TERM",
    stopwaitsecs: 10,
    stopasgroup: true,
    killasgroup: true,
    user: null,
    directory: null,
    umask: null,
    environment: {},
    redirectStderr: false,
    stdout: defaultStreamLog(),
    stderr: defaultStreamLog(),
    numprocs: 1,
    numprocsStart: 0,
    processName: "%(program_name)s",
    serverurl: "AUTO",
    dependsOn: [],
    readyCheck: null,
    readyInterval: READY_DEFAULTS.interval,
    readyTimeout: READY_DEFAULTS.timeout,
    readyStartsecs: READY_DEFAULTS.startsecs,
    stopEscalation: [],
    source,
  };
}

export function defaultDaemon(tmpdir: string): DaemonConfig {
  return {
    logfile: null,
    logfileMaxbytes: 50 * 1024 * 1024,
    logfileBackups: 10,
    loglevel: "info",
    pidfile: null,
    umask: 0o22,
    identifier: "grace",
    environment: {},
    childlogdir: tmpdir,
    nocleanup: false,
    user: null,
    directory: null,
    stripAnsi: false,
    silent: false,
    minfds: 1024,
    minprocs: 200,
    shutdownTimeout: 9,
    exitOnFatal: [],
    echoOutput: null,
    shutdownDrain: 0,
  };
}

export function defaultServer(): ServerConfig {
  return { file: null, chmod: 0o700, chown: null, username: null, password: null };
}
