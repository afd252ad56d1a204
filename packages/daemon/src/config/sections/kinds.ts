import type { Diagnostic, IniSection } from "@grace/ini";
import { closest } from "../suggest.js";
import { parseName } from "../values.js";

/**
 * What a section header names. Sections grace reads (an `[eventlistener:x]` is a pool of
 * listener processes), sections it accepts and ignores, sections it does not support yet (a
 * warning; the rest of the file still loads), and unknown ones (a warning with a "did you
 * mean" hint, as supervisord ignores them silently).
 */
export type SectionKind =
  | { kind: "daemon" | "server" | "inet" | "ctl" | "include" | "ignored" }
  | { kind: "program" | "group" | "eventlistener"; name: string }
  | { kind: "skip" }
  /** supervisord-dependent-startup's event listener: skipped, graced reads the plugin's keys itself. */
  | { kind: "dependent-startup" };

const PLAIN = ["supervisord", "graced", "unix_http_server", "supervisorctl", "include", "inet_http_server"];
const NAMED = ["program", "group", "rpcinterface", "ctlplugin", "eventlistener", "fcgi-program"];

const UNSUPPORTED: Record<string, string> = {
  "fcgi-program": "not supported yet; section ignored",
};

export function classifySection(section: IniSection, out: Diagnostic[]): SectionKind {
  const where = { file: section.file, line: section.line, section: section.name };
  const colon = section.name.indexOf(":");
  const prefix = colon === -1 ? section.name : section.name.slice(0, colon);
  const rest = colon === -1 ? undefined : section.name.slice(colon + 1);
  if (colon === -1) {
    if (section.name === "supervisord" || section.name === "graced") return { kind: "daemon" };
    if (section.name === "unix_http_server") return { kind: "server" };
    if (section.name === "inet_http_server") return { kind: "inet" };
    if (section.name === "supervisorctl") return { kind: "ctl" };
    if (section.name === "include") return { kind: "include" };
  }
  if (prefix === "eventlistener" && rest !== undefined && runsDependentStartup(section)) {
    out.push({
      severity: "note",
      ...where,
      message:
        "supervisord-dependent-startup's event listener is not needed: graced reads dependent_startup and dependent_startup_wait_for itself; section skipped",
    });
    return { kind: "dependent-startup" };
  }
  const note = UNSUPPORTED[prefix];
  if (note && colon !== -1) {
    out.push({ severity: "warning", ...where, message: note });
    return { kind: "skip" };
  }
  if (rest !== undefined && NAMED.includes(prefix)) {
    if (prefix === "rpcinterface" || prefix === "ctlplugin") return { kind: "ignored" };
    try {
      return { kind: prefix as "program" | "group" | "eventlistener", name: parseName(rest) };
    } catch (e) {
      const why = rest.trim() === "" ? `a section with no name; write [${prefix}:NAME]` : (e as Error).message;
      out.push({ severity: "error", ...where, message: why });
      return { kind: "skip" };
    }
  }
  if (rest === undefined && NAMED.includes(prefix)) {
    out.push({ severity: "error", ...where, message: `a section with no name; write [${prefix}:NAME]` });
    return { kind: "skip" };
  }
  out.push({ severity: "warning", ...where, message: `unknown section, ignored${suggestSection(prefix, rest)}` });
  return { kind: "skip" };
}

/** `python -m supervisord_dependent_startup`, `/usr/local/bin/supervisord-dependent-startup`, … */
function runsDependentStartup(section: IniSection): boolean {
  return /supervisord[-_]dependent[-_]startup/.test(section.entries.get("command")?.value ?? "");
}

function suggestSection(prefix: string, rest: string | undefined): string {
  const guess = rest === undefined ? closest(prefix, PLAIN) : closest(prefix, NAMED);
  if (guess === undefined) return "";
  return ` (did you mean [${rest === undefined ? guess : `${guess}:${rest}`}]?)`;
}
