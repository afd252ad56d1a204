import type { ReadyCheck } from "./model.js";
import { splitCommand } from "./split-command.js";
import { ValueError } from "./values.js";

/**
 * `ready_check` (grace, issue 14): `tcp:HOST:PORT` (`tcp:PORT` = 127.0.0.1), `http://HOST:PORT/PATH`,
 * `exec:COMMAND`, `log:REGEX` (a JavaScript regular expression over each output line) or
 * `file:PATH`. Checked here so a bad check is a config error, not a program that never gets ready.
 */
const FORMS = "tcp:HOST:PORT, http://HOST:PORT/PATH, exec:COMMAND, log:REGEX or file:PATH";

export function parseReadyCheck(v: string): ReadyCheck {
  const s = v.trim();
  const quoted = JSON.stringify(v);
  const scheme = /^([a-z]+):/i.exec(s)?.[1]?.toLowerCase();
  const rest = s.slice((scheme?.length ?? 0) + 1).trim();
  switch (scheme) {
    case "tcp":
      return parseTcp(rest, quoted);
    case "http":
      return parseHttp(s, quoted);
    case "https":
      throw new ValueError(`https is not supported (a readiness probe speaks plain http; use tcp:HOST:PORT or exec:), got ${quoted}`);
    case "exec":
      if (rest === "") throw new ValueError(`exec: needs a command, got ${quoted}`);
      try {
        if (splitCommand(rest).length === 0) throw new Error("no command");
      } catch (e) {
        throw new ValueError(`${(e as Error).message} in ready_check ${quoted}`);
      }
      return { kind: "exec", command: rest };
    case "log":
      if (rest === "") throw new ValueError(`log: needs a regular expression, got ${quoted}`);
      try {
        new RegExp(rest);
      } catch (e) {
        throw new ValueError(`not a valid regular expression (${(e as Error).message}), got ${quoted}`);
      }
      return { kind: "log", pattern: rest };
    case "file":
      if (rest === "") throw new ValueError(`file: needs a path, got ${quoted}`);
      return { kind: "file", path: rest };
    default:
      throw new ValueError(`expected ${FORMS}, got ${quoted}`);
  }
}

function parsePort(text: string, quoted: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new ValueError(`expected a port 1-65535, got ${JSON.stringify(text)} in ${quoted}`);
  }
  return Number(text);
}

function parseTcp(rest: string, quoted: string): ReadyCheck {
  const m = /^(?:(\[[0-9a-f:.]+\]|[^\s:/[\]]+):)?([^:]*)$/i.exec(rest);
  if (!m) throw new ValueError(`expected tcp:HOST:PORT (IPv6 in brackets, [::1]:5432) or tcp:PORT, got ${quoted}`);
  const host = (m[1] ?? "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
  return { kind: "tcp", host, port: parsePort(m[2] ?? "", quoted) };
}

function parseHttp(s: string, quoted: string): ReadyCheck {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new ValueError(`not a valid http URL, got ${quoted}`);
  }
  if (url.hostname === "") throw new ValueError(`an http check needs a host, got ${quoted}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port === "" ? 80 : Number(url.port);
  return { kind: "http", host, port, path: `${url.pathname}${url.search}` };
}

/** The check as written in canonical form, for `--check --json` and messages. */
export function formatReadyCheck(check: ReadyCheck): string {
  const host = (h: string) => (h.includes(":") ? `[${h}]` : h);
  switch (check.kind) {
    case "tcp":
      return `tcp:${host(check.host)}:${check.port}`;
    case "http":
      return `http://${host(check.host)}:${check.port}${check.path}`;
    case "exec":
      return `exec:${check.command}`;
    case "log":
      return `log:${check.pattern}`;
    case "file":
      return `file:${check.path}`;
  }
}
