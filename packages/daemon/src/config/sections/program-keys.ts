import { parseDependsOn } from "../depends-on.js";
import { parseEscalation } from "../escalation.js";
import type { KeyTable } from "../keys.js";
import type { ProgramConfig, StreamLogConfig } from "../model.js";
import { parseReadyCheck } from "../ready-check.js";
import {
  parseAutorestart,
  parseBool,
  parseByteSize,
  parseExitcodes,
  parseInteger,
  parseNonNegativeInt,
  parseOctal,
  parseSeconds,
  parseSignal,
  parseWholeSeconds,
  ValueError,
} from "../values.js";

/** The value syntax of every `[program:x]` key (supervisor/options.py), one setter each. */

/** `AUTO`, `NONE`/`OFF` (null), the deprecated `syslog`, or a path. */
function setLogfile(log: StreamLogConfig, v: string): void {
  const s = v.trim();
  const upper = s.toUpperCase();
  if (upper === "AUTO") log.logfile = "AUTO";
  else if (upper === "NONE" || upper === "OFF" || s === "") log.logfile = null;
  else if (upper === "SYSLOG") {
    log.logfile = null;
    log.syslog = true;
  } else log.logfile = s;
}

const streamKeys = (stream: "stdout" | "stderr"): KeyTable<ProgramConfig> => ({
  [`${stream}_logfile`]: (p, v) => setLogfile(p[stream], v),
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

const text = (v: string) => v.trim() || null;

export const PROGRAM_KEYS: KeyTable<ProgramConfig> = {
  command: (p, v) => {
    // also after expansion: `command = %(ENV_CMD)s` with CMD set but empty
    if (v.trim() === "") throw new ValueError("empty: every program needs a command");
    p.command = v.trim();
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
    p.startsecs = parseWholeSeconds(v);
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
    p.stopwaitsecs = parseWholeSeconds(v);
  },
  stopasgroup: (p, v) => {
    p.stopasgroup = parseBool(v);
  },
  killasgroup: (p, v) => {
    p.killasgroup = parseBool(v);
  },
  user: (p, v) => {
    p.user = text(v);
  },
  directory: (p, v) => {
    p.directory = text(v);
  },
  umask: (p, v) => {
    p.umask = parseOctal(v);
  },
  redirect_stderr: (p, v) => {
    p.redirectStderr = parseBool(v);
  },
  serverurl: (p, v) => {
    // SUPERVISOR_SERVER_URL for this program; AUTO (any case) or empty: graced's own socket
    const url = v.trim();
    p.serverurl = url === "" || url.toUpperCase() === "AUTO" ? "AUTO" : url;
  },
  // grace (issue 14): dependencies, readiness, escalation
  depends_on: (p, v) => {
    p.dependsOn = parseDependsOn(v, { section: `program:${p.program}`, key: "depends_on" });
  },
  ready_check: (p, v) => {
    p.readyCheck = v.trim() === "" ? null : parseReadyCheck(v);
  },
  ready_interval: (p, v) => {
    p.readyInterval = parseSeconds(v, { positive: true });
  },
  ready_timeout: (p, v) => {
    p.readyTimeout = parseSeconds(v, { positive: true });
  },
  ready_startsecs: (p, v) => {
    p.readyStartsecs = parseSeconds(v);
  },
  stop_escalation: (p, v) => {
    p.stopEscalation = parseEscalation(v);
  },
  ...streamKeys("stdout"),
  ...streamKeys("stderr"),
};
