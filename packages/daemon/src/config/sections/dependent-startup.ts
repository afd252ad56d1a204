import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { at, expandEntry } from "../keys.js";
import type { Dependency, DependencyCondition, ProgramConfig } from "../model.js";
import { parseBool, ValueError } from "../values.js";

/**
 * The keys of the `supervisord-dependent-startup` plugin, read into grace's own model so its
 * configs work without the plugin's event listener (graced skips that section, with a note).
 * The plugin's syntax: `dependent_startup = true` marks a program it starts (which therefore
 * says `autostart = false`); `dependent_startup_wait_for = NAME:STATE[,STATE] …`, entries
 * separated by blanks, NAME a `[program:x]` name, each STATE one of starting, running,
 * backoff, stopping, exited, fatal (any of them will do; running when none is given).
 */
export const DEPENDENT_STARTUP_KEYS = ["dependent_startup", "dependent_startup_wait_for", "dependent_startup_inherit_priority"];

/** The plugin's states that grace can wait for, weakest first (the first listed one met will do). */
const STATES: [string, DependencyCondition][] = [
  ["starting", "started"],
  ["running", "running"],
  ["exited", "done"],
];
const UNSUPPORTED = ["backoff", "stopping", "fatal"];

export function settleDependentStartup(
  section: IniSection,
  cfg: ProgramConfig,
  names: Expansions,
  out: Diagnostic[],
  listener: boolean,
): void {
  const value = (key: string) => {
    const entry = section.entries.get(key);
    return entry === undefined ? undefined : { entry, text: expandEntry(section, entry, names, out) };
  };
  const flag = (key: string) => {
    const v = value(key);
    if (v?.text === undefined) return undefined;
    try {
      return parseBool(v.text);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      out.push({ severity: "error", ...at(section, v.entry), message: e.message });
      return undefined;
    }
  };
  const enabled = flag("dependent_startup");
  flag("dependent_startup_inherit_priority"); // checked; the order comes from the dependencies themselves
  const waitFor = value("dependent_startup_wait_for");
  if (enabled !== true) {
    if (waitFor) out.push({ severity: "warning", ...at(section, waitFor.entry), message: "ignored: dependent_startup is not true" });
    return;
  }
  // The plugin starts it (autostart=false keeps supervisord from doing so first); grace starts it itself.
  cfg.autostart = true;
  const entry = section.entries.get("dependent_startup");
  if (!listener && entry) {
    out.push({
      severity: "warning",
      ...at(section, entry),
      message:
        "no [eventlistener:…] runs supervisord-dependent-startup in this config, so supervisord would leave this program stopped; graced starts it once its dependencies are met",
    });
  }
  if (waitFor?.text === undefined) return;
  const from = { section: section.name, key: "dependent_startup_wait_for" };
  for (const item of waitFor.text.split(/\s+/).filter(Boolean)) {
    const dep = translate(item, from, (message) => out.push({ severity: "warning", ...at(section, waitFor.entry), message }));
    if (dep) cfg.dependsOn.push(dep);
  }
}

function translate(item: string, from: Dependency["from"], warn: (message: string) => void): Dependency | undefined {
  const parts = item.split(":");
  const [name = "", states = "running"] = parts;
  if (parts.length > 2 || name === "") {
    warn(`expected NAME:STATE[,STATE], got ${JSON.stringify(item)}; ignored`);
    return undefined;
  }
  const listed = states.split(",").map((s) => s.trim().toLowerCase());
  for (const state of listed) {
    if (UNSUPPORTED.includes(state)) {
      warn(`${name}:${state}: graced does not start a program on another's ${state.toUpperCase()}; this state is ignored`);
    } else if (!STATES.some(([s]) => s === state)) {
      warn(`${name}:${state}: not a state of the plugin (starting, running, backoff, stopping, exited, fatal); ignored`);
    }
  }
  const condition = STATES.find(([s]) => listed.includes(s))?.[1];
  if (condition === undefined) {
    warn(`${JSON.stringify(item)}: no state graced can wait for; this dependency is ignored`);
    return undefined;
  }
  return { name, condition, from };
}
