import { defaultProgram } from "../config/defaults.js";
import { DepGraph } from "../config/dep-graph.js";
import { parseDependsOn } from "../config/depends-on.js";
import type { GroupConfig, ProgramConfig } from "../config/model.js";

/**
 * Test configs in one line each, for the graph's table tests: `web>app,db:ready` is program web
 * depending on app and db:ready; `g/a>b` is process a of group g; `w*3` has three processes.
 * Options after "|": `p=10` priority, `gp=5` group priority, `off` autostart=false.
 */
export function programsOf(lines: readonly string[]): ProgramConfig[] {
  return lines.flatMap((line) => {
    const [spec = "", opts = ""] = line.split("|");
    const [head = "", deps = ""] = spec.split(">");
    const [where = "", times = "1"] = head.split("*");
    const [group, name] = where.includes("/") ? (where.split("/") as [string, string]) : [where, where];
    const base = { ...defaultProgram(name, { file: "t.conf", line: 1 }), group, command: "x" };
    base.dependsOn = parseDependsOn(deps, { section: `program:${name}`, key: "depends_on" });
    for (const opt of opts.split(",").filter(Boolean)) {
      const [k, v] = opt.split("=");
      if (k === "p") base.priority = Number(v);
      if (k === "gp") base.groupPriority = Number(v);
      if (k === "off") base.autostart = false;
    }
    const n = Number(times);
    return n === 1 ? [base] : Array.from({ length: n }, (_, i) => ({ ...base, name: `${name}${i}` }));
  });
}

export function graphOf(lines: readonly string[]): DepGraph {
  const programs = programsOf(lines);
  const groups = new Map<string, GroupConfig>();
  for (const p of programs) {
    const g = groups.get(p.group) ?? { name: p.group, priority: 999, programs: [] };
    if (!g.programs.includes(p.program)) g.programs.push(p.program);
    groups.set(p.group, g);
  }
  return new DepGraph(programs, [...groups.values()]);
}
