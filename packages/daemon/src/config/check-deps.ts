import type { Diagnostic } from "@grace/ini";
import { findCycles } from "./dep-cycles.js";
import { DepGraph } from "./dep-graph.js";
import { CONDITIONS } from "./depends-on.js";
import type { Dependency, GroupConfig, ProgramConfig } from "./model.js";
import { closest, didYouMean } from "./suggest.js";
import type { Locate } from "./validate.js";

/**
 * The dependency problems `graced --check` reports, and graced refuses to start on (issue 14):
 * names that exist nowhere (with "did you mean"), cycles (printed), and warnings for what
 * would wait forever or never be met: a dependency on an `autostart=false` program, `done` on
 * a program restarted after every exit, a name with no process. Each problem is told once per
 * entry, not once per process of a numprocs program or member of a group.
 */
export function checkDependencies(programs: readonly ProgramConfig[], groups: readonly GroupConfig[], locate: Locate): Diagnostic[] {
  const graph = new DepGraph(programs, groups);
  if (graph.empty) return [];
  const out: Diagnostic[] = [];
  const told = new Set<string>();
  const tell = (severity: Diagnostic["severity"], dep: Dependency, message: string) => {
    const key = `${dep.from.section}/${dep.from.key}/${message}`;
    if (told.has(key)) return;
    told.add(key);
    const { file, line } = locate(dep.from.section, dep.from.key);
    out.push({ severity, file, line, section: dep.from.section, key: dep.from.key, message });
  };

  const names = new Set([...groups.flatMap((g) => [g.name, ...g.programs]), ...graph.processes.keys()]);
  for (const { dep } of graph.unresolved) tell("error", dep, unknownName(dep.name, names));

  for (const cycle of findCycles([...graph.processes.keys()], (id) => graph.dependencies(id))) {
    const [first, second] = cycle as [string, string];
    const edge = graph.edges(first).find((e) => e.on.includes(second));
    if (!edge) continue;
    const shown = cycle.map((id) => graph.display(id));
    const message =
      cycle.length === 2 ? `${shown[0]} depends on itself` : `dependency cycle: ${shown.join(" → ")} (nothing in it could ever start)`;
    tell("error", edge.dep, message);
  }

  for (const [id, p] of graph.processes) {
    for (const { dep, on } of graph.edges(id)) {
      const targets = on.map((t) => graph.processes.get(t) as ProgramConfig);
      if (on.length === 0 && names.has(dep.name))
        tell("warning", dep, `${dep.name} has no process (numprocs = 0): this dependency is always met`);
      const manual = targets.find((t) => !t.autostart);
      if (manual && p.autostart && !on.includes(id)) {
        tell(
          "warning",
          dep,
          `${dep.name} has autostart=false: what depends on it waits until it is started by hand (gracectl start ${dep.name})`,
        );
      }
      if (dep.condition === "done" && targets.some((t) => t.autorestart === "true")) {
        tell("warning", dep, `${dep.name}:done waits for an exit, but ${dep.name} has autorestart=true and runs again after each one`);
      }
      if (dep.condition === "ready" && targets.some((t) => t.readyCheck === null)) {
        tell("note", dep, `${dep.name} has no ready_check: ${dep.name}:ready is met once it is RUNNING`);
      }
    }
  }
  return out;
}

/** `no program or group named "dbb" (did you mean "db"?)`; for `db:redy`, the condition is the likely typo. */
function unknownName(name: string, names: Set<string>): string {
  const colon = name.lastIndexOf(":");
  if (colon > 0 && names.has(name.slice(0, colon))) {
    const word = name.slice(colon + 1);
    const condition = closest(word, CONDITIONS);
    if (condition !== undefined) return `unknown condition ${JSON.stringify(word)} (did you mean ${JSON.stringify(condition)}?)`;
    return `no process named ${JSON.stringify(name)}${didYouMean(name, names)}; conditions are ${CONDITIONS.join(", ")}`;
  }
  return `no program or group named ${JSON.stringify(name)}${didYouMean(name, names)}`;
}
