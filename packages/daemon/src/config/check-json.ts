import type { Config, ProgramConfig } from "./model.js";
import { formatReadyCheck } from "./ready-check.js";

/**
 * The stable machine view of a config (`graced --check --json`, documented in docs/config.md):
 * snake_case keys as in the config file, byte sizes in bytes, signals without "SIG", log files
 * "AUTO", null (NONE) or the expanded path. Pure.
 */
export type CheckJson = {
  programs: Record<string, unknown>[];
  groups: Record<string, number>;
  warnings: string[];
};

export function programJson(p: ProgramConfig): Record<string, unknown> {
  return {
    group: p.group,
    name: p.name,
    command: p.command,
    priority: p.priority,
    autostart: p.autostart,
    autorestart: p.autorestart,
    startsecs: p.startsecs,
    startretries: p.startretries,
    exitcodes: p.exitcodes,
    stopsignal: p.stopsignal,
    stopwaitsecs: p.stopwaitsecs,
    stopasgroup: p.stopasgroup,
    killasgroup: p.killasgroup,
    user: p.user,
    directory: p.directory,
    umask: p.umask,
    redirect_stderr: p.redirectStderr,
    stdout_logfile: p.stdout.logfile,
    stdout_logfile_maxbytes: p.stdout.maxbytes,
    stdout_logfile_backups: p.stdout.backups,
    stderr_logfile: p.stderr.logfile,
    stderr_logfile_maxbytes: p.stderr.maxbytes,
    stderr_logfile_backups: p.stderr.backups,
    environment: p.environment,
    numprocs: p.numprocs,
    process_name: p.processName,
    depends_on: p.dependsOn.map((d) => `${d.name}:${d.condition}`),
    ready_check: p.readyCheck === null ? null : formatReadyCheck(p.readyCheck),
    ready_interval: p.readyInterval,
    ready_timeout: p.readyTimeout,
    ready_startsecs: p.readyStartsecs,
    stop_escalation: p.stopEscalation.map((s) => `${s.signal}@${s.percent}%`),
    ...(p.listener ? { events: p.listener.events, buffer_size: p.listener.bufferSize } : {}),
  };
}

export function checkJson(config: Config, warnings: string[]): CheckJson {
  const groups: Record<string, number> = {};
  for (const g of config.groups) groups[g.name] = g.priority;
  return { programs: config.programs.map(programJson), groups, warnings };
}
