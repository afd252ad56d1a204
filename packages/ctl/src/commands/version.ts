import { GRACE_VERSION } from "@grace/protocol";
import { Command } from "commander";
import type { Context } from "../context.js";

/** `version` asks graced (supervisorctl's meaning); `gracectl -v` prints the client's own. */
export function versionCommand(ctx: Context): Command {
  return new Command("version")
    .description("print the version of the running graced")
    .addHelpText("after", "\nExamples:\n  gracectl version\n  gracectl --json version")
    .action(async () => {
      const daemon = await ctx.withClient((c) => c.call("version", {}));
      ctx.result = {
        text: ctx.json ? JSON.stringify({ client: GRACE_VERSION, daemon }, null, 2) : daemon.version,
        exitCode: 0,
      };
    });
}
