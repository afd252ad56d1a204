import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { applyKeys, type KeyTable } from "../keys.js";
import type { InetServerConfig } from "../model.js";
import { ValueError } from "../values.js";

/**
 * `[inet_http_server]`: supervisord's HTTP side (XML-RPC, `tail -f`) on a TCP port, besides the
 * control socket. `port = HOST:PORT` is bound as written: `:PORT`, `*:PORT` or a bare `PORT`
 * listen on every address, `[::1]:PORT` on an IPv6 one.
 */
type Draft = { port: { host: string; port: number } | null; username: string | null; password: string | null };

const quote = (v: string) => JSON.stringify(v);

/** `HOST:PORT` → host ("" = every address) and port; the bad value quoted otherwise. Pure. */
export function parseInetPort(raw: string): { host: string; port: number } {
  const v = raw.trim();
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]*)):(\d{1,5})$/.exec(v) ?? /^()()(\d{1,5})$/.exec(v);
  if (m === null) throw new ValueError(`expected HOST:PORT (such as 127.0.0.1:9001), got ${quote(raw)}`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new ValueError(`the port must be 1 to 65535, got ${quote(raw)}`);
  const host = m[1] ?? m[2];
  return { host: host === "*" ? "" : host, port };
}

/** Only these reach nobody but this machine; any other name or address may be reached from outside. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

const text = (v: string) => v.trim() || null;

const INET_KEYS: KeyTable<Draft> = {
  port: (s, v) => {
    s.port = parseInetPort(v);
  },
  username: (s, v) => {
    s.username = text(v);
  },
  password: (s, v) => {
    s.password = text(v);
  },
};

/**
 * The section as graced serves it, or null when it has problems (each reported with file:line):
 * no port; a username without a password or the other way round; a non-loopback address
 * without both, which would let anyone who reaches the port control every program.
 */
export function readInet(section: IniSection, names: Expansions, out: Diagnostic[]): InetServerConfig | null {
  const draft: Draft = { port: null, username: null, password: null };
  const before = out.filter((d) => d.severity === "error").length;
  applyKeys(section, draft, INET_KEYS, names, out);
  if (out.filter((d) => d.severity === "error").length > before) return null;
  const where = (key: string) => {
    const entry = section.entries.get(key);
    return entry
      ? { file: entry.file, line: entry.line, section: section.name, key }
      : { file: section.file, line: section.line, section: section.name };
  };
  const { port, username, password } = draft;
  if (port === null) {
    out.push({ severity: "error", ...where("port"), message: "required: the address to serve on, as HOST:PORT (such as 127.0.0.1:9001)" });
    return null;
  }
  if ((username === null) !== (password === null)) {
    const missing = username === null ? "username" : "password";
    out.push({
      severity: "error",
      ...where(username === null ? "password" : "username"),
      message: `set ${missing} too: HTTP Basic auth needs both`,
    });
    return null;
  }
  if (username === null && !isLoopback(port.host)) {
    const shown = port.host === "" ? "every address" : quote(port.host);
    out.push({
      severity: "error",
      ...where("port"),
      message: `${shown} is not a loopback address, and without username and password anyone who reaches port ${port.port} could control every program: set username and password, or bind 127.0.0.1`,
    });
    return null;
  }
  return { host: port.host, port: port.port, username, password };
}
