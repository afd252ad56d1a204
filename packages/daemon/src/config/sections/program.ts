import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { defaultProgram } from "../defaults.js";
import { applyEntry, applyKeys, at, expandEntry } from "../keys.js";
import type { Dependency, ProgramConfig } from "../model.js";
import { numprocsTooLarge } from "../process-limit.js";
import { parseEnvironment, parseName } from "../values.js";
import { DEPENDENT_STARTUP_KEYS, settleDependentStartup } from "./dependent-startup.js";
import { PROGRAM_KEYS } from "./program-keys.js";

/**
 * `[program:NAME]` → one ProgramConfig per process (numprocs). The section is read once per
 * process because `%(process_num)d` may appear in any value; problems are reported from the
 * first pass only, so a bad value is reported once, not numprocs times.
 */
export type Membership = { group: string; groupPriority?: number; dependsOn?: Dependency[] };

/**
 * `listener`: the config runs supervisord-dependent-startup's event listener (whose keys grace reads).
 * `moreKeys`: keys of the section that another reader handles (an `[eventlistener:x]`'s own).
 */
export type ReadOptions = { listener: boolean; moreKeys?: readonly string[] };

/** Read before the per-process passes: they decide how many passes there are. */
const SHAPE_KEYS = ["numprocs", "numprocs_start", "process_name", "environment"];

export function readProgram(
  section: IniSection,
  program: string,
  member: Membership,
  names: Expansions,
  out: Diagnostic[],
  opts: ReadOptions = { listener: false },
): ProgramConfig[] {
  const source = { file: section.file, line: section.line };
  const base: Expansions = { ...names, program_name: program, group_name: member.group };
  const shape = defaultProgram(program, source);
  applyKeys({ ...section, entries: pick(section, ["numprocs", "numprocs_start"]) }, shape, PROGRAM_KEYS, base, out);
  const template = section.entries.get("process_name");
  if (template) shape.processName = template.value;
  const unnamed = shape.numprocs > 1 && !shape.processName.includes("%(process_num)");
  // checked before the per-process passes: numprocs = 100000 must not build 100,000 of them first
  const tooMany = numprocsTooLarge(shape.numprocs);
  const numprocsEntry = section.entries.get("numprocs");
  if (tooMany && numprocsEntry) out.push({ severity: "error", ...at(section, numprocsEntry), message: tooMany });
  if (unnamed) {
    const where = template ? at(section, template) : { file: section.file, line: section.line, section: section.name, key: "process_name" };
    out.push({
      severity: "error",
      ...where,
      message: `numprocs = ${shape.numprocs} needs a process_name containing %(process_num), e.g. process_name = %(program_name)s_%(process_num)02d`,
    });
  }
  if (section.entries.get("command") === undefined) {
    out.push({
      severity: "error",
      file: section.file,
      line: section.line,
      section: section.name,
      key: "command",
      message: "missing: every program needs a command",
    });
  }

  const processes: ProgramConfig[] = [];
  // At least one pass even for numprocs = 0, so the values are still checked.
  const count = unnamed || tooMany ? 1 : Math.max(shape.numprocs, 1);
  for (let n = shape.numprocsStart; n < shape.numprocsStart + count; n++) {
    const sink = n === shape.numprocsStart ? out : [];
    const cfg = readProcess(section, shape, { ...base, process_num: n, numprocs: shape.numprocs }, member, sink, opts);
    if (cfg && shape.numprocs > 0 && !unnamed && !tooMany) processes.push(cfg);
  }
  if (shape.numprocs === 0 && numprocsEntry) {
    out.push({
      severity: "warning",
      ...at(section, numprocsEntry),
      message: "numprocs = 0: this program has no process",
    });
  }
  return processes;
}

