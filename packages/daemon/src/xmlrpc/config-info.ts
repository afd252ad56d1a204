import { constants } from "node:os";
import type { ProgramConfig, StreamLogConfig } from "../config/model.js";

/** One entry of supervisord's getAllConfigInfo, its fields in supervisord's order. */
export type ConfigInfoStruct = {
  autostart: boolean;
  directory: string;
  uid: number | string;
  command: string;
  exitcodes: number[];
  group: string;
  group_prio: number;
  inuse: boolean;
  killasgroup: boolean;
  name: string;
  process_prio: number;
  redirect_stderr: boolean;
  startretries: number;
  startsecs: number;
  stdout_capture_maxbytes: number;
  stdout_events_enabled: boolean;
  stdout_logfile: string;
  stdout_logfile_backups: number;
  stdout_logfile_maxbytes: number;
  stdout_syslog: boolean;
  stopsignal: number;
  stopwaitsecs: number;
  stderr_capture_maxbytes: number;
  stderr_events_enabled: boolean;
  stderr_logfile: string;
  stderr_logfile_backups: number;
  stderr_logfile_maxbytes: number;
  stderr_syslog: boolean;
  serverurl: string;
};

/** supervisord writes its "no value" and "automatic" as the strings 'none' and 'auto'. */
const logfile = (s: StreamLogConfig) => (s.logfile === null ? "none" : s.logfile === "AUTO" ? "auto" : s.logfile);

function stream(prefix: "stdout" | "stderr", s: StreamLogConfig) {
  return {
    [`${prefix}_capture_maxbytes`]: s.captureMaxbytes,
    [`${prefix}_events_enabled`]: s.eventsEnabled,
    [`${prefix}_logfile`]: logfile(s),
    [`${prefix}_logfile_backups`]: s.backups,
    [`${prefix}_logfile_maxbytes`]: s.maxbytes,
    [`${prefix}_syslog`]: s.syslog,
  };
}

/**
 * A program's config as getAllConfigInfo shows it. `uid` is the numeric uid of `user` when the
 * caller can resolve it (supervisord sends a number), else 'none'. grace's defaults show as
 * they are (killasgroup is true unless the config says otherwise).
 */
export function configInfoOf(cfg: ProgramConfig, inUse: boolean, uidOf: (user: string) => number | null = () => null): ConfigInfoStruct {
  const uid = cfg.user === null ? null : uidOf(cfg.user);
  const signals = constants.signals as Record<string, number | undefined>;
  return {
    autostart: cfg.autostart,
    directory: cfg.directory ?? "none",
    uid: uid ?? "none",
    command: cfg.command,
    exitcodes: cfg.exitcodes,
    group: cfg.group,
    group_prio: cfg.groupPriority ?? cfg.priority,
    inuse: inUse,
    killasgroup: cfg.killasgroup,
    name: cfg.name,
    process_prio: cfg.priority,
    redirect_stderr: cfg.redirectStderr,
    startretries: cfg.startretries,
    startsecs: cfg.startsecs,
    ...stream("stdout", cfg.stdout),
    stopsignal: signals[`SIG${cfg.stopsignal}`] ?? 15,
    stopwaitsecs: cfg.stopwaitsecs,
    ...stream("stderr", cfg.stderr),
    // grace's "AUTO" is supervisord's unset serverurl, which it sends as 'none'
    serverurl: cfg.serverurl === "AUTO" ? "none" : cfg.serverurl,
  } as ConfigInfoStruct;
}
