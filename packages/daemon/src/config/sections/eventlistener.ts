import type { Diagnostic, Expansions, IniEntry, IniSection } from "@grace/ini";
import { EVENT_TYPE_NAMES, NEVER_SENT } from "../event-types.js";
import { at, expandEntry } from "../keys.js";
import type { GroupConfig, ListenerConfig, ProgramConfig } from "../model.js";
import { didYouMean } from "../suggest.js";
import { parseList, parseNonNegativeInt, ValueError } from "../values.js";
import { type ReadOptions, readProgram } from "./program.js";

/**
 * `[eventlistener:POOL]` → the pool's listener processes (supervisor/options.py): every
 * `[program:x]` key applies, plus `events` (required), `buffer_size` and `result_handler`.
 * Its processes form the group POOL. As in supervisord, a pool without its own `priority`
 * has group priority -1 (started first, and graced stops listeners after every program).
 */
const LISTENER_KEYS = ["events", "buffer_size", "result_handler"];

export const DEFAULT_BUFFER_SIZE = 10;
/** A limit of grace's, not supervisord's: events held per pool (docs/config.md). */
export const MAX_BUFFER_SIZE = 10_000;
/** The only result handler graced has: "OK" accepts an event, anything else rejects it. */
export const DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
const POOL_PRIORITY = -1;

export function readEventListener(
  section: IniSection,
  pool: string,
  names: Expansions,
  out: Diagnostic[],
  opts: ReadOptions,
): { processes: ProgramConfig[]; group: GroupConfig } {
  const processes = readProgram(section, pool, { group: pool }, names, out, { ...opts, moreKeys: LISTENER_KEYS });
  const scoped: Expansions = { ...names, program_name: pool, group_name: pool };
  const listener = readListenerKeys(section, scoped, out);
  const priority = section.entries.has("priority") ? (processes[0]?.priority ?? POOL_PRIORITY) : POOL_PRIORITY;
  for (const p of processes) {
    p.listener = listener;
    p.groupPriority = priority;
    // its stdout is the protocol channel: logged only where the section says so
    if (!section.entries.has("stdout_logfile")) p.stdout.logfile = null;
  }
  refuseRedirect(section, out);
  warnIgnored(section, out);
  return { processes, group: { name: pool, priority, programs: [pool] } };
}

function readListenerKeys(section: IniSection, names: Expansions, out: Diagnostic[]): ListenerConfig {
  const listener: ListenerConfig = { events: [], bufferSize: DEFAULT_BUFFER_SIZE };
  const value = (key: string): { entry: IniEntry; text: string } | undefined => {
    const entry = section.entries.get(key);
    const text = entry === undefined ? undefined : expandEntry(section, entry, names, out);
    return entry === undefined || text === undefined ? undefined : { entry, text };
  };
  const events = value("events");
  if (events) {
    const report = (severity: Diagnostic["severity"], message: string) => out.push({ severity, ...at(section, events.entry), message });
    listener.events = parseEvents(events.text, (message) => report("error", message));
    for (const name of listener.events.filter((e) => NEVER_SENT.includes(e))) {
      report("warning", `${name}: graced never sends these events (it has no capture mode, *_capture_maxbytes)`);
    }
  }
  if (!section.entries.has("events") || (events && parseList(events.text).length === 0)) {
    const where = events ? at(section, events.entry) : { file: section.file, line: section.line, section: section.name, key: "events" };
    out.push({
      severity: "error",
      ...where,
      message: "missing: an event listener needs the event types it receives, e.g. events = PROCESS_STATE",
    });
  }
  const size = value("buffer_size");
  if (size) {
    try {
      listener.bufferSize = parseBufferSize(size.text);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      out.push({ severity: "error", ...at(section, size.entry), message: e.message });
    }
  }
  const handler = value("result_handler");
  if (handler && handler.text.trim() !== DEFAULT_RESULT_HANDLER) {
    out.push({
      severity: "error",
      ...at(section, handler.entry),
      message: `${JSON.stringify(handler.text.trim())}: graced cannot load a Python result handler; only the default (${DEFAULT_RESULT_HANDLER}: OK accepts an event, any other result rejects it) is supported`,
    });
  }
  return listener;
}

/**
 * `events = PROCESS_STATE, TICK_60`: names are upper-cased and repeats dropped, as supervisord
 * does; an unknown one is reported (with a hint) and left out.
 */
export function parseEvents(text: string, report: (message: string) => void): string[] {
  const found: string[] = [];
  for (const raw of parseList(text)) {
    const name = raw.toUpperCase();
    if (!EVENT_TYPE_NAMES.includes(name)) report(`unknown event type ${JSON.stringify(raw)}${didYouMean(name, EVENT_TYPE_NAMES)}`);
    else if (!found.includes(name)) found.push(name);
  }
  return found;
}

export function parseBufferSize(v: string): number {
  const n = parseNonNegativeInt(v);
  if (n < 1) throw new ValueError(`expected a positive integer, got ${JSON.stringify(v)}`);
  if (n > MAX_BUFFER_SIZE) {
    throw new ValueError(
      `buffer_size = ${n} is too many: graced holds at most ${MAX_BUFFER_SIZE} events per pool (a limit, not a supervisord rule; see docs/config.md)`,
    );
  }
  return n;
}

/** supervisord refuses it too: stderr mixed into stdout would break the protocol. */
function refuseRedirect(section: IniSection, out: Diagnostic[]): void {
  const entry = section.entries.get("redirect_stderr");
  if (entry === undefined || !/^\s*(true|yes|on|1)\s*$/i.test(entry.value)) return;
  out.push({
    severity: "error",
    ...at(section, entry),
    message: "not allowed for an event listener: its stdout carries the protocol, stderr mixed into it would break it",
  });
}

/** Keys of `[program:x]` that mean nothing for a listener's stdout (supervisord ignores them too). */
function warnIgnored(section: IniSection, out: Diagnostic[]): void {
  for (const key of ["stdout_events_enabled", "stdout_capture_maxbytes"]) {
    const entry = section.entries.get(key);
    if (entry)
      out.push({ severity: "warning", ...at(section, entry), message: "ignored: an event listener's stdout is its protocol channel" });
  }
}
