import type { Diagnostic } from "@grace/ini";
import type { DaemonConfig, GroupConfig, ProgramConfig } from "./model.js";
import { checkProcessCount } from "./process-limit.js";
import { didYouMean } from "./suggest.js";

/**
 * Step 4 of loading: checks that need the whole model, after every section was read.
 */
/** Where a section (or one of its keys) is; `found` is false when the key is not in the file. */
export type Locate = (section: string, key?: string) => { file: string; line: number; found: boolean };

export function validateModel(
  daemon: DaemonConfig,
  programs: ProgramConfig[],
  groups: GroupConfig[],
  locate: Locate,
  out: Diagnostic[],
): void {
  checkUniqueNames(programs, out);
  checkGroupNames(groups, locate, out);
  checkExitOnFatal(daemon, programs, locate, out);
  checkStopBudget(daemon, programs, locate, out);
  checkDrain(daemon, locate, out);
  checkProcessCount(programs, out);
}

function checkUniqueNames(programs: ProgramConfig[], out: Diagnostic[]): void {
  const seen = new Map<string, ProgramConfig>();
  for (const p of programs) {
    const full = `${p.group}:${p.name}`;
    const first = seen.get(full);
    if (first) {
      out.push({
        severity: "error",
        ...p.source,
        section: `program:${p.program}`,
        key: "process_name",
        message: `two processes are named ${JSON.stringify(full)} (the other comes from [program:${first.program}] at ${first.source.file}:${first.source.line})`,
      });
    } else seen.set(full, p);
  }
}

function checkGroupNames(groups: GroupConfig[], locate: Locate, out: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const g of groups) {
    if (seen.has(g.name)) {
      out.push({
        severity: "error",
        ...where(locate(`group:${g.name}`)),
        section: `group:${g.name}`,
        message: `the group name ${JSON.stringify(g.name)} is also the name of a program that is not in this group; rename one of them`,
      });
    }
    seen.add(g.name);
  }
}

function checkExitOnFatal(daemon: DaemonConfig, programs: ProgramConfig[], locate: Locate, out: Diagnostic[]): void {
  const known = new Set(programs.flatMap((p) => [p.name, p.program, p.group, `${p.group}:${p.name}`]));
  for (const name of daemon.exitOnFatal) {
    if (name === "*" || known.has(name)) continue;
    out.push({
      severity: "warning",
      ...where(locate("supervisord", "exit_on_fatal")),
      section: "supervisord",
      key: "exit_on_fatal",
      message: `no program named ${JSON.stringify(name)}${didYouMean(name, known)}`,
    });
  }
}

/** A drain is taken from the shutdown budget: one as long as the budget leaves no time to stop anything. */
function checkDrain(daemon: DaemonConfig, locate: Locate, out: Diagnostic[]): void {
  if (daemon.shutdownTimeout === 0 || daemon.shutdownDrain < daemon.shutdownTimeout) return;
  out.push({
    severity: "warning",
    ...where(locate("supervisord", "shutdown_drain")),
    section: "supervisord",
    key: "shutdown_drain",
    message: `${daemon.shutdownDrain}s leaves nothing of shutdown_timeout (${daemon.shutdownTimeout}s) to stop the programs: every one would be SIGKILLed`,
  });
}

const where = ({ file, line }: { file: string; line: number }) => ({ file, line });

/**
 * The warning of checkStopBudget. It is `--check`'s word, with file:line; at start graced says
 * it once in its own log, against the budget in force (GRACE_SHUTDOWN_TIMEOUT may change it),
 * so it leaves these out.
 */
export function isStopBudgetWarning(d: Diagnostic): boolean {
  return d.severity === "warning" && d.key === "stopwaitsecs";
}

/**
 * SPEC §2.4: a grace period longer than the whole shutdown budget will be cut short. Only
 * for a stopwaitsecs written in the file: the defaults (10 s against 9 s) are grace's choice.
 */
function checkStopBudget(daemon: DaemonConfig, programs: ProgramConfig[], locate: Locate, out: Diagnostic[]): void {
  if (daemon.shutdownTimeout === 0) return;
  const warned = new Set<string>();
  for (const p of programs) {
    const key = locate(`program:${p.program}`, "stopwaitsecs");
    if (p.stopwaitsecs <= daemon.shutdownTimeout || !key.found || warned.has(p.program)) continue;
    warned.add(p.program);
    out.push({
      severity: "warning",
      ...where(key),
      section: `program:${p.program}`,
      key: "stopwaitsecs",
      message: `${p.stopwaitsecs}s is longer than [supervisord] shutdown_timeout (${daemon.shutdownTimeout}s); at shutdown it will get SIGKILL earlier`,
    });
  }
}
