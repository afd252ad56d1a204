import { dirname, resolve } from "node:path";
import { type Diagnostic, ExpandError, type Expansions, expand, type IniSection, parseIni } from "@grace/ini";
import { globSorted, hasMagic } from "./glob.js";
import { readConfigFile } from "./read.js";

/**
 * Step 1 of loading: read the main file and every file its `[include] files` name, and merge
 * their sections by name (a later file's key replaces an earlier one, as supervisord's
 * parser does). Patterns are relative to the including file and read in sorted order.
 * Unlike supervisord, included files may include further files; a cycle is an error.
 */
export type ReadFiles = { sections: IniSection[]; files: string[]; diagnostics: Diagnostic[] };

type Origin = { file: string; line: number; section: string; key: string };

export function readWithIncludes(mainFile: string, names: (here: string) => Expansions): ReadFiles {
  const merged = new Map<string, IniSection>();
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];

  const read = (file: string, stack: string[], origin: Origin | undefined) => {
    const got = readConfigFile(file);
    if ("problem" in got) {
      const at = origin ?? { file, line: 0 };
      diagnostics.push({ severity: "error", ...at, message: origin ? `${file}: ${got.problem}` : got.problem });
      return;
    }
    files.push(file);
    const parsed = parseIni(got.text, file);
    diagnostics.push(...parsed.diagnostics);
    for (const section of parsed.sections) mergeSection(merged, section);
    const include = parsed.sections.find((s) => s.name === "include");
    if (include) readIncludes(include, [...stack, file]);
  };

  const readIncludes = (include: IniSection, stack: string[]) => {
    const entry = include.entries.get("files");
    const here = dirname(include.file);
    if (entry === undefined) {
      diagnostics.push({
        severity: "error",
        file: include.file,
        line: include.line,
        section: "include",
        message: "missing the files= key (space-separated globs)",
      });
      return;
    }
    const origin: Origin = { file: entry.file, line: entry.line, section: "include", key: "files" };
    let value: string;
    try {
      value = expand(entry.value, names(here));
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      diagnostics.push({ severity: "error", ...origin, message: e.message });
      return;
    }
    for (const pattern of value.split(/\s+/).filter(Boolean)) {
      const full = resolve(here, pattern);
      const matches = globSorted(full);
      if (matches.length === 0) {
        // supervisord only warns when a pattern matches nothing (an empty conf.d is common);
        // a plain path that does not exist is a mistake.
        if (hasMagic(pattern))
          diagnostics.push({ severity: "warning", ...origin, message: `no file matches ${JSON.stringify(pattern)} (${full})` });
        else diagnostics.push({ severity: "error", ...origin, message: `included file not found: ${JSON.stringify(pattern)} (${full})` });
        continue;
      }
      for (const file of matches) {
        if (stack.includes(file)) {
          const cycle = [...stack.slice(stack.indexOf(file)), file].join(" -> ");
          diagnostics.push({ severity: "error", ...origin, message: `include cycle: ${cycle}` });
        } else if (!files.includes(file)) {
          read(file, stack, origin);
        }
      }
    }
  };

  read(mainFile, [], undefined);
  return { sections: [...merged.values()], files, diagnostics };
}

function mergeSection(merged: Map<string, IniSection>, section: IniSection): void {
  const existing = merged.get(section.name);
  if (existing === undefined) {
    merged.set(section.name, { ...section, entries: new Map(section.entries) });
    return;
  }
  for (const [key, entry] of section.entries) existing.entries.set(key, entry);
}
