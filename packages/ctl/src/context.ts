import { Client } from "./client.js";
import type { Rendered } from "./render/output.js";
import { resolveTarget, type Target } from "./target.js";

export type GlobalOptions = {
  configuration?: string;
  serverurl?: string;
  username?: string;
  password?: string;
  json?: boolean;
  color?: boolean;
};

/** What every command gets: its options, a way to reach graced, and where to put its result. */
export class Context {
  result: Rendered = { text: "", exitCode: 0 };
  /** The command being run, set before its action (exit codes depend on it). */
  verb = "";

  constructor(
    readonly globals: () => GlobalOptions,
    readonly env: Record<string, string | undefined>,
    readonly isTTY: boolean,
  ) {}

  target(): Target {
    return resolveTarget(this.globals(), this.env);
  }

  async withClient<T>(run: (client: Client) => Promise<T>): Promise<T> {
    const client = await Client.connect(this.target().socket);
    try {
      return await run(client);
    } finally {
      client.close();
    }
  }
}
