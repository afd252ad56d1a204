import type { Diagnostic, Expansions, IniSection } from "@grace/ini";
import { socketPathLengthProblem } from "@grace/protocol";
import { applyKeys, type KeyTable, warnUnknownKeys } from "../keys.js";
import type { ServerConfig } from "../model.js";
import { parseOctal, parseOwner, ValueError } from "../values.js";

/** `[unix_http_server]`: the control socket. `[supervisorctl]`: read by gracectl, checked here. */
const text = (v: string) => v.trim() || null;

export const SERVER_KEYS: KeyTable<ServerConfig> = {
  file: (s, v) => {
    const file = text(v);
    // bind(2) would silently cut a longer path: graced would listen where nobody looks
    const tooLong = file === null ? null : socketPathLengthProblem(file);
    if (tooLong) throw new ValueError(tooLong);
    s.file = file;
  },
  chmod: (s, v) => {
    s.chmod = parseOctal(v);
  },
  chown: (s, v) => {
    s.chown = parseOwner(v);
  },
  username: (s, v) => {
    s.username = text(v);
  },
  password: (s, v) => {
    s.password = text(v);
  },
};

export function readServer(section: IniSection | undefined, server: ServerConfig, names: Expansions, out: Diagnostic[]): void {
  if (section) applyKeys(section, server, SERVER_KEYS, names, out);
}

const CTL_KEYS = ["serverurl", "username", "password", "prompt", "history_file"];

export function checkCtlSection(section: IniSection, out: Diagnostic[]): void {
  warnUnknownKeys(section, CTL_KEYS, out);
  const url = section.entries.get("serverurl");
  if (url && /^https?:/i.test(url.value.trim())) {
    out.push({
      severity: "warning",
      file: url.file,
      line: url.line,
      section: section.name,
      key: "serverurl",
      message: `gracectl speaks only over a Unix socket (unix:///path), got ${JSON.stringify(url.value)}`,
    });
  }
}
