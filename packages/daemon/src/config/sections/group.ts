import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { applyKeys } from "../keys.js";
import type { GroupConfig } from "../model.js";
import { parseInteger, parseList } from "../values.js";

/**
 * `[group:NAME]`: `programs` (comma list of `[program:x]` names) and `priority` (999).
 * Members are named `group:process`; the program stops being a group of its own.
 */
export function readGroup(section: IniSection, name: string, names: Expansions, out: Diagnostic[]): GroupConfig {
  const group: GroupConfig = { name, priority: 999, programs: [] };
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
