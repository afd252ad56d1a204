import { dirname } from "node:path";
import { type Diagnostic, ExpandError, type Expansions, expand, type IniEntry, type IniSection } from "@grace/ini";
import { didYouMean } from "./suggest.js";
import { ValueError } from "./values.js";

/**
 * Step 3 of loading, shared by every section: expand each value, then hand it to the key's
 * setter (a value parser). Problems are collected, never thrown, so one bad value never
 * hides the next; unknown keys are warnings with a "did you mean" hint, because supervisord
 * silently ignores them and real files carry such typos.
 */
export type Setter<T> = (target: T, value: string) => void;
export type KeyTable<T> = Record<string, Setter<T>>;

export function at(section: IniSection, entry: IniEntry): Pick<Diagnostic, "file" | "line" | "section" | "key"> {
  return { file: entry.file, line: entry.line, section: section.name, key: entry.key };
}

/** Expand one entry; `%(here)s` is the directory of the file that holds it. */
export function expandEntry(section: IniSection, entry: IniEntry, names: Expansions, out: Diagnostic[]): string | undefined {
  try {
    return expand(entry.value, { ...names, here: dirname(entry.file) });
  } catch (e) {
    if (!(e instanceof ExpandError)) throw e;
    out.push({ severity: "error", ...at(section, entry), message: e.message });
    return undefined;
  }
}

/** Warn for each key of the section that is not in `known`, with a "did you mean" hint. */
export function warnUnknownKeys(section: IniSection, known: Iterable<string>, out: Diagnostic[], extra = ""): void {
  const keys = [...known];
  for (const entry of section.entries.values()) {
    if (keys.includes(entry.key)) continue;
    // `[program:b` reads as the key "[program" (ConfigParser agrees): the keys below it land in this section
    const message = entry.key.startsWith("[")
      ? `a section header without its closing "]"? (${JSON.stringify(`${entry.key}:${entry.value}`)}); the lines below it still belong to [${section.name}]`
      : `unknown key, ignored${didYouMean(entry.key, keys)}${extra}`;
    out.push({ severity: "warning", ...at(section, entry), message });
  }
}

export function applyEntry<T>(section: IniSection, entry: IniEntry, target: T, set: Setter<T>, names: Expansions, out: Diagnostic[]): void {
  const value = expandEntry(section, entry, names, out);
  if (value === undefined) return;
  try {
    set(target, value);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    out.push({ severity: "error", ...at(section, entry), message: e.message });
  }
}

/** Apply every known key of a section (except `skip`), warning for unknown ones. */
export function applyKeys<T>(
  section: IniSection,
  target: T,
  table: KeyTable<T>,
  names: Expansions,
  out: Diagnostic[],
  skip: string[] = [],
): void {
  warnUnknownKeys(section, [...Object.keys(table), ...skip], out);
  for (const entry of section.entries.values()) {
    const set = table[entry.key];
    if (set !== undefined && !skip.includes(entry.key)) applyEntry(section, entry, target, set, names, out);
  }
}
