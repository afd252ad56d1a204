import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { ConfigError, type Diagnostic, type IniSection, parseIni } from "@grace/ini";
import { defaultDaemon, defaultProgram, defaultServer } from "./defaults.js";
import type { Config, DaemonConfig, ProgramConfig, ServerConfig, StreamLogConfig } from "./model.js";
import {
  parseAutorestart,
  parseBool,
  parseByteSize,
  parseEnvironment,
  parseExitcodes,
  parseInteger,
  parseNonNegativeInt,
  parseOctal,
  parseSignal,
} from "./values.js";

type Setter<T> = (target: T, value: string) => void;

const logPath = (v: string): StreamLogConfig["logfile"] => {
  const s = v.trim();
  if (s.toUpperCase() === "AUTO") return "AUTO";
  if (s.toUpperCase() === "NONE" || s.toUpperCase() === "OFF" || s === "") return null;
  return s;
};

const streamKeys = (stream: "stdout" | "stderr"): Record<string, Setter<ProgramConfig>> => ({
  [`${stream}_logfile`]: (p, v) => {
    p[stream].logfile = logPath(v);
  },
  [`${stream}_logfile_maxbytes`]: (p, v) => {
    p[stream].maxbytes = parseByteSize(v);
  },
  [`${stream}_logfile_backups`]: (p, v) => {
    p[stream].backups = parseNonNegativeInt(v);
  },
  [`${stream}_capture_maxbytes`]: (p, v) => {
    p[stream].captureMaxbytes = parseByteSize(v);
  },
  [`${stream}_events_enabled`]: (p, v) => {
    p[stream].eventsEnabled = parseBool(v);
  },
  [`${stream}_syslog`]: (p, v) => {
    p[stream].syslog = parseBool(v);
  },
});

const PROGRAM_KEYS: Record<string, Setter<ProgramConfig>> = {
  command: (p, v) => {
    p.command = v;
  },
  process_name: (p, v) => {
    p.processName = v;
  },
  numprocs: (p, v) => {
    p.numprocs = parseNonNegativeInt(v);
  },
  numprocs_start: (p, v) => {
    p.numprocsStart = parseNonNegativeInt(v);
  },
  priority: (p, v) => {
    p.priority = parseInteger(v);
  },
  autostart: (p, v) => {
    p.autostart = parseBool(v);
  },
  startsecs: (p, v) => {
    p.startsecs = parseNonNegativeInt(v);
  },
  startretries: (p, v) => {
    p.startretries = parseNonNegativeInt(v);
  },
  autorestart: (p, v) => {
    p.autorestart = parseAutorestart(v);
  },
  exitcodes: (p, v) => {
    p.exitcodes = parseExitcodes(v);
  },
  stopsignal: (p, v) => {
    p.stopsignal = parseSignal(v);
  },
  stopwaitsecs: (p, v) => {
    p.stopwaitsecs = parseNonNegativeInt(v);
  },
  stopasgroup: (p, v) => {
    p.stopasgroup = parseBool(v);
  },
  killasgroup: (p, v) => {
    p.killasgroup = parseBool(v);
  },
  user: (p, v) => {
    p.user = v.trim() || null;
  },
  directory: (p, v) => {
    p.directory = v.trim() || null;
  },
  umask: (p, v) => {
    p.umask = parseOctal(v);
  },
  environment: (p, v) => {
    p.environment = parseEnvironment(v);
  },
  redirect_stderr: (p, v) => {
    p.redirectStderr = parseBool(v);
  },
  serverurl: (p, v) => {
    p.serverurl = v.trim();
  },
  ...streamKeys("stdout"),
  ...streamKeys("stderr"),
};

