import { hostname } from "node:os";

/**
 * supervisord's `%(name)s` expansion (Python's `str % mapping`), as a pure function:
 * `%(name)s`, `%(process_num)02d` with printf flags, width and precision, and `%%` for a
 * literal `%`. Unknown names and malformed formats throw an ExpandError whose message
 * lists the names that are available.
 */
export type Expansions = Record<string, string | number>;

export class ExpandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpandError";
  }
}

/** `%(name)` + flags + width + .precision + conversion. */
const SPEC_RE = /^%\(([^)]*)\)([#0\- +]*)(\d*)(?:\.(\d+))?([a-zA-Z%]?)/;
const CONVERSIONS = new Set(["s", "r", "d", "i", "u", "o", "x", "X", "f", "F"]);

/** The names every section may use: `here`, `host_node_name` and `ENV_X` for each variable. */
export function baseExpansions(here: string, env: Record<string, string | undefined>, host = hostname()): Expansions {
  const names: Expansions = { here, host_node_name: host };
  Object.assign(names, envExpansions(env));
  return names;
}

/** `{ ENV_X: value }` for every variable. */
export function envExpansions(env: Record<string, string | undefined>): Expansions {
  const names: Expansions = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) names[`ENV_${k}`] = v;
  return names;
}

export function expand(text: string, names: Expansions): string {
  if (!text.includes("%")) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const pct = text.indexOf("%", i);
    if (pct === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, pct);
    if (text[pct + 1] === "%") {
      out += "%";
      i = pct + 2;
      continue;
    }
    const m = SPEC_RE.exec(text.slice(pct));
    if (!m && text[pct + 1] === "(") throw new ExpandError(`an unclosed "%(" at ${quote(text.slice(pct, pct + 20))}`);
    if (!m) {
      throw new ExpandError(
        `a lone "%" at ${quote(text.slice(pct, pct + 12))}; write "%%" for a literal "%", or %(name)s to expand a name`,
      );
    }
    const [whole, name = "", flags = "", width = "", precision, conv = ""] = m;
    if (conv === "" || conv === "%" || !CONVERSIONS.has(conv)) {
      const what = conv === "" || conv === "%" ? "has no conversion letter" : `has an unsupported conversion "${conv}"`;
      throw new ExpandError(`${quote(whole)} ${what}; write %(${name})s for text or %(${name})d for a number`);
    }
    const value = lookup(name, names);
    out += format(value, conv, flags, width === "" ? 0 : Number(width), precision === undefined ? undefined : Number(precision), name);
    i = pct + whole.length;
  }
  return out;
}

function lookup(name: string, names: Expansions): string | number {
  const value = names[name];
  if (value !== undefined) return value;
  if (name.startsWith("ENV_")) {
    throw new ExpandError(
      `%(${name})s: the environment variable ${name.slice(4)} is not set (neither in graced's environment nor in an environment= key)`,
    );
  }
  const available = Object.keys(names)
    .filter((n) => !n.startsWith("ENV_"))
    .sort();
  throw new ExpandError(`unknown name %(${name})s; available names: ${[...available, "ENV_<VARIABLE>"].join(", ")}`);
}

function format(value: string | number, conv: string, flags: string, width: number, precision: number | undefined, name: string): string {
  let body: string;
  let numeric = false;
  if (conv === "s" || conv === "r") {
    body = String(value);
    if (conv === "r" && typeof value === "string") body = `'${body}'`;
    if (precision !== undefined) body = body.slice(0, precision);
  } else {
    if (typeof value !== "number") {
      throw new ExpandError(`%(${name})${conv} needs a number, but ${name} is the text ${quote(value)}; write %(${name})s`);
    }
    numeric = true;
    body = formatNumber(Math.abs(value), conv, flags, precision);
    const sign = value < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
    body = sign + body;
  }
  if (body.length >= width) return body;
  if (flags.includes("-")) return body.padEnd(width);
  if (numeric && flags.includes("0")) {
    const sign = /^[-+ ]/.test(body) ? body[0] : "";
    return sign + body.slice(sign.length).padStart(width - sign.length, "0");
  }
  return body.padStart(width);
}

function formatNumber(n: number, conv: string, flags: string, precision: number | undefined): string {
  const alt = flags.includes("#");
  switch (conv) {
    case "f":
    case "F":
      return n.toFixed(precision ?? 6);
    case "o":
      return (alt ? "0o" : "") + padDigits(Math.trunc(n).toString(8), precision);
    case "x":
      return (alt ? "0x" : "") + padDigits(Math.trunc(n).toString(16), precision);
    case "X":
      return (alt ? "0X" : "") + padDigits(Math.trunc(n).toString(16).toUpperCase(), precision);
    default:
      return padDigits(String(Math.trunc(n)), precision);
  }
}

const padDigits = (digits: string, precision: number | undefined) => (precision === undefined ? digits : digits.padStart(precision, "0"));

const quote = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
