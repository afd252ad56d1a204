import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { parseDependsOn } from "../depends-on.js";
import { applyKeys } from "../keys.js";
import type { GroupConfig } from "../model.js";
import { parseInteger, parseList } from "../values.js";

/**
 * `[group:NAME]`: `programs` (comma list of `[program:x]` names), `priority` (999), and grace's
 * `depends_on`, which every member gets after its own entries.
 * Members are named `group:process`; the program stops being a group of its own.
 */
export function readGroup(section: IniSection, name: string, names: Expansions, out: Diagnostic[]): GroupConfig {
  const group: GroupConfig = { name, priority: 999, programs: [], dependsOn: [] };
  applyKeys(
    section,
    group,
    {
      programs: (g, v) => {
        g.programs = parseList(v);
      },
      priority: (g, v) => {
        g.priority = parseInteger(v);
      },
      depends_on: (g, v) => {
        g.dependsOn = parseDependsOn(v, { section: section.name, key: "depends_on" });
      },
    },
    names,
    out,
  );
  if (group.programs.length === 0) {
    out.push({
      severity: "warning",
      file: section.file,
      line: section.line,
      section: section.name,
      key: "programs",
      message: "this group has no programs",
    });
  }
  return group;
}
