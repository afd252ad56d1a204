import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { baseExpansions, ExpandError, type Expansions, expand, parseIni } from "@grace/ini";
import { defaultSocketPathHere, socketPathFromUrl, socketPathLengthProblem } from "@grace/protocol";
import { UsageError } from "./errors.js";

export { UsageError } from "./errors.js";

export type Target = { socket: string; username: string | null; password: string | null };

type FromConfig = { socket: string | null; username: string | null; password: string | null };

/** `[supervisorctl] serverurl/username/password`, else `[unix_http_server] file`. */
export function readConfigTarget(file: string): FromConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { sections } = parseIni(text, file);
  // The same %(here)s / %(ENV_X)s expansion graced applies (supervisorctl does too); the names
  // are gathered only for a value that has a %: every variable of the environment is one
  let names: Expansions | undefined;
  const get = (section: string, key: string): string | null => {
    const entry = sections.find((s) => s.name === section)?.entries.get(key);
    if (entry === undefined) return null;
    if (!entry.value.includes("%")) return entry.value;
    try {
      names ??= baseExpansions(dirname(resolve(file)), process.env);
      return expand(entry.value, names);
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      throw new UsageError(`${file}:${entry.line}: [${section}] ${key}: ${e.message}`);
    }
  };
  const url = get("supervisorctl", "serverurl");
  const fromUrl = url ? socketPathFromUrl(url) : null;
  return {
    socket: fromUrl ?? get("unix_http_server", "file"),
    username: get("supervisorctl", "username") ?? get("unix_http_server", "username"),
    password: get("supervisorctl", "password") ?? get("unix_http_server", "password"),
  };
}

/** SPEC §6: `-s`, then $GRACE_SOCKET, then the config, then the default path of §2.2. */
export function resolveTarget(
  opts: { serverurl?: string; configuration?: string; username?: string; password?: string },
  env: Record<string, string | undefined>,
): Target {
  let socket: string | null = null;
  if (opts.serverurl) {
    socket = socketPathFromUrl(opts.serverurl);
    if (socket === null) throw new UsageError(`-s expects unix:///path/to.sock, got ${JSON.stringify(opts.serverurl)}`);
  } else if (env.GRACE_SOCKET) {
    socket = socketPathFromUrl(env.GRACE_SOCKET) ?? env.GRACE_SOCKET;
  }
  const configFile = opts.configuration ?? env.GRACE_CONFIG;
  const fromConfig = configFile ? readConfigTarget(configFile) : { socket: null, username: null, password: null };
  socket ??= fromConfig.socket ?? defaultSocketPathHere(env);
  const tooLong = socketPathLengthProblem(socket);
  if (tooLong) throw new UsageError(`the socket path ${tooLong}`);
  return {
    socket,
    username: opts.username ?? fromConfig.username,
    password: opts.password ?? fromConfig.password,
  };
}