function readProcess(
  section: IniSection,
  shape: ProgramConfig,
  names: Expansions,
  member: Membership,
  out: Diagnostic[],
  opts: ReadOptions,
): ProgramConfig | undefined {
  const cfg = {
    ...defaultProgram(shape.program, shape.source),
    group: member.group,
    numprocs: shape.numprocs,
    numprocsStart: shape.numprocsStart,
  };
  cfg.processName = shape.processName;
  if (member.groupPriority !== undefined) cfg.groupPriority = member.groupPriority;
  const env = section.entries.get("environment");
  if (env) {
    applyEntry(
      section,
      env,
      cfg,
      (p, v) => {
        p.environment = parseEnvironment(v);
      },
      names,
      out,
    );
  }
  // The program's own variables are ENV_ names for its other values, as in supervisord.
  const scoped: Expansions = { ...names };
  for (const [k, v] of Object.entries(cfg.environment)) scoped[`ENV_${k}`] = v;
  applyKeys(withLiteralPercent(section, "stop_escalation"), cfg, PROGRAM_KEYS, scoped, out, [
    ...SHAPE_KEYS,
    ...DEPENDENT_STARTUP_KEYS,
    ...(opts.moreKeys ?? []),
  ]);
  settleDependentStartup(section, cfg, scoped, out, opts.listener);
  cfg.dependsOn.push(...(member.dependsOn ?? []));
  settleReadiness(section, cfg, out);

  const nameEntry = section.entries.get("process_name") ?? {
    key: "process_name",
    value: cfg.processName,
    file: section.file,
    line: section.line,
  };
  const name = expandEntry(section, nameEntry, scoped, out);
  if (name === undefined) return undefined;
  try {
    cfg.name = parseName(name);
  } catch (e) {
    out.push({
      severity: "error",
      ...at(section, nameEntry),
      message: `${(e as Error).message} (from process_name ${JSON.stringify(nameEntry.value)})`,
    });
    return undefined;
  }
  settleGroupSignals(section, cfg, out);
  settleRedirect(section, cfg, out);
  return cfg;
}

/**
 * supervisord: killasgroup defaults to stopasgroup, and stopasgroup without killasgroup is an
 * error. grace defaults both to true; `killasgroup=false` alone means pid-only signals.
 */
function settleGroupSignals(section: IniSection, cfg: ProgramConfig, out: Diagnostic[]): void {
  const stop = section.entries.get("stopasgroup");
  const kill = section.entries.get("killasgroup");
  if (stop && !kill) cfg.killasgroup = cfg.stopasgroup;
  if (kill && !stop && !cfg.killasgroup) cfg.stopasgroup = false;
  const culprit = kill ?? stop;
  if (cfg.stopasgroup && !cfg.killasgroup && culprit) {
    out.push({
      severity: "error",
      ...at(section, culprit),
      message: "stopasgroup = true needs killasgroup = true (a group asked to stop must also be killed as a group)",
    });
  }
}

/** The readiness timings mean nothing without a check; a probe longer than the whole limit never passes in time. */
function settleReadiness(section: IniSection, cfg: ProgramConfig, out: Diagnostic[]): void {
  const keys = ["ready_interval", "ready_timeout", "ready_startsecs"];
  if (cfg.readyCheck === null) {
    for (const key of keys) {
      const entry = section.entries.get(key);
      if (entry) out.push({ severity: "warning", ...at(section, entry), message: "ignored: this program has no ready_check" });
    }
    return;
  }
  const timeout = section.entries.get("ready_timeout");
  if (timeout && cfg.readyStartsecs > 0 && cfg.readyTimeout > cfg.readyStartsecs) {
    out.push({
      severity: "warning",
      ...at(section, timeout),
      message: `${cfg.readyTimeout}s is longer than ready_startsecs (${cfg.readyStartsecs}s): a slow probe is cut off by the limit`,
    });
  }
}

/** redirect_stderr: stderr goes into stdout's log; a stderr_logfile path is ignored (warned). */
function settleRedirect(section: IniSection, cfg: ProgramConfig, out: Diagnostic[]): void {
  if (!cfg.redirectStderr) return;
  const stderrLog = section.entries.get("stderr_logfile");
  if (stderrLog && cfg.stderr.logfile !== null && cfg.stderr.logfile !== "AUTO") {
    out.push({ severity: "warning", ...at(section, stderrLog), message: "ignored: redirect_stderr = true sends stderr to stdout's log" });
  }
  cfg.stderr.logfile = null;
}

/**
 * `stop_escalation = INT@60%` as the issue writes it: supervisord never reads this key, so a lone
 * "%" there means percent, not an expansion gone wrong (`%%` and `%(name)s` still work).
 */
function withLiteralPercent(section: IniSection, key: string): IniSection {
  const entry = section.entries.get(key);
  if (entry === undefined) return section;
  const entries = new Map(section.entries);
  entries.set(key, { ...entry, value: entry.value.replace(/%(%|\()|%/g, (all, kept) => (kept ? all : "%%")) });
  return { ...section, entries };
}

function pick(section: IniSection, keys: string[]): IniSection["entries"] {
  return new Map([...section.entries].filter(([k]) => keys.includes(k)));
}
