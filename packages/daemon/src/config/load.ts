import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { baseExpansions, ConfigError, type Diagnostic, type IniSection } from "@grace/ini";
import { checkDependencies } from "./check-deps.js";
import { checkLogDirs } from "./check-paths.js";
import { defaultDaemon, defaultServer } from "./defaults.js";
import { readWithIncludes } from "./include.js";
import { warnUnknownKeys } from "./keys.js";
import type { Config, GroupConfig, InetServerConfig, ProgramConfig } from "./model.js";
import { readEventListener } from "./sections/eventlistener.js";
import { readGroup } from "./sections/group.js";
import { readInet } from "./sections/inet.js";
import { classifySection } from "./sections/kinds.js";
import { readProgram } from "./sections/program.js";
import { checkCtlSection, readServer } from "./sections/server.js";
import { applyDaemonFlags, readDaemon } from "./sections/supervisord.js";
import { didYouMean } from "./suggest.js";
import { type Locate, validateModel } from "./validate.js";

/**
 * Loading a config is a pipeline of small steps:
 *   read files + includes (include.ts) → classify sections (sections/kinds.ts) →
 *   [supervisord] first, for its ENV_ names → [unix_http_server], [inet_http_server] → [group:x] →
 *   [program:x] per process (sections/program.ts) → [eventlistener:x] pools
 *   (sections/eventlistener.ts) → whole-model checks (validate.ts, and the dependency graph's
 *   in check-deps.ts).
 * Every step collects diagnostics; nothing stops at the first problem.
 */
export type LoadResult = { config: Config | undefined; diagnostics: Diagnostic[] };

export type LoadOptions = {
  env?: Record<string, string | undefined>;
  host?: string;
  /** `[supervisord]` keys from graced's command line (`-l`, `-y`, …); they win over the file. */
  overrides?: Record<string, string>;
};

export function readConfig(path: string, opts: LoadOptions = {}): LoadResult {
  const env = opts.env ?? process.env;
  const file = resolve(path);
  const namesIn = (here: string) => baseExpansions(here, env, opts.host);
  const read = readWithIncludes(file, namesIn);
  const out = read.diagnostics;
  if (read.files.length === 0) return { config: undefined, diagnostics: out };

  const kinds = read.sections.map((section) => ({ section, what: classifySection(section, out) }));
  const find = (kind: string) => kinds.filter((k) => k.what.kind === kind).map((k) => k.section);
  const daemon = defaultDaemon(tmpdir());
  let names = namesIn(dirname(file));
  for (const section of find("daemon")) names = readDaemon(section, daemon, names, out);
  for (const message of applyDaemonFlags(daemon, opts.overrides ?? {}))
    out.push({ severity: "error", file: "command line", line: 0, message });
  const server = defaultServer();
  for (const section of find("server")) readServer(section, server, names, out);
  let inet: InetServerConfig | undefined;
  for (const section of find("inet")) inet = readInet(section, names, out) ?? undefined;
  for (const section of find("ctl")) checkCtlSection(section, out);
  for (const section of find("include")) warnUnknownKeys(section, ["files"], out);

  const listener = { listener: kinds.some((k) => k.what.kind === "dependent-startup") };
  const programNames = kinds.flatMap((k) => (k.what.kind === "program" ? [k.what.name] : []));
  const groups: GroupConfig[] = [];
  const memberOf = new Map<string, GroupConfig[]>();
  for (const { section, what } of kinds) {
    if (what.kind !== "group") continue;
    const group = readGroup(section, what.name, names, out);
    groups.push(group);
    for (const program of group.programs) {
      if (!read.sections.some((s) => s.name === `program:${program}`)) {
        const entry = section.entries.get("programs");
        const where = entry ? { file: entry.file, line: entry.line } : { file: section.file, line: section.line };
        out.push({
          severity: "error",
          ...where,
          section: section.name,
          key: "programs",
          message: `no [program:${program}] section${didYouMean(program, programNames)}`,
        });
      }
      memberOf.set(program, [...(memberOf.get(program) ?? []), group]);
    }
  }

  const programs: ProgramConfig[] = [];
  for (const { section, what } of kinds) {
    if (what.kind !== "program") continue;
    const inGroups = memberOf.get(what.name);
    if (inGroups) {
      // A program in two groups is read twice; its problems are reported once.
      inGroups.forEach((g, i) => {
        const member = { group: g.name, groupPriority: g.priority, dependsOn: g.dependsOn };
        programs.push(...readProgram(section, what.name, member, names, i === 0 ? out : [], listener));
      });
      continue;
    }
    const own = readProgram(section, what.name, { group: what.name }, names, out, listener);
    programs.push(...own);
    groups.push({ name: what.name, priority: own[0]?.priority ?? ownPriority(section), programs: [what.name] });
  }
  for (const { section, what } of kinds) {
    if (what.kind !== "eventlistener") continue;
    const pool = readEventListener(section, what.name, names, out, listener);
    programs.push(...pool.processes);
    groups.push(pool.group);
  }
  // whole-model checks read parsed values: a key whose value was rejected would be judged by its default
  const rejected = new Set(out.filter((d) => d.severity === "error" && d.key).map((d) => `${d.file}:${d.line}:${d.key}`));
  const checks: Diagnostic[] = [];
  validateModel(daemon, programs, groups, locate(read.sections, file), checks);
  checkLogDirs(daemon, programs, server.file, locate(read.sections, file), checks);
  checks.push(...checkDependencies(programs, groups, locate(read.sections, file)));
  out.push(...checks.filter((d) => !rejected.has(`${d.file}:${d.line}:${d.key}`)));

  sortByPlace(out, read.files);
  if (out.some((d) => d.severity === "error")) return { config: undefined, diagnostics: out };
  const config: Config = { file, daemon, server, programs, groups, warnings: out };
  if (inet) config.inet = inet;
  return { config, diagnostics: out };
}

/** The entry point graced uses: the model, or a ConfigError carrying every error found. */
export function loadConfig(path: string, opts: LoadOptions = {}): Config {
  const { config, diagnostics } = readConfig(path, opts);
  if (config === undefined) throw new ConfigError(diagnostics.filter((d) => d.severity === "error"));
  return config;
}

/** File order (main file, then includes as read), then line; stable for the rest. */
function sortByPlace(diagnostics: Diagnostic[], files: string[]): void {
  const rank = (d: Diagnostic) => (files.includes(d.file) ? files.indexOf(d.file) : files.length);
  diagnostics.sort((a, b) => rank(a) - rank(b) || a.line - b.line);
}

/** A program with numprocs = 0 has no process to carry its priority. */
function ownPriority(section: IniSection): number {
  const v = Number(section.entries.get("priority")?.value);
  return Number.isInteger(v) ? v : 999;
}

function locate(sections: IniSection[], mainFile: string): Locate {
  return (name, key) => {
    const section =
      sections.find((s) => s.name === name) ?? (name === "supervisord" ? sections.find((s) => s.name === "graced") : undefined);
    const entry = key === undefined ? undefined : section?.entries.get(key);
    if (entry) return { file: entry.file, line: entry.line, found: true };
    return section ? { file: section.file, line: section.line, found: false } : { file: mainFile, line: 0, found: false };
  };
}
