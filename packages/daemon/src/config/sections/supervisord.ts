import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { applyKeys, type KeyTable } from "../keys.js";
import type { DaemonConfig } from "../model.js";
import {
  parseBool,
  parseByteSize,
  parseEnvironment,
  parseList,
  parseLogLevel,
  parseNonNegativeInt,
  parseOctal,
  parseSeconds,
  parseWholeSeconds,
} from "../values.js";

/** `[supervisord]` (alias `[graced]`): every key supervisord accepts, plus grace's (SPEC §2.4). */
const text = (v: string) => v.trim() || null;

export const DAEMON_KEYS: KeyTable<DaemonConfig> = {
  logfile: (d, v) => {
    // grace logs to stdout unless a file is named (containers read stdout).
    const s = v.trim();
    d.logfile = s === "" || ["AUTO", "NONE", "OFF"].includes(s.toUpperCase()) ? null : s;
  },
  logfile_maxbytes: (d, v) => {
    d.logfileMaxbytes = parseByteSize(v);
  },
  logfile_backups: (d, v) => {
    d.logfileBackups = parseNonNegativeInt(v);
  },
  loglevel: (d, v) => {
    d.loglevel = parseLogLevel(v);
  },
  pidfile: (d, v) => {
    d.pidfile = text(v);
  },
  umask: (d, v) => {
    d.umask = parseOctal(v);
  },
  identifier: (d, v) => {
    d.identifier = v.trim();
  },
  environment: (d, v) => {
    d.environment = parseEnvironment(v);
  },
  childlogdir: (d, v) => {
    d.childlogdir = v.trim();
  },
  nocleanup: (d, v) => {
    d.nocleanup = parseBool(v);
  },
  nodaemon: (_d, v) => {
    parseBool(v); // accepted and checked; graced always runs in the foreground
  },
  user: (d, v) => {
    d.user = text(v);
  },
  directory: (d, v) => {
    d.directory = text(v);
  },
  strip_ansi: (d, v) => {
    d.stripAnsi = parseBool(v);
  },
  silent: (d, v) => {
    d.silent = parseBool(v);
  },
  minfds: (d, v) => {
    d.minfds = parseNonNegativeInt(v);
  },
  minprocs: (d, v) => {
    d.minprocs = parseNonNegativeInt(v);
  },
  shutdown_timeout: (d, v) => {
    d.shutdownTimeout = parseWholeSeconds(v);
  },
  exit_on_fatal: (d, v) => {
    d.exitOnFatal = parseList(v.replace(/\s+/g, ","));
  },
  // grace, issue 14: on SIGTERM report not-ready this long before stopping anything (taken from the budget)
  shutdown_drain: (d, v) => {
    d.shutdownDrain = parseSeconds(v);
  },
  // grace, logs (issue 7): container echo, auto | true | false
  echo_output: (d, v) => {
    d.echoOutput = v.trim().toLowerCase() === "auto" ? null : parseBool(v);
  },
};

/** Keys supervisord has that do nothing in grace; accepted without a warning. */
const ACCEPTED = ["profile_options"];

/**
 * Read `[supervisord]`. Its `environment` is read first: its variables become `ENV_X` names
 * for every other value (as in supervisord). Returns the names extended with them.
 */
export function readDaemon(section: IniSection | undefined, daemon: DaemonConfig, names: Expansions, out: Diagnostic[]): Expansions {
  if (section === undefined) return names;
  const env = section.entries.get("environment");
  if (env) applyKeys({ ...section, entries: new Map([["environment", env]]) }, daemon, DAEMON_KEYS, names, out);
  const extended: Expansions = { ...names };
  for (const [k, v] of Object.entries(daemon.environment)) extended[`ENV_${k}`] = v;
  applyKeys(section, daemon, DAEMON_KEYS, extended, out, [...ACCEPTED, "environment"]);
  return extended;
}

/** supervisord's command-line flags that override `[supervisord]` keys (SPEC §2.3). */
export function applyDaemonFlags(daemon: DaemonConfig, flags: Record<string, string>): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(flags)) {
    try {
      DAEMON_KEYS[key]?.(daemon, value);
    } catch (e) {
      errors.push(`--${key}: ${(e as Error).message}`);
    }
  }
  return errors;
}
