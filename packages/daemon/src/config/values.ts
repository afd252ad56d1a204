import { constants } from "node:os";

/**
 * Value syntaxes of supervisord's config (supervisor/datatypes.py), as pure parsers.
 * Each throws a ValueError whose message quotes the bad value.
 */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}

const quote = (v: string) => JSON.stringify(v);

const TRUE = new Set(["true", "yes", "on", "1"]);
const FALSE = new Set(["false", "no", "off", "0"]);

export function parseBool(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new ValueError(`expected a boolean (true/false/yes/no/on/off/1/0), got ${quote(v)}`);
}

export function parseNonNegativeInt(v: string): number {
  const s = v.trim();
  if (!/^\d+$/.test(s)) throw new ValueError(`expected a non-negative integer, got ${quote(v)}`);
  return Number(s);
}

/**
 * The most seconds any time key takes (startsecs, stopwaitsecs, shutdown_timeout, the ready_
 * keys, shutdown_drain): each becomes a Node timer, which holds at most 2^31-1 ms (24.8 days)
 * and fires after 1 ms beyond that, so a larger value would mean "now", not "much later".
 */
export const MAX_SECONDS = 2_147_483;

/** `n` seconds, when within MAX_SECONDS; else the error quoting the value as written. */
function withinMaxSeconds(n: number, v: string): number {
  if (n > MAX_SECONDS) throw new ValueError(`expected at most ${MAX_SECONDS} seconds (24.8 days), got ${quote(v)}`);
  return n;
}

/** Seconds, decimals allowed (`5`, `0.25`); `positive` rejects 0. */
export function parseSeconds(v: string, opts: { positive?: boolean } = {}): number {
  const s = v.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw new ValueError(`expected a number of seconds such as 5 or 0.5, got ${quote(v)}`);
  const n = Number(s);
  if (opts.positive && n === 0) throw new ValueError(`expected more than 0 seconds, got ${quote(v)}`);
  return withinMaxSeconds(n, v);
}

/** Whole seconds, as supervisord's integer time keys take them (`startsecs = 10`). */
export function parseWholeSeconds(v: string): number {
  return withinMaxSeconds(parseNonNegativeInt(v), v);
}

export function parseInteger(v: string): number {
  const s = v.trim();
  if (!/^-?\d+$/.test(s)) throw new ValueError(`expected an integer, got ${quote(v)}`);
  return Number(s);
}

/** A signal by name (`TERM`), with prefix (`SIGTERM`) or number (`15`); returns the bare name. */
export function parseSignal(v: string): string {
  const s = v.trim().toUpperCase();
  const signals = constants.signals as Record<string, number>;
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    const name = Object.keys(signals).find((k) => signals[k] === n);
    if (name) return name.slice(3);
  } else {
    const name = s.startsWith("SIG") ? s : `SIG${s}`;
    if (name in signals) return name.slice(3);
  }
  throw new ValueError(`expected a signal name such as TERM, SIGTERM or 15, got ${quote(v)}`);
}

export function parseAutorestart(v: string): "true" | "false" | "unexpected" {
  const s = v.trim().toLowerCase();
  if (s === "unexpected") return "unexpected";
  try {
    return parseBool(s) ? "true" : "false";
  } catch {
    throw new ValueError(`expected true, false or unexpected, got ${quote(v)}`);
  }
}

export function parseExitcodes(v: string): number[] {
  if (v.trim() === "") return []; // supervisord: an empty list, so every exit is unexpected
  const parts = v.split(",").map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) > 255)) {
    throw new ValueError(`expected a comma-separated list of exit codes 0-255, got ${quote(v)}`);
  }
  return parts.map(Number);
}

const SIZE_UNITS: Record<string, number> = { "": 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `1024`, `50MB`, `1GB` (case-insensitive units, as supervisord's byte_size). */
export function parseByteSize(v: string): number {
  const m = /^(\d+)\s*(KB|MB|GB)?$/i.exec(v.trim());
  if (!m) throw new ValueError(`expected a byte size such as 1024, 50KB, 50MB or 1GB, got ${quote(v)}`);
  return Number(m[1]) * (SIZE_UNITS[(m[2] ?? "").toUpperCase()] ?? 1);
}

export function parseOctal(v: string): number {
  const s = v.trim().replace(/^0o/i, "");
  if (!/^[0-7]+$/.test(s)) throw new ValueError(`expected an octal number such as 022, got ${quote(v)}`);
  return Number.parseInt(s, 8);
}

/**
 * `KEY="value",KEY2=value2` — values may be quoted (single or double) and then hold commas
 * and `=`; unquoted values end at the next comma.
 */
export function parseEnvironment(v: string): Record<string, string> {
  const env: Record<string, string> = {};
  const s = v.trim();
  let i = 0;
  const fail = (why: string): never => {
    throw new ValueError(`${why} in environment ${quote(v)}`);
  };
  while (i < s.length) {
    while (i < s.length && /[\s,]/.test(s[i] ?? "")) i++;
    if (i >= s.length) break;
    const eq = s.indexOf("=", i);
    if (eq === -1) fail(`expected KEY=value at ${quote(s.slice(i))}`);
    const key = s.slice(i, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) fail(`bad variable name ${quote(key)}`);
    i = eq + 1;
    while (s[i] === " " || s[i] === "\t") i++;
    let value = "";
    const q = s[i];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, i + 1);
      if (end === -1) fail(`unterminated quote for ${key}`);
      value = s.slice(i + 1, end);
      i = end + 1;
      while (s[i] === " " || s[i] === "\t") i++;
      if (i < s.length && s[i] !== ",") fail(`expected "," after the quoted value of ${key}`);
    } else {
      const comma = s.indexOf(",", i);
      const end = comma === -1 ? s.length : comma;
      value = s.slice(i, end).trim();
      i = end;
    }
    env[key] = value;
  }
  return env;
}

/** A process or group name: supervisord forbids spaces, ":" and "/" (they break name forms). */
export function parseName(v: string): string {
  const s = v.trim();
  if (s === "") throw new ValueError(`expected a name, got ${quote(v)}`);
  const bad = [" ", ":", "/"].find((c) => s.includes(c));
  if (bad !== undefined) throw new ValueError(`a name may not contain ${JSON.stringify(bad)}, got ${quote(v)}`);
  return s;
}

/** `a, b ,c` → ["a", "b", "c"] (supervisord's list_of_strings; empty items dropped). */
export function parseList(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const LOG_LEVELS = ["critical", "error", "warn", "warning", "info", "debug", "trace", "blather"];

export function parseLogLevel(v: string): string {
  const s = v.trim().toLowerCase();
  if (!LOG_LEVELS.includes(s)) throw new ValueError(`expected a log level (${LOG_LEVELS.join(", ")}), got ${quote(v)}`);
  return s;
}

/** `user` or `user:group` (unix_http_server chown). */
export function parseOwner(v: string): string {
  const s = v.trim();
  if (!/^[^:\s]+(:[^:\s]+)?$/.test(s)) throw new ValueError(`expected user or user:group, got ${quote(v)}`);
  return s;
}
