import { MAX_WAIT_SECONDS } from "@grace/protocol";
import { Client } from "./client.js";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "./connect.js";
import { UsageError } from "./errors.js";
import { checkPasswordTarget } from "./password-target.js";
import type { Rendered } from "./render/output.js";
import { resolveTarget, type Target } from "./target.js";

export type GlobalOptions = {
  configuration?: string;
  serverurl?: string;
  username?: string;
  password?: string;
  json?: boolean;
  color?: boolean;
  timeout?: string;
};

/** Where live output goes; a terminal's stdout in real use. */
export type Terminal = { write(text: string): void; columns?: number };

/** What every command gets: its options, a way to reach graced, and where to put its result. */
export class Context {
  result: Rendered = { text: "", exitCode: 0 };
  /** The command being run, set before its action (exit codes depend on it). */
  verb = "";

  constructor(
    readonly globals: () => GlobalOptions,
    readonly env: Record<string, string | undefined>,
    readonly isTTY: boolean,
    readonly terminal: Terminal,
  ) {}

  get json(): boolean {
    return this.globals().json === true;
  }

  /** `--no-color`. */
  get noColor(): boolean {
    return this.globals().color === false;
  }

  /** Live progress and redraws only for a person at a terminal, never with --json. */
  get live(): boolean {
    return this.isTTY && !this.json;
  }

  target(): Target {
    return resolveTarget(this.globals(), this.env);
  }

  /** `--timeout S` in ms, or 0 when not given. */
  deadlineMs(): number {
    const raw = this.globals().timeout;
    if (raw === undefined) return 0;
    const s = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw.trim()) || s <= 0 || s > MAX_WAIT_SECONDS)
      throw new UsageError(`--timeout expects a positive number of seconds up to ${MAX_WAIT_SECONDS}, got ${JSON.stringify(raw)}`);
    return s * 1000;
  }

  /**
   * Connect, authenticate when credentials are known, run, and close — or, with `closeAtExit`,
   * leave the connection to gracectl's exit: graced, told by it that gracectl has gone, may then
   * exit itself (`shutdown`), and as a container's PID 1 that would cut gracectl short.
   */
  async withClient<T>(run: (client: Client) => Promise<T>, opts: { closeAtExit?: boolean } = {}): Promise<T> {
    const target = this.target();
    const credentials = target.username !== null || target.password !== null;
    if (credentials) checkPasswordTarget(target.socket, process.getuid?.() ?? 0);
    const client = await Client.connect(target.socket, this.deadlineMs() || DEFAULT_REQUEST_TIMEOUT_MS);
    try {
      if (credentials) {
        await client.call("authenticate", { username: target.username ?? "", password: target.password ?? "" });
      }
      const result = await run(client);
      if (!opts.closeAtExit) client.close();
      return result;
    } catch (e) {
      client.close();
      throw e;
    }
  }
}