const DAEMON_KEYS: Record<string, Setter<DaemonConfig>> = {
  logfile: (d, v) => {
    d.logfile = logPath(v) === "AUTO" ? null : (logPath(v) as string | null);
  },
  logfile_maxbytes: (d, v) => {
    d.logfileMaxbytes = parseByteSize(v);
  },
  logfile_backups: (d, v) => {
    d.logfileBackups = parseNonNegativeInt(v);
  },
  loglevel: (d, v) => {
    d.loglevel = v.trim().toLowerCase();
  },
  pidfile: (d, v) => {
    d.pidfile = v.trim() || null;
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
    parseBool(v);
  },
  user: (d, v) => {
    d.user = v.trim() || null;
  },
  directory: (d, v) => {
    d.directory = v.trim() || null;
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
    d.shutdownTimeout = parseNonNegativeInt(v);
  },
  exit_on_fatal: (d, v) => {
    d.exitOnFatal = v.split(/[\s,]+/).filter(Boolean);
  },
  // grace, logs (issue 7): container echo, auto | true | false
  echo_output: (d, v) => {
    d.echoOutput = v.trim().toLowerCase() === "auto" ? null : parseBool(v);
  },
};

const SERVER_KEYS: Record<string, Setter<ServerConfig>> = {
  file: (s, v) => {
    s.file = v.trim() || null;
  },
  chmod: (s, v) => {
    s.chmod = parseOctal(v);
  },
  chown: (s, v) => {
    s.chown = v.trim() || null;
  },
  username: (s, v) => {
    s.username = v.trim() || null;
  },
  password: (s, v) => {
    s.password = v.trim() || null;
  },
};

const IGNORED: Setter<unknown> = () => {};

/** Apply every entry of a section through its key table, collecting problems. */
function applyKeys<T>(section: IniSection, target: T, keys: Record<string, Setter<T>>, out: Diagnostic[], here: string): void {
  for (const entry of section.entries.values()) {
    const at = { file: section.file, line: entry.line, section: section.name, key: entry.key };
    const set = keys[entry.key];
    if (set === undefined) {
      out.push({ severity: "warning", ...at, message: "unknown key, ignored" });
      continue;
    }
    try {
      set(target, entry.value.replaceAll("%(here)s", here));
    } catch (e) {
      out.push({ severity: "error", ...at, message: (e as Error).message });
    }
  }
}

export function loadConfig(path: string): Config {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError([{ severity: "error", file, line: 0, message: `cannot read config: ${err.code ?? err.message}` }]);
  }
  const here = dirname(file);
  const { sections, diagnostics } = parseIni(text, file);
  const daemon = defaultDaemon(tmpdir());
  const server = defaultServer();
  const programs: ProgramConfig[] = [];

  for (const section of sections) {
    const [kind, name] = splitSectionName(section.name);
    if (kind === "supervisord" || kind === "graced") {
      applyKeys(section, daemon, DAEMON_KEYS, diagnostics, here);
    } else if (kind === "unix_http_server") {
      applyKeys(section, server, SERVER_KEYS, diagnostics, here);
    } else if (kind === "program" && name) {
      const program = defaultProgram(name, { file: section.file, line: section.line });
      applyKeys(section, program, PROGRAM_KEYS, diagnostics, here);
      if (program.command.trim() === "") {
        diagnostics.push({
          severity: "error",
          file: section.file,
          line: section.line,
          section: section.name,
          key: "command",
          message: "missing: every program needs a command",
        });
      }
      programs.push(program);
    } else if (kind === "supervisorctl" || kind === "rpcinterface") {
      applyKeys(section, null, new Proxy({}, { get: () => IGNORED }) as Record<string, Setter<null>>, diagnostics, here);
    } else {
      diagnostics.push({
        severity: "warning",
        file: section.file,
        line: section.line,
        section: section.name,
        message: "unknown or unsupported section, ignored",
      });
    }
  }

  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new ConfigError(errors);
  return {
    file,
    daemon,
    server,
    programs,
    groups: programs.map((p) => ({ name: p.group, priority: p.priority, programs: [p.program] })),
    warnings: diagnostics,
  };
}

function splitSectionName(name: string): [string, string | undefined] {
  const colon = name.indexOf(":");
  return colon === -1 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
}
